"""The reader's language for API text made per request (the rule engine's conflict messages): the
request's Accept-Language, English when it names neither language. Bodies keep their shape and their
fields; only the text of a message follows the header, so a client that sends none reads what it always did."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from shiftapp.i18n import language_from_accept, reading


class AcceptLanguage:
    """Pure ASGI (no extra task): the route, and the worker thread a sync route runs in, see the value."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = next((v for k, v in scope.get("headers", ()) if k == b"accept-language"), b"")
        with reading(language_from_accept(header.decode("latin-1")[:500])):
            await self.app(scope, receive, send)
