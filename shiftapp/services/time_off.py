"""Time off (issue 20, item 3): staff ask for leave, their team leader approves or declines, and
approved leave becomes the person's availability, which the rule engine reads.

Who decides: administrators, managers and schedulers for every bureau (they may already record
anyone's leave directly, `planning.create_availability`), team leaders for their own bureau.
A request covers whole local days (the bureaus' TIMEZONE) from its start date to its end date
inclusive; approving it writes one Availability row of kind leave over that window, and the
stored conflicts of the window are refreshed in the same transaction, so schedule health and the
timeline show the leave_overlap conflicts it creates at once."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, col, select

from shiftapp.i18n import reading_language
from shiftapp.i18n.messages import DayLabel, Message
from shiftapp.i18n.values import Day, Term
from shiftapp.models import Availability, Employee, TimeOffKind, TimeOffRequest, TimeOffStatus
from shiftapp.models.common import utcnow
from shiftapp.rules import Conflict as RuleFinding
from shiftapp.rules import LeaveSnapshot, StaffPlan, evaluate
from shiftapp.services import access, notifications
from shiftapp.services.audit import record
from shiftapp.services.bureaus import bureau_names
from shiftapp.services.conflicts import refresh
from shiftapp.services.errors import Conflict, Forbidden, NotFound, ValidationFailed
from shiftapp.services.locks import lock_people
from shiftapp.services.shift_views import planning_today, to_utc
from shiftapp.services.snapshots import merge_overlapping_leaves, rule_settings, staff_plan
from shiftapp.services.text_limits import check_notes, decision_note

KINDS = tuple(kind.value for kind in TimeOffKind)
MAX_DAYS = 60
# Sick leave is often reported a few days late; older dates are the payroll office's business.
PAST_TOLERANCE_DAYS = 7
OPEN_STATUSES = (TimeOffStatus.requested.value, TimeOffStatus.approved.value)
# The most requests a leader's list shows with the conflicts approval would create (each is one
# evaluation of the plan around its dates).
MAX_PENDING = 100


# ------------------------------------------------------------------ reading
def parse_day(value: Any, field: str) -> date:
    """A calendar day as an API or a page sends it: a date or YYYY-MM-DD."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValidationFailed(f"{field} must be a date written YYYY-MM-DD, e.g. 2027-03-15", details={"field": field})


def days_in(start: date, end: date) -> int:
    return (end - start).days + 1


def leave_window(start: date, end: date) -> tuple[datetime, datetime]:
    """The UTC instants of local midnight before the first day and after the last."""
    return to_utc(start, time(0, 0)), to_utc(end + timedelta(days=1), time(0, 0))


@dataclass(frozen=True)
class TimeOffView:
    """A time-off request as lists show it; instants are UTC ISO strings ending in Z."""

    id: str
    employee_id: str
    employee_name: str
    bureau_name: str
    start_date: date
    end_date: date
    days: int
    kind: str
    note: str | None
    status: str
    decided_by: str | None
    decided_by_name: str | None
    decided_at: str | None
    decision_note: str | None
    availability_id: str | None
    created_at: str
    version: int

    @property
    def dates(self) -> str:
        start, end = self.start_date.isoformat(), self.end_date.isoformat()
        return start if start == end else f"{start} → {end}"


@dataclass(frozen=True)
class PendingTimeOff(TimeOffView):
    """A request waiting for a leader, with the conflicts approving it would create."""

    conflicts_if_approved: list[str]


@dataclass(frozen=True)
class DecidedTimeOff(TimeOffView):
    """A request just approved or declined, with the conflicts the approval created."""

    conflicts_created: list[str]


@dataclass(frozen=True)
class YearTotals:
    """Approved days per kind in one calendar year, and the days still waiting for a decision."""

    year: int
    vacation: int
    sick: int
    personal: int
    other: int
    total: int
    pending: int


@dataclass(frozen=True)
class MyTimeOff:
    requests: list[TimeOffView]
    totals: list[YearTotals]


