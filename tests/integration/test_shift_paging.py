"""GET /api/shifts in pages over real HTTP: `limit`/`offset` within their bounds, the total in the body
and `X-Total-Count`, a `Link` to the next page while rows remain, and a 400 naming the field for
values out of bounds. Seed 002's clients, which send neither, get the first page of a default size."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from shiftapp.models import Bureau, Employee
from shiftapp.services.shifts import SHIFT_PAGE_DEFAULT, SHIFT_PAGE_MAX
from shiftapp.services.text_limits import MAX_OFFSET
from tests.integration.conftest import bearer
from tests.support import server_today

_NEXT = re.compile(r'^<(?P<url>[^>]+)>; rel="next"$')


def _month(client) -> dict[str, str]:
    today = server_today(client)
    return {"start_date": str(today - timedelta(days=20)), "end_date": str(today + timedelta(days=20))}


def _everything(client, token, params) -> list[dict]:
    body = client.get("/api/shifts", params={**params, "limit": SHIFT_PAGE_MAX}, headers=bearer(token)).json()
    assert body["total"] == len(body["shifts"]) < SHIFT_PAGE_MAX  # the demo's month fits one page
    return body["shifts"]


def test_a_client_that_sends_no_paging_gets_the_first_page_of_the_default_size_with_the_total(client, staff_token):
    params = _month(client)
    answer = client.get("/api/shifts", params=params, headers=bearer(staff_token))
    assert answer.status_code == 200
    body = answer.json()
    assert body["limit"] == SHIFT_PAGE_DEFAULT and body["offset"] == 0
    assert body["total"] == len(body["shifts"]) > 10  # the demo's month is smaller than a page
    assert answer.headers["X-Total-Count"] == str(body["total"])
    assert "Link" not in answer.headers  # nothing follows
    assert body["shifts"] == _everything(client, staff_token, params)


def test_pages_follow_each_other_through_the_link_header_and_add_up_to_the_whole_list(client, staff_token):
    params = _month(client)
    whole = _everything(client, staff_token, params)
    pages: list[dict] = []
    answer = client.get("/api/shifts", params={**params, "limit": 7}, headers=bearer(staff_token))
    while True:
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["total"] == len(whole) and body["limit"] == 7
        assert answer.headers["X-Total-Count"] == str(len(whole))
        assert len(body["shifts"]) == min(7, len(whole) - body["offset"])
        pages += body["shifts"]
        link = answer.headers.get("Link")
        if link is None:
            break
        url = _NEXT.match(link)
        assert url, link
        # The same filters, the next offset.
        assert f"start_date={params['start_date']}" in url["url"] and f"offset={body['offset'] + 7}" in url["url"]
        answer = client.get(url["url"], headers=bearer(staff_token))
    assert body["offset"] + len(body["shifts"]) == len(whole)  # the last page ends the list
    assert pages == whole
    assert [(r["date"], r["startTime"]) for r in pages] == sorted((r["date"], r["startTime"]) for r in pages)


def test_a_page_past_the_end_is_empty_and_still_says_how_many_there_are(client, staff_token):
    params = _month(client)
    total = len(_everything(client, staff_token, params))
    answer = client.get("/api/shifts", params={**params, "offset": total + 5}, headers=bearer(staff_token))
    assert answer.status_code == 200
    assert answer.json()["shifts"] == [] and answer.json()["total"] == total
    assert "Link" not in answer.headers


def test_one_persons_pages_count_only_their_rows(client, staff_token, db):
    marco = db.exec(select(Employee).where(Employee.email == "marco.rossi@example.com")).one()
    params = {**_month(client), "employee_id": marco.id}
    whole = _everything(client, staff_token, params)
    assert len(whole) >= 3 and all(r["employee_id"] == marco.id for r in whole)
    first = client.get("/api/shifts", params={**params, "limit": 2}, headers=bearer(staff_token))
    assert first.json()["total"] == len(whole) and first.json()["shifts"] == whole[:2]
    assert "offset=2" in first.headers["Link"] and f"employee_id={marco.id}" in first.headers["Link"]


def test_a_bureaus_total_is_its_own_rows(client, staff_token, db):
    params = _month(client)
    whole = _everything(client, staff_token, params)
    for bureau in db.exec(select(Bureau)):
        body = client.get(
            "/api/shifts", params={**params, "bureau_id": bureau.id, "limit": 1}, headers=bearer(staff_token)
        ).json()
        assert body["total"] == sum(1 for r in whole if r["bureau_id"] == bureau.id)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": SHIFT_PAGE_MAX + 1}, "limit"),
        ({"limit": -3}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"limit": "2.5"}, "limit"),
        ({"offset": -1}, "offset"),
        ({"offset": MAX_OFFSET + 1}, "offset"),
        ({"offset": "first"}, "offset"),
    ],
)
def test_a_page_size_or_start_out_of_bounds_is_a_400_naming_the_field(client, staff_token, query, field):
    answer = client.get("/api/shifts", params=query, headers=bearer(staff_token))
    assert answer.status_code == 400, answer.text
    body = answer.json()
    assert body["code"] == "VALIDATION_ERROR"
    assert body["details"]["field"] == field
    assert field in body["error"]


def test_the_largest_page_and_the_deepest_offset_are_accepted(client, staff_token):
    largest = client.get("/api/shifts", params={"limit": SHIFT_PAGE_MAX}, headers=bearer(staff_token))
    assert largest.status_code == 200 and largest.json()["limit"] == SHIFT_PAGE_MAX
    deepest = client.get("/api/shifts", params={"offset": MAX_OFFSET, "limit": 1}, headers=bearer(staff_token))
    assert deepest.status_code == 200 and deepest.json()["shifts"] == []


def test_the_planning_list_pages_the_same_rows_with_the_same_total(client, leader_token):
    params = _month(client)
    whole = client.get("/api/shifts", params={**params, "limit": SHIFT_PAGE_MAX}, headers=bearer(leader_token)).json()
    second = client.get(
        "/api/v1/planning/shifts", params={**params, "page": 2, "page_size": 5}, headers=bearer(leader_token)
    ).json()
    assert second["total"] == whole["total"]
    assert [r["id"] for r in second["items"]] == [r["id"] for r in whole["shifts"][5:10]]
    beyond = client.get(
        "/api/v1/planning/shifts", params={**params, "page": 10_000, "page_size": 1000}, headers=bearer(leader_token)
    ).json()
    assert beyond["items"] == [] and beyond["total"] == whole["total"]


def test_the_openapi_document_describes_the_paging(client):
    operation = client.get("/openapi.json").json()["paths"]["/api/shifts"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert parameters["limit"]["schema"]["maximum"] == SHIFT_PAGE_MAX
    assert parameters["limit"]["schema"]["default"] == SHIFT_PAGE_DEFAULT
    assert parameters["offset"]["schema"]["minimum"] == 0
    assert "X-Total-Count" in operation["description"] and 'rel="next"' in operation["description"]
    assert set(operation["responses"]["200"]["headers"]) == {"X-Total-Count", "Link"}
    page = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    schema = client.get("/openapi.json").json()["components"]["schemas"][page]
    assert {"shifts", "total", "limit", "offset"} <= set(schema["required"])
