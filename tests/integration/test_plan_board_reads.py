"""The plan board's reads: the unassigned orders come a page at a time from the database (counted
there, narrowed by a search), the units with their vehicles and drivers are read in a fixed number of
statements however many units a plan has, and the seed's full plan answer still lists everything."""

from __future__ import annotations

import pytest
from sqlmodel import select

from shiftapp.models import Employee, Plan
from shiftapp.services import logistics
from shiftapp.services.errors import ValidationFailed
from tests.integration.test_service_reads import StatementCounter

DEMO_PLAN = "Next week's deliveries"


def _demo(db) -> tuple[Plan, Employee]:
    db.expire_all()
    plan = db.exec(select(Plan).where(Plan.plan_name == DEMO_PLAN)).one()
    leader = db.exec(select(Employee).where(Employee.email == "leader@example.com")).one()
    return plan, leader


def _board_order(rows: list[logistics.OrderView]) -> list[str]:
    return [o.order_id for o in sorted(rows, key=lambda o: (o.route_name, o.delivery_date, o.sales_order_number))]


def test_the_unassigned_pages_are_slices_of_the_whole_list_by_route_date_and_number(db):
    plan, _ = _demo(db)
    everything = logistics.unassigned_order_rows(db, plan)
    assert len(everything) > 6
    # The whole list: every order in the plan's dates with a line no unit carries.
    assert all(any(line.assignment == "unassigned" for line in o.lines) for o in everything)
    assert logistics.unassigned_count(db, plan) == len(everything)
    ordered = _board_order(everything)
    for offset in (0, 3, len(everything) - 2):
        page = logistics.unassigned_orders_page(db, plan, limit=3, offset=offset)
        assert [o.order_id for o in page.orders] == ordered[offset : offset + 3]
        assert page.total == page.matching == len(everything)
    whole = {o.order_id: o for o in everything}
    first = logistics.unassigned_orders_page(db, plan, limit=3)
    assert first.orders == [whole[o.order_id] for o in first.orders]  # the same rows the seed's answer has


def test_a_search_narrows_the_unassigned_orders_by_number_customer_or_route(db):
    plan, _ = _demo(db)
    everything = logistics.unassigned_order_rows(db, plan)
    target = everything[len(everything) // 2]
    by_number = logistics.unassigned_orders_page(db, plan, limit=50, search=target.sales_order_number.lower())
    assert [o.order_id for o in by_number.orders] == [target.order_id]
    assert by_number.matching == 1 and by_number.total == len(everything)
    by_customer = logistics.unassigned_orders_page(db, plan, limit=50, search=f"  {target.customer_name.upper()} ")
    assert target.order_id in {o.order_id for o in by_customer.orders}
    assert all(target.customer_name.lower() in o.customer_name.lower() for o in by_customer.orders)
    by_route = logistics.unassigned_orders_page(db, plan, limit=50, search=target.route_name)
    assert by_route.matching == sum(1 for o in everything if target.route_name.lower() in o.route_name.lower())
    # Wildcards are searched for as typed, not as SQL patterns.
    assert logistics.unassigned_orders_page(db, plan, limit=50, search="%").matching == 0
    assert logistics.unassigned_orders_page(db, plan, limit=50, search="_").matching == 0


@pytest.mark.parametrize(
    ("limit", "search", "field"),
    [(0, None, "limit"), (logistics.UNASSIGNED_PAGE_MAX + 1, None, "limit"), (10, "x" * 201, "search")],
)
def test_an_unassigned_page_out_of_bounds_is_refused(db, limit, search, field):
    plan, _ = _demo(db)
    with pytest.raises(ValidationFailed, match=field):
        logistics.unassigned_orders_page(db, plan, limit=limit, search=search)


def _statements(db, plan_id: str, leader: Employee) -> int:
    with StatementCounter(db) as counted:
        board = logistics.board_view(session=db, actor=leader, plan_id=plan_id, unassigned_limit=100)
    for unit in board.units:
        assert unit.vehicle.id == unit.vehicle_id and unit.driver.id == unit.driver_id
        assert (unit.trailer is None) == (unit.trailer_id is None)
    return counted.count


def test_the_board_reads_as_many_statements_for_four_units_as_for_one(db):
    plan, leader = _demo(db)
    try:
        fresh = logistics.add_plan(
            session=db,
            actor=leader,
            new=logistics.NewPlan(
                plan_name="Counted board", delivery_start=plan.delivery_start, delivery_end=plan.delivery_end
            ),
        )
        idle = logistics.idle_vehicle_assignments(db, db.get_one(Plan, fresh.id))
        # Both boards carry a horse (with its trailer) and leave one idle, so both read trailers.
        horses = [v for v in idle if "(horse," in v.label]
        others = [v for v in idle if "(horse," not in v.label]
        assert len(horses) >= 2 and len(others) >= 3
        logistics.add_unit(session=db, actor=leader, plan_id=fresh.id, vehicle_assignment_id=horses[0].id)
        one = _statements(db, fresh.id, leader)
        for vehicle in others[:3]:
            logistics.add_unit(session=db, actor=leader, plan_id=fresh.id, vehicle_assignment_id=vehicle.id)
        four = _statements(db, fresh.id, leader)
    finally:
        db.rollback()  # nothing of this plan is kept for the other tests
    assert one == four


def test_the_seeds_whole_plan_answer_has_the_boards_units_and_every_unassigned_order(db):
    plan, leader = _demo(db)
    board = logistics.board_view(session=db, actor=leader, plan_id=plan.id, unassigned_limit=2)
    payload = logistics.plan_payload(db, plan)
    assert board.units == payload.units and len(board.units) == 4
    assert board.unassigned.total == len(payload.unassigned_orders) > len(board.unassigned.orders) == 2


def test_idle_vehicles_are_the_active_ones_not_yet_in_the_plan(db):
    plan, leader = _demo(db)
    board = logistics.board_view(session=db, actor=leader, plan_id=plan.id, unassigned_limit=1)
    in_plan = {u.vehicle_assignment_id for u in board.units}
    idle = {v.id for v in board.idle_vehicles}
    assert idle and not idle & in_plan
    assert all(" kg) · " in v.label for v in board.idle_vehicles)
