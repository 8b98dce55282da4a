"""The timeline (also the seed 002 schedule view): employees × days for one bureau, with conflict
badges, proposals to accept or reject, drag-to-move with a conflict preview, auto-assign jobs,
publish and the audit trail."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import date, timedelta
from typing import Any

import reflex as rx

from shiftapp.services import planning, shifts
from shiftapp.services.auto_assign_shifts import auto_assign_job, job_outcome, start_auto_assign
from shiftapp.services.errors import DomainError, HardConflicts
from shiftapp.services.jobs import job_view
from shiftapp.services.shift_views import local_window, planning_today
from shiftapp.services.timeline import TimelineRow, WeekGrid, week_grid
from shiftapp.state.auth import AuthState
from shiftapp.state.base import error_toast, page_event, run_as_user, run_as_user_in_thread
from shiftapp.state.solver_verdict import solver_verdict


@dataclasses.dataclass
class Chip:
    key: str = ""
    shift_id: str = ""
    assignment_id: str = ""
    label: str = ""
    kind: str = ""
    status: str = ""
    source: str = ""
    proposed: bool = False
    hard: bool = False
    soft: bool = False
    problem: str = ""


@dataclasses.dataclass
class Cell:
    zone: str = ""
    chips: list[Chip] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Row:
    employee_id: str = ""
    name: str = ""
    role: str = ""
    cells: list[Cell] = dataclasses.field(default_factory=list)


def grid_rows(rows: list[TimelineRow]) -> list[Row]:
    """The timeline service's rows as state (nested foreach needs dataclasses with defaults)."""
    return [
        Row(
            employee_id=r.employee_id,
            name=r.name,
            role=r.role,
            cells=[Cell(zone=c.zone, chips=[Chip(**dataclasses.asdict(chip)) for chip in c.chips]) for c in r.cells],
        )
        for r in rows
    ]


@dataclasses.dataclass
class AuditLine:
    at: str = ""
    actor: str = ""
    action: str = ""
    entity: str = ""
    reason: str = ""


