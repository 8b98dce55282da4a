"""/docs reads as a manual for Planning PRO and the delivery plans: each route documents its answer and purpose."""

from __future__ import annotations

from fastapi.routing import APIRoute

from shiftapp.api import planning_routes, plans_routes


def _operations(spec, router):
    for route in router.routes:
        if isinstance(route, APIRoute):
            for method in route.methods:
                yield route, spec["paths"][route.path][method.lower()]


def test_every_planning_and_plans_route_has_a_response_schema_and_a_description(client):
    spec = client.get("/openapi.json").json()
    undocumented = []
    for router in (planning_routes.router, plans_routes.router):
        for route, operation in _operations(spec, router):
            where = f"{sorted(route.methods)} {route.path}"
            if not operation.get("summary") or not operation.get("description"):
                undocumented.append(f"{where}: no summary or description")
            if route.status_code == 204:
                continue  # No Content: nothing to describe
            success = operation["responses"][str(route.status_code or 200)]
            downloads = {kind for kind in success.get("content", {}) if kind.startswith("text/")}
            if route.response_model is None and downloads:
                continue  # a file download (CSV, printable HTML): its content types are its documentation
            schema = success.get("content", {}).get("application/json", {}).get("schema")
            if route.response_model is None or not schema or "$ref" not in schema:
                undocumented.append(f"{where}: no response schema")
    assert undocumented == []
