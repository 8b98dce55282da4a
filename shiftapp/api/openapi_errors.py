"""/openapi.json documents the answers the routes really give.

FastAPI documents a 422 with its own validation body on every route with input, while shiftapp
answers bad input with 400 in the route family's error body (see errors.py), and says nothing of
401/403/404/409/413/429. This module rewrites each operation's error responses from what the route
is made of — whether it needs a signed-in user, carries a role check, names a row by id, writes,
takes a body — so the document follows the code instead of a list kept beside it. The value limits
(lengths, ranges) come from the request schemas themselves, which FastAPI already renders."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts

from shiftapp.api.authorisation import ROLE_CHECK_MARKER, dependency_calls
from shiftapp.api.deps import current_user, optional_user
from shiftapp.api.errors import SEED_004_PREFIXES

BEARER = "bearerAuth"
ERROR = "ErrorBody"
PLAN_ERROR = "PlanErrorBody"
_ERROR_SCHEMAS: dict[str, dict[str, Any]] = {
    ERROR: {
        "title": ERROR,
        "description": "Every error of the staff scheduling and Planning PRO routes (seed 002).",
        "type": "object",
        "required": ["error", "code", "details"],
        "properties": {
            "error": {"type": "string", "description": "What is wrong and how to fix it"},
            "code": {"type": "string", "examples": ["VALIDATION_ERROR", "FORBIDDEN", "CONFLICT"]},
            "details": {"type": "object", "description": "The fields concerned, the conflicts found, the limits"},
        },
    },
    PLAN_ERROR: {
        "title": PLAN_ERROR,
        "description": "Every error of the delivery plan and loads routes (seed 004's envelope).",
        "type": "object",
        "required": ["statusCode", "httpStatus", "message", "timeStamp", "success"],
        "properties": {
            "statusCode": {"type": "integer"},
            "httpStatus": {"type": "string"},
            "message": {"type": "string", "description": "What is wrong and how to fix it"},
            "timeStamp": {"type": "string"},
            "success": {"type": "boolean", "const": False},
            "details": {"type": "object"},
        },
    },
}
_DESCRIPTIONS = {
    "400": "The input is not valid: the body names each field that is wrong",
    "401": "No valid session: sign in (POST /api/auth/login) and send `Authorization: Bearer <token>`",
    "403": "Signed in, but this role may not do this (or not to this row)",
    "404": "A row named by the request does not exist",
    "409": "A conflicting change: a stale version, a duplicate, or a rule conflict (send force to go ahead)",
    "413": "The request body is larger than the API accepts",
    "422": "Well-formed, but more than is done at once (too many weeks, days or shifts): the body says the limit",
    "429": "Too many requests; retry after the number of seconds in `Retry-After`",
}
# Batches with size limits: a request over them is refused 422 (services.errors.TooLarge).
_SIZE_LIMITED_PREFIX = "/api/v1/schedule/"
# Routes whose service refuses some signed-in callers by ownership or setting, beyond the role
# checks found on the route itself.
_OWNERSHIP_CHECKED = {
    ("POST", "/api/auth/signup"),
    ("PUT", "/api/users/me/password"),
    ("DELETE", "/api/shifts/reset"),
    ("GET", "/api/v1/planning/availability"),
    ("POST", "/api/v1/planning/availability"),
    ("GET", "/api/v1/planning/auto-assign/{job_id}"),
    ("POST", "/api/v1/time-off/{request_id}/cancel"),
    ("GET", "/api/v1/open-shifts"),
    ("POST", "/api/v1/open-shifts/{shift_id}/claim"),
    ("POST", "/api/v1/swaps"),
    ("POST", "/api/v1/swaps/{offer_id}/accept"),
}

# Routes whose body names rows other than by an `_id` field, which `_names_rows` does not see: by
# id inside nested items (a preview's list of changes), or by a secret token (an invitation's).
_NAMES_ROWS_IN_ITEMS = {("POST", "/api/v1/planning/conflicts/preview"), ("POST", "/api/auth/accept-invitation")}


def _error_codes(route: Any, method: str, has_body: bool) -> list[str]:
    calls = list(dependency_calls(route.dependant))
    signed_in = current_user in calls
    codes = ["429"]
    if route.dependant.query_params or route.dependant.path_params or has_body:
        codes.append("400")
    if signed_in or optional_user in calls or route.path == "/api/auth/login":
        codes.append("401")
    if any(hasattr(call, ROLE_CHECK_MARKER) for call in calls) or (method, route.path) in _OWNERSHIP_CHECKED:
        codes.append("403")
    if route.dependant.path_params or _names_rows(route) or (method, route.path) in _NAMES_ROWS_IN_ITEMS:
        codes.append("404")
    if method != "GET":
        codes.append("409")
    if has_body:
        codes.append("413")
    if route.path.startswith(_SIZE_LIMITED_PREFIX):
        codes.append("422")
    return sorted(codes)


def _names_rows(route: Any) -> bool:
    """Whether the request names existing rows by id (in the query or the body)."""
    names = [p.name for p in route.dependant.query_params]
    for field in route.dependant.body_params:
        annotation = field.field_info.annotation
        names += list(getattr(annotation, "model_fields", {}))
    return any(name.endswith(("_id", "_ids")) for name in names)


def _bearer_instead_of_header(operation: dict[str, Any], needs_user: bool) -> None:
    """The session token travels in the Authorization header, which FastAPI lists as a plain
    parameter; it is documented as what it is, a bearer security scheme (optional on the routes
    that accept strangers too)."""
    parameters = [
        p
        for p in operation.get("parameters", [])
        if not (p.get("in") == "header" and p.get("name", "").lower() == "authorization")
    ]
    if len(parameters) != len(operation.get("parameters", [])):
        operation["security"] = [{BEARER: []}] if needs_user else [{BEARER: []}, {}]
    if parameters:
        operation["parameters"] = parameters
    else:
        operation.pop("parameters", None)


class DocumentedAPI(FastAPI):
    """The app whose /openapi.json documents the error bodies and the bearer token on every route."""

    def openapi(self) -> dict[str, Any]:
        if self.openapi_schema:
            return self.openapi_schema
        schema = get_openapi(title=self.title, version=self.version, description=self.description, routes=self.routes)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(_ERROR_SCHEMAS)
        for route in iter_route_contexts(self.routes):  # included routers, with their prefixes
            path, methods = route.path, route.methods
            if not isinstance(route.original_route, APIRoute) or not route.include_in_schema or not path or not methods:
                continue
            family = PLAN_ERROR if path.startswith(SEED_004_PREFIXES) else ERROR
            for method in methods:
                operation = schema["paths"].get(path, {}).get(method.lower())
                if operation is None:
                    continue
                _bearer_instead_of_header(operation, needs_user=current_user in list(dependency_calls(route.dependant)))
                responses = operation.setdefault("responses", {})
                responses.pop("422", None)
                for code in _error_codes(route, method, "requestBody" in operation):
                    responses[code] = {
                        "description": _DESCRIPTIONS[code],
                        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{family}"}}},
                    }
        schema["components"]["securitySchemes"] = {
            BEARER: {"type": "http", "scheme": "bearer", "description": "The token from POST /api/auth/login"}
        }
        for unused in ("HTTPValidationError", "ValidationError"):
            components.pop(unused, None)
        self.openapi_schema = schema
        return schema
