"""A change to a plan answers over real HTTP with the plan bounded as `GET /api/plans/{id}` bounds it:
seed 004's body (plan, units, assigned_orders, unassigned_orders, unassigned_units) where each unit lists
its first `unit_orders_limit` orders and names the rest (`orders_total`, `orders_next`), and the open orders
come as the read's first page (`unassigned_total`, `unassigned_next`). A plan that fits the limits answers
whole, as before."""

from __future__ import annotations

import re

from sqlalchemy import event
from sqlmodel import Session, select

from shiftapp.api.schemas.plans import OrderPublic, UnitPublic
from shiftapp.models import DeliveryOrder, Plan, PlannedUnit, VehicleAssignment
from shiftapp.services import logistics
from shiftapp.services.logistics import PLAN_ORDERS_PAGE_DEFAULT, UNIT_ORDERS_DEFAULT, UNIT_ORDERS_MAX
from tests.integration.conftest import bearer, sign_in_here
from tests.integration.test_bulk_assign_api import _assign
from tests.integration.test_move_order_api import _set_up
from tests.integration.test_page_handlers_authorization import app_database  # noqa: F401
from tests.integration.test_plan_unit_orders_paging import _unit_with_orders
from tests.support import DatabaseUnchanged

SMALL = {"unit_orders_limit": 1, "limit": 2}
# What a change's answer adds to seed 004's body, the same fields as the plan's read.
PAGE_FIELDS = ("unassigned_total", "unassigned_next", "limit", "offset", "unit_orders_limit")


def _note(client, token, plan_id, unit_id, note, params=None):
    return client.post(
        "/api/plans/units/note",
        headers=bearer(token),
        params=params or {},
        json={"plan_id": plan_id, "planned_unit_id": unit_id, "note": note},
    )


def _assert_bounded(data: dict, *, unit_orders_limit: int, limit: int) -> None:
    """Every list of the answer within its limit, and every unit and the open orders saying where the rest is."""
    assert {"plan", "units", "assigned_orders", "unassigned_orders", "unassigned_units"} <= set(data)
    assert data["unit_orders_limit"] == unit_orders_limit and data["limit"] == limit and data["offset"] == 0
    plan_id = data["plan"]["id"]
    for unit in data["units"]:
        assert len(unit["orders"]) == min(unit["orders_total"], unit_orders_limit)
        assert unit["orders_total"] == unit["summary"]["total_orders"]
        if unit["orders_total"] > unit_orders_limit:
            assert unit["orders_next"] == (
                f"/api/plans/{plan_id}/units/{unit['planned_unit_id']}/orders"
                f"?limit={unit_orders_limit}&offset={unit_orders_limit}"
            )
        else:
            assert unit["orders_next"] is None
    assert [o["order_id"] for o in data["assigned_orders"]] == [
        o["order_id"] for u in data["units"] for o in u["orders"]
    ]
    assert [u["planned_unit_id"] for u in data["unassigned_units"]] == [
        u["planned_unit_id"] for u in data["units"] if u["orders_total"] == 0
    ]
    assert len(data["unassigned_orders"]) == min(data["unassigned_total"], limit)
    if data["unassigned_total"] > limit:
        assert data["unassigned_next"] == f"/api/plans/{plan_id}?limit={limit}&offset={limit}" + (
            f"&unit_orders_limit={unit_orders_limit}"
        )
    else:
        assert data["unassigned_next"] is None


