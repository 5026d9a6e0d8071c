"""The body-size guard: request bodies are counted while they arrive and refused past the limit
(413); reading one is bounded in time (408)."""
from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import ApiError, BodyTimeout, BodyTooLarge, error_response

# A client gets this long to send its whole body: a trickling client cannot hold a worker forever.
BODY_TIMEOUT_S = 30.0


class RequestGuard:
    """Counts a request's body while it arrives and refuses it past ``max_body_bytes`` (413), from
    its Content-Length before reading anything when it declares one; a body that takes longer
    than ``body_timeout_s`` to arrive is refused (408). The body, once whole, is handed on.
    Adds ``X-Content-Type-Options: nosniff`` to every answer."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, body_timeout_s: float = BODY_TIMEOUT_S):
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.body_timeout_s = body_timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-content-type-options", b"nosniff")]
            await send(message)

        async def refuse(exc: ApiError) -> None:
            await error_response(exc.status, exc.code, exc.reason)(scope, receive, send_with_headers)

        declared = [v for k, v in scope["headers"] if k == b"content-length"]
        if declared:
            try:
                length = int(declared[0])
            except ValueError:
                await refuse(ApiError("Content-Length is not a number"))
                return
            if length > self.max_body_bytes:
                await refuse(BodyTooLarge(f"request body of {length} bytes is over the limit of "
                                          f"{self.max_body_bytes} bytes"))
                return
        chunks: list[bytes] = []
        size = 0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.body_timeout_s
        more = True
        while more:
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - loop.time()))
            except TimeoutError:
                await refuse(BodyTimeout(f"the request body did not arrive within {self.body_timeout_s:g} s"))
                return
            if message["type"] == "http.disconnect":
                return  # the client left: nobody to answer
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                await refuse(BodyTooLarge(f"request body is over the limit of {self.max_body_bytes} bytes"))
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: wait for the disconnect, as a server does

        await self.app(scope, replay, send_with_headers)
