"""Applies the per-user rate limits to every /api request and sets the X-RateLimit-* headers.

The limiter fails closed: when its store cannot answer, the request is refused with 503 and a
Retry-After, never let through uncounted.

It runs on every request, so it is a plain ASGI middleware (no task group and body streams per
request, as Starlette's `@app.middleware("http")` adds), and its usual path stays on the event loop:
the caller comes from the auth service's short memory of tokens and Redis is asked asynchronously.
Only a token not seen in the last seconds, or the counter store without Redis, takes a thread."""

from __future__ import annotations

import logging

from anyio import CapacityLimiter, to_thread
from fastapi import FastAPI, Request
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shiftapp.api.client_address import client_address
from shiftapp.api.errors import error_response
from shiftapp.services import auth, rate_limits

log = logging.getLogger("shiftapp.api")
STORE_DOWN_RETRY_SECONDS = 5
# The limiter's own threads: when it waits (for its store, or on SQLite for its turn) it must not take
# the threads that the routes need to finish the requests ahead of it, or everything waits on everything.
_LIMITER_THREADS = CapacityLimiter(8)


def _bearer(authorization: str | None) -> str | None:
    scheme, _, token = (authorization or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


async def _caller_key(authorization: str | None, client_host: str | None) -> str:
    """Signed-in callers are counted per user (all their sessions together), others per address."""
    token = _bearer(authorization)
    if token is not None:
        # The auth service's own resolution (expiry, idle timeout, deactivated accounts): an expired
        # or revoked token counts as its address, not as the user it once spoke for.
        remembered, user_id = auth.remembered_caller(token)
        if not remembered:
            user_id = await to_thread.run_sync(auth.signed_in_user_id_cached, token, limiter=_LIMITER_THREADS)
        if user_id is not None:
            return rate_limits.user_caller(user_id)
    return rate_limits.address_caller(client_host)


async def _decide(bucket: str, limit: int, authorization: str | None, client_host: str | None) -> rate_limits.Decision:
    key = rate_limits.bucket_key(bucket, await _caller_key(authorization, client_host))
    limiter = rate_limits.get_limiter()
    if isinstance(limiter, rate_limits.RedisLimiter):
        return await limiter.hit_async(key, limit)
    return await to_thread.run_sync(limiter.hit, key, limit, limiter=_LIMITER_THREADS)


class RateLimits:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        bucket_and_limit = rate_limits.bucket_for(scope["method"], path) if path.startswith("/api/") else None
        if bucket_and_limit is None:
            await self.app(scope, receive, send)
            return
        bucket, limit = bucket_and_limit
        request = Request(scope)
        try:
            decision = await _decide(bucket, limit, request.headers.get("authorization"), client_address(request))
        except Exception:  # whatever keeps the limiter from deciding refuses the request (fail closed)
            log.exception("rate limit store unavailable; request refused")
            refusal = error_response(
                request,
                503,
                "The service is briefly unavailable: its request counter cannot be "
                f"reached. Please retry in {STORE_DOWN_RETRY_SECONDS} s",
                "UNAVAILABLE",
                {"bucket": bucket},
                headers={"Retry-After": str(STORE_DOWN_RETRY_SECONDS)},
            )
            await refusal(scope, receive, send)
            return
        headers = {
            "X-RateLimit-Limit": str(decision.limit),
            "X-RateLimit-Remaining": str(decision.remaining),
            "X-RateLimit-Reset": str(decision.reset_at),
        }
        if not decision.allowed:
            headers["Retry-After"] = str(decision.retry_after)
            refusal = error_response(
                request,
                429,
                f"Too many requests: the limit is {limit} per minute for "
                f"{bucket} requests; retry in {decision.retry_after} s",
                "RATE_LIMITED",
                {"limit": limit, "bucket": bucket},
                headers=headers,
            )
            await refusal(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(headers)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install_rate_limits(app: FastAPI) -> None:
    app.add_middleware(RateLimits)