def test_a_change_on_a_plan_past_the_limits_answers_its_first_page_and_names_the_rest(client, leader_token, db):
    plan_id, truck, order_ids = _unit_with_orders(client, leader_token, db, count=3)
    noted = _note(client, leader_token, plan_id, truck, "Bounded", SMALL)
    assert noted.status_code == 200, noted.text
    assert noted.json()["message"] == "Unit note updated"
    data = noted.json()["data"]
    _assert_bounded(data, **SMALL)
    (unit,) = [u for u in data["units"] if u["planned_unit_id"] == truck]
    assert unit["notes"] == "Bounded" and unit["orders_total"] == 3 and len(unit["orders"]) == 1
    assert unit["orders_next"] == f"/api/plans/{plan_id}/units/{truck}/orders?limit=1&offset=1"
    assert data["unassigned_total"] > 2 and len(data["unassigned_orders"]) == 2

    # A client reads the same lists from the change's answer as from the plan's read with the same limits.
    read = client.get(f"/api/plans/{plan_id}", params=SMALL, headers=bearer(leader_token))
    assert read.status_code == 200, read.text
    for field in ("plan", "units", "unassigned_orders", *PAGE_FIELDS):
        assert data[field] == read.json()["data"][field], field

    # The links lead to the rest: the unit's other orders, then the next page of open orders.
    whole_unit = client.get(f"/api/plans/{plan_id}/units/{truck}/orders", headers=bearer(leader_token))
    rest = client.get(unit["orders_next"], headers=bearer(leader_token))
    assert rest.status_code == 200, rest.text
    assert unit["orders"] + rest.json()["data"]["orders"] == whole_unit.json()["data"]["orders"][:2]
    assert sorted(o["order_id"] for o in whole_unit.json()["data"]["orders"]) == sorted(order_ids)
    following = client.get(data["unassigned_next"], headers=bearer(leader_token))
    assert following.status_code == 200, following.text
    page = following.json()["data"]
    assert page["offset"] == 2 and page["unassigned_total"] == data["unassigned_total"]
    shown = {o["order_id"] for o in data["unassigned_orders"]}
    assert page["unassigned_orders"] and not shown & {o["order_id"] for o in page["unassigned_orders"]}


def test_every_change_to_a_plan_answers_within_the_limits_it_is_given(client, leader_token, db):
    plan_id, truck, order_ids = _unit_with_orders(client, leader_token, db, count=3)
    db.expire_all()
    branch_id = db.get(DeliveryOrder, order_ids[0]).branch_id
    on_plan = set(db.exec(select(PlannedUnit.vehicle_assignment_id).where(PlannedUnit.plan_id == plan_id)))
    spare = next(
        va
        for va in db.exec(select(VehicleAssignment).where(VehicleAssignment.branch_id == branch_id))
        if va.active and va.id not in on_plan
    )

    added = client.post(
        f"/api/plans/{plan_id}/units",
        headers=bearer(leader_token),
        params=SMALL,
        json={"vehicle_assignment_id": spare.id},
    )
    assert added.status_code == 201, added.text
    _assert_bounded(added.json()["data"], **SMALL)
    second = next(u for u in added.json()["data"]["units"] if u["vehicle_assignment_id"] == spare.id)
    assert second["planned_unit_id"] in [u["planned_unit_id"] for u in added.json()["data"]["unassigned_units"]]

    released = client.post(
        f"/api/plans/{plan_id}/unassign",
        headers=bearer(leader_token),
        params=SMALL,
        json={"planned_unit_id": truck, "order_ids": [order_ids[0]]},
    )
    assert released.status_code == 200, released.text
    _assert_bounded(released.json()["data"], **SMALL)
    (unit,) = [u for u in released.json()["data"]["units"] if u["planned_unit_id"] == truck]
    assert unit["orders_total"] == 2 and order_ids[0] not in [o["order_id"] for o in unit["orders"]]

    again = _assign(client, leader_token, plan_id, truck, [order_ids[0]])
    assert again.status_code == 200, again.text
    # Without limits asked for, a change answers with the read's defaults.
    _assert_bounded(again.json()["data"], unit_orders_limit=UNIT_ORDERS_DEFAULT, limit=PLAN_ORDERS_PAGE_DEFAULT)
    bulk = client.post(
        f"/api/plans/{plan_id}/unassign",
        headers=bearer(leader_token),
        json={"planned_unit_id": truck, "order_ids": [order_ids[0]]},
    )
    assert bulk.status_code == 200, bulk.text
    reassigned = client.post(
        f"/api/plans/{plan_id}/bulk-assign",
        headers=bearer(leader_token),
        params=SMALL,
        json={"assignments": [{"planned_unit_id": truck, "orders": [{"order_id": order_ids[0]}]}]},
    )
    assert reassigned.status_code == 200, reassigned.text
    _assert_bounded(reassigned.json()["data"], **SMALL)

    removed = client.post(
        "/api/plans/units/remove",
        headers=bearer(leader_token),
        params=SMALL,
        json={"plan_id": plan_id, "planned_unit_id": second["planned_unit_id"]},
    )
    assert removed.status_code == 200, removed.text
    _assert_bounded(removed.json()["data"], **SMALL)
    assert second["planned_unit_id"] not in [u["planned_unit_id"] for u in removed.json()["data"]["units"]]

    order, move_plan, (first, other) = _set_up(client, leader_token, db)
    moved = client.post(
        f"/api/plans/{move_plan}/move",
        headers=bearer(leader_token),
        params={"unit_orders_limit": 1, "limit": 1},
        json={"order_id": order.id, "from_unit_id": first, "to_unit_id": other},
    )
    assert moved.status_code == 200, moved.text
    _assert_bounded(moved.json()["data"], unit_orders_limit=1, limit=1)

    start = db.get(Plan, plan_id).delivery_start
    created = client.post(
        "/api/plans/add-plan",
        headers=bearer(leader_token),
        params={"limit": 1},
        json={"plan_name": "Bounded new plan", "delivery_start": start.isoformat()},
    )
    assert created.status_code == 201, created.text
    new_plan = created.json()["data"]
    _assert_bounded(new_plan, unit_orders_limit=UNIT_ORDERS_DEFAULT, limit=1)
    assert new_plan["units"] == [] and new_plan["unassigned_total"] > 1


