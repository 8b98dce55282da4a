"""Changes made on the schedule's time axis: move a shift in time, resize it, change its role, give a
person's place to someone else, assign an open place, or open a place up again; add a shift, copy
one, delete one, and move several shifts together.

Each kind of change has one function that both previews and writes (`write=False` or `True`): the
preview is the same plan, checked by the same rule engine call, as the write that follows it, so the
two cannot disagree. A write refuses hard conflicts unless forced (the forcing rule of
services/shifts.py: `force` is enough, a reason is kept when given), and refuses a shift changed since
its preview (409). Planners change every bureau's shifts, a team leader those of the bureau they lead
(`access.leads_or_plans`), as in Copy & repeat."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from shiftapp.i18n import reading_language, translate
from shiftapp.i18n.values import Term
from shiftapp.models import SHIFT_ROLES, Assignment, Bureau, Employee, Shift
from shiftapp.rules import Assign, Batch, ChangeResult, DeleteShift, MoveShift, Unassign, UpdateShift
from shiftapp.rules.snapshot import AssignmentSnapshot
from shiftapp.services import access
from shiftapp.services.audit import overridden_conflicts
from shiftapp.services.bureaus import bureau_names
from shiftapp.services.errors import Conflict, Forbidden, NotFound, ValidationFailed
from shiftapp.services.locks import lock_people, lock_shift_and_people, lock_shifts_and_people
from shiftapp.services.shift_views import window_from_local, zone
from shiftapp.services.shifts import (
    UNSET,
    NewShift,
    check_change,
    check_version,
    parse_hhmm,
    plan_new_shift,
    refresh_around,
    refuse_unless_forced,
    validate_window,
    write_assign,
    write_delete,
    write_move,
    write_new_shift,
    write_unassign,
)
from shiftapp.services.snapshots import shift_snapshot
from shiftapp.services.text_limits import check_date_range, check_reason
from shiftapp.services.timeline_axis import day_label


@dataclass(frozen=True)
class AxisChange:
    """What a drag, a resize or the Move dialog asks for.

    `item_id` is an axis item: `a:<assignment id>` (a person's place) or `o:<shift id>` (open places).
    `start` and `end` are wall-clock times in the planning zone ("2026-12-07T08:15"); None keeps the
    shift's own (a start alone keeps the shift's length). `target` is a row: `p:<employee id>` or
    `open:<bureau id>`; None keeps the item's row. `role` is the shift's required role (the Edit
    dialog): None keeps it, "" clears it."""

    item_id: str
    start: str | None = None
    end: str | None = None
    target: str | None = None
    role: str | None = None  # the shift's required role; None keeps it, "" clears it


@dataclass(frozen=True)
class AxisOutcome:
    result: ChangeResult
    summary: str  # the change in words
    shift_id: str
    shift_version: int
    written: bool
    forced: bool


def _wall(value: str, field: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        raise ValidationFailed(
            f"{field} must be a date and time like 2026-12-07T08:00", details={"field": field}
        ) from None
    if parsed.tzinfo is not None:
        raise ValidationFailed(f"{field} must be a local time, without a zone", details={"field": field})
    check_date_range(parsed.date(), field)
    return parsed.replace(tzinfo=zone())


def _describe(at: datetime, until: datetime, lang: str = "en") -> str:
    start, end = at.astimezone(zone()), until.astimezone(zone())
    return f"{day_label(start.date(), lang)} {start:%H:%M}–{end:%H:%M}"


def _kind(shift: Shift, lang: str) -> str:
    """ "Night shift" / "turno Night"; "shift" / "turno"."""
    if shift.shift_type:
        return translate("{type} shift", lang, type=Term(shift.shift_type))
    return translate("shift", lang)


def _with_role(template: str, role: str) -> str:
    """The template for "a {role}" or "an {role}" in English (both read the same in Italian)."""
    return template.replace("a {role}", "an {role}") if role[:1] in ("a", "e", "i", "o", "u") else template


def _person(session: Session, employee_id: str) -> Employee:
    person = session.get(Employee, employee_id)
    if person is None or person.deleted_at is not None:
        raise NotFound("Employee not found")
    return person


def _item(session: Session, item_id: Any) -> tuple[Shift, Assignment | None]:
    if not isinstance(item_id, str) or item_id[:2] not in ("a:", "o:"):
        raise ValidationFailed("Pick a shift on the schedule", details={"field": "item_id"})
    if item_id.startswith("a:"):
        assignment = session.get(Assignment, item_id[2:])
        if assignment is None:
            raise NotFound("This place on the shift is gone; reload the schedule")
        shift = session.get(Shift, assignment.shift_id)
        if shift is None:
            raise NotFound("Shift not found")
        return shift, assignment
    shift = session.get(Shift, item_id[2:])
    if shift is None:
        raise NotFound("Shift not found")
    return shift, None


def require_bureau(actor: Employee, bureau_id: str) -> None:
    """Planners change every bureau's shifts; a team leader those of the bureau they lead."""
    if not access.leads_or_plans(actor, bureau_id):
        raise Forbidden(
            "Only this bureau's team leaders, its schedulers, managers and administrators can change its shifts"
        )


