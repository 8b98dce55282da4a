"""The audit trail: written in the caller's transaction, never updated or deleted."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlmodel import Session

from shiftapp.models import Assignment, AuditEvent, Employee
from shiftapp.rules import Conflict
from shiftapp.services.text_limits import check_reason


def record(
    *,
    session: Session,
    actor: Employee | None,
    entity_type: str,
    entity_id: str,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str | None = None,
    kind: str = "planning_change",
) -> AuditEvent:
    # Every reason given for a change ends here, whichever route or page it came from: checked once
    # for all of them, before the change's transaction commits (a refusal rolls the change back).
    check_reason(reason)
    event = AuditEvent(
        kind=kind,
        entity_type=entity_type,
        entity_id=entity_id,
        action=action,
        before=before,
        after=after,
        actor_id=actor.id if actor else None,
        reason=reason,
    )
    session.add(event)
    return event


def assignment_record(assignment: Assignment) -> dict[str, Any]:
    """What an audit entry keeps of a place on a shift: before it is removed, or after it is made or changed."""
    return {
        "shift_id": assignment.shift_id,
        "employee_id": assignment.employee_id,
        "source": assignment.source,
        "status": assignment.status,
    }


def overridden_conflicts(conflicts: Iterable[Conflict]) -> list[dict[str, Any]]:
    """The hard conflicts a forced change went past, as its audit entry keeps them (`conflicts_overridden`).

    A stored form, read back from old rows for as long as they live: its keys stay as they are
    whatever the APIs come to answer (today Planning PRO happens to show the same shape)."""
    return [
        {
            "code": c.code,
            "name": c.name,
            "severity": c.severity,
            "level": c.level,
            "message": c.message,
            "entities": c.entities,
            "date": c.date,
            "window": {"start": _stored_instant(c.start), "end": _stored_instant(c.end)},
            "details": c.details,
            "key": c.key,
        }
        for c in conflicts
    ]


def _stored_instant(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None
