"""Every error leaves the API in the seed's error body, never as a bare 500.

Seed 002 routes answer `{"error", "code", "details"}`; seed 004 routes (`/api/plans`,
`/api/loads`) answer their own envelope `{"statusCode", "httpStatus", "message", "timeStamp", "success"}`.
A refusal for hard conflicts adds the conflicts in the shape of the route's family: seed 002's,
Planning PRO's (`/api/v1/planning`) or the load plans'.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from shiftapp.api import conflict_bodies
from shiftapp.db import race_lost
from shiftapp.models.common import utcnow
from shiftapp.services.errors import DomainError, HardConflicts

log = logging.getLogger("shiftapp.api")

SEED_004_PREFIXES = ("/api/plans", "/api/loads")
PLANNING_PRO_PREFIX = "/api/v1/planning"
# Refusals by the rule engine of open-shift claims, swaps and copy & repeat (/api/v1/schedule)
# list their conflicts in Planning PRO's shape too.
PLANNING_SHAPED_PREFIXES = (PLANNING_PRO_PREFIX, "/api/v1/open-shifts", "/api/v1/swaps", "/api/v1/schedule")
_STATUS_CODES = {
    400: "VALIDATION_ERROR",
    401: "AUTH_REQUIRED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    429: "RATE_LIMITED",
}


def error_response(
    request: Request,
    status: int,
    message: str,
    code: str,
    details: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    if request.url.path.startswith(SEED_004_PREFIXES):
        body: dict[str, Any] = {
            "statusCode": status,
            "httpStatus": HTTPStatus(status).phrase,
            "message": message,
            "timeStamp": utcnow().isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "success": False,
        }
        if details:
            body["details"] = details
    else:
        body = {"error": message, "code": code, "details": details or {}}
    if extra:
        body.update(extra)
    from shiftapp.config import API_VERSION

    return JSONResponse(body, status_code=status, headers={**(headers or {}), "X-API-Version": API_VERSION})


def _refusal_body(path: str, error: HardConflicts) -> dict[str, Any]:
    if path.startswith(PLANNING_SHAPED_PREFIXES):
        return conflict_bodies.planning_refusal(error)
    if path.startswith(SEED_004_PREFIXES):
        return conflict_bodies.load_plan_refusal(error)
    return conflict_bodies.seed002_refusal(error)


def _describe_validation(exc: RequestValidationError) -> tuple[str, dict[str, Any]]:
    problems = []
    for err in exc.errors():
        if err.get("type") == "json_invalid":
            return "Request body is not valid JSON: check quotes, commas and brackets", {"body": "invalid JSON"}
        location = [str(part) for part in err.get("loc", ()) if part not in ("body", "query", "path")]
        field = ".".join(location) or "body"
        message = err.get("msg", "is invalid")
        problem: dict[str, Any] = {"field": field}
        if err.get("type") == "missing":
            message = "is required"
        elif err.get("type") == "string_too_long":
            # Worded as the services word their own length checks, so a page and an API client read the same.
            limit = err.get("ctx", {}).get("max_length")
            got = err.get("input")
            message = f"may be at most {limit:,} characters" + (f" (got {len(got):,})" if isinstance(got, str) else "")
            problem["max_length"] = limit
        problem["message"] = message
        problems.append(problem)
    summary = "; ".join(f"{p['field']} {p['message']}" for p in problems[:5]) or "Invalid request"
    details: dict[str, Any] = {"fields": problems}
    if problems:
        # The first field named at the top level too, as the services' ValidationFailed does.
        details["field"] = problems[0]["field"]
    return f"Invalid request: {summary}", details


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError):
        extra = _refusal_body(request.url.path, exc) if isinstance(exc, HardConflicts) else None
        headers = getattr(exc, "headers", None)
        return error_response(request, exc.status_code, exc.message, exc.code, exc.details, headers, extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        message, details = _describe_validation(exc)
        return error_response(request, 400, message, "VALIDATION_ERROR", details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        code = _STATUS_CODES.get(exc.status_code, "ERROR")
        message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        if exc.status_code == 404 and message == "Not Found":
            message = f"No route {request.method} {request.url.path}"
        return error_response(request, exc.status_code, message, code, headers=getattr(exc, "headers", None))

    # The unit of work (deps.get_db) turns lost races into Conflict; these catch any that escape it.
    @app.exception_handler(IntegrityError)
    @app.exception_handler(StaleDataError)
    async def _lost_race(request: Request, exc: IntegrityError | StaleDataError):
        log.info("lost race on %s: %s", request.url.path, exc)
        conflict = race_lost(exc)
        return error_response(request, 409, conflict.message, conflict.code)

    @app.exception_handler(DataError)
    async def _unstorable(request: Request, exc: DataError):
        # A value the database itself refuses (PostgreSQL: a NUL character in any text, even an id
        # looked up), whichever check in front of it let the value through.
        log.info("database refused a value on %s: %s", request.url.path, exc.orig)
        return error_response(
            request,
            400,
            "The request holds a value the database cannot store or search for "
            "(for example a NUL character); remove it and retry",
            "VALIDATION_ERROR",
        )

    @app.exception_handler(OperationalError)
    async def _busy(request: Request, exc: OperationalError):
        log.warning("database busy on %s: %s", request.url.path, exc.orig)
        return error_response(
            request, 503, "The database is busy; please retry in a moment", "UNAVAILABLE", headers={"Retry-After": "1"}
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s", request.url.path)
        return error_response(request, 500, "Internal server error", "INTERNAL_ERROR")
