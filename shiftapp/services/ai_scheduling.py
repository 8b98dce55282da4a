"""Seed 002 AI Scheduling, done the shiftapp way: the CP-SAT solver writes the schedule, the rule
engine checks it, and the language model only explains (with a deterministic fallback)."""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from sqlmodel import Session, col, select

from shiftapp.ai.client import get_client
from shiftapp.db import session_scope
from shiftapp.i18n import reading_language, translate
from shiftapp.i18n.messages import Lines, Message, ShortWhen, from_json, to_json
from shiftapp.i18n.values import Term
from shiftapp.models import Assignment, Availability, Bureau, Employee, Job, Preference, Shift, StoredConflict
from shiftapp.rules import (
    Assign,
    AssignmentSnapshot,
    Batch,
    ChangeResult,
    Conflict,
    CreateShift,
    MoveShift,
    ShiftSnapshot,
    Unassign,
    evaluate_change,
)
from shiftapp.scheduling.roster import (
    Cover,
    Request,
    RosterProblem,
    RosterSolution,
    ShiftType,
    StaffMember,
    Violation,
    solve_roster,
)
from shiftapp.scheduling.roster import Progress as SolverProgress
from shiftapp.services import access, jobs
from shiftapp.services.audit import record
from shiftapp.services.bureaus import list_bureaus
from shiftapp.services.conflicts import refresh
from shiftapp.services.errors import HardConflicts, NotFound, ValidationFailed
from shiftapp.services.generation_contracts import (
    AdjustTimeFix,
    ConflictFix,
    ConflictFixes,
    GeneratedSchedule,
    GeneratedShift,
    GenerationJobView,
    GenerationOutcome,
    GenerationRequest,
    GenerationSummary,
    Reassigned,
    ReassignFix,
    RuleNote,
    SavedSchedule,
    ScheduleShift,
    ShiftPattern,
    TimeAdjusted,
)
from shiftapp.services.locks import lock_people
from shiftapp.services.shift_views import window_from_local, zone
from shiftapp.services.shifts import parse_hhmm
from shiftapp.services.snapshots import rule_settings, staff_plan

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PREFERENCE_WEIGHT = 5
SHIFT_TYPES = ("Morning", "Afternoon", "Evening", "Night")
GENERATE_KIND = "generate_schedule"
log = logging.getLogger("shiftapp.jobs")


def shift_type_of(pattern_name: str | None) -> str:
    """ "Morning Shift" is a Morning shift: the same type the rule engine compares preferences with."""
    return next((t for t in SHIFT_TYPES if t.lower() in (pattern_name or "").lower()), pattern_name or "Shift")


def _leader(actor: Employee) -> None:
    access.require_team_leader_or_admin(actor, "Only team leaders and administrators can generate schedules")


@dataclass
class Generation:
    """What the solver is asked (read from the database once) and what is needed to turn its roster
    back into the seed's generated shifts."""

    bureau_id: str
    bureau_name: str
    days: list[date]
    patterns: dict[str, ShiftPattern]  # shift type id -> the request's pattern
    people: dict[str, tuple[str, str]]  # employee id -> (name, role)
    problem: RosterProblem
    unconfirmed: int

    def fingerprint(self) -> str:
        """Changes whenever anything the solver reads changes (people, leave, preferences, shifts)."""
        return jobs.fingerprint(dataclasses.asdict(self.problem))


# The most days generated at once (about three months): longer ranges are generated in parts.
MAX_GENERATION_DAYS = 93


def weeks_and_days(days: int) -> str:
    """16 weeks and 1 day."""
    weeks, rest = divmod(days, 7)
    said = [f"{weeks} week{'s' * (weeks != 1)}"] if weeks else []
    said += [f"{rest} day{'s' * (rest != 1)}"] if rest or not weeks else []
    return " and ".join(said)


def generation_range_problem(start_date: date, end_date: date) -> str | None:
    """What is wrong with a range to generate, in words naming the limit, or None."""
    if end_date < start_date:
        return f"the last day ({end_date:%d %b %Y}) comes before the first ({start_date:%d %b %Y})"
    days = (end_date - start_date).days + 1
    if days > MAX_GENERATION_DAYS:
        return (
            f"at most {MAX_GENERATION_DAYS} days ({weeks_and_days(MAX_GENERATION_DAYS)}, about 3 months) are "
            f"generated at once, and {start_date:%d %b %Y} to {end_date:%d %b %Y} is {days} days "
            f"({weeks_and_days(days)}): pick a shorter range, or generate it in parts"
        )
    return None