@dataclass
class _Plan:
    """One axis item's change, worked out but not written: what the rule engine is asked, and what to do."""

    shift: Shift
    assignment: Assignment | None
    new_person: Employee | None
    opens_place: bool
    old_window: tuple[datetime, datetime]
    new_window: tuple[datetime, datetime]
    new_role: str | None
    steps: list[Any]
    summary: str
    new_assignment: Assignment | None

    retypes: bool  # the required role changes (decided when planned: the write changes the shift)

    @property
    def moves(self) -> bool:
        return self.new_window != self.old_window

    @property
    def window(self) -> tuple[datetime, datetime]:
        return min(self.new_window[0], self.old_window[0]), max(self.new_window[1], self.old_window[1])


def _role(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if value not in SHIFT_ROLES:
        raise ValidationFailed(
            # Made in the reader's language here: a message with its values filled in has no catalogue entry.
            translate("role must be one of {roles}, or none", reading_language(), roles=", ".join(sorted(SHIFT_ROLES))),
            details={"field": "role"},
        )
    return str(value)


def _target(session: Session, shift: Shift, assignment: Assignment | None, target: Any) -> tuple[Employee | None, bool]:
    """The person a change gives the place to (None: nobody new) and whether it opens the place."""
    if target is None:
        return None, False
    if not isinstance(target, str):
        raise ValidationFailed("Drop the shift on a person or on Open shifts", details={"field": "target"})
    if target.startswith("p:"):
        person = _person(session, target[2:])
        if assignment is not None and person.id == assignment.employee_id:
            return None, False
        return person, False
    if target.startswith("open:"):
        if target[5:] != shift.bureau_id:
            raise ValidationFailed(
                "A shift stays in its bureau: drop it on a person, or on its own bureau's Open shifts row",
                details={"field": "target"},
            )
        return None, assignment is not None
    raise ValidationFailed(
        "Drop the shift on a person's row or on Open shifts, not on a heading", details={"field": "target"}
    )


def _plan(session: Session, actor: Employee, change: AxisChange, *, write: bool) -> _Plan:
    shift, assignment = _item(session, change.item_id)
    require_bureau(actor, shift.bureau_id)
    new_person, opens_place = _target(session, shift, assignment, change.target)
    if write:
        lock_shift_and_people(session, shift.id, also=[new_person.id] if new_person else [])
        session.refresh(shift)
    old_start, old_end = shift.start_at, shift.end_at
    new_start = _wall(change.start, "start") if change.start else old_start
    if change.end:
        new_end = _wall(change.end, "end")
    elif change.start:
        new_end = new_start + (old_end - old_start)
    else:
        new_end = old_end
    validate_window(new_start, new_end)
    moves = (new_start, new_end) != (old_start, old_end)
    new_role = shift.required_role if change.role is None else _role(change.role)
    retypes = new_role != shift.required_role
    placed = list(session.exec(select(Assignment).where(Assignment.shift_id == shift.id)))
    if new_person is not None:
        if any(a.employee_id == new_person.id for a in placed):
            raise Conflict(translate("{name} is already on this shift", reading_language(), name=new_person.full_name))
        if assignment is None and len(placed) >= shift.capacity:
            raise ValidationFailed("This shift has no open place left", details={"field": "item_id"})
    if not (moves or retypes or new_person or opens_place):
        raise ValidationFailed("Nothing to change: the shift is already there", details={"field": "start"})
    if shift.status == "cancelled":
        raise ValidationFailed("A cancelled shift cannot be moved or staffed", details={"field": "item_id"})

    steps: list[Any] = []
    words: list[str] = []
    # The change in the reader's words (page events and API requests set the language).
    lang = reading_language()
    who = _person(session, assignment.employee_id).full_name if assignment is not None else ""
    kind = _kind(shift, lang)
    was = _describe(old_start, old_end, lang)
    if who:
        what = translate("{who}'s {kind} on {when}", lang, who=who, kind=kind, when=was)
    else:
        what = translate("the open {kind} on {when}", lang, kind=kind, when=was)
    others = len(placed) - (1 if assignment is not None else 0)
    also = translate(" (also for {count} other person(s) on it)", lang, count=others) if others > 0 else ""
    now = translate(", now {when}", lang, when=_describe(new_start, new_end, lang)) if moves else ""
    if retypes:
        proposed = replace(
            shift_snapshot(shift, bureau_names(session)), start=new_start, end=new_end, required_role=new_role
        )
        steps.append(UpdateShift(proposed))
        if new_role:
            role_words = translate(
                _with_role("make {what} a {role} shift", new_role), lang, what=what, role=Term(new_role)
            )
        else:
            role_words = translate("take the role off {what}", lang, what=what)
        words.append(role_words + now + also)
    elif moves:
        steps.append(MoveShift(shift.id, new_start, new_end))
        words.append(
            translate(
                "Move {what} to {when}{also}", lang, what=what, when=_describe(new_start, new_end, lang), also=also
            )
        )
    new_assignment: Assignment | None = None
    if assignment is not None and (new_person is not None or opens_place):
        steps.append(Unassign(assignment.id))
        changed = moves or retypes
        if opens_place or new_person is None:
            if changed:
                words.append(translate("take {who} off it (the place stays open)", lang, who=who))
            else:
                words.append(
                    translate(
                        "take {who} off the {kind} on {when} (the place stays open)", lang, who=who, kind=kind, when=was
                    )
                )
        elif changed:
            words.append(translate("give {who}'s place on it to {person}", lang, who=who, person=new_person.full_name))
        else:
            words.append(
                translate(
                    "give {who}'s place on the {kind} on {when} to {person}",
                    lang,
                    who=who,
                    kind=kind,
                    when=was,
                    person=new_person.full_name,
                )
            )
    if new_person is not None:
        new_assignment = Assignment(
            shift_id=shift.id, employee_id=new_person.id, source="manual", status="confirmed", created_by=actor.id
        )
        steps.append(
            Assign(
                AssignmentSnapshot(
                    id=new_assignment.id,
                    shift_id=shift.id,
                    employee_id=new_person.id,
                    status="confirmed",
                    source="manual",
                )
            )
        )
        if assignment is None:
            words.append(translate("assign {person} to {what}", lang, person=new_person.full_name, what=what))
    summary = "; ".join(words)
    return _Plan(
        shift=shift,
        assignment=assignment,
        new_person=new_person,
        opens_place=opens_place,
        old_window=(old_start, old_end),
        new_window=(new_start, new_end),
        new_role=new_role,
        retypes=retypes,
        steps=steps,
        summary=summary[:1].upper() + summary[1:],
        new_assignment=new_assignment,
    )


def _apply(
    session: Session, actor: Employee, plan: _Plan, result: ChangeResult, *, forced: bool, reason: str | None
) -> None:
    """Write a checked plan with its audit entries and messages (the caller refused what it had to)."""
    shift, assignment, new_person = plan.shift, plan.assignment, plan.new_person
    changes_shift = plan.moves or plan.retypes
    forced_note: dict[str, Any] = (
        {"forced": True, "conflicts_overridden": overridden_conflicts(result.hard)} if forced else {}
    )
    # A change of the shift carries the forcing note on the shift's entry; a change of people alone on theirs.
    if changes_shift:
        write_move(
            session,
            actor,
            shift,
            *plan.new_window,
            new_role=plan.new_role if plan.retypes else UNSET,
            reason=reason if forced else None,
            forced=result if forced else None,
        )
    people_reason = reason if forced and not changes_shift else None
    if assignment is not None and (new_person is not None or plan.opens_place):
        write_unassign(
            session,
            actor,
            shift,
            assignment,
            reason=people_reason,
            after=None if changes_shift else forced_note or None,
        )
    if plan.new_assignment is not None and new_person is not None:
        write_assign(
            session,
            actor,
            shift,
            plan.new_assignment,
            reason=people_reason,
            forced=result if forced and not changes_shift else None,
        )
    refresh_around(session, actor, plan.old_window, plan.new_window)


def _around(plans: Sequence[_Plan]) -> tuple[set[str], set[str]]:
    """The shifts these plans change and the people they bring onto them: all a check has to read."""
    return {p.shift.id for p in plans}, {p.new_person.id for p in plans if p.new_person is not None}


def change_on_axis(
    *,
    session: Session,
    actor: Employee,
    change: AxisChange,
    write: bool,
    force: bool = False,
    reason: str | None = None,
    expected_version: int | None = None,
) -> AxisOutcome:
    """Plan the change, check it with the rule engine, and, when `write`, make it (see the module)."""
    check_reason(reason)
    plan = _plan(session, actor, change, write=write)
    shift = plan.shift
    # Only this shift and the people on it or coming onto it can gain or lose conflicts: the rules read
    # their shifts, not the whole organisation's (a drag preview answers while the pointer waits).
    result = check_change(session, Batch(tuple(plan.steps)), window=plan.window, around=_around([plan]))
    if not write:
        return AxisOutcome(result, plan.summary, shift.id, shift.version, written=False, forced=False)
    check_version(shift, expected_version)
    refuse_unless_forced(
        result, force, "This change would create conflicts", "Confirm with force to make the change anyway"
    )
    forced = force and bool(result.hard)
    _apply(session, actor, plan, result, forced=forced, reason=reason)
    return AxisOutcome(result, plan.summary, shift.id, shift.version, written=True, forced=forced)


# ------------------------------------------------------------------ several shifts at once
@dataclass(frozen=True)
class GroupOutcome:
    """A change of several shifts judged as one: the engine's answer for all, each shift's version."""

    result: ChangeResult
    summary: str
    lines: tuple[str, ...]
    versions: dict[str, int]
    written: bool
    forced: bool


# The most shifts moved together: a week of one desk, with room to spare.
MAX_GROUP = 60


def _shifted(wall: str, days: int) -> str:
    return (datetime.fromisoformat(wall) + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def move_together(
    *,
    session: Session,
    actor: Employee,
    item_ids: Sequence[str],
    days: int = 0,
    target: str | None = None,
    write: bool,
    force: bool = False,
    reason: str | None = None,
    expected_versions: dict[str, int] | None = None,
) -> GroupOutcome:
    """Move the selected items `days` days and/or onto one person's row, judged as one change: one
    preview lists every conflict, and the write makes all of them or none (one transaction)."""
    check_reason(reason)
    ids = list(dict.fromkeys(item_ids))
    if not ids:
        raise ValidationFailed("Select the shifts to move first", details={"field": "item_ids"})
    if len(ids) > MAX_GROUP:
        raise ValidationFailed(
            translate("Move at most {count} shifts at once", reading_language(), count=MAX_GROUP),
            details={"field": "item_ids"},
        )
    if not isinstance(days, int) or isinstance(days, bool) or abs(days) > 366:
        raise ValidationFailed("days must be a whole number from -366 to 366", details={"field": "days"})
    if days == 0 and not target:
        raise ValidationFailed("Say how many days to move them, or to whom", details={"field": "days"})
    tz = zone()
    found = [(item_id, *_item(session, item_id)) for item_id in ids]
    for _item_id, shift, _assignment in found:
        require_bureau(actor, shift.bureau_id)
    by_shift: dict[str, list[str]] = {}
    for item_id, shift, _assignment in found:
        by_shift.setdefault(shift.id, []).append(item_id)
    if target and any(len(items) > 1 for items in by_shift.values()):
        raise ValidationFailed(
            "Two places on one shift cannot both go to one person: select one place per shift",
            details={"field": "item_ids"},
        )
    if write:
        people = [target[2:]] if target and target.startswith("p:") else []
        lock_shifts_and_people(session, list(by_shift), also=people)
    plans: list[_Plan] = []
    for items in by_shift.values():
        for item_id in items if target else items[:1]:
            shift, _assignment = _item(session, item_id)
            if write:
                session.refresh(shift)
            start = shift.start_at.astimezone(tz).strftime("%Y-%m-%dT%H:%M") if days else None
            plans.append(
                _plan(
                    session,
                    actor,
                    AxisChange(item_id=item_id, start=_shifted(start, days) if start else None, target=target),
                    write=False,
                )
            )
    steps = tuple(step for plan in plans for step in plan.steps)
    window = (min(p.window[0] for p in plans), max(p.window[1] for p in plans))
    result = check_change(session, Batch(steps), window=window, around=_around(plans))
    lines = tuple(p.summary for p in plans)
    versions = {p.shift.id: p.shift.version for p in plans}
    summary = translate("{count} shift(s) change together", reading_language(), count=len(plans))
    if not write:
        return GroupOutcome(result, summary, lines, versions, written=False, forced=False)
    for plan in plans:
        expected = (expected_versions or {}).get(plan.shift.id)
        check_version(plan.shift, expected if isinstance(expected, int) else None)
    refuse_unless_forced(
        result, force, "These changes would create conflicts", "Confirm with force to make them anyway"
    )
    forced = force and bool(result.hard)
    for plan in plans:
        _apply(session, actor, plan, result, forced=forced, reason=reason)
    return GroupOutcome(result, summary, lines, versions, written=True, forced=forced)


# ------------------------------------------------------------------ add, copy, delete
@dataclass(frozen=True)
class ShiftForm:
    """The Add shift dialog: a local date, HH:MM times (an end at or before the start is the next
    day), the required role ("" for none), the person (`p:<employee id>`, or "" / `open:<bureau>` for
    an open shift) and the bureau."""

    bureau_id: str
    day: str
    start: str
    end: str
    role: str = ""
    person: str = ""


@dataclass(frozen=True)
class NewOutcome:
    result: ChangeResult
    summary: str
    shift_id: str
    written: bool
    forced: bool


def _new_shift(session: Session, actor: Employee, form: ShiftForm) -> tuple[NewShift, str]:
    if not isinstance(form.bureau_id, str) or session.get(Bureau, form.bureau_id) is None:
        raise ValidationFailed("Pick a bureau", details={"field": "bureau_id"})
    require_bureau(actor, form.bureau_id)
    try:
        day = date.fromisoformat(str(form.day))
    except ValueError:
        raise ValidationFailed("Pick a date like 2026-12-07", details={"field": "date"}) from None
    check_date_range(day, "date")
    start_at, end_at = parse_hhmm(form.start, "start time"), parse_hhmm(form.end, "end time")
    start, end = window_from_local(day, start_at, end_at)
    role = _role(form.role)
    person: Employee | None = None
    if form.person and not (isinstance(form.person, str) and form.person.startswith("open:")):
        if not isinstance(form.person, str) or not form.person.startswith("p:"):
            raise ValidationFailed("Pick a person, or Open shift", details={"field": "person"})
        person = _person(session, form.person[2:])
    draft = NewShift(
        bureau_id=form.bureau_id,
        start_time=start,
        end_time=end,
        employee_id=person.id if person else None,
        capacity=1,
        required_role=role,
        source="manual",
    )
    lang = reading_language()
    who = person.full_name if person else translate("an open place", lang)
    when = _describe(start, end, lang)
    if role:
        words = translate(
            _with_role("Add a {role} shift on {when} for {who}", role), lang, role=Term(role), when=when, who=who
        )
    else:
        words = translate("Add a shift on {when} for {who}", lang, when=when, who=who)
    return draft, words


def add_on_axis(
    *,
    session: Session,
    actor: Employee,
    form: ShiftForm,
    write: bool,
    force: bool = False,
    reason: str | None = None,
) -> NewOutcome:
    """Add a draft shift (a person's, or one open place): previewed and written by this one call."""
    check_reason(reason)
    draft, summary = _new_shift(session, actor, form)
    if write and draft.employee_id:
        lock_people(session, [draft.employee_id])
    planned = plan_new_shift(session=session, actor=actor, draft=draft)
    if not write:
        return NewOutcome(planned.result, summary, "", written=False, forced=False)
    refuse_unless_forced(planned.result, force, "This shift would create conflicts", "Confirm with force to add it")
    forced = force and bool(planned.result.hard)
    created = write_new_shift(session=session, actor=actor, planned=planned, force=forced, reason=reason)
    return NewOutcome(planned.result, summary, created.id, written=True, forced=forced)


def copy_form(session: Session, item_id: Any, day: str, person: str | None) -> ShiftForm:
    """The Add form of a copy of an item's shift on `day` (its own hours, role and bureau), for
    `person` (`p:<id>`, `open:<bureau>`), or, when None, for whoever holds the item's place."""
    shift, assignment = _item(session, item_id)
    tz = zone()
    start, end = shift.start_at.astimezone(tz), shift.end_at.astimezone(tz)
    if person is None:
        person = f"p:{assignment.employee_id}" if assignment is not None else ""
    return ShiftForm(
        bureau_id=shift.bureau_id,
        day=day,
        start=f"{start:%H:%M}",
        end=f"{end:%H:%M}",
        role=shift.required_role or "",
        person=person,
    )


@dataclass(frozen=True)
class DeleteOutcome:
    result: ChangeResult
    summary: str
    shift_id: str
    shift_version: int
    written: bool


def delete_on_axis(
    *,
    session: Session,
    actor: Employee,
    item_id: Any,
    write: bool,
    reason: str | None = None,
    expected_version: int | None = None,
) -> DeleteOutcome:
    """Remove an item's shift (with every place on it): previewed and written by this one call. A
    removal cannot break a hard rule; what it leaves short shows as warnings."""
    check_reason(reason)
    shift, _assignment = _item(session, item_id)
    require_bureau(actor, shift.bureau_id)
    if write:
        lock_shift_and_people(session, shift.id)
        session.refresh(shift)
    placed = list(session.exec(select(Assignment).where(Assignment.shift_id == shift.id)))
    lang = reading_language()
    names = ", ".join(sorted(_person(session, a.employee_id).full_name for a in placed)) or translate(
        "nobody yet", lang
    )
    summary = translate(
        "Delete the {kind} on {when} ({names})",
        lang,
        kind=_kind(shift, lang),
        when=_describe(shift.start_at, shift.end_at, lang),
        names=names,
    )
    result = check_change(session, DeleteShift(shift.id), window=(shift.start_at, shift.end_at))
    if not write:
        return DeleteOutcome(result, summary, shift.id, shift.version, written=False)
    check_version(shift, expected_version)
    version = shift.version
    write_delete(session=session, actor=actor, shift=shift, reason=reason)
    return DeleteOutcome(result, summary, shift.id, version, written=True)


def shift_of_item(session: Session, item_id: Any) -> tuple[Shift, Assignment | None]:
    """The shift (and place) an axis item stands for; NotFound when it is gone."""
    return _item(session, item_id)


__all__ = [
    "AxisChange",
    "AxisOutcome",
    "DeleteOutcome",
    "GroupOutcome",
    "NewOutcome",
    "ShiftForm",
    "add_on_axis",
    "change_on_axis",
    "copy_form",
    "delete_on_axis",
    "move_together",
    "require_bureau",
    "shift_of_item",
]