def _instant(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def request_view(
    row: TimeOffRequest, names: dict[str, str] | None = None, bureaus: dict[str, str] | None = None
) -> TimeOffView:
    names = names or {}
    return TimeOffView(
        id=row.id,
        employee_id=row.employee_id,
        employee_name=names.get(row.employee_id, ""),
        bureau_name=(bureaus or {}).get(row.employee_id, ""),
        start_date=row.start_date,
        end_date=row.end_date,
        days=days_in(row.start_date, row.end_date),
        kind=row.kind,
        note=row.note,
        status=row.status,
        decided_by=row.decided_by,
        decided_by_name=names.get(row.decided_by, "") if row.decided_by else None,
        decided_at=_instant(row.decided_at),
        decision_note=row.decision_note,
        availability_id=row.availability_id,
        created_at=_instant(row.created_at) or "",
        version=row.version,
    )


def _fields(view: TimeOffView) -> dict[str, Any]:
    return {f.name: getattr(view, f.name) for f in fields(view)}


def _names(session: Session, ids: set[str | None]) -> dict[str, str]:
    wanted = [i for i in ids if i]
    if not wanted:
        return {}
    return {e.id: e.full_name for e in session.exec(select(Employee).where(col(Employee.id).in_(wanted)))}


def _audit_view(row: TimeOffRequest) -> dict[str, Any]:
    """The request as its audit entries keep it (JSON: dates as YYYY-MM-DD)."""
    view = _fields(request_view(row))
    for name in ("employee_name", "bureau_name", "decided_by_name"):
        del view[name]
    return view | {"start_date": row.start_date.isoformat(), "end_date": row.end_date.isoformat()}


def yearly_totals(rows: list[TimeOffRequest]) -> list[YearTotals]:
    """Approved days per calendar year and kind (a request across New Year counts in both years),
    and the days still waiting for a decision."""
    totals: dict[int, dict[str, int]] = defaultdict(lambda: {**dict.fromkeys(KINDS, 0), "total": 0, "pending": 0})
    for row in rows:
        if row.status not in OPEN_STATUSES:
            continue
        day = row.start_date
        while day <= row.end_date:
            year_end = min(row.end_date, date(day.year, 12, 31))
            count = days_in(day, year_end)
            if row.status == TimeOffStatus.approved.value:
                totals[day.year][row.kind if row.kind in KINDS else "other"] += count
                totals[day.year]["total"] += count
            else:
                totals[day.year]["pending"] += count
            day = year_end + timedelta(days=1)
    return [YearTotals(year=year, **totals[year]) for year in sorted(totals, reverse=True)]


def my_time_off(*, session: Session, actor: Employee) -> MyTimeOff:
    """The signed-in person's own requests (newest dates first) and their totals per year."""
    rows = list(
        session.exec(
            select(TimeOffRequest)
            .where(TimeOffRequest.employee_id == actor.id)
            .order_by(col(TimeOffRequest.start_date).desc(), col(TimeOffRequest.created_at).desc())
        )
    )
    names = _names(session, {actor.id, *(r.decided_by for r in rows)})
    return MyTimeOff(requests=[request_view(r, names) for r in rows], totals=yearly_totals(rows))


def may_decide_for(actor: Employee, employee: Employee) -> bool:
    return access.leads_or_plans(actor, employee.bureau_id or "")


def _require_decider(actor: Employee) -> None:
    if not (access.is_planner(actor) or actor.is_team_leader):
        raise Forbidden("Only team leaders, schedulers, managers and administrators can decide on time off")


def pending_time_off(*, session: Session, actor: Employee) -> list[PendingTimeOff]:
    """Requests waiting for this leader: their bureau's (every bureau's for planners), oldest dates
    first, each with the conflicts approving it would create."""
    _require_decider(actor)
    query = (
        select(TimeOffRequest, Employee)
        .join(Employee, col(Employee.id) == col(TimeOffRequest.employee_id))
        .where(TimeOffRequest.status == TimeOffStatus.requested.value, col(Employee.deleted_at).is_(None))
    )
    if not access.is_planner(actor):
        query = query.where(Employee.bureau_id == actor.bureau_id)
    pairs = list(
        session.exec(query.order_by(col(TimeOffRequest.start_date), col(TimeOffRequest.created_at)).limit(MAX_PENDING))
    )
    bureaus = bureau_names(session)
    names = {e.id: e.full_name for _r, e in pairs}
    bureau_of = {e.id: bureaus.get(e.bureau_id or "", "") for _r, e in pairs}
    return [
        PendingTimeOff(
            **_fields(request_view(row, names, bureau_of)),
            conflicts_if_approved=[c.text(reading_language()) for c in conflicts_if_approved(session=session, row=row)],
        )
        for row, _employee in pairs
    ]


def conflicts_if_approved(*, session: Session, row: TimeOffRequest) -> list[RuleFinding]:
    """What the rule engine would newly find if this leave were approved: the plan around its dates
    evaluated as it is and with the leave added."""
    start, end = leave_window(row.start_date, row.end_date)
    plan = staff_plan(session, start=start, end=end)
    settings = rule_settings()
    before = {c.key for c in evaluate(plan, settings)}
    leaves = [leave for rows in plan.leaves.values() for leave in rows]
    leaves.append(LeaveSnapshot(id=f"time-off:{row.id}", employee_id=row.employee_id, start=start, end=end))
    with_leave = StaffPlan.build(
        shifts=plan.shifts.values(),
        assignments=plan.assignments.values(),
        employees=plan.employees.values(),
        leaves=merge_overlapping_leaves(leaves),
        preferences=plan.preferences.values(),
        missions=plan.missions.values(),
    )
    return [c for c in evaluate(with_leave, settings) if c.key not in before]


# ------------------------------------------------------------------ changing
@dataclass(frozen=True)
class TimeOffAsk:
    """What a person asks for. Days as dates, or YYYY-MM-DD as a page's date inputs send them
    (checked by `request_time_off`, which names the field that is wrong)."""

    start_date: date | str
    end_date: date | str
    kind: str
    note: str | None = None


def request_time_off(*, session: Session, actor: Employee, ask: TimeOffAsk) -> TimeOffView:
    """Staff ask for leave for themselves; it waits for a team leader."""
    start = parse_day(ask.start_date, "start_date")
    end = parse_day(ask.end_date, "end_date")
    kind = ask.kind
    if kind not in KINDS:
        raise ValidationFailed(f"kind must be one of {', '.join(KINDS)}", details={"field": "kind"})
    cleaned_note = check_notes(ask.note, "note")
    if end < start:
        raise ValidationFailed("end_date must be on or after start_date", details={"field": "end_date"})
    if days_in(start, end) > MAX_DAYS:
        raise ValidationFailed(
            "A request may cover at most {days} days; split longer leave into several requests",
            details={"field": "end_date", "max_days": MAX_DAYS},
            params={"days": MAX_DAYS},
        )
    earliest = planning_today() - timedelta(days=PAST_TOLERANCE_DAYS)
    if start < earliest:
        raise ValidationFailed(
            "start_date may be at most {days} days in the past (the earliest is {earliest})",
            details={"field": "start_date", "earliest": earliest.isoformat()},
            params={"days": PAST_TOLERANCE_DAYS, "earliest": Day(earliest)},
        )
    lock_people(session, [actor.id])  # two requests at once must each see the other
    overlapping = session.exec(
        select(TimeOffRequest).where(
            TimeOffRequest.employee_id == actor.id,
            col(TimeOffRequest.status).in_(OPEN_STATUSES),
            TimeOffRequest.start_date <= end,
            TimeOffRequest.end_date >= start,
        )
    ).first()
    if overlapping is not None:
        raise Conflict(
            "These dates overlap your {status} {kind} request from {start} to {end}; "
            "change the dates or cancel that request first",
            details={"field": "start_date", "overlapping_request_id": overlapping.id},
            params={
                "status": Term(overlapping.status),
                "kind": Term(overlapping.kind),
                "start": Day(overlapping.start_date),
                "end": Day(overlapping.end_date),
            },
        )
    row = TimeOffRequest(
        employee_id=actor.id,
        start_date=start,
        end_date=end,
        kind=kind,
        note=cleaned_note.strip() if cleaned_note and cleaned_note.strip() else None,
    )
    session.add(row)
    session.flush()
    record(
        session=session,
        actor=actor,
        entity_type="time_off_request",
        entity_id=row.id,
        action="request",
        after=_audit_view(row),
        kind="time_off",
    )
    return request_view(row, {actor.id: actor.full_name})


def _request_for_update(session: Session, request_id: Any) -> TimeOffRequest:
    row = session.get(TimeOffRequest, request_id) if isinstance(request_id, str) else None
    if row is None:
        raise NotFound("Time-off request not found")
    return row


def _check_still_open(row: TimeOffRequest, expected_version: int | None) -> None:
    if row.status != TimeOffStatus.requested.value:
        raise Conflict(
            _ALREADY.get(row.status, "This request was already decided; reload to see its current state"),
            details={"status": row.status, "current_version": row.version},
        )
    if expected_version is not None and row.version != expected_version:
        raise Conflict(
            "This request was changed meanwhile; reload and try again",
            details={"current_version": row.version, "your_version": expected_version},
        )


def cancel_time_off(
    *, session: Session, actor: Employee, request_id: Any, expected_version: int | None = None, note: Any = None
) -> TimeOffView:
    """Withdraw time off.

    - Staff: their own request while it waits, and their own approved leave before its first day
      (once it has started, only their team leader can change it).
    - Team leaders of the person's bureau and planners: anyone's approved leave that has not ended
      (a request still waiting is declined instead). The person is told, with the note.
    Withdrawing approved leave before its first day removes its availability and cancels the request;
    once under way it ends the leave from today, keeping the days already taken. Either way in the same
    transaction, with the stored conflicts of the days freed refreshed; every step is audited."""
    row = _request_for_update(session, request_id)
    own = row.employee_id == actor.id
    employee = actor if own else session.get(Employee, row.employee_id)
    if not own and (employee is None or not may_decide_for(actor, employee)):
        raise Forbidden(
            "You can cancel only your own time off; team leaders withdraw the approved leave of their bureau"
        )
    assert employee is not None
    reason = decision_note(note)
    lock_people(session, [employee.id])
    session.refresh(row)
    if row.status == TimeOffStatus.requested.value and not own:
        raise Conflict(
            "This request still waits for a decision; decline it instead",
            details={"status": row.status, "current_version": row.version},
        )
    if row.status != TimeOffStatus.approved.value:
        _check_still_open(row, expected_version)
        return _cancel_waiting(session, actor, row)
    if expected_version is not None and row.version != expected_version:
        raise Conflict(
            "This request was changed meanwhile; reload and try again",
            details={"current_version": row.version, "your_version": expected_version},
        )
    today = planning_today()
    if own and row.start_date <= today:
        raise Conflict(
            "This leave has already started; ask your team leader to change it",
            details={"status": row.status, "start_date": row.start_date.isoformat()},
        )
    if row.end_date < today:
        raise Conflict(
            "This leave has already ended, so it can no longer be withdrawn",
            details={"status": row.status, "end_date": row.end_date.isoformat()},
        )
    if row.start_date < today:
        return _end_from_today(session, actor, employee, row, reason, today)
    return _withdraw_approved(session, actor, employee, row, reason)


def _cancel_waiting(session: Session, actor: Employee, row: TimeOffRequest) -> TimeOffView:
    before = _audit_view(row)
    row.status = TimeOffStatus.cancelled.value
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    record(
        session=session,
        actor=actor,
        entity_type="time_off_request",
        entity_id=row.id,
        action="cancel",
        before=before,
        after=_audit_view(row),
        kind="time_off",
    )
    return request_view(row, _names(session, {row.employee_id, row.decided_by}))


def _withdraw_approved(
    session: Session, actor: Employee, employee: Employee, row: TimeOffRequest, reason: str | None
) -> TimeOffView:
    """Approved leave taken back: its availability goes, the request is cancelled, both audited."""
    before = _audit_view(row)
    start, end = leave_window(row.start_date, row.end_date)
    leave = session.get(Availability, row.availability_id) if row.availability_id else None
    if leave is not None:
        record(
            session=session,
            actor=actor,
            entity_type="availability",
            entity_id=leave.id,
            action="delete",
            before=_leave_audit(leave, row),
            reason=reason,
            kind="time_off",
        )
        session.delete(leave)
    row.status = TimeOffStatus.cancelled.value
    row.availability_id = None
    message = Message(
        "{name} withdrew your approved {kind} leave for {days}.",
        name=actor.full_name,
        kind=Term(row.kind),
        days=_days_label(row),
    )
    return _settle_withdrawal(
        session,
        actor,
        employee,
        row,
        before=before,
        action="withdraw_approved",
        reason=reason,
        window=(start, end),
        title="Approved time off withdrawn",
        message=message,
    )


def _settle_withdrawal(
    session: Session,
    actor: Employee,
    employee: Employee,
    row: TimeOffRequest,
    *,
    before: dict[str, Any],
    action: str,
    reason: str | None,
    window: tuple[datetime, datetime],
    title: str,
    message: Message,
) -> TimeOffView:
    """What withdrawing approved leave, or ending it early, does once the leave itself is changed: the
    request says who did it and why (when it was not the person), is audited, the conflicts of the days
    it freed are found again, and the person is told."""
    row.updated_at = utcnow()
    if employee.id != actor.id:
        # The person's list shows who withdrew it and why.
        row.decided_by, row.decided_at, row.decision_note = actor.id, row.updated_at, reason
    session.add(row)
    session.flush()
    record(
        session=session,
        actor=actor,
        entity_type="time_off_request",
        entity_id=row.id,
        action=action,
        before=before,
        after=_audit_view(row),
        reason=reason,
        kind="time_off",
    )
    refresh(session=session, start=window[0], end=window[1], actor=actor)
    if employee.id != actor.id:
        notifications.notify(
            session,
            [employee],
            notifications.TIME_OFF_DECIDED,
            title,
            notifications.with_note(message, reason),
            "/time-off",
        )
    return request_view(row, _names(session, {row.employee_id, row.decided_by}))


def _leave_audit(leave: Availability, row: TimeOffRequest) -> dict[str, Any]:
    return {
        "employee_id": leave.employee_id,
        "start_time": leave.start_at.isoformat(),
        "end_time": leave.end_at.isoformat(),
        "kind": leave.kind,
        "time_off_request_id": row.id,
    }


def _end_from_today(
    session: Session, actor: Employee, employee: Employee, row: TimeOffRequest, reason: str | None, today: date
) -> TimeOffView:
    """Approved leave withdrawn once under way: the days before today were taken and stay so (in the
    person's totals and as leave), so the leave and the request end yesterday; from today the person
    is free to be planned. The request stays approved, and says who ended it and why."""
    before = _audit_view(row)
    freed_from = to_utc(today, time(0, 0))
    _start, end = leave_window(row.start_date, row.end_date)
    leave = session.get(Availability, row.availability_id) if row.availability_id else None
    if leave is not None and leave.end_at > freed_from:
        leave_before = _leave_audit(leave, row)
        leave.end_at = freed_from
        session.add(leave)
        session.flush()
        record(
            session=session,
            actor=actor,
            entity_type="availability",
            entity_id=leave.id,
            action="update",
            before=leave_before,
            after=_leave_audit(leave, row),
            reason=reason,
            kind="time_off",
        )
    row.end_date = today - timedelta(days=1)
    message = Message(
        "{name} ended your approved {kind} leave from today, {today}; {days} stays as leave taken.",
        name=actor.full_name,
        kind=Term(row.kind),
        today=DayLabel(today),
        days=_days_label(row),
    )
    return _settle_withdrawal(
        session,
        actor,
        employee,
        row,
        before=before,
        action="end_early",
        reason=reason,
        window=(freed_from, end),
        title="Approved time off ended early",
        message=message,
    )


# Whole sentences, not a word put in one: the past participle agrees in Italian.
_ALREADY = {
    "approved": "This request was already approved; reload to see its current state",
    "declined": "This request was already declined; reload to see its current state",
    "cancelled": "This request was already cancelled; reload to see its current state",
}


def _days_label(row: TimeOffRequest) -> DayLabel | Message:
    if row.end_date == row.start_date:
        return DayLabel(row.start_date)
    return Message("{start} to {end}", start=DayLabel(row.start_date), end=DayLabel(row.end_date))


def may_cancel_own(view: TimeOffView) -> bool:
    """Whether the person may still cancel this request of theirs (a hint for pages; the service decides)."""
    if view.status == TimeOffStatus.requested.value:
        return True
    return view.status == TimeOffStatus.approved.value and view.start_date > planning_today()


def approved_ahead(*, session: Session, actor: Employee) -> list[TimeOffView]:
    """Approved leave that has not ended, of the leader's bureau (every bureau's for planners),
    soonest first: what a leader may withdraw."""
    _require_decider(actor)
    query = (
        select(TimeOffRequest, Employee)
        .join(Employee, col(Employee.id) == col(TimeOffRequest.employee_id))
        .where(
            TimeOffRequest.status == TimeOffStatus.approved.value,
            col(TimeOffRequest.end_date) >= planning_today(),
            col(Employee.deleted_at).is_(None),
        )
    )
    if not access.is_planner(actor):
        query = query.where(Employee.bureau_id == actor.bureau_id)
    pairs = list(
        session.exec(query.order_by(col(TimeOffRequest.start_date), col(TimeOffRequest.created_at)).limit(MAX_PENDING))
    )
    bureaus = bureau_names(session)
    names = _names(session, {*(e.id for _r, e in pairs), *(r.decided_by for r, _e in pairs)})
    bureau_of = {e.id: bureaus.get(e.bureau_id or "", "") for _r, e in pairs}
    return [request_view(row, names, bureau_of) for row, _employee in pairs]


def _decide(
    *,
    session: Session,
    actor: Employee,
    request_id: Any,
    expected_version: int | None,
    note: Any,
    approve: bool,
) -> DecidedTimeOff:
    _require_decider(actor)
    row = _request_for_update(session, request_id)
    employee = session.get(Employee, row.employee_id)
    if employee is None or employee.deleted_at is not None:
        raise NotFound("The person who asked for this time off no longer exists")
    if not may_decide_for(actor, employee):
        raise Forbidden("You can decide only on time off of people in the bureau you lead")
    access.refuse_own_decision(
        actor, (employee.id,), "Your own time off is decided by another team leader or a manager"
    )
    note_text = decision_note(note)
    lock_people(session, [employee.id])
    session.refresh(row)
    _check_still_open(row, expected_version)
    before = _audit_view(row)
    row.status = TimeOffStatus.approved.value if approve else TimeOffStatus.declined.value
    row.decided_by, row.decided_at = actor.id, utcnow()
    row.decision_note = note_text
    row.updated_at = row.decided_at
    created: list[RuleFinding] = []
    if approve:
        start, end = leave_window(row.start_date, row.end_date)
        created = conflicts_if_approved(session=session, row=row)
        leave = Availability(
            employee_id=employee.id, start_at=start, end_at=end, kind="leave", reason=f"Time off: {row.kind}"
        )
        session.add(leave)
        session.flush()
        row.availability_id = leave.id
        record(
            session=session,
            actor=actor,
            entity_type="availability",
            entity_id=leave.id,
            action="create",
            after=_leave_audit(leave, row),
            kind="time_off",
        )
    session.add(row)
    session.flush()
    record(
        session=session,
        actor=actor,
        entity_type="time_off_request",
        entity_id=row.id,
        action="approve" if approve else "decline",
        before=before,
        after=_audit_view(row),
        reason=row.decision_note,
        kind="time_off",
    )
    if approve:
        refresh(session=session, start=start, end=end, actor=actor)
    if employee.id != actor.id:
        decided = (
            "{name} approved your {kind} request for {days}."
            if approve
            else "{name} declined your {kind} request for {days}."
        )
        body = notifications.with_note(
            Message(decided, name=actor.full_name, kind=Term(row.kind), days=_days_label(row)), row.decision_note
        )
        title = "Time off approved" if approve else "Time off declined"
        notifications.notify(session, [employee], notifications.TIME_OFF_DECIDED, title, body, "/time-off")
    view = request_view(row, _names(session, {employee.id, actor.id}))
    return DecidedTimeOff(**_fields(view), conflicts_created=[c.text(reading_language()) for c in created])


def approve_time_off(
    *, session: Session, actor: Employee, request_id: Any, expected_version: int | None, note: Any = None
) -> DecidedTimeOff:
    """Approve: the leave becomes the person's availability and the window's conflicts are refreshed."""
    return _decide(
        session=session, actor=actor, request_id=request_id, expected_version=expected_version, note=note, approve=True
    )


def decline_time_off(
    *, session: Session, actor: Employee, request_id: Any, expected_version: int | None, note: Any = None
) -> DecidedTimeOff:
    """Decline, with an optional note the person sees."""
    return _decide(
        session=session, actor=actor, request_id=request_id, expected_version=expected_version, note=note, approve=False
    )