def test_a_change_refuses_limits_out_of_bounds_before_writing(client, leader_token, db):
    plan_id, truck, _order_ids = _unit_with_orders(client, leader_token, db, count=1)
    for params, field in (
        ({"unit_orders_limit": 0}, "unit_orders_limit"),
        ({"unit_orders_limit": UNIT_ORDERS_MAX + 1}, "unit_orders_limit"),
        ({"limit": 0}, "limit"),
        ({"limit": logistics.UNASSIGNED_PAGE_MAX + 1}, "limit"),
    ):
        with DatabaseUnchanged(db):
            refused = _note(client, leader_token, plan_id, truck, "Not written", params)
        assert refused.status_code == 400 and field in refused.text, (params, refused.text)
        assert refused.json()["statusCode"] == 400


def _changes_ready_to_make(client, token, db) -> list[tuple[str, dict]]:
    """One request for each change route (path and body), each a change that would be made if asked."""
    plan_id, truck, order_ids = _unit_with_orders(client, token, db, count=2)
    db.expire_all()
    branch_id = db.get(DeliveryOrder, order_ids[0]).branch_id
    on_plan = set(db.exec(select(PlannedUnit.vehicle_assignment_id).where(PlannedUnit.plan_id == plan_id)))
    to_remove, to_add = [
        va
        for va in db.exec(select(VehicleAssignment).where(VehicleAssignment.branch_id == branch_id))
        if va.active and va.id not in on_plan
    ][:2]
    idle = client.post(
        f"/api/plans/{plan_id}/units", headers=bearer(token), json={"vehicle_assignment_id": to_remove.id}
    )
    assert idle.status_code == 201, idle.text
    idle_unit = next(u for u in idle.json()["data"]["units"] if u["vehicle_assignment_id"] == to_remove.id)
    order, move_plan, (first, other) = _set_up(client, token, db)
    start = db.get(Plan, plan_id).delivery_start
    return [
        ("/api/plans/units/note", {"plan_id": plan_id, "planned_unit_id": truck, "note": "Written once"}),
        (f"/api/plans/{plan_id}/units", {"vehicle_assignment_id": to_add.id}),
        ("/api/plans/units/remove", {"plan_id": plan_id, "planned_unit_id": idle_unit["planned_unit_id"]}),
        (f"/api/plans/{plan_id}/unassign", {"planned_unit_id": truck, "order_ids": [order_ids[0]]}),
        (
            f"/api/plans/{plan_id}/bulk-assign",
            {"assignments": [{"planned_unit_id": truck, "orders": [{"order_id": order_ids[0]}]}]},
        ),
        (f"/api/plans/{move_plan}/move", {"order_id": order.id, "from_unit_id": first, "to_unit_id": other}),
        ("/api/plans/add-plan", {"plan_name": "Refused, then made", "delivery_start": start.isoformat()}),
    ]


BAD_LIMITS = ({"limit": 0}, {"unit_orders_limit": UNIT_ORDERS_MAX + 1})


