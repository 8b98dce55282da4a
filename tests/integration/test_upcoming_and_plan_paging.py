"""GET /api/shifts/upcoming and GET /api/plans/{id} in pages over real HTTP, like GET /api/shifts: seed
002's and seed 004's bodies keep their fields (a client that sends no paging reads them as before) and
gain the page's `total`/`unassigned_total`, `limit` and `offset`; `X-Total-Count` always, a `Link` to the
next page while rows follow, a 400 naming the field for values out of bounds."""

from __future__ import annotations

import re

from sqlmodel import select

from shiftapp.models import Plan
from shiftapp.services.logistics import PLAN_ORDERS_PAGE_DEFAULT, UNASSIGNED_PAGE_MAX
from shiftapp.services.shifts import SHIFT_PAGE_DEFAULT, SHIFT_PAGE_MAX
from tests.integration.conftest import bearer

_NEXT = re.compile(r'^<(?P<url>[^>]+)>; rel="next"$')
DEMO_PLAN = "Next week's deliveries"


def _follow(client, token, first_url: str, params: dict, rows) -> tuple[list, list[int]]:
    """Every page from the first through the `Link` headers: the rows in order and each page's total."""
    seen: list = []
    totals: list[int] = []
    answer = client.get(first_url, params=params, headers=bearer(token))
    while True:
        assert answer.status_code == 200, answer.text
        body = answer.json()
        page_rows, total = rows(body)
        totals.append(total)
        assert answer.headers["X-Total-Count"] == str(total)
        seen += page_rows
        link = answer.headers.get("Link")
        if link is None:
            return seen, totals
        match = _NEXT.match(link)
        assert match, link
        answer = client.get(match["url"], headers=bearer(token))


def test_upcoming_without_paging_answers_the_seed_body_with_the_total(client, staff_token):
    answer = client.get("/api/shifts/upcoming", params={"days": 90}, headers=bearer(staff_token))
    assert answer.status_code == 200
    body = answer.json()
    assert body["limit"] == SHIFT_PAGE_DEFAULT and body["offset"] == 0
    assert body["total"] == len(body["shifts"]) > 10  # the demo's quarter fits the first page
    assert answer.headers["X-Total-Count"] == str(body["total"]) and "Link" not in answer.headers
    # Seed 002's fields are all there.
    assert {"id", "employee", "date", "startTime", "endTime", "bureau"} <= set(body["shifts"][0])


def test_upcoming_pages_follow_the_link_and_add_up_to_the_whole_list(client, staff_token):
    whole = client.get("/api/shifts/upcoming", params={"days": 90}, headers=bearer(staff_token)).json()
    rows, totals = _follow(
        client,
        staff_token,
        "/api/shifts/upcoming",
        {"days": 90, "limit": 9},
        lambda body: (body["shifts"], body["total"]),
    )
    assert len(totals) == -(-whole["total"] // 9) and set(totals) == {whole["total"]}
    assert rows == whole["shifts"]


def test_upcoming_refuses_pages_out_of_bounds_naming_the_field(client, staff_token):
    for params, field in (
        ({"limit": 0}, "limit"),
        ({"limit": SHIFT_PAGE_MAX + 1}, "limit"),
        ({"offset": -1}, "offset"),
    ):
        answer = client.get("/api/shifts/upcoming", params=params, headers=bearer(staff_token))
        assert answer.status_code == 400, (params, answer.text)
        assert field in answer.text
    past = client.get("/api/shifts/upcoming", params={"days": 90, "offset": 100_000}, headers=bearer(staff_token))
    assert past.status_code == 200 and past.json()["shifts"] == [] and past.json()["total"] > 0


def _demo_plan(db) -> str:
    return db.exec(select(Plan).where(Plan.plan_name == DEMO_PLAN)).one().id


def test_a_plan_without_paging_keeps_seed_004s_body_and_adds_the_open_orders_total(client, leader_token, db):
    plan_id = _demo_plan(db)
    answer = client.get(f"/api/plans/{plan_id}", headers=bearer(leader_token))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["statusCode"] == 200 and body["message"] == "Plan fetched"
    data = body["data"]
    assert {"plan", "units", "unassigned_orders"} <= set(data)
    assert data["limit"] == PLAN_ORDERS_PAGE_DEFAULT and data["offset"] == 0
    assert data["unassigned_total"] == len(data["unassigned_orders"]) > 3  # the demo's fit one page
    assert answer.headers["X-Total-Count"] == str(data["unassigned_total"]) and "Link" not in answer.headers


def test_a_plans_open_orders_come_in_pages_and_every_page_carries_the_plan_and_its_units(client, leader_token, db):
    plan_id = _demo_plan(db)
    whole = client.get(f"/api/plans/{plan_id}", headers=bearer(leader_token)).json()["data"]
    units_seen: list = []

    def rows(body):
        units_seen.append(body["data"]["units"])
        assert body["data"]["plan"] == whole["plan"]
        return body["data"]["unassigned_orders"], body["data"]["unassigned_total"]

    orders, totals = _follow(client, leader_token, f"/api/plans/{plan_id}", {"limit": 2}, rows)
    assert set(totals) == {whole["unassigned_total"]} and len(totals) == -(-whole["unassigned_total"] // 2)
    assert [o["order_id"] for o in orders] == [o["order_id"] for o in whole["unassigned_orders"]]
    assert all(units == whole["units"] for units in units_seen)


def test_a_plans_page_out_of_bounds_is_refused_in_seed_004s_error_body(client, leader_token, db):
    plan_id = _demo_plan(db)
    for params, field in (
        ({"limit": 0}, "limit"),
        ({"limit": UNASSIGNED_PAGE_MAX + 1}, "limit"),
        ({"offset": -3}, "offset"),
    ):
        answer = client.get(f"/api/plans/{plan_id}", params=params, headers=bearer(leader_token))
        assert answer.status_code == 400, (params, answer.text)
        assert answer.json()["statusCode"] == 400 and field in answer.text
