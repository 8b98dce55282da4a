"""/docs reads as a manual for the Shifts, Schedule Health and AI Scheduling routes: every one of
them declares its answer's schema and says in a line what it does."""

from __future__ import annotations

import pytest
from fastapi.routing import APIRoute

from shiftapp.api import ai_routes, shift_routes

ROUTES = [
    (route.path, method.lower())
    for router in (shift_routes.router, ai_routes.router)
    for route in router.routes
    if isinstance(route, APIRoute)
    for method in sorted(route.methods)
]


@pytest.fixture(scope="module")
def spec(base_url):
    import httpx

    return httpx.get(f"{base_url}/openapi.json").json()


def test_the_families_have_routes():
    assert len(ROUTES) >= 16


@pytest.mark.parametrize("path, method", ROUTES)
def test_every_route_documents_its_answer_and_what_it_does(spec, path, method):
    operation = spec["paths"][path][method]
    assert operation.get("summary")
    assert operation.get("description", "").strip()
    success = next(code for code in operation["responses"] if code.startswith("2"))
    content = operation["responses"][success].get("content", {})
    assert content["application/json"]["schema"], f"{method.upper()} {path} answers without a schema"
    assert content["application/json"]["schema"] != {}