def prepare_generation(*, session: Session, actor: Employee, request: GenerationRequest) -> Generation:
    """Validate the request and read everything the solver needs; raises a specific error otherwise."""
    _leader(actor)
    bureau_id, start_date, end_date = request.bureau_id, request.start_date, request.end_date
    shift_patterns, constraints = request.shift_patterns, request.constraints
    bureau = session.get(Bureau, bureau_id) if isinstance(bureau_id, str) else None
    if bureau is None:
        raise ValidationFailed("bureau_id must name a known bureau", details={"field": "bureau_id"})
    range_problem = generation_range_problem(start_date, end_date)
    if range_problem:
        raise ValidationFailed(
            f"Invalid date range: {range_problem}",
            details={"field": "end_date", "max_days": MAX_GENERATION_DAYS, "days": (end_date - start_date).days + 1},
        )
    if not shift_patterns:
        raise ValidationFailed("shift_patterns must list at least one pattern", details={"field": "shift_patterns"})
    horizon = (end_date - start_date).days + 1
    days = [start_date + timedelta(days=i) for i in range(horizon)]
    types: list[ShiftType] = []
    pattern_days: dict[str, tuple[set[str], int, ShiftPattern]] = {}
    for n, pattern in enumerate(shift_patterns):
        start, end = parse_hhmm(pattern.start_time, "start_time"), parse_hhmm(pattern.end_time, "end_time")
        length = ((end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)) % (24 * 60) or 24 * 60
        runs_on = pattern.days or WEEKDAYS
        bad = [d for d in runs_on if d not in WEEKDAYS]
        if bad:
            raise ValidationFailed(f"{bad[0]} is not a weekday name like Monday", details={"field": "shift_patterns"})
        types.append(
            ShiftType(
                id=f"p{n}",
                length_minutes=length,
                start_minute=start.hour * 60 + start.minute,
                name=pattern.name or f"Shift {n + 1}",
            )
        )
        pattern_days[f"p{n}"] = (set(runs_on), max(1, pattern.staff), pattern)
    people = list(
        session.exec(
            select(Employee)
            .where(
                Employee.bureau_id == bureau.id,
                col(Employee.deleted_at).is_(None),
                Employee.status == "active",
                Employee.shift_role != "driver",
            )
            .order_by(Employee.full_name)
        )
    )
    if not people:
        raise ValidationFailed("This bureau has no active employees to schedule")
    lo = window_from_local(start_date, time(0), time(0))[0]
    hi = window_from_local(end_date + timedelta(days=1), time(0), time(0))[0]
    busy: dict[str, set[int]] = {p.id: set() for p in people}
    for shift, assignment in session.exec(
        select(Shift, Assignment)
        .join(Assignment, col(Assignment.shift_id) == Shift.id)
        .where(Shift.start_at < hi, Shift.end_at > lo, Shift.status != "cancelled")
    ):
        if assignment.employee_id in busy:
            local = shift.start_at.astimezone(zone()).date()
            if start_date <= local <= end_date:
                busy[assignment.employee_id].add((local - start_date).days)
    for leave in session.exec(
        select(Availability).where(
            Availability.start_at < hi, Availability.end_at > lo, col(Availability.kind).in_(["leave", "unavailable"])
        )
    ):
        if leave.employee_id in busy:
            for i, day in enumerate(days):
                d_lo, d_hi = (
                    window_from_local(day, time(0), time(0))[0],
                    window_from_local(day + timedelta(days=1), time(0), time(0))[0],
                )
                if leave.start_at < d_hi and leave.end_at > d_lo:
                    busy[leave.employee_id].add(i)
    preferences = {p.employee_id: p for p in session.exec(select(Preference))}
    respect = constraints.respect_preferences
    week_cap = constraints.max_shifts_per_week
    staff: list[StaffMember] = []
    unconfirmed = 0
    for person in people:
        pref = preferences.get(person.id)
        if pref is not None and not pref.confirmed:
            unconfirmed += 1
        off: list[Request] = []
        cap = week_cap
        if pref is not None and pref.confirmed:
            if pref.max_shifts_per_week is not None:
                cap = min(cap, pref.max_shifts_per_week) if cap else pref.max_shifts_per_week
            if respect:
                for i, day in enumerate(days):
                    for t in types:
                        wrong_day = pref.preferred_days and WEEKDAYS[day.weekday()] not in pref.preferred_days
                        wrong_type = pref.preferred_shifts and shift_type_of(t.name) not in pref.preferred_shifts
                        if wrong_day or wrong_type:
                            off.append(Request(i, t.id, PREFERENCE_WEIGHT))
        staff.append(
            StaffMember(
                id=person.id,
                name=person.full_name,
                role=person.shift_role,
                days_off=frozenset(busy[person.id]),
                off_requests=tuple(off),
                shifts_per_week=cap,
                max_consecutive=6,
                min_days_off=1,
            )
        )
    cover: list[Cover] = []
    seniors = constraints.min_senior_per_shift
    for i, day in enumerate(days):
        for t in types:
            weekdays, staff_needed, _pattern = pattern_days[t.id]
            if WEEKDAYS[day.weekday()] in weekdays:
                cover.append(Cover(i, t.id, staff_needed, 100, 50))
                if seniors:
                    cover.append(Cover(i, t.id, seniors, 80, 0, role="senior"))
            else:
                cover.append(Cover(i, t.id, 0, 0, 10_000))  # the pattern does not run that day
    problem = RosterProblem(
        horizon=horizon,
        shifts=types,
        staff=staff,
        cover=cover,
        first_weekday=start_date.weekday(),
        min_rest_minutes=int(rule_settings().min_rest_hours * 60),
        back_to_back_weight=10 if constraints.avoid_back_to_back else 0,
        back_to_back_minutes=int((rule_settings().min_rest_hours + 2) * 60),
        fairness_weight=3,
    )
    return Generation(
        bureau_id=bureau.id,
        bureau_name=bureau.name,
        days=days,
        patterns={type_id: pattern for type_id, (_d, _n, pattern) in pattern_days.items()},
        people={p.id: (p.full_name, p.shift_role) for p in people},
        problem=problem,
        unconfirmed=unconfirmed,
    )


