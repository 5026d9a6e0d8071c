"""A throwaway PostgreSQL server for the tests, and the fixtures that give its databases.

    def test_x(postgres_url):                # a database for the whole session
        store = open_store(postgres_url)

    def test_y(postgres_server):             # a database of one's own
        store = open_store(postgres_server.create_database("my_test"))

``VEILLE_TEST_PG_URL=postgresql://user@host:port/db`` points the tests at a running server instead
(its user needs CREATEDB for ``create_database``). Otherwise a cluster is made with the PostgreSQL
binaries of this machine (Debian's /usr/lib/postgresql/N/bin, or initdb on PATH) in a temporary
folder, on a free port of 127.0.0.1, and removed at the end of the session. Without binaries the
PostgreSQL tests fail and say how to install them, unless ``VEILLE_SKIP_PG=1`` skips them.
"""
from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

URL_ENV = "VEILLE_TEST_PG_URL"
SKIP_ENV = "VEILLE_SKIP_PG"
INSTALL_HINT = "apt-get install postgresql (Debian/Ubuntu), or set VEILLE_TEST_PG_URL to a server's URL"


def find_bin_dir() -> Path | None:
    """The folder of initdb and pg_ctl: the newest Debian-packaged version, else PATH."""
    found = []
    for path in glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        version = re.search(r"/postgresql/(\d+)", path)
        found.append((int(version.group(1)) if version else 0, Path(path).parent))
    if found:
        return max(found)[1]
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _libpq_url(url: str) -> str:
    """A SQLAlchemy URL (postgresql+psycopg://...) as libpq reads it (postgresql://...)."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class PostgresServer:
    """A PostgreSQL server: ``url`` of its maintenance database, and new databases on demand."""

    def __init__(self, url: str):
        self.url = url
        self._created: list[str] = []

    def database_url(self, name: str) -> str:
        from sqlalchemy.engine import make_url

        return make_url(self.url).set(drivername="postgresql+psycopg", database=name).render_as_string(
            hide_password=False)

    def create_database(self, prefix: str = "veille_test", *, unique: bool = True) -> str:
        """A new, empty database named ``prefix`` (plus a unique suffix unless ``unique`` is
        False); its SQLAlchemy URL. Dropped at the end of the session."""
        import psycopg
        from psycopg import sql

        name = re.sub(r"[^a-z0-9_]", "_", prefix.lower())[:40]
        if unique:
            name = f"{name}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(_libpq_url(self.url), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(
                sql.Identifier(name)))
        self._created.append(name)
        return self.database_url(name)

    def drop_created(self) -> None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(_libpq_url(self.url), autocommit=True) as conn:
            for name in self._created:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        self._created.clear()


class Cluster:
    """initdb + pg_ctl in a temporary folder. As root, the server runs as the ``postgres`` user
    (PostgreSQL refuses to run as root)."""

    def __init__(self, bin_dir: Path):
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="veille-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = 0
        self.user = None
        if os.geteuid() == 0:
            try:
                self.user = pwd.getpwnam("postgres")
            except KeyError:
                raise RuntimeError("running as root and there is no 'postgres' user to run PostgreSQL as") from None
            os.chown(self.root, self.user.pw_uid, self.user.pw_gid)

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        cmd = [str(self.bin_dir / args[0]), *args[1:]]
        if self.user is not None:
            cmd = ["runuser", "-u", self.user.pw_name, "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=self.root)

    def start(self) -> str:
        # C.UTF-8: lower() and LIKE see non-ASCII letters as letters (the C locale would not)
        done = self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                         "--locale=C.UTF-8", "--no-sync")
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed: {done.stderr.strip() or done.stdout.strip()}")
        for _attempt in range(3):  # the free port may be taken between finding it and binding it
            self.port = _free_port()
            options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                       "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
            done = self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "-t", "60",
                             "start")
            if done.returncode == 0:
                return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
        raise RuntimeError(f"pg_ctl start failed: {done.stderr.strip()}\n{log}")

    def stop(self) -> None:
        if self.data.exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def _wait_ready(url: str, seconds: float = 30.0) -> None:
    import psycopg

    deadline = time.monotonic() + seconds
    while True:
        try:
            with psycopg.connect(_libpq_url(url), connect_timeout=5):
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server for the session (VEILLE_TEST_PG_URL's, else a throwaway cluster)."""
    given = os.environ.get(URL_ENV)
    if given:
        server = PostgresServer(given)
        _wait_ready(given)
        yield server
        server.drop_created()
        return
    bin_dir = find_bin_dir()
    if bin_dir is None:
        if os.environ.get(SKIP_ENV) == "1":
            pytest.skip(f"PostgreSQL tests skipped ({SKIP_ENV}=1): no PostgreSQL binaries")
        pytest.fail(f"no PostgreSQL binaries (initdb) on this machine: {INSTALL_HINT}; "
                    f"or set {SKIP_ENV}=1 to skip the PostgreSQL tests", pytrace=False)
    cluster = Cluster(bin_dir)
    try:
        url = cluster.start()
        _wait_ready(url)
        yield PostgresServer(url)
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def postgres_url(postgres_server) -> str:
    """The SQLAlchemy URL of an empty database, for the whole session
    (``VEILLE_TEST_PG_URL`` itself when it is set)."""
    given = os.environ.get(URL_ENV)
    if given:
        return given
    return postgres_server.create_database("veille_test", unique=False)
