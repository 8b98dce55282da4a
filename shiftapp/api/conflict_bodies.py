"""The rule engine's conflicts as each API family's clients read them.

The rule engine and the services hand out `rules.Conflict` objects; only here do they become JSON.
Seed 002 routes (`/api/shifts`, `/api/ai`, ...) speak the seed's `type`/`description` shape; Planning
PRO (`/api/v1/planning`) and the load plans (`/api/plans`, `/api/loads`) speak the normalized shape
with the rule code and the entities. Both shapes are frozen by existing clients: change neither. A message's
text follows the request's Accept-Language (English unless it asks for Italian).
`api/errors.py` picks the family of a refusal by its route.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shiftapp.i18n import reading_language
from shiftapp.rules import ChangeResult, Conflict
from shiftapp.services.errors import HardConflicts


def planning_conflict(conflict: Conflict) -> dict[str, Any]:
    """Planning PRO (and load plans): the rule code, both severities, the entities and the window."""
    return {
        "code": conflict.code,
        "name": conflict.name,
        "severity": conflict.severity,
        "level": conflict.level,
        "message": conflict.text(reading_language()),
        "entities": conflict.entities,
        "date": conflict.date,
        "window": {"start": _iso(conflict.start), "end": _iso(conflict.end)},
        "details": conflict.details,
        "key": conflict.key,
    }


def seed002_conflict(conflict: Conflict) -> dict[str, Any]:
    """Seed 002: `type`, `severity` (the level), `employee`, `description`, `shifts`/`shift1`/`shift2`."""
    shifts = conflict.details.get("shifts", [])
    payload: dict[str, Any] = {
        "type": conflict.name,
        "code": conflict.code,
        "severity": conflict.level,
        "hard": conflict.severity == "hard",
        "employee": conflict.details.get("employee"),
        "employee_id": conflict.employee_ids[0] if conflict.employee_ids else None,
        "description": conflict.text(reading_language()),
        "date": conflict.date,
        "details": {"shifts": [{k: s[k] for k in ("time", "bureau", "label") if k in s} for s in shifts]},
        "shifts": [{k: s[k] for k in ("time", "bureau") if k in s} for s in shifts],
    }
    if len(shifts) == 2:
        payload["shift1"], payload["shift2"] = (
            {"date": s.get("date"), "start": s.get("start"), "end": s.get("end")} for s in shifts
        )
    return payload


def planning_hard_and_soft(result: ChangeResult) -> dict[str, list[dict[str, Any]]]:
    """What a Planning PRO write introduced, as `{"hard": [...], "soft": [...]}`."""
    return {"hard": [planning_conflict(c) for c in result.hard], "soft": [planning_conflict(c) for c in result.soft]}


# ------------------------------------------------------------------ error bodies
def seed002_refusal(error: HardConflicts) -> dict[str, Any]:
    """Seed 002's 409: the conflicts, the hint when the service gave one, and their count."""
    body: dict[str, Any] = {"conflicts": [seed002_conflict(c) for c in error.conflicts]}
    if error.hint is not None:
        body["message"] = error.hint
    body["conflict_count"] = len(error.conflicts)
    return body


def planning_refusal(error: HardConflicts) -> dict[str, Any]:
    """Planning PRO's 409: the blocking conflicts; a refused write adds its hint, their count and
    everything the write would introduce as `hard`/`soft` (a blocked publish has no write to describe)."""
    body: dict[str, Any] = {"conflicts": [planning_conflict(c) for c in error.conflicts]}
    if error.change is not None:
        body |= {"message": error.hint, "conflict_count": len(error.conflicts), **planning_hard_and_soft(error.change)}
    return body


def load_plan_refusal(error: HardConflicts) -> dict[str, Any]:
    """Load plans' 409 (inside the seed 004 envelope): the blocking conflicts in the normalized shape."""
    return {"conflicts": [planning_conflict(c) for c in error.conflicts]}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None