def test_every_change_refuses_a_bad_limit_before_writing_what_it_would_write_with_a_good_one(client, leader_token, db):
    """Each change route, asked a valid change with a limit out of bounds, answers 400 and leaves the
    database as it was; the same request with good limits then makes the change (so the refusal is not
    the change itself failing)."""
    changes = _changes_ready_to_make(client, leader_token, db)
    for bad in BAD_LIMITS:
        for path, body in changes:
            with DatabaseUnchanged(db):
                refused = client.post(path, headers=bearer(leader_token), params=bad, json=body)
            assert refused.status_code == 400 and next(iter(bad)) in refused.text, (path, bad, refused.text)
            assert refused.json()["statusCode"] == 400
    for path, body in changes:
        made = client.post(path, headers=bearer(leader_token), params=SMALL, json=body)
        assert made.status_code in (200, 201), (path, made.text)
        _assert_bounded(made.json()["data"], **SMALL)


# The tables a change to a plan reads or writes; the sign-in's own reads touch none of them.
PLAN_TABLES = re.compile(r"\b(plan|planned_unit|order_assignment|delivery_order|audit_event)\b")


def test_a_bad_limit_is_refused_before_the_change_reads_the_plan(client, leader_token, db, app_database, monkeypatch):
    """The refusal comes before the change starts, not from a change made and then rolled back: in this
    process, a refused request runs no statement on the plan's tables, where the same request with good
    limits does."""
    from fastapi.testclient import TestClient

    from shiftapp import config
    from shiftapp.api import create_api
    from shiftapp.db import get_engine

    # The suite's server's limits (conftest.api_server): the requests of every run count together.
    for bucket in ("RATE_LIMIT_STANDARD", "RATE_LIMIT_BULK"):
        monkeypatch.setenv(bucket, "100000")
    config.get_settings.cache_clear()
    changes = _changes_ready_to_make(client, leader_token, db)
    in_process = TestClient(create_api())
    token = sign_in_here("leader@example.com")
    on_plan_tables: list[str] = []

    def note(_connection, _cursor, statement, *_args) -> None:
        if PLAN_TABLES.search(statement.lower()):
            on_plan_tables.append(statement)

    event.listen(get_engine(), "before_cursor_execute", note)
    try:
        for bad in BAD_LIMITS:
            for path, body in changes:
                refused = in_process.post(path, headers=bearer(token), params=bad, json=body)
                assert refused.status_code == 400, (path, refused.text)
                assert on_plan_tables == [], (path, bad, on_plan_tables[:3])
        path, body = changes[0]
        noted = in_process.post(path, headers=bearer(token), params=SMALL, json=body)
        assert noted.status_code == 200, noted.text
        assert on_plan_tables
    finally:
        event.remove(get_engine(), "before_cursor_execute", note)


def test_a_change_on_a_plan_within_the_limits_answers_the_whole_plan_as_before(client, leader_token, db):
    plan_id, truck, order_ids = _unit_with_orders(client, leader_token, db, count=2)
    noted = _note(client, leader_token, plan_id, truck, "Whole")
    assert noted.status_code == 200, noted.text
    data = noted.json()["data"]
    db.expire_all()
    with Session(db.get_bind()) as session:
        plan = session.get_one(Plan, plan_id)
        # The answer a change gave before it was bounded: every unit with every order, every open order.
        units = [UnitPublic.model_validate(u).model_dump(mode="json") for u in logistics.unit_details(session, plan)]
        unassigned = [
            OrderPublic.model_validate(o).model_dump(mode="json")
            for o in logistics.unassigned_order_rows(session, plan)
        ]
    assert [{k: v for k, v in u.items() if k not in ("orders_total", "orders_next")} for u in data["units"]] == units
    assert all(u["orders_next"] is None and u["orders_total"] == len(u["orders"]) for u in data["units"])
    assert [o for u in units for o in u["orders"]] == data["assigned_orders"]
    assert sorted(order_ids) == sorted(o["order_id"] for o in data["assigned_orders"])
    # Every open order, in the read's order (route, date, number): the same orders, field by field.
    assert data["unassigned_total"] == len(unassigned) == len(data["unassigned_orders"])
    by_id = {o["order_id"]: o for o in unassigned}
    assert data["unassigned_orders"] == [by_id[o["order_id"]] for o in data["unassigned_orders"]]
    assert data["unassigned_next"] is None and data["unassigned_units"] == []