class TimelineState(AuthState):
    bureaus: list[dict[str, str]] = []
    bureau_id: str = ""
    start: str = ""
    days: int = 7
    day_labels: list[str] = []
    rows: list[Row] = []
    proposed_count: int = 0
    can_edit: bool = False
    # Drag preview / move confirmation.
    pending_shift: str = ""
    pending_date: str = ""
    pending_text: str = ""
    pending_conflicts: list[str] = []
    force_reason: str = ""
    # Background auto-assign.
    job_id: str = ""
    job_status: str = ""
    job_progress: int = 0
    job_message: str = ""
    # Publish.
    publish_conflicts: list[str] = []
    publish_open: bool = False
    publish_reason: str = ""
    # Audit.
    audit_title: str = ""
    audit_lines: list[AuditLine] = []
    audit_open: bool = False

    def _first_day(self) -> date:
        """The first day shown; this week's Monday until the page has loaded (a handler may be
        called before its on_load ran, e.g. by a forged event)."""
        try:
            return date.fromisoformat(self.start)
        except (TypeError, ValueError):
            today = planning_today()
            return today - timedelta(days=today.weekday())

    def _dates(self) -> list[date]:
        first = self._first_day()
        return [first + timedelta(days=i) for i in range(self.days)]

    def _reload(self) -> None:
        dates, bureau_id = self._dates(), self.bureau_id
        data = run_as_user(self.token, lambda s, u: week_grid(session=s, actor=u, bureau_id=bureau_id, dates=dates))
        self._show_grid(data, dates)

    def _show_grid(self, data: WeekGrid, dates: list[date]) -> None:
        self.bureaus, self.bureau_id, self.can_edit = data.bureaus, data.bureau_id, data.can_edit
        self.day_labels = [d.strftime("%a %d %b") for d in dates]
        self.rows = grid_rows(data.rows)
        self.proposed_count = data.proposed

    @page_event
    def load_timeline(self):
        self.start = self._first_day().isoformat()
        try:
            self._reload()
        except DomainError as error:
            return error_toast(error)

    def _refresh(self):
        try:
            self._reload()
        except DomainError as error:
            return error_toast(error)

    @page_event
    def set_bureau(self, value: str):
        if isinstance(value, str):
            self.bureau_id = value
            return self._refresh()

    @page_event
    def set_view(self, value: str | list[str]):
        self.days = 1 if value == "day" else 7
        return self._refresh()

    @page_event
    def shift_period(self, steps: int):
        if isinstance(steps, int) and abs(steps) <= 8:
            self.start = (self._first_day() + timedelta(days=steps * self.days)).isoformat()
            return self._refresh()

    # ------------------------------------------------------------ moving shifts
    def _preview_move(self, shift_id: str, new_date: str):
        try:
            preview = run_as_user(
                self.token, lambda s, u: shifts.preview_move(session=s, actor=u, shift_id=shift_id, new_date=new_date)
            )
        except DomainError as error:
            return error_toast(error)
        self.pending_shift, self.pending_date = shift_id, new_date
        self.pending_text = (
            f"Move {preview.current.date} {preview.current.start_hhmm}–"
            f"{preview.current.end_hhmm} to {preview.proposed.date}"
        )
        self.pending_conflicts = [c.message for c in preview.result.hard]
        self.force_reason = ""

    @page_event
    def drop(self, item_id: str, target_id: str):
        if not (
            isinstance(item_id, str)
            and isinstance(target_id, str)
            and item_id.startswith("shift:")
            and target_id.startswith("cell:")
        ):
            return
        shift_id = item_id.split(":")[1]
        new_date = target_id.rsplit(":", 1)[1]
        return self._preview_move(shift_id, new_date)

    @page_event
    def nudge(self, shift_id: str, days: int):
        """The keyboard/menu way to move a shift a day earlier or later, with the same preview."""
        if not isinstance(shift_id, str) or days not in (-1, 1):
            return
        try:
            current = run_as_user(self.token, lambda s, u: local_window(shifts.get_shift(s, shift_id))[0].date())
        except DomainError as error:
            return error_toast(error)
        return self._preview_move(shift_id, (current + timedelta(days=days)).isoformat())

    @page_event
    def set_force_reason(self, value: str):
        self.force_reason = value if isinstance(value, str) else ""

    @page_event
    def cancel_move(self):
        self.pending_shift = ""

    @page_event
    def confirm_move(self):
        shift_id, new_date, force = self.pending_shift, self.pending_date, bool(self.pending_conflicts)
        # The service decides what forcing needs (services/shifts.py); a reason is kept when given.
        reason = self.force_reason.strip() or None
        try:
            run_as_user(
                self.token,
                lambda s, u: shifts.move_shift(
                    session=s, actor=u, shift_id=shift_id, new_date=new_date, force=force, reason=reason
                ),
            )
        except DomainError as error:
            return error_toast(error)
        self.pending_shift = ""
        return self._refresh() or rx.toast.success("Shift moved" + (" (forced)" if force else ""))

    # ------------------------------------------------------------ proposals
    @page_event
    def accept(self, assignment_id: str):
        try:
            run_as_user(
                self.token,
                lambda s, u: shifts.set_assignment_status(
                    session=s, actor=u, assignment_id=assignment_id, status="confirmed"
                ),
            )
        except DomainError as error:
            return error_toast(error)
        return self._refresh()

    @page_event
    def reject(self, assignment_id: str):
        try:
            run_as_user(
                self.token,
                lambda s, u: shifts.unassign(
                    session=s, actor=u, assignment_id=assignment_id, reason="Proposal rejected"
                ),
            )
        except DomainError as error:
            return error_toast(error)
        return self._refresh()

    @page_event
    def accept_all(self):
        ids = [chip.assignment_id for row in self.rows for cell in row.cells for chip in cell.chips if chip.proposed]

        def accept(session, user):
            for assignment_id in ids:
                shifts.set_assignment_status(
                    session=session, actor=user, assignment_id=assignment_id, status="confirmed"
                )
            return len(ids)

        try:
            count = run_as_user(self.token, accept)
        except DomainError as error:
            return error_toast(error)
        return self._refresh() or rx.toast.success(f"Accepted {count} proposal(s)")

    # ------------------------------------------------------------ auto-assign job
    @page_event(background=True)
    async def run_auto_assign(self):
        async with self:
            if self.job_status in ("queued", "running"):
                return
            token, bureau_id, dates = self.token, self.bureau_id, self._dates()
        try:
            job, _started = await run_as_user_in_thread(
                token,
                lambda s, u: start_auto_assign(
                    session=s, actor=u, bureau_id=bureau_id, start_date=dates[0], end_date=dates[-1]
                ),
            )
            job_id = job.id
        except DomainError as error:
            yield error_toast(error)
            return
        async with self:
            self.job_id, self.job_status, self.job_progress, self.job_message = job_id, "queued", 0, "Starting"
        job = None
        for _ in range(600):
            job = await run_as_user_in_thread(
                token, lambda s, u: job_view(auto_assign_job(session=s, actor=u, job_id=job_id))
            )
            async with self:
                self.job_status = job.status
                self.job_progress = int(100 * round(job.progress, 3))
                self.job_message = job.message or ""
            if job.finished:
                break
            await asyncio.sleep(0.5)
        grid = None
        if job is not None and job.status == "succeeded":
            # The grid with the new proposals, read off the event loop; the state is locked only to show it.
            grid = await run_as_user_in_thread(
                token, lambda s, u: week_grid(session=s, actor=u, bureau_id=bureau_id, dates=dates)
            )
        async with self:
            outcome = job_outcome(job) if job is not None and job.status == "succeeded" else None
            if outcome is not None:
                self.job_message = (
                    f"Proposed {outcome.filled} of {outcome.open_places} open place(s); "
                    f"{len(outcome.unfilled)} left open. "
                    + solver_verdict(proven=outcome.optimal, time_limit_reached=outcome.time_limit_reached)
                )
                if grid is not None and self._dates() == dates and self.bureau_id == bureau_id:
                    self._show_grid(grid, dates)  # unless the planner moved to another week meanwhile
            elif job is not None and job.error:
                self.job_message = job.error

    # ------------------------------------------------------------ publish
    @page_event
    def publish(self):
        dates, bureau_id = self._dates(), self.bureau_id
        force = self.publish_open and bool(self.publish_conflicts)
        # Whether forcing a publish needs a reason is the service's to say (it does), not the page's.
        reason = self.publish_reason.strip() or None
        try:
            result = run_as_user(
                self.token,
                lambda s, u: planning.publish(
                    session=s,
                    actor=u,
                    bureau_id=bureau_id,
                    start_date=dates[0],
                    end_date=dates[-1],
                    force=force,
                    reason=reason,
                ),
            )
        except HardConflicts as error:
            self.publish_conflicts = [c.message for c in error.conflicts]
            self.publish_open, self.publish_reason = True, ""
            return
        except DomainError as error:
            return error_toast(error)
        self.publish_open, self.publish_conflicts = False, []
        return self._refresh() or rx.toast.success(f"Published {result.published} shift(s)")

    @page_event
    def set_publish_reason(self, value: str):
        self.publish_reason = value if isinstance(value, str) else ""

    @page_event
    def close_publish(self):
        self.publish_open = False

    # ------------------------------------------------------------ audit
    @page_event
    def show_audit(self, shift_id: str):
        self._audit(shift_id if isinstance(shift_id, str) and shift_id else None)

    def _audit(self, shift_id: str | None):
        try:
            data = run_as_user(
                self.token,
                lambda s, u: planning.list_audit(
                    session=s, actor=u, entity_id=shift_id, page_size=50, kind=None if shift_id else "planning_change"
                ),
            )
        except DomainError as error:
            return error_toast(error)
        self.audit_title = "Audit of this shift" if shift_id else "Audit of the plan (latest 50)"
        self.audit_lines = [
            AuditLine(
                at=entry.at[:16].replace("T", " "),
                actor=entry.actor or "system",
                action=entry.action,
                entity=entry.entity_type,
                reason=entry.reason or "",
            )
            for entry in data.items
        ]
        self.audit_open = True

    @page_event
    def show_plan_audit(self):
        return self._audit(None)

    @page_event
    def close_audit(self):
        self.audit_open = False


__all__ = ["Any", "TimelineState"]