def solve_generation(
    generation: Generation,
    *,
    time_limit_s: float,
    on_progress: SolverProgress | None = None,
    stop_event: threading.Event | None = None,
    hint: dict[str, list[str | None]] | None = None,
) -> RosterSolution:
    solution = solve_roster(
        generation.problem, time_limit_s=time_limit_s, on_progress=on_progress, stop_event=stop_event, hint=hint
    )
    if not solution.assignment:
        if solution.status == "STOPPED":
            raise ValidationFailed("Generation was stopped before the solver found a first schedule")
        if solution.status == "UNKNOWN":
            raise ValidationFailed("The solver found no schedule within the time limit; allow more time")
        raise ValidationFailed("No schedule satisfies the hard rules for these dates and patterns; relax them")
    return solution


def generation_response(
    session: Session, generation: Generation, solution: RosterSolution
) -> tuple[GenerationOutcome, Message | None]:
    """The seed's response: generated shifts, the summary (with the rule engine's own count of hard
    conflicts, never the solver's), and notes explaining the solver's breakdown; with the notes as a
    template when they are the app's own words (None when Claude rephrased them)."""
    planned: list[GeneratedShift] = []
    for person_id, row in solution.assignment.items():
        name, role = generation.people[person_id]
        for i, type_id in enumerate(row):
            if type_id is None:
                continue
            pattern = generation.patterns[type_id]
            planned.append(
                GeneratedShift(
                    date=generation.days[i].isoformat(),
                    start_time=pattern.start_time,
                    end_time=pattern.end_time,
                    employee_id=person_id,
                    employee_name=name,
                    role=role,
                    bureau=generation.bureau_name,
                    shift_type=shift_type_of(pattern.name),
                )
            )
    planned.sort(key=lambda g: (g.date, g.start_time, g.employee_name))
    check = _check(session, generation.bureau_id, generation.bureau_name, planned)
    notes: dict[int, list[RuleNote]] = {}
    for conflict in check.introduced:  # _check names the n-th generated shift "new-n"
        for shift_id in conflict.shift_ids:
            if shift_id.startswith("new-"):
                notes.setdefault(int(shift_id[4:]), []).append(
                    RuleNote(code=conflict.code, severity=conflict.severity, message=conflict.message)
                )
    generated = tuple(
        dataclasses.replace(g, conflicts=tuple(notes[n])) if n in notes else g for n, g in enumerate(planned)
    )
    summary = GenerationSummary(
        total_shifts=len(generated),
        shifts_per_employee=dict(Counter(g.employee_name for g in generated)),
        conflicts_detected=len(check.hard),
        soft_conflicts=len(check.soft),
        objective=solution.objective,
        best_bound=solution.best_bound,
        proven_optimal=solution.proven_optimal,
        time_limit_reached=solution.time_limit_reached,
        solver_seconds=round(solution.seconds, 2),
        breakdown=solution.breakdown,
    )
    facts = explanation(summary, solution.violations, generation.unconfirmed)
    rephrased = rephrase(facts.render("en"))
    outcome = GenerationOutcome(
        success=True,
        schedule=GeneratedSchedule(
            generated_shifts=generated,
            summary=summary,
            ai_notes=rephrased or facts.render("en"),
        ),
        saved=False,
        shift_ids=(),
        unconfirmed_preferences_count=generation.unconfirmed,
    )
    return outcome, None if rephrased else facts


