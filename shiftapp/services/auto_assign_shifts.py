"""Planning PRO auto-assign: a background job that proposes people for open shift places.

The rule engine decides who may take which place (no hard rule broken, alone or together with the
other proposals) and what each proposal costs in soft conflicts; the CP-SAT model chooses; the
rule engine re-checks the whole answer; the proposals are written as `proposed` assignments with
source `auto`, with their audit entries, and stay proposals until a planner accepts them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from pydantic import TypeAdapter
from sqlmodel import Session, col, select

from shiftapp.db import session_scope
from shiftapp.models import Assignment, Employee, Job, Shift
from shiftapp.models.common import utcnow
from shiftapp.rules import Assign, AssignmentSnapshot, Batch, RuleSettings, StaffPlan, evaluate_change
from shiftapp.scheduling.slot_filling import Candidate, SlotProblem, solve_slots
from shiftapp.services import access, jobs
from shiftapp.services.audit import record
from shiftapp.services.conflicts import refresh
from shiftapp.services.errors import ValidationFailed
from shiftapp.services.locks import lock_people
from shiftapp.services.shift_views import window_from_local
from shiftapp.services.snapshots import rule_settings, staff_plan

KIND = "auto_assign"
DEFAULT_TIME_LIMIT_S = 10.0
# What a soft conflict costs a proposal, so the model prefers proposals people asked for.
SOFT_COSTS = {"preference_mismatch": 30, "back_to_back": 20, "min_senior_per_shift": 50}


@dataclass(frozen=True)
class Proposal:
    """A person proposed for an open place (a `proposed` assignment with source `auto`)."""

    assignment_id: str
    shift_id: str
    employee_id: str
    employee_name: str | None
    start: str  # UTC, ISO
    end: str
    source: str
    status: str
    soft_cost: int


@dataclass(frozen=True)
class UnfilledShift:
    shift_id: str
    start: str
    end: str
    places: int
    reason: str


@dataclass(frozen=True)
class ConflictCounts:
    hard: int
    soft: dict[str, int]  # rule name -> how many of the proposals' soft conflicts


@dataclass(frozen=True)
class AutoAssignOutcome:
    """What an auto-assign job proposed and left open; stored with the job as JSON (`as_json`)."""

    proposed: list[Proposal]
    unfilled: list[UnfilledShift]
    open_places: int
    filled: int
    conflicts: ConflictCounts
    optimal: bool
    solver_status: str
    time_limit_reached: bool
    finished_at: str

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = _OUTCOME.dump_python(self, mode="json")
        return data

    @staticmethod
    def from_json(data: Any) -> AutoAssignOutcome:
        return _OUTCOME.validate_python(data)


_OUTCOME: TypeAdapter[AutoAssignOutcome] = TypeAdapter(AutoAssignOutcome)


def job_outcome(job: Job | jobs.JobView) -> AutoAssignOutcome | None:
    """A finished auto-assign job's outcome (None while it runs, or when it failed)."""
    return AutoAssignOutcome.from_json(job.result) if job.result else None


def _window(start: date, end: date) -> tuple[datetime, datetime]:
    return window_from_local(start, time(0), time(0))[0], window_from_local(end + timedelta(days=1), time(0), time(0))[
        0
    ]


def data_fingerprint(session: Session, bureau_id: str, start: datetime, end: datetime) -> str:
    shifts = list(
        session.exec(select(Shift).where(Shift.bureau_id == bureau_id, Shift.start_at >= start, Shift.start_at < end))
    )
    rows: list[Any] = [(s.id, s.version) for s in shifts]
    ids = [s.id for s in shifts]
    if ids:
        # The job's own proposals do not count: asking again after it finished returns the same job,
        # while accepting, rejecting or any other change makes a new one.
        rows += [
            (a.id, a.status, a.version)
            for a in session.exec(select(Assignment).where(col(Assignment.shift_id).in_(ids)))
            if not (a.source == "auto" and a.status == "proposed")
        ]
    return jobs.fingerprint(sorted(rows))


def auto_assign_job(*, session: Session, actor: Employee, job_id: str) -> Job:
    """An auto-assign job's status and result: for the roles that may start one, like the job itself."""
    access.require_planner(actor, "Only admins, managers and schedulers can follow auto-assign jobs")
    return jobs.get_job(session=session, job_id=job_id, kind=KIND)


def start_auto_assign(
    *,
    session: Session,
    actor: Employee,
    bureau_id: str,
    start_date: date,
    end_date: date,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
) -> tuple[Job, bool]:
    """Start (or join, when the same request on the same data is already running) the auto-assign job."""
    access.require_planner(actor, "Only admins, managers and schedulers can run auto-assign")
    if end_date < start_date or (end_date - start_date).days > 92:
        raise ValidationFailed(
            "end_date must be on or after start_date, at most 3 months later", details={"field": "end_date"}
        )
    from shiftapp.models import Bureau

    if session.get(Bureau, bureau_id) is None:
        raise ValidationFailed("bureau_id must name a known bureau", details={"field": "bureau_id"})
    start, end = _window(start_date, end_date)
    request: dict[str, Any] = {
        "bureau_id": bureau_id,
        "start_date": start_date.isoformat(),
        "end_date": end_date.isoformat(),
    }
    if time_limit_s != DEFAULT_TIME_LIMIT_S:
        request["time_limit_s"] = time_limit_s
    return jobs.start_job(
        session=session,
        actor=actor,
        kind=KIND,
        request=request,
        data_fingerprint=data_fingerprint(session, bureau_id, start, end),
    )


