"""One test per rule: a plan that breaks it exactly once, and the closest plan that does not."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shiftapp.rules import (
    AssignOrders,
    LoadAssignment,
    LoadPlan,
    MissionSnapshot,
    OrderSnapshot,
    RuleSettings,
    SnapshotError,
    UnitSnapshot,
    evaluate,
    evaluate_change,
)
from tests.unit.rules.plan_builders import MONDAY, at, leave, person, plan, prefs, shift

SETTINGS = RuleSettings(timezone="UTC")


def codes(conflicts, code):
    return [c for c in conflicts if c.code == code]


def only(plan_, code, settings=SETTINGS):
    return codes(evaluate(plan_, settings), code)


def test_time_window_too_long_once_and_max_length_passes():
    assert len(only(plan([shift("s1", 0, 8, hours=12.5)], []), "time_window")) == 1
    assert only(plan([shift("s1", 0, 8, hours=12)], []), "time_window") == []


def test_time_window_end_before_start_is_a_snapshot_error():
    bad = shift("s1", 0, 8).__class__(id="s1", bureau_id="b", start=at(0, 10), end=at(0, 9))
    with pytest.raises(SnapshotError) as error:
        plan([bad], [])
    assert "not after start" in str(error.value)


def test_status_unknown_once_and_known_passes():
    assert len(only(plan([shift("s1", 0, 8, status="maybe")], []), "status")) == 1
    assert only(plan([shift("s1", 0, 8, status="published")], []), "status") == []


def test_mission_alignment_other_bureau_once_and_own_bureau_passes():
    missions = [MissionSnapshot(id="m1", bureau_id="rome", allowed_roles=frozenset({"senior"}))]
    assert len(only(plan([shift("s1", 0, 8, mission_id="m1")], [], missions=missions), "mission_alignment")) == 1
    ok = [MissionSnapshot(id="m1", bureau_id="milan", allowed_roles=frozenset({"senior"}))]
    assert (
        only(plan([shift("s1", 0, 8, mission_id="m1", required_role="senior")], [], missions=ok), "mission_alignment")
        == []
    )


def test_role_match_editor_on_senior_shift_once_and_senior_covers_correspondent():
    bad = plan([shift("s1", 0, 8, required_role="senior")], [("s1", "e1")], people=[person("e1", "editor")])
    assert len(only(bad, "role_match")) == 1
    good = plan([shift("s1", 0, 8, required_role="correspondent")], [("s1", "e1")], people=[person("e1", "senior")])
    assert only(good, "role_match") == []


def test_double_booking_overlap_once_and_touching_shifts_do_not_overlap():
    overlapping = plan(
        [shift("s1", 0, 8), shift("s2", 0, 15.99, bureau_id="rome", bureau_name="Rome")], [("s1", "e1"), ("s2", "e1")]
    )
    found = only(overlapping, "double_booking")
    assert len(found) == 1
    assert "Rome" in found[0].message and found[0].name == "Double Booking"
    touching = plan([shift("s1", 0, 8), shift("s2", 0, 16)], [("s1", "e1"), ("s2", "e1")])
    assert only(touching, "double_booking") == []


def test_min_rest_10h59_fails_11h00_passes():
    short = plan([shift("s1", 0, 8), shift("s2", 1, 2 + 59 / 60)], [("s1", "e1"), ("s2", "e1")])
    found = only(short, "min_rest")
    assert len(found) == 1
    assert "11 h required" in found[0].message and found[0].name == "Rest Period Violation"
    # Both shifts and the person, from which seed 002 renders `shift1`/`shift2` (api/conflict_bodies.py).
    assert len(found[0].details["shifts"]) == 2 and "employee" in found[0].details
    exact = plan([shift("s1", 0, 8), shift("s2", 1, 3)], [("s1", "e1"), ("s2", "e1")])
    assert only(exact, "min_rest") == []


def test_min_rest_is_configurable():
    p = plan([shift("s1", 0, 8), shift("s2", 1, 3)], [("s1", "e1"), ("s2", "e1")])
    assert len(only(p, "min_rest", RuleSettings(timezone="UTC", min_rest_hours=12))) == 1


def test_leave_overlap_once_and_leave_ending_at_shift_start_passes():
    p = plan([shift("s1", 0, 8)], [("s1", "e1")], leaves=[leave("e1", at(0, 0), at(0, 8) + timedelta(minutes=1))])
    assert len(only(p, "leave_overlap")) == 1
    ok = plan([shift("s1", 0, 8)], [("s1", "e1")], leaves=[leave("e1", at(0, 0), at(0, 8))])
    assert only(ok, "leave_overlap") == []


def test_missing_skill_once_and_having_it_passes():
    bad = plan([shift("s1", 0, 8, required_skills=frozenset({"video"}))], [("s1", "e1")])
    assert len(only(bad, "missing_skill")) == 1
    good = plan(
        [shift("s1", 0, 8, required_skills=frozenset({"video"}))],
        [("s1", "e1")],
        people=[person("e1", skills=["video"])],
    )
    assert only(good, "missing_skill") == []


def test_capacity_over_once_full_passes_and_under_is_soft_understaffed():
    over = plan([shift("s1", 0, 8, capacity=1)], [("s1", "e1"), ("s1", "e2")])
    assert len(only(over, "capacity")) == 1 and only(over, "capacity")[0].severity == "hard"
    full = plan([shift("s1", 0, 8, capacity=2)], [("s1", "e1"), ("s1", "e2")])
    assert only(full, "capacity") == [] and only(full, "understaffed") == []
    under = plan([shift("s1", 0, 8, capacity=2)], [("s1", "e1")])
    found = only(under, "understaffed")
    assert len(found) == 1 and found[0].severity == "soft"


def test_max_shifts_per_week_one_over_fails_exact_passes_unconfirmed_ignored():
    five = [shift(f"s{d}", d, 8) for d in range(5)]
    assign = [(s.id, "e1") for s in five]
    assert len(only(plan(five, assign, preferences=[prefs("e1", max_week=4)]), "max_shifts_per_week")) == 1
    assert only(plan(five, assign, preferences=[prefs("e1", max_week=5)]), "max_shifts_per_week") == []
    assert only(plan(five, assign, preferences=[prefs("e1", max_week=4, confirmed=False)]), "max_shifts_per_week") == []


def test_max_shifts_per_week_counts_monday_to_sunday():
    across = [shift(f"s{d}", d, 8) for d in range(4, 9)]  # Fri..Tue: 3 in one week, 2 in the next
    assign = [(s.id, "e1") for s in across]
    assert only(plan(across, assign, preferences=[prefs("e1", max_week=3)]), "max_shifts_per_week") == []


def test_preference_mismatch_day_once_and_preferred_day_passes():
    p = plan(
        [shift("s1", 1, 8, shift_type="Morning")],
        [("s1", "e1")],
        preferences=[prefs("e1", days=["Monday"], shifts=["Morning"])],
    )
    found = only(p, "preference_mismatch")
    assert len(found) == 1 and found[0].severity == "soft" and "Tuesday" in found[0].message
    ok = plan(
        [shift("s1", 0, 8, shift_type="Morning")],
        [("s1", "e1")],
        preferences=[prefs("e1", days=["Monday"], shifts=["Morning"])],
    )
    assert only(ok, "preference_mismatch") == []


def test_min_senior_per_shift_off_by_default_and_configurable_severity():
    p = plan([shift("s1", 0, 8, capacity=2)], [("s1", "e1"), ("s1", "e2")])
    assert only(p, "min_senior_per_shift") == []
    hard = RuleSettings(timezone="UTC", min_seniors=1, min_senior_severity="hard")
    found = only(p, "min_senior_per_shift", hard)
    assert len(found) == 1 and found[0].severity == "hard"
    with_senior = plan(
        [shift("s1", 0, 8, capacity=2)], [("s1", "e1"), ("s1", "e2")], people=[person("e1", "senior"), person("e2")]
    )
    assert only(with_senior, "min_senior_per_shift", hard) == []


def test_back_to_back_tight_turnaround_once_and_margin_passes():
    tight = plan([shift("s1", 0, 8), shift("s2", 1, 4)], [("s1", "e1"), ("s2", "e1")])  # 12 h rest
    found = only(tight, "back_to_back")
    assert len(found) == 1 and found[0].severity == "soft"
    assert only(tight, "min_rest") == []
    relaxed = plan([shift("s1", 0, 8), shift("s2", 1, 5)], [("s1", "e1"), ("s2", "e1")])  # 13 h rest
    assert only(relaxed, "back_to_back") == []


def test_cancelled_shifts_are_ignored():
    p = plan([shift("s1", 0, 8), shift("s2", 0, 9, status="cancelled")], [("s1", "e1"), ("s2", "e1")])
    assert only(p, "double_booking") == []


def test_bad_input_is_a_typed_error_listing_each_problem():
    naive = shift("s1", 0, 8).__class__(
        id="s1", bureau_id="b", start=at(0, 8).replace(tzinfo=None), end=at(0, 9).replace(tzinfo=None)
    )
    with pytest.raises(SnapshotError, match="timezone-aware"):
        plan([naive], [])
    with pytest.raises(SnapshotError, match="unknown shift"):
        plan([shift("s1", 0, 8)], [("nope", "e1")])
    with pytest.raises(SnapshotError, match="overlaps leave"):
        plan([], [], people=[person("e1")], leaves=[leave("e1", at(0, 0), at(2, 0)), leave("e1", at(1, 0), at(3, 0))])


# ------------------------------------------------------------------ loads
DAY = MONDAY.date()


def load_plan(assignments, *, units=None, orders=None, start=DAY, end=DAY + timedelta(days=6)):
    units = units or [
        UnitSnapshot("u1", "b1", 1000.0, "Truck 1"),
        UnitSnapshot("u2", "b1", 1000.0, "Truck 2"),
        UnitSnapshot("u3", "b1", 1000.0, "Truck 3"),
        UnitSnapshot("u4", "b2", 1000.0, "Truck 4"),
    ]
    orders = orders or [
        OrderSnapshot(f"o{i}", "b1", f"r{i % 2}", f"c{i % 3}", DAY, 100.0, number=f"SO-{i}") for i in range(8)
    ]
    return LoadPlan.build(
        plan_id="p1",
        start=start,
        end=end,
        units=units,
        orders=orders,
        assignments=[LoadAssignment(o, u, "p1", w) for o, u, w in assignments],
    )


def test_route_vehicle_limit_third_vehicle_fails_two_pass():
    # o0, o2, o4 are all on route r0.
    assert len(only(load_plan([("o0", "u1", 100), ("o2", "u2", 100), ("o4", "u3", 100)]), "route_vehicle_limit")) == 1
    assert only(load_plan([("o0", "u1", 100), ("o2", "u2", 100)]), "route_vehicle_limit") == []


def test_vehicle_single_route_mixing_fails_once():
    assert len(only(load_plan([("o0", "u1", 100), ("o1", "u1", 100)]), "vehicle_single_route")) == 1
    assert only(load_plan([("o0", "u1", 100), ("o2", "u1", 100)]), "vehicle_single_route") == []


def test_customer_unit_limit_third_unit_fails():
    # o0, o3, o6 belong to customer c0 (routes r0, r1, r0).
    three = load_plan([("o0", "u1", 100), ("o3", "u2", 100), ("o6", "u3", 100)])
    assert len(only(three, "customer_unit_limit")) == 1
    assert only(load_plan([("o0", "u1", 100), ("o3", "u2", 100)]), "customer_unit_limit") == []


def test_two_customers_or_routes_over_their_limits_with_the_same_units_are_two_conflicts_each():
    # Customers c0 (o0, o3, o6) and c1 (o1, o4, o7) each on u1, u2, u3; routes r0 (o0, o2, o4) and
    # r1 (o1, o3, o5) each on the same three units. Keyed by the units and day alone, each pair was one.
    on_three = ("u1", "u2", "u3") * 2
    customers = load_plan([(o, u, 100) for o, u in zip(("o0", "o3", "o6", "o1", "o4", "o7"), on_three, strict=True)])
    found = only(customers, "customer_unit_limit")
    assert sorted(c.details["customer_id"] for c in found) == ["c0", "c1"]
    routes = load_plan([(o, u, 100) for o, u in zip(("o0", "o2", "o4", "o1", "o3", "o5"), on_three, strict=True)])
    assert sorted(c.details["route_id"] for c in only(routes, "route_vehicle_limit")) == ["r0", "r1"]
    # A change that takes a second customer over the limit on the same units is a new conflict.
    before = load_plan([(o, u, 100) for o, u in zip(("o0", "o3", "o6", "o1", "o4"), on_three, strict=False)])
    change = AssignOrders((LoadAssignment("o7", "u3", "p1", 100),))
    introduced = evaluate_change(before, change, SETTINGS).introduced
    assert [(c.code, c.details["customer_id"]) for c in introduced if c.code == "customer_unit_limit"] == [
        ("customer_unit_limit", "c1")
    ]


def test_unit_capacity_one_gram_over_fails_exact_passes():
    orders = [OrderSnapshot("o0", "b1", "r0", "c0", DAY, 600.0), OrderSnapshot("o1", "b1", "r0", "c1", DAY, 400.001)]
    assert len(only(load_plan([("o0", "u1", 600.0), ("o1", "u1", 400.001)], orders=orders), "unit_capacity")) == 1
    assert only(load_plan([("o0", "u1", 600.0), ("o1", "u1", 400.0)], orders=orders), "unit_capacity") == []


def test_branch_match_and_plan_date_range():
    assert len(only(load_plan([("o0", "u4", 100)]), "branch_match")) == 1
    late = [OrderSnapshot("o0", "b1", "r0", "c0", DAY + timedelta(days=7), 100.0)]
    assert len(only(load_plan([("o0", "u1", 100)], orders=late), "plan_date_range")) == 1
    last_day = [OrderSnapshot("o0", "b1", "r0", "c0", DAY + timedelta(days=6), 100.0)]
    assert only(load_plan([("o0", "u1", 100)], orders=last_day), "plan_date_range") == []


def test_order_exclusivity_same_order_twice_fails():
    twice = load_plan([("o0", "u1", 100), ("o0", "u2", 100)])
    assert len(only(twice, "order_exclusivity")) == 1
    split = LoadPlan.build(
        plan_id="p1",
        start=DAY,
        end=DAY,
        units=[UnitSnapshot("u1", "b1", 1000.0), UnitSnapshot("u2", "b1", 1000.0)],
        orders=[OrderSnapshot("o0", "b1", "r0", "c0", DAY, 200.0)],
        assignments=[LoadAssignment("o0", "u1", "p1", 100, ("l1",)), LoadAssignment("o0", "u2", "p1", 100, ("l2",))],
    )
    assert only(split, "order_exclusivity") == []


def test_every_catalog_rule_is_one_function_with_a_test_named_after_it():
    import inspect

    from shiftapp.rules import CATALOG, RULE_FUNCTIONS

    assert set(RULE_FUNCTIONS) == set(CATALOG)
    assert all(function.__name__ == code for code, function in RULE_FUNCTIONS.items())
    tests = [
        name
        for name, _ in inspect.getmembers(
            inspect.getmodule(test_every_catalog_rule_is_one_function_with_a_test_named_after_it), inspect.isfunction
        )
        if name.startswith("test_")
    ]
    untested = [code for code in CATALOG if not any(code in name for name in tests)]
    assert untested == []


def test_a_disabled_rule_is_not_checked_and_its_neighbours_still_are():
    over = plan([shift("s1", 0, 8, capacity=1)], [("s1", "e1"), ("s1", "e2")])
    quiet = RuleSettings(timezone="UTC", disabled=frozenset({"capacity"}))
    assert only(over, "capacity", quiet) == []
    under = plan([shift("s1", 0, 8, capacity=2)], [])
    assert len(only(under, "understaffed", quiet)) == 1
