"""Applies the per-user rate limits to every /api request and sets the X-RateLimit-* headers.

The limiter fails closed: when its store cannot answer, the request is refused with 503 and a
Retry-After, never let through uncounted."""

from __future__ import annotations

import logging

from anyio import CapacityLimiter, to_thread
from fastapi import FastAPI, Request

from shiftapp.api.client_address import client_address
from shiftapp.api.errors import error_response
from shiftapp.services import auth, rate_limits

log = logging.getLogger("shiftapp.api")
STORE_DOWN_RETRY_SECONDS = 5


# The limiter's own threads: when it waits (for its store, or on SQLite for its turn) it must not take
# the threads that the routes need to finish the requests ahead of it, or everything waits on everything.
_LIMITER_THREADS = CapacityLimiter(8)


def _caller_key(authorization: str | None, client_host: str | None) -> str:
    """Signed-in callers are counted per user (all their sessions together), others per address."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        # The auth service's own resolution (expiry, idle timeout, deactivated accounts): an expired
        # or revoked token counts as its address, not as the user it once spoke for.
        user_id = auth.signed_in_user_id_cached(token.strip())
        if user_id is not None:
            return rate_limits.user_caller(user_id)
    return rate_limits.address_caller(client_host)


def _decide(bucket: str, limit: int, authorization: str | None, client_host: str | None) -> rate_limits.Decision:
    key = _caller_key(authorization, client_host)
    return rate_limits.get_limiter().hit(rate_limits.bucket_key(bucket, key), limit)


def install_rate_limits(app: FastAPI) -> None:
    @app.middleware("http")
    async def _rate_limit(request: Request, call_next):
        path = request.url.path
        bucket_and_limit = rate_limits.bucket_for(request.method, path) if path.startswith("/api/") else None
        if bucket_and_limit is None:
            return await call_next(request)
        bucket, limit = bucket_and_limit
        try:
            decision = await to_thread.run_sync(
                _decide,
                bucket,
                limit,
                request.headers.get("authorization"),
                client_address(request),
                limiter=_LIMITER_THREADS,
            )
        except Exception:  # whatever keeps the limiter from deciding refuses the request (fail closed)
            log.exception("rate limit store unavailable; request refused")
            return error_response(
                request,
                503,
                "The service is briefly unavailable: its request counter cannot be "
                f"reached. Please retry in {STORE_DOWN_RETRY_SECONDS} s",
                "UNAVAILABLE",
                {"bucket": bucket},
                headers={"Retry-After": str(STORE_DOWN_RETRY_SECONDS)},
            )
        headers = {
            "X-RateLimit-Limit": str(decision.limit),
            "X-RateLimit-Remaining": str(decision.remaining),
            "X-RateLimit-Reset": str(decision.reset_at),
        }
        if not decision.allowed:
            headers["Retry-After"] = str(decision.retry_after)
            return error_response(
                request,
                429,
                f"Too many requests: the limit is {limit} per minute for "
                f"{bucket} requests; retry in {decision.retry_after} s",
                "RATE_LIMITED",
                {"limit": limit, "bucket": bucket},
                headers=headers,
            )
        response = await call_next(request)
        response.headers.update(headers)
        return response