def start_generation_job(
    *, session: Session, actor: Employee, request: GenerationRequest, time_limit_s: float = 60.0
) -> tuple[Job, bool]:
    """A generation as a job run by a job worker (the background call, and the synchronous one, which
    waits for it): (job, started). Bad requests fail here, before a job exists; progress (best cost so
    far and the solver's lower bound) is written to the job row; a stopped job keeps the best schedule
    found until then as its result."""
    generation = prepare_generation(session=session, actor=actor, request=request)

    return jobs.start_job(
        session=session,
        actor=actor,
        kind=GENERATE_KIND,
        request=request.as_json(time_limit_s),
        data_fingerprint=generation.fingerprint(),
    )


@jobs.runner(GENERATE_KIND)
def _run_generation_job(ticket: jobs.JobTicket, progress: jobs.Progress) -> dict[str, Any]:
    """The job's work in a job worker, from its stored request. A run after a stopped worker starts from
    the best roster the last run saved, with the time that run had left."""
    params = ticket.params
    time_limit_s = float(params["time_limit_seconds"])
    with session_scope() as session:
        actor = session.get(Employee, ticket.created_by) if ticket.created_by else None
        if actor is None:
            raise ValidationFailed("The job's owner is no longer known; start it again")
        generation = prepare_generation(session=session, actor=actor, request=GenerationRequest.from_json(params))
    saved = progress.checkpoint or {}
    data = generation.fingerprint()  # a roster saved for other data is no hint
    hint = saved.get("roster") if saved.get("fingerprint") == data else None
    spent = float(saved.get("seconds", 0.0)) if hint else 0.0
    if hint:
        log.info("job %s starts again from its saved roster (%.0f s of %.0f s spent)", ticket.id, spent, time_limit_s)
    left = max(5.0, time_limit_s - spent)
    progress(
        min(0.99, spent / time_limit_s),
        "Starting again from the best schedule saved so far"
        if hint
        else "Looking for a first schedule that breaks no hard rule",
        force=True,
    )

    def report(event: dict[str, Any]) -> None:
        bound = event.get("bound") or 0
        seconds = spent + event["seconds"]
        if event.get("roster"):
            progress.save_checkpoint({"fingerprint": data, "roster": event["roster"], "seconds": seconds})
        progress(
            min(0.99, seconds / time_limit_s),
            Message(
                "Best schedule so far costs {cost} (no schedule can cost less than {bound}) after {seconds} s",
                cost=f"{event['objective']:.0f}",
                bound=f"{bound:.0f}",
                seconds=f"{seconds:.0f}",
            ),
        )

    solution = solve_generation(generation, time_limit_s=left, on_progress=report, stop_event=progress.stop, hint=hint)
    progress(0.99, "Checking the schedule with the rule engine", force=True)
    with session_scope() as job_session:
        outcome, notes = generation_response(job_session, generation, solution)
    result = outcome.as_json()
    if notes is not None:
        result[NOTES_TEXT] = to_json(notes)
    return result