@jobs.runner(KIND)
def _run_auto_assign_job(ticket: jobs.JobTicket, progress: jobs.Progress) -> dict[str, Any]:
    """The job's work in a job worker, from its stored request."""
    params = ticket.params
    if ticket.created_by is None:
        raise ValidationFailed("The job has no owner to act for; start it again")
    start, end = _window(date.fromisoformat(params["start_date"]), date.fromisoformat(params["end_date"]))
    return run_auto_assign(
        bureau_id=params["bureau_id"],
        start=start,
        end=end,
        actor_id=ticket.created_by,
        progress=progress,
        time_limit_s=float(params.get("time_limit_s", DEFAULT_TIME_LIMIT_S)),
    ).as_json()


def run_auto_assign(
    *,
    bureau_id: str,
    start: datetime,
    end: datetime,
    actor_id: str,
    progress: jobs.Progress,
    time_limit_s: float = 10.0,
) -> AutoAssignOutcome:
    with session_scope() as session:
        progress(0.05, "Reading the plan", force=True)
        plan = staff_plan(session, start=start, end=end)
        settings = rule_settings()
        slots = {
            s.id: s
            for s in plan.shifts.values()
            if s.bureau_id == bureau_id and start <= s.start < end and s.status not in ("cancelled",)
        }
        open_places = {sid: s.capacity - len(plan.assignments_by_shift.get(sid, ())) for sid, s in slots.items()}
        open_places = {sid: n for sid, n in open_places.items() if n > 0}
        people = list(
            session.exec(
                select(Employee).where(
                    Employee.bureau_id == bureau_id,
                    col(Employee.deleted_at).is_(None),
                    Employee.status == "active",
                    Employee.shift_role != "driver",
                )
            )
        )
        candidates: list[Candidate] = []
        refusals: dict[str, Counter[str]] = defaultdict(Counter)
        snapshots: list[AssignmentSnapshot] = []
        total = max(1, len(open_places) * max(1, len(people)))
        checked = 0
        for slot_id in sorted(open_places, key=lambda s: slots[s].start):
            already = {a.employee_id for a in plan.assignments_by_shift.get(slot_id, ())}
            for person in people:
                checked += 1
                if person.id in already:
                    continue
                proposal = AssignmentSnapshot(
                    id=f"auto:{slot_id}:{person.id}",
                    shift_id=slot_id,
                    employee_id=person.id,
                    status="proposed",
                    source="auto",
                )
                result = evaluate_change(plan, Assign(proposal), settings)
                if result.hard:
                    refusals[slot_id].update(c.name for c in result.hard)
                    continue
                cost = sum(SOFT_COSTS.get(c.code, 10) for c in result.soft if c.code != "understaffed")
                candidates.append(Candidate(slot_id, person.id, cost))
                snapshots.append(proposal)
            progress(0.05 + 0.5 * checked / total, "Checking who may take each open place")
        clashes = _clashes(plan, candidates, snapshots, settings)
        caps, load = _weekly_caps(plan, candidates, start, end)
        progress(0.6, "Optimising", force=True)
        solution = solve_slots(SlotProblem(open_places, candidates, clashes, caps, load), time_limit_s=time_limit_s)
        chosen = list(solution.chosen)
        if progress.stopped:  # stopped by request (or the job went to another worker): propose nothing
            progress.hold(session)
            return AutoAssignOutcome(
                proposed=[],
                unfilled=[],
                open_places=sum(open_places.values()),
                filled=0,
                conflicts=ConflictCounts(hard=0, soft={}),
                optimal=False,
                solver_status="STOPPED",
                time_limit_reached=False,
                finished_at=utcnow().isoformat(),
            )
        # Reported before the lock: progress is written through another connection, which on
        # SQLite would wait for this one's write lock.
        progress(0.9, "Writing proposals", force=True)
        # People may have been booked while the solver ran: lock the chosen ones and read the plan
        # again, so the last check below sees what is there now.
        lock_people(session, {candidates[i].employee_id for i in chosen})
        plan = staff_plan(session, start=start, end=end)
        chosen = [
            i
            for i in chosen
            if candidates[i].slot_id in plan.shifts
            and candidates[i].employee_id
            not in {a.employee_id for a in plan.assignments_by_shift.get(candidates[i].slot_id, ())}
        ]
        # The rule engine has the last word on the whole set of proposals.
        while chosen:
            check = evaluate_change(plan, Batch(tuple(Assign(snapshots[i]) for i in chosen)), settings)
            if not check.hard:
                break
            bad = {a for c in check.hard for a in c.assignment_ids}
            chosen = (
                [i for i in chosen if snapshots[i].id not in bad][:-1]
                if not any(snapshots[i].id in bad for i in chosen)
                else [i for i in chosen if snapshots[i].id not in bad]
            )
        names = {p.id: p.full_name for p in people}
        proposals: list[Proposal] = []
        for i in chosen:
            c = candidates[i]
            assignment = Assignment(
                shift_id=c.slot_id, employee_id=c.employee_id, source="auto", status="proposed", created_by=actor_id
            )
            session.add(assignment)
            session.flush()
            actor = session.get(Employee, actor_id)
            record(
                session=session,
                actor=actor,
                entity_type="assignment",
                entity_id=assignment.id,
                action="propose",
                after={"shift_id": c.slot_id, "employee_id": c.employee_id, "source": "auto", "status": "proposed"},
            )
            shift = slots[c.slot_id]
            proposals.append(
                Proposal(
                    assignment_id=assignment.id,
                    shift_id=c.slot_id,
                    employee_id=c.employee_id,
                    employee_name=names.get(c.employee_id),
                    start=shift.start.isoformat(),
                    end=shift.end.isoformat(),
                    source="auto",
                    status="proposed",
                    soft_cost=c.soft_cost,
                )
            )
        filled = Counter(candidates[i].slot_id for i in chosen)
        unfilled: list[UnfilledShift] = []
        for slot_id, places in open_places.items():
            left = places - filled.get(slot_id, 0)
            if left > 0:
                why = refusals.get(slot_id)
                reason = (
                    (
                        "nobody in the bureau can take it without breaking a hard rule"
                        + (f" (most often: {why.most_common(1)[0][0]})" if why else "")
                    )
                    if not any(c.slot_id == slot_id for c in candidates)
                    else "the eligible people are needed on other shifts"
                )
                shift = slots[slot_id]
                unfilled.append(
                    UnfilledShift(
                        shift_id=slot_id,
                        start=shift.start.isoformat(),
                        end=shift.end.isoformat(),
                        places=left,
                        reason=reason,
                    )
                )
        session.flush()
        after = evaluate_change(plan, Batch(tuple(Assign(snapshots[i]) for i in chosen)), settings) if chosen else None
        conflicts = Counter(c.name for c in after.soft) if after else Counter()
        refresh(session=session, start=start, end=end, actor=session.get(Employee, actor_id))
        progress.hold(session)  # written only while this run still holds the job
    return AutoAssignOutcome(
        proposed=proposals,
        unfilled=unfilled,
        open_places=sum(open_places.values()),
        filled=len(proposals),
        conflicts=ConflictCounts(hard=0, soft=dict(conflicts)),
        optimal=solution.optimal,
        solver_status=solution.status,
        time_limit_reached=solution.time_limit_reached,
        finished_at=utcnow().isoformat(),
    )


