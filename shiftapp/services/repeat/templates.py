"""Apply a bureau's shift templates over a date range: the checks, the preview, and the commit that
computes the preview again inside its transaction before writing it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from shiftapp.models import Bureau, Employee, ShiftTemplate
from shiftapp.scheduling.copies import (
    TemplateSpec,
    count_template_shifts,
    plan_template_shifts,
)
from shiftapp.services.errors import TooLarge, ValidationFailed
from shiftapp.services.repeat.batch import (
    bureau_shifts,
    bureau_to_plan,
    bureau_zone,
    judge,
    local_midnight,
    schedule_state,
    too_many,
)
from shiftapp.services.repeat.contracts import (
    MAX_SHIFTS,
    MAX_TEMPLATE_DAYS,
    MAX_WEEKS,
    ApplyTemplatesRequest,
    BatchOutcome,
    BatchPreview,
)
from shiftapp.services.repeat.write import lock_bureau, write_batch
from shiftapp.services.shifts import parse_hhmm
from shiftapp.services.text_limits import check_date_range, check_reason


@dataclass(frozen=True)
class _TemplateScope:
    """A template request that passed every check before the rule engine: its bureau, templates and days."""

    bureau: Bureau
    zone: ZoneInfo
    chosen: list[ShiftTemplate]
    specs: list[TemplateSpec]
    lo: datetime
    hi: datetime


def _template_scope(session: Session, actor: Employee, request: ApplyTemplatesRequest) -> _TemplateScope:
    bureau = bureau_to_plan(session, actor, request.bureau_id)
    check_date_range(request.start_date, "start_date")
    check_date_range(request.end_date, "end_date")
    if request.end_date < request.start_date:
        raise ValidationFailed("end_date must be on or after start_date", details={"field": "end_date"})
    days = (request.end_date - request.start_date).days + 1
    if days > MAX_TEMPLATE_DAYS:
        raise TooLarge(
            f"A date range covers at most {MAX_TEMPLATE_DAYS} days ({MAX_WEEKS} weeks); this one has {days}. "
            "Apply the templates in parts.",
            details={"field": "end_date", "max_days": MAX_TEMPLATE_DAYS},
        )
    chosen = _templates(session, bureau, request.template_ids)
    specs = [
        TemplateSpec(
            id=t.id,
            name=t.name,
            start_time=parse_hhmm(t.start_time, f"template {t.name}: start_time"),
            end_time=parse_hhmm(t.end_time, f"template {t.name}: end_time"),
            days=tuple(t.days or ()),
            required_role=t.required_role,
            required_skills=tuple(t.required_skills or ()),
            capacity=t.capacity,
            mission_id=t.mission_id,
        )
        for t in chosen
    ]
    count = count_template_shifts(specs, request.start_date, request.end_date)
    if count > MAX_SHIFTS:
        raise too_many(count, "Choose fewer templates or a shorter range.")
    zone = bureau_zone(bureau)
    lo = local_midnight(request.start_date, zone)
    hi = local_midnight(request.end_date + timedelta(days=1), zone)
    return _TemplateScope(bureau, zone, chosen, specs, lo, hi)


def check_apply_templates(*, session: Session, actor: Employee, request: ApplyTemplatesRequest) -> None:
    """Every refusal applying templates meets before the rule engine runs (role, bureau, templates,
    dates, size), in the caller's process: a job is queued only for a request that can be computed."""
    _template_scope(session, actor, request)


def _template_batch(session: Session, actor: Employee, request: ApplyTemplatesRequest) -> BatchPreview:
    scope = _template_scope(session, actor, request)
    bureau, chosen = scope.bureau, scope.chosen
    plan = plan_template_shifts(
        templates=scope.specs,
        start_date=request.start_date,
        end_date=request.end_date,
        zone=scope.zone,
        existing=bureau_shifts(session, bureau.id, scope.lo, scope.hi),
    )
    return judge(
        session,
        kind="apply_templates",
        bureau=bureau,
        zone=scope.zone,
        plan=plan,
        request={**request.model_dump(mode="json"), "template_ids": sorted(t.id for t in chosen)},
        state=schedule_state(session, bureau.id, scope.lo, scope.hi)
        + [[t.id, t.version, []] for t in sorted(chosen, key=lambda t: t.id)],
    )


def _templates(session: Session, bureau: Bureau, template_ids: Sequence[str] | None) -> list[ShiftTemplate]:
    if not template_ids:
        found = list(
            session.exec(
                select(ShiftTemplate)
                .where(ShiftTemplate.bureau_id == bureau.id, col(ShiftTemplate.active).is_(True))
                .order_by(col(ShiftTemplate.name))
            )
        )
        if not found:
            raise ValidationFailed(
                f"{bureau.name} has no active shift templates; create or activate one first",
                details={"field": "template_ids"},
            )
        return found
    chosen: list[ShiftTemplate] = []
    for template_id in dict.fromkeys(template_ids):
        template = session.get(ShiftTemplate, template_id) if isinstance(template_id, str) else None
        if template is None or template.bureau_id != bureau.id:
            raise ValidationFailed(
                f"template {template_id} is not one of {bureau.name}'s shift templates",
                details={"field": "template_ids"},
            )
        chosen.append(template)
    return chosen


def preview_apply_templates(*, session: Session, actor: Employee, request: ApplyTemplatesRequest) -> BatchPreview:
    """What applying the templates would create, skip and break; nothing is written."""
    return _template_batch(session, actor, request)


def apply_templates(
    *,
    session: Session,
    actor: Employee,
    request: ApplyTemplatesRequest,
    fingerprint: str,
    force: bool = False,
    reason: str | None = None,
) -> BatchOutcome:
    """Create what the preview with this fingerprint showed, in one transaction."""
    check_reason(reason)
    bureau = bureau_to_plan(session, actor, request.bureau_id)
    lock_bureau(session, bureau.id)
    preview = _template_batch(session, actor, request)
    return write_batch(session, actor, preview, fingerprint=fingerprint, force=force, reason=reason, request=request)