# Beside the outcome in a job's result: the notes' template, so they read in the language of whoever asks.
NOTES_TEXT = "ai_notes_text"


def _outcome(result: dict[str, Any], lang: str | None) -> GenerationOutcome:
    outcome = GenerationOutcome.from_json(result)
    notes = from_json(result.get(NOTES_TEXT))
    if notes is None:
        return outcome
    localized = notes.render(lang or reading_language())
    return dataclasses.replace(outcome, schedule=dataclasses.replace(outcome.schedule, ai_notes=localized))


def generation_result(job: Job) -> GenerationOutcome:
    """A finished generation job's response (a stopped one's best schedule so far); its refusal raised
    as the same error the solver's caller raised."""
    return _outcome(jobs.finished_result(job), None)


def _job_view(job: Job, lang: str | None = None) -> GenerationJobView:
    return GenerationJobView(
        job_id=job.id,
        id=job.id,
        kind=job.kind,
        status=job.status,
        progress=round(job.progress, 3),
        message=jobs.job_message(job, lang),
        params=job.params,
        result=_outcome(job.result, lang) if job.result else None,
        error=job.error,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        attempts=job.attempts,
        stop_requested=job.stop_requested,
    )


def generation_job(*, session: Session, actor: Employee, job_id: str, lang: str | None = None) -> GenerationJobView:
    """A generation job's status, progress message (in `lang`, else the reading language) and, once
    finished, the seed's response."""
    _leader(actor)
    return _job_view(jobs.get_job(session=session, job_id=job_id, kind=GENERATE_KIND), lang)


def stop_generation_job(*, session: Session, actor: Employee, job_id: str) -> GenerationJobView:
    """Ask a running generation to stop; it finishes as `cancelled` with the best schedule found so far."""
    _leader(actor)
    return _job_view(jobs.cancel_job(session=session, job_id=job_id, kind=GENERATE_KIND))


def explanation(summary: GenerationSummary, violations: list[Violation], unconfirmed: int) -> Message:
    """The solver's figures in words, in either language."""
    parts: list[Message] = [
        Message(
            "{shifts} shifts generated by the optimisation solver ({how}); {hard} hard conflicts by the rule engine.",
            shifts=summary.total_shifts,
            how=Message("proven optimal" if summary.proven_optimal else "best found within the time limit"),
            hard=summary.conflicts_detected,
        )
    ]
    costs = summary.breakdown
    if costs.get("cover_under"):
        parts.append(Message("Some shifts could not be fully staffed (cost {cost}).", cost=costs["cover_under"]))
    if costs.get("shift_off_request"):
        missed = sum(1 for v in violations if v["rule"] == "shift_off_request")
        parts.append(Message("{missed} assignment(s) fall outside confirmed preferences.", missed=missed))
    if costs.get("back_to_back"):
        parts.append(Message("A few tight turnarounds remain where cover needed them."))
    if unconfirmed:
        parts.append(
            Message(
                "{count} employee(s) have preferences waiting for confirmation; they were not used.", count=unconfirmed
            )
        )
    return Message("{notes}", notes=Lines(tuple(parts), separator=" "))


def rephrase(facts: str) -> str | None:
    """Claude's wording of the facts when configured (never changing them); None otherwise."""
    client = get_client()
    if client.enabled:
        better = client.text(
            system="Rewrite these scheduling facts for a team leader in two short sentences. "
            "Keep every number exactly; add nothing.",
            messages=[{"role": "user", "content": facts}],
            max_tokens=200,
        )
        if better:
            return better
    return None


def _shift_window(day: str, start: str, end: str) -> tuple[datetime, datetime]:
    return window_from_local(date.fromisoformat(day), parse_hhmm(start, "start_time"), parse_hhmm(end, "end_time"))


class _PlannedShift(Protocol):
    """A shift not yet saved: a generated one, or a previewed one being saved."""

    @property
    def date(self) -> str: ...
    @property
    def start_time(self) -> str: ...
    @property
    def end_time(self) -> str: ...
    @property
    def employee_id(self) -> str: ...
    @property
    def shift_type(self) -> str | None: ...


