"""GET /api/plans/{id} bounds what each unit lists over real HTTP: a unit lists its first
`unit_orders_limit` orders (seed 004's unit body, with `orders_total` and `orders_next`), and
GET /api/plans/{id}/units/{unit_id}/orders pages the rest with `X-Total-Count` and `Link`, in the same
order, each order with only the lines that unit carries."""

from __future__ import annotations

import re
from collections import defaultdict

from shiftapp.services.logistics import UNIT_ORDERS_DEFAULT, UNIT_ORDERS_MAX
from tests.integration.conftest import bearer
from tests.integration.test_bulk_assign_api import _assign, _free_orders, _plan, _unit, _vas, _weight

_NEXT = re.compile(r'^<(?P<url>[^>]+)>; rel="next"$')


def _unit_with_orders(client, token, db, count: int = 3) -> tuple[str, str, list[str]]:
    """A new plan with one truck carrying `count` free orders of one route and day (the load rules allow
    one route a day per vehicle), light enough together for the truck."""
    groups = defaultdict(list)
    for order in _free_orders(db):
        groups[(order.branch_id, order.route_id, order.delivery_date)].append(order)
    for (branch_id, _route, day), orders in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        light = [o for o in orders if _weight(db, o.id) <= 1500][:count]
        trucks = _vas(db, "truck", branch_id)
        if len(light) < count or not trucks:
            continue
        plan_id = _plan(client, token, day)
        for va in trucks:
            truck = _unit(client, token, plan_id, va.id)
            if _assign(client, token, plan_id, truck, [o.id for o in light]).status_code == 200:
                return plan_id, truck, [o.id for o in light]
    raise AssertionError(f"no {count} free orders of one route and day fit on a truck")


def test_a_plans_units_list_their_first_orders_and_name_where_the_rest_are(client, leader_token, db):
    plan_id, truck, order_ids = _unit_with_orders(client, leader_token, db)
    whole = client.get(f"/api/plans/{plan_id}", headers=bearer(leader_token))
    assert whole.status_code == 200, whole.text
    data = whole.json()["data"]
    assert data["unit_orders_limit"] == UNIT_ORDERS_DEFAULT
    (unit,) = [u for u in data["units"] if u["planned_unit_id"] == truck]
    # Seed 004's body unchanged while the unit's orders fit: all of them, and nothing more to follow.
    assert sorted(o["order_id"] for o in unit["orders"]) == sorted(order_ids)
    assert unit["orders_total"] == unit["summary"]["total_orders"] == len(order_ids)
    assert unit["orders_next"] is None

    capped = client.get(f"/api/plans/{plan_id}", params={"unit_orders_limit": 1}, headers=bearer(leader_token))
    assert capped.status_code == 200, capped.text
    (first,) = [u for u in capped.json()["data"]["units"] if u["planned_unit_id"] == truck]
    assert [o["order_id"] for o in first["orders"]] == [unit["orders"][0]["order_id"]]
    # The unit's figures still count every order it carries.
    assert first["orders_total"] == len(order_ids) and first["summary"] == unit["summary"]
    assert first["used_weight_kg"] == unit["used_weight_kg"] and first["load_by_date"] == unit["load_by_date"]
    assert first["orders_next"] == f"/api/plans/{plan_id}/units/{truck}/orders?limit=1&offset=1"

    # Following orders_next, then the Link headers, gives the rest in the plan's order.
    seen = list(first["orders"])
    url = first["orders_next"]
    pages = 0
    while url:
        answer = client.get(url, headers=bearer(leader_token))
        assert answer.status_code == 200, answer.text
        page = answer.json()["data"]
        assert page["planned_unit_id"] == truck and page["plan_id"] == plan_id
        assert page["total"] == len(order_ids) and answer.headers["X-Total-Count"] == str(len(order_ids))
        seen += page["orders"]
        pages += 1
        link = answer.headers.get("Link")
        url = _NEXT.match(link)["url"] if link else None
    assert pages == len(order_ids) - 1
    assert seen == unit["orders"]
    assert all(line["assigned_unit_id"] == truck for o in seen for line in o["lines"])


def test_a_units_orders_route_refuses_other_plans_units_and_pages_out_of_bounds(client, leader_token, db):
    plan_id, truck, order_ids = _unit_with_orders(client, leader_token, db, count=2)
    other_plan, other_truck, _ = _unit_with_orders(client, leader_token, db, count=2)
    answer = client.get(f"/api/plans/{plan_id}/units/{truck}/orders", headers=bearer(leader_token))
    assert answer.status_code == 200 and "Link" not in answer.headers
    assert sorted(o["order_id"] for o in answer.json()["data"]["orders"]) == sorted(order_ids)
    wrong = client.get(f"/api/plans/{plan_id}/units/{other_truck}/orders", headers=bearer(leader_token))
    assert wrong.status_code == 404 and wrong.json()["statusCode"] == 404
    assert other_truck not in wrong.json()["message"]
    missing = client.get(f"/api/plans/nope/units/{truck}/orders", headers=bearer(leader_token))
    assert missing.status_code == 404
    for params, field in (
        ({"limit": 0}, "limit"),
        ({"limit": UNIT_ORDERS_MAX + 1}, "limit"),
        ({"offset": -1}, "offset"),
    ):
        refused = client.get(f"/api/plans/{plan_id}/units/{truck}/orders", params=params, headers=bearer(leader_token))
        assert refused.status_code == 400 and field in refused.text, (params, refused.text)
    too_many = client.get(
        f"/api/plans/{other_plan}", params={"unit_orders_limit": UNIT_ORDERS_MAX + 1}, headers=bearer(leader_token)
    )
    assert too_many.status_code == 400 and "unit_orders_limit" in too_many.text
    past = client.get(f"/api/plans/{plan_id}/units/{truck}/orders", params={"offset": 50}, headers=bearer(leader_token))
    assert past.status_code == 200 and past.json()["data"]["orders"] == [] and past.json()["data"]["total"] == 2


def test_staff_read_a_units_orders_as_they_read_the_plan(client, leader_token, staff_token, db):
    plan_id, truck, order_ids = _unit_with_orders(client, leader_token, db, count=1)
    answer = client.get(f"/api/plans/{plan_id}/units/{truck}/orders", headers=bearer(staff_token))
    assert answer.status_code == 200
    assert [o["order_id"] for o in answer.json()["data"]["orders"]] == order_ids
    assert client.get(f"/api/plans/{plan_id}/units/{truck}/orders").status_code == 401


def test_the_board_reads_a_units_first_cards_unless_it_is_shown_whole(client, leader_token, db):
    from sqlmodel import select

    from shiftapp.models import Employee
    from shiftapp.services import logistics

    plan_id, truck, order_ids = _unit_with_orders(client, leader_token, db, count=2)
    db.expire_all()
    leader = db.exec(select(Employee).where(Employee.email == "leader@example.com")).one()

    def unit(**options):
        board = logistics.board_view(session=db, actor=leader, plan_id=plan_id, unassigned_limit=1, **options)
        assert {o: u for o, u in board.carried_by.items() if o in order_ids} == dict.fromkeys(order_ids, truck)
        return next(u for u in board.units if u.planned_unit_id == truck)

    first = unit(cards_per_unit=1)
    assert len(first.orders) == 1 and first.orders_total == 2 and first.summary.total_orders == 2
    whole = unit(cards_per_unit=1, whole_unit_ids={truck})
    assert sorted(o.order_id for o in whole.orders) == sorted(order_ids)
    assert whole.orders[0] == first.orders[0] and whole.load_by_date == first.load_by_date
