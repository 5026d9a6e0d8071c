"""What the browser tests run against: a real `veille serve` on 127.0.0.1, and Debian's Chromium
driven by Playwright (Playwright's own browser downloads are never used).

    with veille_serve("sqlite:///x.db") as url: ...    # the CLI's server, in a subprocess
    browser = launch_chromium(playwright)               # /usr/bin/chromium, headless
    page, errors = open_page(browser)                   # a page that can reach 127.0.0.1 only
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps calling home, which a closed network
# answers with a flood of refused connections.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parents[1]
# Screenshots land where CI keeps them (git-ignored); VEILLE_ARTIFACTS moves them.
ARTIFACTS = Path(os.environ.get("VEILLE_ARTIFACTS", ROOT / "artifacts")) / "web"
VEILLE = Path(sys.executable).with_name("veille")  # the console script of this environment
LAPTOP = {"width": 1366, "height": 800}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextmanager
def veille_serve(db_url: str, *, name: str, start_timeout_s: float = 90.0) -> Iterator[str]:
    """``veille serve --db DB_URL`` on a free port of 127.0.0.1; yield its base URL. Its log is
    kept beside the screenshots, as serve-NAME.log."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with open(ARTIFACTS / f"serve-{name}.log", "w+", encoding="utf-8") as log:
        proc = subprocess.Popen([str(VEILLE), "serve", "--db", db_url, "--host", "127.0.0.1", "--port", str(port)],
                                stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "VEILLE_API_TOKEN": ""})
        try:
            deadline = time.monotonic() + start_timeout_s
            while not _healthy(url):
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"veille serve did not start (exit {proc.poll()}):\n{log.read()[-3000:]}")
                time.sleep(0.2)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


def launch_chromium(playwright):
    if not Path(CHROMIUM).is_file():
        raise RuntimeError(f"{CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def _loopback_only(route) -> None:
    # the tests' machine has no network: a request elsewhere (the online tiles' probe) is refused
    # here at once, as a closed network would after a timeout
    if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
        route.continue_()
    else:
        route.abort("internetdisconnected")


def open_page(browser, *, viewport: dict | None = None):
    """A page in a fresh context, and the list its uncaught script errors go to."""
    context = browser.new_context(viewport=viewport or LAPTOP, locale="en-GB")
    context.route("**/*", _loopback_only)
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return page, errors


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=False)
    return path