def _check(session: Session, bureau_id: str, bureau_name: str, rows: Sequence[_PlannedShift]) -> ChangeResult:
    changes: list[CreateShift] = []
    windows: list[tuple[datetime, datetime]] = []
    for n, row in enumerate(rows):
        start, end = _shift_window(row.date, row.start_time, row.end_time)
        shift_id = f"new-{n}"
        changes.append(
            CreateShift(
                ShiftSnapshot(
                    id=shift_id,
                    bureau_id=bureau_id,
                    start=start,
                    end=end,
                    capacity=1,
                    status="draft",
                    bureau_name=bureau_name,
                    shift_type=row.shift_type,
                ),
                (AssignmentSnapshot(id=f"{shift_id}:a", shift_id=shift_id, employee_id=row.employee_id),),
            )
        )
        windows.append((start, end))
    if not changes:
        return ChangeResult()
    plan = staff_plan(session, start=min(w[0] for w in windows), end=max(w[1] for w in windows))
    return evaluate_change(plan, Batch(tuple(changes)), rule_settings())


@dataclass(frozen=True)
class _ShiftToSave:
    """A previewed shift with its person found."""

    date: str
    start_time: str
    end_time: str
    employee_id: str
    shift_type: str | None
    reasoning: str | None


def save_schedule(
    *, session: Session, actor: Employee, shifts: Sequence[ScheduleShift], skip_conflict_check: bool = False
) -> SavedSchedule:
    """Re-check a previewed schedule with the rule engine and save it all or not at all."""
    _leader(actor)
    if not shifts:
        raise ValidationFailed("Invalid schedule data: schedule.shifts is empty", details={"field": "schedule.shifts"})
    bureaus = {b.name.lower(): b for b in list_bureaus(session)}
    people = list(session.exec(select(Employee).where(col(Employee.deleted_at).is_(None))))
    by_name = {p.full_name.lower(): p for p in people}
    by_id = {p.id: p for p in people}
    rows_by_bureau: dict[str, list[_ShiftToSave]] = {}
    bureau_by_id: dict[str, Bureau] = {}
    for n, item in enumerate(shifts):
        bureau = bureaus.get(item.bureau.lower())
        person = by_id.get(item.employee_id or "") or by_name.get((item.assigned_to or "").lower())
        if bureau is None:
            raise ValidationFailed(f"Invalid schedule data: shift {n} names an unknown bureau {item.bureau!r}")
        if person is None:
            raise ValidationFailed(
                f"Invalid schedule data: shift {n} names an unknown employee {item.assigned_to or item.employee_id!r}"
            )
        try:
            date.fromisoformat(item.date)
        except ValueError:
            raise ValidationFailed(f"Invalid schedule data: shift {n} has no valid date") from None
        bureau_by_id[bureau.id] = bureau
        rows_by_bureau.setdefault(bureau.id, []).append(
            _ShiftToSave(
                date=item.date,
                start_time=item.start_time,
                end_time=item.end_time,
                employee_id=person.id,
                shift_type=item.shift_type,
                reasoning=item.reasoning,
            )
        )
    lock_people(session, [row.employee_id for rows in rows_by_bureau.values() for row in rows])
    hard: list[Conflict] = []
    all_rows: list[tuple[Bureau, _ShiftToSave]] = []
    for bureau_id, rows in rows_by_bureau.items():
        bureau = bureau_by_id[bureau_id]
        if not skip_conflict_check:
            hard += _check(session, bureau.id, bureau.name, rows).hard
        all_rows += [(bureau, row) for row in rows]
    if hard and not skip_conflict_check:
        raise HardConflicts(
            "Schedule has {count} conflict(s). Use skip_conflict_check: true to save anyway.",
            conflicts=hard,
            params={"count": len(hard)},
            details={"conflict_count": len(hard)},
        )
    ids: list[str] = []
    windows: list[tuple[datetime, datetime]] = []
    for bureau, row in all_rows:
        start, end = _shift_window(row.date, row.start_time, row.end_time)
        shift = Shift(
            bureau_id=bureau.id,
            start_at=start,
            end_at=end,
            status="draft",
            capacity=1,
            shift_type=row.shift_type,
            notes=row.reasoning,
            created_by=actor.id,
        )
        session.add(shift)
        session.flush()
        assignment = Assignment(
            shift_id=shift.id, employee_id=row.employee_id, source="ai", status="confirmed", created_by=actor.id
        )
        session.add(assignment)
        record(
            session=session,
            actor=actor,
            entity_type="shift",
            entity_id=shift.id,
            action="create",
            after={
                "start_time": start.isoformat(),
                "end_time": end.isoformat(),
                "employee_id": row.employee_id,
                "source": "ai",
                "skip_conflict_check": skip_conflict_check,
            },
        )
        ids.append(shift.id)
        windows.append((start, end))
    session.flush()
    refresh(session=session, start=min(w[0] for w in windows), end=max(w[1] for w in windows), actor=actor)
    return SavedSchedule(success=True, saved_shifts=len(ids), shift_ids=tuple(ids))


