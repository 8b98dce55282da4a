"""Refuses request bodies over `max_request_body_bytes` with 413 in the route family's error body.

The declared Content-Length is checked before the body is read, so an oversized upload costs
nothing beyond its headers. A body sent without a length (chunked) is counted as it arrives by
Starlette's own limiter, which FastAPI turns into a 413 HTTPException that the error handlers
render in the family's body.
"""

from __future__ import annotations

from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from shiftapp.api.errors import error_response
from shiftapp.config import get_settings


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = get_settings().max_request_body_bytes
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and not (declared.isdigit() and int(declared) <= limit):
            request = Request(scope, receive)
            response = error_response(
                request,
                413,
                f"Request body too large: send at most {limit:,} bytes",
                "PAYLOAD_TOO_LARGE",
                {"max_bytes": limit},
                headers={"Connection": "close"},
            )
            await response(scope, receive, send)
            return
        await RequestBodyLimitMiddleware(self.app, max_body_size=limit)(scope, receive, send)
