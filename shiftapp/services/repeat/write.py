"""The commit's write: the bureau locked, the fingerprint and the hard conflicts checked, then every
shift, assignment and audit entry inserted in bulk in one transaction."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pydantic import BaseModel
from sqlalchemy import insert
from sqlmodel import Session, select

from shiftapp.db import claim_write_lock
from shiftapp.models import Assignment, AuditEvent, Bureau, Employee, Shift
from shiftapp.models.common import new_id, utcnow
from shiftapp.rules import ChangeResult
from shiftapp.services.audit import overridden_conflicts, record
from shiftapp.services.conflicts import refresh
from shiftapp.services.errors import Conflict, HardConflicts
from shiftapp.services.repeat.batch import utc_iso
from shiftapp.services.repeat.contracts import BatchOutcome, BatchPreview


def _shift_record(row: dict[str, Any]) -> dict[str, Any]:
    """A new shift's audit record, as `services.shifts.shift_record` writes it for a shift made by hand."""
    return {
        "id": row["id"],
        "bureau_id": row["bureau_id"],
        "mission_id": row["mission_id"],
        "shift_type": row["shift_type"],
        "required_role": row["required_role"],
        "required_skills": list(row["required_skills"]),
        "capacity": row["capacity"],
        "start_time": utc_iso(row["start_at"]),
        "end_time": utc_iso(row["end_at"]),
        "status": row["status"],
        "notes": row["notes"],
        "version": row["version"],
    }


def _audit_row(actor: Employee, entity_type: str, entity_id: str, after: dict[str, Any]) -> dict[str, Any]:
    """An audit entry as `services.audit.record` writes it (the batch's reason was checked up front)."""
    return {
        "id": new_id(),
        "kind": "planning_change",
        "entity_type": entity_type,
        "entity_id": entity_id,
        "action": "create",
        "before": None,
        "after": after,
        "actor_id": actor.id,
        "at": utcnow(),
    }


def lock_bureau(session: Session, bureau_id: str) -> None:
    """Two batches into one bureau are decided one after the other (the second sees the first's shifts)."""
    claim_write_lock(session)
    session.exec(select(Bureau.id).where(Bureau.id == bureau_id).with_for_update(key_share=True)).all()


def write_batch(
    session: Session,
    actor: Employee,
    preview: BatchPreview,
    *,
    fingerprint: str,
    force: bool,
    reason: str | None,
    request: BaseModel,
) -> BatchOutcome:
    if fingerprint != preview.fingerprint:
        raise Conflict(
            "The schedule changed since your preview; preview again and check the new list before creating",
            details={"fingerprint": preview.fingerprint, "your_fingerprint": fingerprint},
        )
    hard = preview.hard
    if hard and not force:
        raise HardConflicts(
            f"{len(hard)} hard conflict(s) in what would be created; fix them or create anyway with force: true",
            conflicts=hard,
            details={"conflict_count": len(hard), "fingerprint": preview.fingerprint},
            hint="Set force: true (a reason is recorded when given) to create the shifts anyway",
            change=ChangeResult(introduced=list(preview.conflicts)),
        )
    batch_id = new_id()
    forced = bool(force and hard)
    now = utcnow()
    # Written as bulk inserts of plain rows: building thousands of SQLModel objects (and their
    # audit entries) one by one costs most of a large batch's time. The rows hold exactly what
    # creating each shift by hand stores, in the same transaction.
    created: list[dict[str, Any]] = []
    assignments: list[dict[str, Any]] = []
    for planned in preview.planned:
        shift_id = new_id()
        created.append(
            {
                "id": shift_id,
                "bureau_id": preview.bureau_id,
                "mission_id": planned.mission_id,
                "template_id": planned.template_id,
                "shift_type": planned.shift_type,
                "required_role": planned.required_role,
                "required_skills": list(planned.required_skills),
                "capacity": planned.capacity,
                "start_at": planned.start,
                "end_at": planned.end,
                "status": "draft",
                "notes": planned.notes,
                "published_at": None,
                "created_by": actor.id,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        )
        assignments += [
            {
                "id": new_id(),
                "shift_id": shift_id,
                "employee_id": e,
                "source": "manual",
                "status": s,
                "created_by": actor.id,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
            for e, s in zip(planned.employee_ids, planned.assignment_statuses, strict=True)
        ]
    audit: list[dict[str, Any]] = []
    for row, planned in zip(created, preview.planned, strict=True):
        origin = {"copied_from": planned.source_shift_id} if planned.source_shift_id else {}
        if planned.template_id:
            origin = {"template_id": planned.template_id}
        audit.append(_audit_row(actor, "shift", row["id"], {**_shift_record(row), "batch": batch_id, **origin}))
    for row in assignments:
        after = {k: row[k] for k in ("shift_id", "employee_id", "source", "status")}
        audit.append(_audit_row(actor, "assignment", row["id"], {**after, "batch": batch_id}))
    for chunk in range(0, len(created), 1000):
        session.execute(insert(Shift), created[chunk : chunk + 1000])
    for chunk in range(0, len(assignments), 1000):
        session.execute(insert(Assignment), assignments[chunk : chunk + 1000])
    for chunk in range(0, len(audit), 1000):
        session.execute(
            insert(AuditEvent), [{**row, "reason": reason if forced else None} for row in audit[chunk : chunk + 1000]]
        )
    if created:
        record(
            session=session,
            actor=actor,
            entity_type="schedule",
            entity_id=preview.bureau_id,
            action=preview.kind,
            after={
                "batch": batch_id,
                "request": request.model_dump(mode="json"),
                "fingerprint": preview.fingerprint,
                "shift_ids": [row["id"] for row in created],
                "assignments": len(assignments),
                "skipped": len(preview.skipped),
                "forced": forced,
                "conflicts_overridden": overridden_conflicts(hard) if forced else [],
            },
            reason=reason,
        )
        refresh(
            session=session,
            start=min(row["start_at"] for row in created) - timedelta(days=1),
            end=max(row["end_at"] for row in created) + timedelta(days=1),
            actor=actor,
        )
    return BatchOutcome(
        batch_id=batch_id,
        kind=preview.kind,
        bureau_id=preview.bureau_id,
        created=len(created),
        assignments=len(assignments),
        skipped=len(preview.skipped),
        shift_ids=[row["id"] for row in created],
        forced=forced,
        conflicts_overridden=len(hard) if forced else 0,
        hard_count=preview.hard_count,
        soft_count=preview.soft_count,
    )
