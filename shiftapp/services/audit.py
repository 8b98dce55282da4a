"""The audit trail: written in the caller's transaction, never updated or deleted."""
from __future__ import annotations

from typing import Any

from sqlmodel import Session

from shiftapp.models import AuditEvent, Employee


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
