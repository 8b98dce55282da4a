"""Lets browsers keep the built pages' script and style files instead of asking for them again.

The production build names every file under `/assets/` after a hash of its content (Vite), so a file
at a given address never changes: a new build makes new names, and the page (which is not cached
this way) points to them. Reflex's static file server sends these files with no Cache-Control, so a
browser asks the server again for each of them (about 30 requests answered "304 Not Modified") on
every page opened in a new tab, before the page can start; on a busy server those round trips are a
large part of the time until the page is usable. Marked immutable, they are read from the browser's
cache without a request.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HASHED_ASSETS_PREFIX = "/assets/"
IMMUTABLE = "public, max-age=31536000, immutable"
# Only answers that carry the file itself (or confirm the browser's copy of it) may be kept.
_KEEPABLE = frozenset({200, 304})


class ImmutableAssets:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope.get("method") not in ("GET", "HEAD")
            or not scope.get("path", "").startswith(HASHED_ASSETS_PREFIX)
        ):
            await self.app(scope, receive, send)
            return

        async def send_with_cache_control(message: Message) -> None:
            if message["type"] == "http.response.start" and message.get("status") in _KEEPABLE:
                MutableHeaders(scope=message)["Cache-Control"] = IMMUTABLE
            await send(message)

        await self.app(scope, receive, send_with_cache_control)
