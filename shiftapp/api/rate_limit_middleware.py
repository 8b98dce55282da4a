"""Applies the per-user rate limits to every /api request and sets the X-RateLimit-* headers."""
from __future__ import annotations

import logging

from anyio import to_thread
from fastapi import FastAPI, Request
from sqlalchemy import text

from shiftapp.api.errors import error_response
from shiftapp.db import get_engine
from shiftapp.services import rate_limits
from shiftapp.services.auth import hash_token

log = logging.getLogger("shiftapp.api")
_SESSION_OWNER = text("SELECT employee_id FROM auth_session WHERE token_hash = :hash AND revoked_at IS NULL")


def _caller_key(authorization: str | None, client_host: str | None) -> str:
    """Signed-in callers are counted per user (all their sessions together), others per address."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        with get_engine().connect() as conn:
            owner = conn.execute(_SESSION_OWNER, {"hash": hash_token(token.strip())}).scalar()
        if owner:
            return f"user:{owner}"
    return f"ip:{client_host or 'unknown'}"


def install_rate_limits(app: FastAPI) -> None:
    @app.middleware("http")
    async def _rate_limit(request: Request, call_next):
        path = request.url.path
        if not path.startswith("/api/"):
            return await call_next(request)
        bucket, limit = rate_limits.bucket_for(request.method, path)
        try:
            key = await to_thread.run_sync(_caller_key, request.headers.get("authorization"),
                                           request.client.host if request.client else None)
            decision = await to_thread.run_sync(rate_limits.get_limiter().hit, f"{bucket}:{key}", limit)
        except Exception:  # a broken counter store must not take the API down with it
            log.exception("rate limit store unavailable; request let through")
            return await call_next(request)
        headers = {"X-RateLimit-Limit": str(decision.limit), "X-RateLimit-Remaining": str(decision.remaining),
                   "X-RateLimit-Reset": str(decision.reset_at)}
        if not decision.allowed:
            headers["Retry-After"] = str(decision.retry_after)
            return error_response(request, 429, f"Too many requests: the limit is {limit} per minute for "
                                  f"{bucket} requests; retry in {decision.retry_after} s", "RATE_LIMITED",
                                  {"limit": limit, "bucket": bucket}, headers=headers)
        response = await call_next(request)
        response.headers.update(headers)
        return response
