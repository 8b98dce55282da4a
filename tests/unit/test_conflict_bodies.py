"""Conflicts rendered at the edge: each API family's shape, the refusal body each family answers,
and the audit trail's stored form — none of them produced by the rule engine or the services."""

from __future__ import annotations

import pytest

from shiftapp.api import conflict_bodies
from shiftapp.api.errors import _refusal_body
from shiftapp.rules import ChangeResult, Conflict, RuleSettings, evaluate
from shiftapp.services.audit import overridden_conflicts
from shiftapp.services.errors import HardConflicts
from shiftapp.services.shifts import RuleConflict
from tests.unit.rules.plan_builders import plan, shift

SETTINGS = RuleSettings(timezone="UTC")


def _found(code: str) -> Conflict:
    """A short rest (hard, min_rest) next to a double booking (hard) and an understaffed shift (soft)."""
    found = evaluate(
        plan(
            [shift("s1", 0, 8), shift("s2", 1, 2), shift("s3", 1, 2, bureau_id="rome", bureau_name="Rome", capacity=2)],
            [("s1", "e1"), ("s2", "e1"), ("s3", "e1")],
        ),
        SETTINGS,
    )
    return next(c for c in found if c.code == code)


def test_the_rule_engine_renders_no_wire_format():
    assert not hasattr(Conflict, "to_planning") and not hasattr(Conflict, "to_seed002")


def test_seed002_shape_names_the_rule_the_person_and_both_shifts():
    body = conflict_bodies.seed002_conflict(_found("min_rest"))
    assert body["type"] == "Rest Period Violation" and body["severity"] == "high" and body["hard"] is True
    assert body["employee"] == "Person e1" and body["employee_id"] == "e1" and "11 h required" in body["description"]
    assert set(body["shift1"]) == set(body["shift2"]) == {"date", "start", "end"}
    assert len(body["shifts"]) == 2


def test_planning_shape_has_the_code_entities_window_and_stable_key():
    conflict = _found("min_rest")
    body = conflict_bodies.planning_conflict(conflict)
    assert list(body) == [
        "code",
        "name",
        "severity",
        "level",
        "message",
        "entities",
        "date",
        "window",
        "details",
        "key",
    ]
    assert body["severity"] == "hard" and body["entities"]["employee_ids"] == ["e1"] and body["key"] == conflict.key
    assert body["window"]["start"].endswith("Z")


def test_audit_keeps_overridden_conflicts_in_its_stored_form():
    stored = overridden_conflicts([_found("double_booking")])
    assert list(stored[0]) == [
        "code",
        "name",
        "severity",
        "level",
        "message",
        "entities",
        "date",
        "window",
        "details",
        "key",
    ]
    assert stored[0]["code"] == "double_booking" and stored[0]["window"]["end"].endswith("Z")


def _refused_write() -> RuleConflict:
    hard, soft = _found("min_rest"), _found("understaffed")
    assert soft.severity == "soft"
    return RuleConflict(
        ChangeResult(introduced=[hard, soft]),
        error="Update would create conflicts",
        hint="Set force: true to update anyway",
    )


def test_a_refused_write_in_seed002_lists_the_hard_conflicts_the_hint_and_the_count():
    body = _refusal_body("/api/shifts/abc", _refused_write())
    assert list(body) == ["conflicts", "message", "conflict_count"]
    assert [c["type"] for c in body["conflicts"]] == ["Rest Period Violation"] and body["conflict_count"] == 1


def test_a_refused_write_in_planning_pro_adds_the_whole_hard_and_soft_answer():
    body = _refusal_body("/api/v1/planning/assignments", _refused_write())
    assert list(body) == ["conflicts", "message", "conflict_count", "hard", "soft"]
    assert [c["code"] for c in body["hard"]] == ["min_rest"] and [c["code"] for c in body["soft"]] == ["understaffed"]
    assert body["conflicts"] == body["hard"]


@pytest.mark.parametrize(
    "path, keys, shape_key",
    [
        ("/api/ai/save-schedule", ["conflicts", "conflict_count"], "type"),
        ("/api/v1/planning/publish", ["conflicts"], "code"),
        ("/api/plans/p1/bulk-assign", ["conflicts"], "code"),
    ],
)
def test_a_blocking_list_is_rendered_in_the_routes_family(path, keys, shape_key):
    error = HardConflicts("blocked", conflicts=[_found("double_booking")])
    body = _refusal_body(path, error)
    assert list(body) == keys and shape_key in body["conflicts"][0]
