"""/docs reads as a manual for the people and sign-in routes: every operation of people_routes and
auth_routes has a summary, a description and a documented response body."""

from __future__ import annotations

import pytest
from fastapi.routing import APIRoute

from shiftapp.api import auth_routes, people_routes

ROUTES = [
    (method.lower(), route.path)
    for router in (people_routes.router, auth_routes.router)
    for route in router.routes
    if isinstance(route, APIRoute)
    for method in sorted(route.methods)
]


def test_the_families_have_routes():
    assert len(ROUTES) >= 20


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_every_route_has_a_summary_a_description_and_a_response_schema(client, method, path):
    operation = client.get("/openapi.json").json()["paths"][path][method]
    assert operation.get("summary")
    assert operation.get("description", "").strip()
    success = next(code for code in operation["responses"] if code.startswith("2"))
    assert operation["responses"][success]["content"]["application/json"]["schema"]


def test_employee_bodies_keep_their_seed_field_names(client):
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert "shiftsThisMonth" in schemas["EmployeePublic"]["properties"]
    assert "role" in schemas["UserPublic"]["properties"]
    assert "access_role" not in schemas["UserPublic"]["properties"]
