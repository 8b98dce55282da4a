"""The audit trail: written in the caller's transaction, never updated or deleted."""
from __future__ import annotations

from typing import Any

from sqlmodel import Session

from shiftapp.models import AuditEvent, Employee
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