def _clashes(
    plan: StaffPlan, candidates: list[Candidate], snapshots: list[AssignmentSnapshot], settings: RuleSettings
) -> list[tuple[int, int]]:
    """Pairs of candidates of one person that break a hard rule together (overlap, short rest, ...)."""
    by_person: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        by_person[c.employee_id].append(i)
    reach = timedelta(hours=settings.min_rest_hours + 24)
    clashes = []
    for indexes in by_person.values():
        indexes.sort(key=lambda i: plan.shifts[candidates[i].slot_id].start)
        for n, a in enumerate(indexes):
            shift_a = plan.shifts[candidates[a].slot_id]
            for b in indexes[n + 1 :]:
                shift_b = plan.shifts[candidates[b].slot_id]
                if shift_b.start > shift_a.end + reach:
                    break
                together = evaluate_change(plan, Batch((Assign(snapshots[a]), Assign(snapshots[b]))), settings)
                alone = {c.key for i in (a, b) for c in evaluate_change(plan, Assign(snapshots[i]), settings).hard}
                if any(c.key not in alone for c in together.hard):
                    clashes.append((a, b))
    return clashes


def _weekly_caps(
    plan: StaffPlan, candidates: list[Candidate], start: datetime, end: datetime
) -> tuple[list[tuple[list[int], int]], dict[str, int]]:
    """Agreed weekly maximums (confirmed preferences) as caps on new shifts per person and week."""
    from shiftapp.rules.staff_rules import Formatter

    fmt = Formatter(rule_settings())
    existing: Counter[tuple[str, tuple[int, ...]]] = Counter()
    load: Counter[str] = Counter()
    for person, rows in plan.timeline_by_employee.items():
        for s, _e, _sid, _aid in rows:
            existing[(person, tuple(fmt.local(s).isocalendar()[:2]))] += 1
            if start <= s < end:
                load[person] += 1
    weeks: dict[tuple[str, tuple[int, ...]], list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        week = tuple(fmt.local(plan.shifts[c.slot_id].start).isocalendar()[:2])
        weeks[(c.employee_id, week)].append(i)
    caps = []
    for (person, week), indexes in weeks.items():
        preference = plan.preferences.get(person)
        if preference and preference.confirmed and preference.max_shifts_per_week is not None:
            caps.append((indexes, preference.max_shifts_per_week - existing[(person, week)]))
    return caps, dict(load)
