"""The REST API (FastAPI), mounted on Reflex's backend through `rx.App(api_transformer=...)`."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import FastAPI, Request

from shiftapp.api.body_limit_middleware import BodyLimitMiddleware
from shiftapp.api.errors import install_error_handlers
from shiftapp.api.language import AcceptLanguage
from shiftapp.api.openapi_errors import DocumentedAPI
from shiftapp.api.rate_limit_middleware import install_rate_limits
from shiftapp.api.security_headers import SecurityHeaders
from shiftapp.api.static_cache import ImmutableAssets
from shiftapp.config import API_VERSION

log = logging.getLogger("shiftapp.api")


def _requeue_interrupted_jobs() -> None:
    # A job whose worker stopped (its lease ran out) is queued again for the job workers, not left
    # running forever. Only a missing job table (migrations not run yet) is passed over, with a warning;
    # any other error (the database unreachable, a broken schema) stops the start instead of hiding.
    from shiftapp.services.jobs import requeue_interrupted_jobs

    requeued = requeue_interrupted_jobs()
    if requeued is None:
        log.warning("No job table yet (run `alembic upgrade head`): interrupted jobs not checked")
    elif requeued:
        log.warning("%d job(s) whose worker stopped queued again", len(requeued))


@asynccontextmanager
async def _lifespan(_app: FastAPI) -> AsyncIterator[None]:
    # The check talks to the database, so it runs off the event loop, as the old startup hook did.
    await to_thread.run_sync(_requeue_interrupted_jobs)
    yield


def create_api() -> FastAPI:
    from shiftapp.api import (
        ai_routes,
        auth_routes,
        feeds_routes,
        job_routes,
        notification_routes,
        open_shift_routes,
        people_routes,
        planning_routes,
        plans_routes,
        schedule_routes,
        shift_routes,
        swap_routes,
        time_off_routes,
    )

    app = DocumentedAPI(
        title="shiftapp API",
        version=API_VERSION,
        description="Staff scheduling (ShiftSmart), Planning PRO and delivery load planning.",
        docs_url="/docs",
        openapi_url="/openapi.json",
        lifespan=_lifespan,
    )
    install_error_handlers(app)
    install_rate_limits(app)
    # Added last, so outermost: refusals from the rate limiter and error handlers carry the headers too.
    app.add_middleware(SecurityHeaders)
    # The built pages' content-hashed files: kept by browsers, not asked for again on each page.
    app.add_middleware(ImmutableAssets)

    @app.middleware("http")
    async def _api_version_header(request: Request, call_next):
        response = await call_next(request)
        response.headers["X-API-Version"] = API_VERSION
        return response

    app.add_middleware(AcceptLanguage)
    # Added last so it runs first: an oversized body is refused before the rate limiter or a route reads it.
    app.add_middleware(BodyLimitMiddleware)

    app.include_router(auth_routes.router)
    app.include_router(people_routes.router)
    app.include_router(plans_routes.router)
    app.include_router(shift_routes.router)
    app.include_router(planning_routes.router)
    app.include_router(time_off_routes.router)
    app.include_router(open_shift_routes.router)
    app.include_router(swap_routes.router)
    app.include_router(schedule_routes.router)
    app.include_router(ai_routes.router)
    app.include_router(feeds_routes.router)
    app.include_router(notification_routes.router)
    app.include_router(job_routes.router)
    return app
