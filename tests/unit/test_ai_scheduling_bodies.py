"""AI Scheduling's typed answers written as seed 002's JSON: the keys the seed adds only when they have
something (a generated shift's conflicts, what an applied fix did) are absent otherwise, each fix keeps
its own keys in the seed's order, and a job's stored answer reads back unchanged."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from pydantic import BaseModel

from shiftapp.api.schemas.ai import GeneratedShift as GeneratedShiftBody
from shiftapp.api.schemas.ai import GenerationResult, ResolveResult
from shiftapp.services.generation_contracts import (
    AdjustTimeFix,
    ConflictFixes,
    GeneratedSchedule,
    GeneratedShift,
    GenerationOutcome,
    GenerationSummary,
    Reassigned,
    ReassignFix,
    RuleNote,
    TimeAdjusted,
)


def _wire(schema: type[BaseModel], value: Any) -> str:
    """What FastAPI writes for a route returning the dataclass `value` under `schema`."""
    return schema.model_validate(dataclasses.asdict(value)).model_dump_json()


def _shift(**changes: Any) -> GeneratedShift:
    base = GeneratedShift(
        date="2031-03-03",
        start_time="08:00",
        end_time="16:00",
        employee_id="e1",
        employee_name="Sara Rossi",
        role="senior",
        bureau="Rome",
        shift_type="Morning",
    )
    return dataclasses.replace(base, **changes)


def _outcome(bound: float | int | None) -> GenerationOutcome:
    summary = GenerationSummary(
        total_shifts=2,
        shifts_per_employee={"Sara Rossi": 1, "Luca Bianchi": 1},
        conflicts_detected=0,
        soft_conflicts=1,
        objective=7,
        best_bound=bound,
        proven_optimal=False,
        time_limit_reached=True,
        solver_seconds=1.5,
        breakdown={"fairness": 7},
    )
    shifts = (_shift(), _shift(employee_id="e2", conflicts=(RuleNote("min_rest", "soft", "Short rest"),)))
    return GenerationOutcome(True, GeneratedSchedule(shifts, summary, "notes"), False, (), 3)


def test_a_generated_shift_lists_conflicts_only_when_the_rule_engine_found_some():
    clean = json.loads(_wire(GeneratedShiftBody, _shift()))
    assert list(clean) == [
        "date",
        "start_time",
        "end_time",
        "employee_id",
        "employee_name",
        "role",
        "bureau",
        "shift_type",
    ]
    found = json.loads(_wire(GeneratedShiftBody, _shift(conflicts=(RuleNote("min_rest", "soft", "Short rest"),))))
    assert list(found)[-1] == "conflicts"
    assert found["conflicts"] == [{"code": "min_rest", "severity": "soft", "message": "Short rest"}]


def test_a_generation_answer_keeps_the_seed_order_and_the_solver_number_types():
    body = json.loads(_wire(GenerationResult, _outcome(6)))
    assert list(body) == ["success", "schedule", "saved", "shift_ids", "unconfirmed_preferences_count"]
    assert list(body["schedule"]) == ["generated_shifts", "summary", "ai_notes"]
    assert list(body["schedule"]["summary"]["shifts_per_employee"]) == ["Sara Rossi", "Luca Bianchi"]
    assert '"best_bound":6,' in _wire(GenerationResult, _outcome(6))
    assert '"best_bound":6.0,' in _wire(GenerationResult, _outcome(6.0))


def test_a_jobs_stored_answer_reads_back_as_it_was():
    for bound in (6, 6.5, None):
        outcome = _outcome(bound)
        stored = json.loads(json.dumps(outcome.as_json()))  # through the job row's JSON column
        assert GenerationOutcome.from_json(stored) == outcome


def test_each_fix_keeps_its_own_keys_and_details_appear_only_when_applied():
    reassign = ReassignFix(
        description="Move the shift to Luca",
        employee_id="e2",
        shift_id="s1",
        assignment_id="a1",
        rationale="r",
        impact="low",
    )
    adjust = AdjustTimeFix(description="Start 1 h later", shift_id="s1", shift_hours=1, rationale="r", impact="low")
    offered = json.loads(_wire(ResolveResult, ConflictFixes((reassign, adjust), "Move the shift to Luca", False)))
    assert list(offered) == ["suggestions", "ai_recommendation", "applied"]
    assert list(offered["suggestions"][0]) == [
        "action",
        "description",
        "employee_id",
        "shift_id",
        "assignment_id",
        "rationale",
        "impact",
        "fix_id",
        "change",
        "conflicts_after",
    ]
    assert list(offered["suggestions"][1]) == [
        "action",
        "description",
        "shift_id",
        "shift_hours",
        "rationale",
        "impact",
        "fix_id",
        "change",
        "conflicts_after",
    ]
    assert [s["action"] for s in offered["suggestions"]] == ["reassign", "adjust_time"]
    moved = json.loads(_wire(ResolveResult, ConflictFixes((adjust,), "Start 1 h later", True, TimeAdjusted(hours=1))))
    assert moved["resolution_details"] == {"action_taken": "adjust_time", "hours": 1}
    given = json.loads(
        _wire(ResolveResult, ConflictFixes((reassign,), "x", True, Reassigned(old_employee=None, new_employee="Luca")))
    )
    assert given["resolution_details"] == {"action_taken": "reassign", "old_employee": None, "new_employee": "Luca"}