def _when(start: datetime, end: datetime, lang: str = "en") -> str:
    return ShortWhen(start.astimezone(zone()), end.astimezone(zone())).render(lang)


STALE_FIX = (
    "This fix no longer applies: the schedule changed since it was suggested, and it would now break a rule "
    "or no longer remove the conflict. Suggest fixes again and pick another."
)


def resolve_conflict(
    *, session: Session, actor: Employee, conflict_id: str, apply: bool = False, fix_id: str | None = None
) -> ConflictFixes:
    """Candidate fixes found by the rule engine — reassign to an eligible person, or move the shift —
    ranked by what they leave behind, each with the change in words and the soft conflicts it leaves.
    `apply` carries out the best one, or the one named by `fix_id`, through the normal services (which
    check the rules again); a `fix_id` that no longer fixes the conflict is refused as stale (409)."""
    from shiftapp.services import shifts as shift_service
    from shiftapp.services.conflicts import OPEN_STATUSES
    from shiftapp.services.errors import Conflict as Refused
    from shiftapp.services.errors import Forbidden

    if not access.is_leader_or_planner(actor):
        raise Forbidden("Only team leaders, schedulers, managers and admins can resolve conflicts")
    if fix_id is not None and (not isinstance(fix_id, str) or not fix_id.strip()):
        raise ValidationFailed("fix_id must name one of the suggested fixes", details={"field": "fix_id"})
    if fix_id is not None and not apply:
        raise ValidationFailed("Set apply to true to apply the fix named by fix_id", details={"field": "apply"})
    stored = session.get(StoredConflict, conflict_id) if isinstance(conflict_id, str) else None
    if stored is None:
        raise NotFound("Conflict not found")
    if fix_id is not None and stored.status not in OPEN_STATUSES:
        raise Refused(
            "This conflict is already {status}: there is nothing left to fix. Reload the list.",
            details={"status": stored.status},
            params={"status": Term(stored.status)},
        )
    shift_ids = (stored.entities or {}).get("shift_ids", [])
    shifts = [s for s in (session.get(Shift, i) for i in shift_ids) if s is not None]
    if not shifts:
        raise ValidationFailed("This conflict no longer involves any shift")
    employee = session.get(Employee, stored.employee_id) if stored.employee_id else None
    plan = staff_plan(session, start=min(s.start_at for s in shifts), end=max(s.end_at for s in shifts))
    settings = rule_settings()
    target = shifts[-1]  # the later shift is the one to change
    bureau = session.get(Bureau, target.bureau_id)
    # The suggestions are made for whoever asks, in their language (the page's, or the API's Accept-Language).
    lang = reading_language()
    when = _when(target.start_at, target.end_at, lang)
    if bureau:
        when = translate("{when} in {bureau}", lang, when=when, bureau=bureau.name)
    assignment = next(
        (a for a in plan.assignments_by_shift.get(target.id, ()) if employee is None or a.employee_id == employee.id),
        None,
    )
    holder = session.get(Employee, assignment.employee_id) if assignment is not None else None
    candidates: list[tuple[tuple[int, int], ConflictFix]] = []
    loads = Counter(a.employee_id for a in plan.assignments.values())
    if assignment is not None:
        for person in session.exec(
            select(Employee).where(
                Employee.bureau_id == target.bureau_id,
                col(Employee.deleted_at).is_(None),
                Employee.status == "active",
                Employee.shift_role != "driver",
            )
        ):
            if person.id == assignment.employee_id:
                continue
            change = Batch(
                (
                    Unassign(assignment.id),
                    Assign(AssignmentSnapshot(id=f"fix:{person.id}", shift_id=target.id, employee_id=person.id)),
                )
            )
            result = evaluate_change(plan, change, settings)
            if result.hard or not any(c.key == stored.key for c in result.removed):
                continue
            candidates.append(
                (
                    (len(result.soft), loads[person.id]),
                    ReassignFix(
                        description=translate(
                            "Move the shift to {name}, who is available", lang, name=person.full_name
                        ),
                        employee_id=person.id,
                        shift_id=target.id,
                        assignment_id=assignment.id,
                        rationale=translate(
                            "{name} has {shifts} shifts around these dates and the move adds {soft} soft conflict(s)",
                            lang,
                            name=person.full_name,
                            shifts=loads[person.id],
                            soft=len(result.soft),
                        ),
                        impact="low" if not result.soft else "medium",
                        fix_id=f"reassign:{person.id}",
                        change=f"{when}: {holder.full_name if holder else translate('the person on it', lang)} "
                        f"→ {person.full_name}",
                        conflicts_after=tuple(c.text(lang) for c in result.soft),
                    ),
                )
            )
    for hours in (1, -1, 2, -2, 3, -3):
        delta = timedelta(hours=hours)
        result = evaluate_change(plan, MoveShift(target.id, target.start_at + delta, target.end_at + delta), settings)
        if not result.hard and any(c.key == stored.key for c in result.removed):
            candidates.append(
                (
                    (len(result.soft) + abs(hours), 0),
                    AdjustTimeFix(
                        description=translate(
                            "Start the shift {hours} h later" if hours > 0 else "Start the shift {hours} h earlier",
                            lang,
                            hours=abs(hours),
                        ),
                        shift_id=target.id,
                        shift_hours=hours,
                        rationale=translate(
                            "The smallest time change that removes the conflict without breaking a hard rule", lang
                        ),
                        impact="low" if abs(hours) == 1 else "medium",
                        fix_id=f"adjust_time:{hours:+d}",
                        change=f"{when} → {_when(target.start_at + delta, target.end_at + delta, lang)}",
                        conflicts_after=tuple(c.text(lang) for c in result.soft),
                    ),
                )
            )
    candidates.sort(key=lambda c: c[0])
    suggestions = tuple(c[1] for c in candidates[:5])
    recommendation = (
        suggestions[0].description
        if suggestions
        else translate("This conflict is {status}: there is nothing left to fix", lang, status=Term(stored.status))
        if stored.status not in OPEN_STATUSES
        else translate("No single change removes this conflict without breaking another rule; review it by hand", lang)
    )
    if not apply:
        return ConflictFixes(suggestions=suggestions, ai_recommendation=recommendation, applied=False)
    if fix_id is None:
        if not suggestions:
            return ConflictFixes(suggestions=suggestions, ai_recommendation=recommendation, applied=False)
        chosen = suggestions[0]
    else:
        # Any candidate still valid now, not only the five shown: the ranking may have moved meanwhile.
        found = next((fix for _rank, fix in candidates if fix.fix_id == fix_id.strip()), None)
        if found is None:
            raise Refused(STALE_FIX, details={"fix_id": fix_id})
        chosen = found
    done: Reassigned | TimeAdjusted
    if isinstance(chosen, ReassignFix):
        old_name = holder.full_name if holder else None
        shift_service.unassign(session=session, actor=actor, assignment_id=chosen.assignment_id, reason="Conflict fix")
        shift_service.assign(
            session=session, actor=actor, shift_id=target.id, employee_id=chosen.employee_id, reason="Conflict fix"
        )
        new = session.get(Employee, chosen.employee_id)
        done = Reassigned(old_employee=old_name, new_employee=new.full_name if new else None)
    else:
        delta = timedelta(hours=chosen.shift_hours)
        start = (target.start_at + delta).astimezone(zone())
        end = (target.end_at + delta).astimezone(zone())
        shift_service.move_shift(
            session=session,
            actor=actor,
            shift_id=target.id,
            new_date=start.date().isoformat(),
            start_time=f"{start:%H:%M}",
            end_time=f"{end:%H:%M}",
        )
        done = TimeAdjusted(hours=chosen.shift_hours)
    return ConflictFixes(
        suggestions=suggestions, ai_recommendation=recommendation, applied=True, resolution_details=done
    )


__all__ = ["datetime", "generation_result", "resolve_conflict", "save_schedule", "start_generation_job"]
