"""POST /api/plans/auto-assign answers over real HTTP bounded as a plan's change answers: each unit its first
`unit_orders_limit` orders with `orders_total`, the first `limit` orders left open with `unassigned_total`,
and where a list leaves something out, the run's job (whose result is the whole answer). A run that fits
the limits answers whole, as before."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, select

from shiftapp.api.schemas.plans import OrderLeftOpenPublic, UnitPublic
from shiftapp.models import Job
from shiftapp.services.logistics import PLAN_ORDERS_PAGE_DEFAULT, UNASSIGNED_PAGE_MAX, UNIT_ORDERS_DEFAULT
from tests.integration.conftest import bearer
from tests.support import DatabaseUnchanged, server_today

SEED_FIELDS = {"plan", "units", "assigned_orders", "unassigned_orders", "unassigned_units", "meta"}


def _week_plan(client, token, name: str) -> str:
    start = server_today(client) + timedelta(days=1)  # the demo's orders are for the days after it was loaded
    created = client.post(
        "/api/plans/add-plan",
        headers=bearer(token),
        json={
            "plan_name": name,
            "delivery_start": start.isoformat(),
            "delivery_end": (start + timedelta(6)).isoformat(),
        },
    )
    assert created.status_code == 201, created.text
    return created.json()["data"]["plan"]["id"]


def _auto_assign(client, token, plan_id, *, commit=False, params=None):
    return client.post(
        "/api/plans/auto-assign",
        headers=bearer(token),
        params=params or {},
        json={"plan_id": plan_id, "commit": commit, "method": "greedy"},
    )


def _whole(client, token, link: str) -> dict:
    followed = client.get(link, headers=bearer(token))
    assert followed.status_code == 200, followed.text
    assert followed.json()["status"] == "succeeded"
    return followed.json()["result"]


def _assert_bounded_by_the_whole(client, token, data: dict, *, unit_orders_limit: int, limit: int) -> None:
    assert set(data) >= SEED_FIELDS
    assert data["limit"] == limit and data["unit_orders_limit"] == unit_orders_limit
    links = {u["orders_next"] for u in data["units"] if u["orders_next"]} | {data["unassigned_next"]} - {None}
    assert len(links) == 1, links  # one run, one job holding its whole answer
    (link,) = links
    assert link.startswith("/api/jobs/")
    whole = _whole(client, token, link)
    whole_units = {u["planned_unit_id"]: u for u in whole["units"]}
    assert [u["planned_unit_id"] for u in data["units"]] == [u["planned_unit_id"] for u in whole["units"]]
    for unit in data["units"]:
        every = [o["order_id"] for o in whole_units[unit["planned_unit_id"]]["orders"]]
        assert [o["order_id"] for o in unit["orders"]] == every[:unit_orders_limit]
        assert unit["orders_total"] == len(every) == unit["summary"]["total_orders"]
        assert unit["orders_next"] == (link if len(every) > unit_orders_limit else None)
    assert data["assigned_orders"] == [o for u in data["units"] for o in u["orders"]]
    assert [u["planned_unit_id"] for u in data["unassigned_units"]] == [
        u["planned_unit_id"] for u in data["units"] if u["orders_total"] == 0
    ]
    left_open = [(o["order_id"], o["reason"]) for o in whole["unassigned_orders"]]
    assert [(o["order_id"], o["reason"]) for o in data["unassigned_orders"]] == left_open[:limit]
    assert data["unassigned_total"] == len(left_open)
    assert data["unassigned_next"] == (link if len(left_open) > limit else None)
    assert data["meta"] == whole["meta"]


def test_an_auto_assign_past_the_limits_answers_its_first_orders_and_names_its_job_for_the_rest(
    client, leader_token, db
):
    plan_id = _week_plan(client, leader_token, "Auto, bounded")
    try:
        small = {"unit_orders_limit": 1, "limit": 2}
        with DatabaseUnchanged(db, but_jobs=True):
            preview = _auto_assign(client, leader_token, plan_id, params=small)
        assert preview.status_code == 200, preview.text
        data = preview.json()["data"]
        assert data["meta"]["committed"] is False
        assert any(u["orders_total"] > 1 for u in data["units"]) and data["unassigned_total"] > 2
        _assert_bounded_by_the_whole(client, leader_token, data, **small)

        committed = _auto_assign(client, leader_token, plan_id, commit=True, params=small)
        assert committed.status_code == 200, committed.text
        assert committed.json()["data"]["meta"]["committed"] is True
        _assert_bounded_by_the_whole(client, leader_token, committed.json()["data"], **small)
    finally:
        # Deleting the plan hands its orders back for the other tests.
        assert client.delete(f"/api/plans/{plan_id}", headers=bearer(leader_token)).status_code == 200


def test_an_auto_assign_within_the_limits_answers_the_whole_run_as_before(client, leader_token, db):
    plan_id = _week_plan(client, leader_token, "Auto, whole")
    try:
        preview = _auto_assign(client, leader_token, plan_id)
        assert preview.status_code == 200, preview.text
        data = preview.json()["data"]
        assert data["limit"] == PLAN_ORDERS_PAGE_DEFAULT and data["unit_orders_limit"] == UNIT_ORDERS_DEFAULT
        assert data["unassigned_next"] is None and all(u["orders_next"] is None for u in data["units"])
        # The answer is the run's whole answer, field by field, in seed 004's shapes.
        whole = _latest_run(db, plan_id)
        assert data["plan"]["id"] == whole["plan"]["id"] and data["meta"] == whole["meta"]
        assert [{k: v for k, v in u.items() if k not in ("orders_total", "orders_next")} for u in data["units"]] == [
            UnitPublic.model_validate(u).model_dump(mode="json") for u in whole["units"]
        ]
        assert data["unassigned_orders"] == [
            OrderLeftOpenPublic.model_validate(o).model_dump(mode="json") for o in whole["unassigned_orders"]
        ]
        assert data["unassigned_total"] == len(whole["unassigned_orders"]) > 0
        assert sum(len(u["orders"]) for u in data["units"]) == len(data["assigned_orders"]) > 0
    finally:
        assert client.delete(f"/api/plans/{plan_id}", headers=bearer(leader_token)).status_code == 200


def _latest_run(db, plan_id: str) -> dict:
    """The whole result of the plan's last auto-assign job, as its job row keeps it."""
    db.expire_all()
    runs = db.exec(select(Job).where(Job.kind == "plan_auto_assign").order_by(col(Job.created_at).desc()))
    job = next(j for j in runs if j.params.get("plan_id") == plan_id)
    assert job.status == "succeeded" and job.result is not None
    return job.result


def test_an_auto_assign_refuses_limits_out_of_bounds_before_it_starts(client, leader_token, db):
    plan_id = _week_plan(client, leader_token, "Auto, refused")
    try:
        for params, field in (
            ({"unit_orders_limit": 0}, "unit_orders_limit"),
            ({"limit": UNASSIGNED_PAGE_MAX + 1}, "limit"),
        ):
            with DatabaseUnchanged(db):  # no job either: refused before one is started
                refused = _auto_assign(client, leader_token, plan_id, commit=True, params=params)
            assert refused.status_code == 400 and field in refused.text, (params, refused.text)
            assert refused.json()["statusCode"] == 400
    finally:
        assert client.delete(f"/api/plans/{plan_id}", headers=bearer(leader_token)).status_code == 200
