"""A move is one load change: judged on the plan after the order leaves one unit and reaches another."""

from __future__ import annotations

from datetime import date

import pytest

from shiftapp.rules import (
    AssignOrders,
    LoadAssignment,
    LoadPlan,
    MoveOrders,
    OrderSnapshot,
    SnapshotError,
    UnitSnapshot,
    evaluate_change,
)

DAY = date(2026, 3, 2)


def _plan(assignments) -> LoadPlan:
    return LoadPlan.build(
        plan_id="p1",
        start=DAY,
        end=DAY,
        units=[UnitSnapshot("u1", "b1", 1000.0, "Van 1"), UnitSnapshot("u2", "b1", 500.0, "Van 2")],
        orders=[
            OrderSnapshot("o1", "b1", "r1", "c1", DAY, 400.0, number="SO-1"),
            OrderSnapshot("o2", "b1", "r1", "c2", DAY, 300.0, number="SO-2"),
            OrderSnapshot("o3", "b1", "r2", "c3", DAY, 100.0, number="SO-3"),
        ],
        assignments=[LoadAssignment(o, u, "p1", w) for o, u, w in assignments],
    )


def _move(order_id: str, from_unit: str, to_unit: str, weight: float) -> MoveOrders:
    return MoveOrders((order_id,), from_unit, (LoadAssignment(order_id, to_unit, "p1", weight),))


def test_a_move_is_not_an_order_on_two_units():
    plan = _plan([("o1", "u1", 400.0)])
    assert evaluate_change(plan, _move("o1", "u1", "u2", 400.0)).hard == []
    # The same assignment without taking it off the first unit is the exclusivity conflict a move avoids.
    both = evaluate_change(plan, AssignOrders((LoadAssignment("o1", "u2", "p1", 400.0),)))
    assert [c.code for c in both.hard] == ["order_exclusivity"]


def test_a_move_that_overloads_the_unit_it_reaches_is_hard():
    plan = _plan([("o1", "u1", 400.0), ("o2", "u2", 300.0)])
    result = evaluate_change(plan, _move("o1", "u1", "u2", 400.0))
    assert [c.code for c in result.hard] == ["unit_capacity"]
    assert "u2" in result.hard[0].unit_ids


def test_a_move_onto_a_unit_on_another_route_is_hard_and_leaving_one_clears_it():
    mixed = _plan([("o1", "u1", 400.0), ("o3", "u1", 100.0)])  # u1 already mixes routes r1 and r2
    result = evaluate_change(mixed, _move("o3", "u1", "u2", 100.0))
    assert result.hard == []
    assert [c.code for c in result.removed] == ["vehicle_single_route"]
    onto = _plan([("o1", "u1", 400.0), ("o3", "u2", 100.0)])
    assert [c.code for c in evaluate_change(onto, _move("o1", "u1", "u2", 400.0)).hard] == ["vehicle_single_route"]


def test_a_move_may_only_put_back_what_it_takes_off():
    plan = _plan([("o1", "u1", 400.0)])
    with pytest.raises(SnapshotError):
        evaluate_change(plan, MoveOrders(("o1",), "u1", (LoadAssignment("o2", "u2", "p1", 300.0),)))
