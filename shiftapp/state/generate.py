"""Generate schedule (team leaders and admins): the solver proposes, the page previews, save re-checks."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from typing import Any

import reflex as rx
from sqlmodel import Session

from shiftapp.i18n import month_name, translate, weekday_name
from shiftapp.models import Employee, Job
from shiftapp.services import access, ai_scheduling, assistant, rate_limits
from shiftapp.services.bureaus import bureau_choices
from shiftapp.services.errors import DomainError
from shiftapp.services.generation_contracts import (
    GeneratedShift,
    GenerationConstraints,
    GenerationJobView,
    GenerationOutcome,
    GenerationRequest,
    ScheduleShift,
    ShiftPattern,
)
from shiftapp.services.generation_preview import preview_week
from shiftapp.services.shift_views import planning_today
from shiftapp.state.auth import AuthState
from shiftapp.state.base import error_toast, page_event, run_as_user, run_as_user_in_thread
from shiftapp.state.solver_verdict import solver_verdict
from shiftapp.state.week_rows import Row, grid_rows

# The page's runs are jobs: the solver gets this long at most, and the planner may stop it earlier.
JOB_SECONDS = 30.0
RULE_NAMES = {
    "cover_under": "Understaffed shifts",
    "cover_over": "Overstaffed shifts",
    "shift_off_request": "Outside confirmed preferences",
    "shift_on_request": "Requested shifts not given",
    "back_to_back": "Tight turnarounds",
    "fairness": "Uneven workload",
    "shift_preference": "Disliked shifts",
}


def _start_generation(session: Session, user: Employee, request: GenerationRequest) -> tuple[Job, bool]:
    rate_limits.spend_ai_request(user=user)  # the same per-user AI limit as /api/ai/generate-schedule
    return ai_scheduling.start_generation_job(session=session, actor=user, request=request, time_limit_s=JOB_SECONDS)


class GenerateState(AuthState):
    allowed: bool = False
    bureaus: list[dict[str, str]] = []
    bureau_id: str = ""
    start: str = ""
    end: str = ""
    patterns: list[dict[str, str]] = [
        {"name": "Morning Shift", "start_time": "08:00", "end_time": "16:00"},
        {"name": "Afternoon Shift", "start_time": "14:00", "end_time": "22:00"},
    ]
    min_seniors: str = "0"
    respect_preferences: bool = True
    avoid_back_to_back: bool = True
    running: bool = False
    job_id: str = ""
    job_status: str = ""
    job_progress: int = 0
    job_message: str = ""
    summary: dict[str, str] = {}
    breakdown: list[dict[str, str]] = []
    per_employee: list[dict[str, str]] = []
    preview_rows: list[Row] = []
    preview_labels: list[str] = []
    preview_offset: int = 0
    preview_range: str = ""
    preview_has_next: bool = False
    has_summary: bool = False
    notes: str = ""
    # Why the last Generate did not start (or failed), kept on the page until the form changes.
    refusal: str = ""
    _generated: list[GeneratedShift] = []
    _generated_range: tuple[str, str, str] = ("", "", "")  # bureau id, first and last day generated

    @page_event(public=True)
    def open_generate(self):
        """on_load of Generate schedule: who is signed in and the bureaus, in one event (AuthState._open_signed_in)."""
        return self._open_signed_in(self._load_generate)

    def _load_generate(self):
        def load(session, user):
            return bureau_choices(session), access.is_team_leader_or_admin(user)

        try:
            self.bureaus, self.allowed = run_as_user(self.token, load)
        except DomainError as error:
            return error_toast(error)
        if not self.bureau_id and self.bureaus:
            self.bureau_id = self.bureaus[0]["id"]
        if not self.start:
            today = planning_today()
            first = today + timedelta(days=(7 - today.weekday()) % 7 or 7) + timedelta(days=21)
            self.start, self.end = first.isoformat(), (first + timedelta(days=27)).isoformat()

    @page_event
    def set_bureau(self, value: str):
        self.bureau_id = value if isinstance(value, str) else ""

    @page_event
    def set_start(self, value: str):
        self.start = value if isinstance(value, str) else ""
        self.refusal = ""

    @page_event
    def set_end(self, value: str):
        self.end = value if isinstance(value, str) else ""
        self.refusal = ""

    @rx.var
    def range_days(self) -> int:
        try:
            return (date.fromisoformat(self.end) - date.fromisoformat(self.start)).days + 1
        except ValueError:
            return 0

    @rx.var
    def pattern_badges(self) -> list[dict[str, str]]:
        """The patterns as people read them (the requests keep their English names)."""
        return [{**p, "name": self._t(p["name"])} for p in self.patterns]

    @rx.var
    def job_status_label(self) -> str:
        return self._t(self.job_status) if self.job_status else ""

    @rx.var
    def range_too_long(self) -> bool:
        return self.range_days > ai_scheduling.MAX_GENERATION_DAYS

    @rx.var
    def range_note(self) -> str:
        """The range in days and weeks beside the dates, with the limit, before anyone presses Generate."""
        days = self.range_days
        if days <= 0:
            return self._t("Pick the first and the last day")
        weeks = _weeks_and_days(days, self.lang)
        limit = ai_scheduling.MAX_GENERATION_DAYS
        if days > limit:
            return self._t(
                "{days} days ({weeks}): more than the {limit} days generated at once",
                days=days,
                weeks=weeks,
                limit=limit,
            )
        return self._t("{days} days ({weeks}); up to {limit} days at once", days=days, weeks=weeks, limit=limit)

    @page_event
    def set_min_seniors(self, value: str):
        self.min_seniors = value if isinstance(value, str) else "0"

    @page_event
    def set_respect(self, value: bool):
        self.respect_preferences = bool(value)

    @page_event
    def set_back_to_back(self, value: bool):
        self.avoid_back_to_back = bool(value)

    def _request(self) -> GenerationRequest:
        return GenerationRequest(
            bureau_id=self.bureau_id,
            start_date=date.fromisoformat(self.start),
            end_date=date.fromisoformat(self.end),
            shift_patterns=tuple(
                ShiftPattern(name=p["name"], start_time=p["start_time"], end_time=p["end_time"]) for p in self.patterns
            ),
            constraints=GenerationConstraints(
                min_senior_per_shift=int(self.min_seniors or 0),
                respect_preferences=self.respect_preferences,
                avoid_back_to_back=self.avoid_back_to_back,
            ),
        )

    @page_event(background=True)
    async def generate(self):
        """Start the generation job, then follow its status until it finishes (the page stays usable)."""
        async with self:
            if self.running:
                return
            self.refusal = ""
            try:
                request = self._request()
            except ValueError:
                self.refusal = self._t("Not started: pick valid dates and a whole number of seniors.")
                yield rx.toast.error(self.refusal)
                return
            problem = ai_scheduling.generation_range_problem(request.start_date, request.end_date)
            if problem:  # said on the page, not only in a toast that fades
                self.refusal = self._t("Not started: {problem}.", problem=self._t(problem))
                yield rx.toast.error(self.refusal)
                return
            self.running, self.has_summary, self.notes, self.preview_rows = True, False, "", []
            self.job_message, self.job_progress, self.job_status = self._t("Starting"), 0, "queued"
            token, lang = self.token, self.lang
        try:
            job, _started = await run_as_user_in_thread(token, lambda s, u: _start_generation(s, u, request))
            job_id = job.id
        except DomainError as error:
            async with self:
                self.running, self.job_status = False, ""
                self.refusal = translate("Not started: {problem}", lang, problem=error.text(lang))
            yield error_toast(error)
            return
        async with self:
            self.job_id = job_id
        view: GenerationJobView | None = None
        while True:
            try:
                view = await run_as_user_in_thread(
                    token, lambda s, u: ai_scheduling.generation_job(session=s, actor=u, job_id=job_id, lang=lang)
                )
            except DomainError as error:
                async with self:
                    self.running = False
                yield error_toast(error)
                return
            async with self:
                self.job_status, self.job_progress = view.status, int(100 * view.progress)
                self.job_message = translate(
                    view.message or ("Waiting for a free job worker" if view.status == "queued" else "Working"), lang
                )
            if view.finished:
                break
            await asyncio.sleep(0.5)
        async with self:
            self.running = False
            if view.result is not None:
                self._show(view.result, request, stopped=view.status == "cancelled")
                self.job_message = translate(
                    "Stopped: showing the best schedule found until then" if view.status == "cancelled" else "Done",
                    lang,
                )
            else:
                self.job_message = translate(view.error or "The solver found no schedule", lang)
                self.refusal = self.job_message
                yield rx.toast.error(self.job_message)

    @page_event
    def stop(self):
        if not self.job_id:
            return
        job_id = self.job_id
        try:
            run_as_user(self.token, lambda s, u: ai_scheduling.stop_generation_job(session=s, actor=u, job_id=job_id))
        except DomainError as error:
            return error_toast(error)
        self.job_message = self._t("Stopping: the best schedule so far will be shown")

    def _show(self, result: GenerationOutcome, request: GenerationRequest, *, stopped: bool = False) -> None:
        schedule = result.schedule
        self._generated = list(schedule.generated_shifts)
        # The preview shows the generated range, even if the form's fields change afterwards.
        self._generated_range = (request.bureau_id, request.start_date.isoformat(), request.end_date.isoformat())
        summary = schedule.summary
        self.summary = {
            "total": str(summary.total_shifts),
            "hard": str(summary.conflicts_detected),
            "soft": str(summary.soft_conflicts),
            "objective": str(summary.objective),
            "optimal": self._t(
                solver_verdict(
                    proven=summary.proven_optimal, time_limit_reached=summary.time_limit_reached, stopped=stopped
                )
            ),
            "unconfirmed": str(result.unconfirmed_preferences_count),
        }
        self.breakdown = [
            {"rule": self._t(RULE_NAMES.get(rule, rule)), "cost": str(cost)}
            for rule, cost in sorted(summary.breakdown.items(), key=lambda kv: -kv[1])
        ]
        self.per_employee = [
            {"name": name, "shifts": str(count)} for name, count in sorted(summary.shifts_per_employee.items())
        ]
        self.notes = self._t(schedule.ai_notes) if schedule.ai_notes else ""
        self.has_summary = True
        self.preview_offset = 0
        self._load_preview()

    def _load_preview(self) -> None:
        if not self._generated:
            self.preview_rows, self.preview_labels = [], []
            return
        bureau_id, first_day, last_day = self._generated_range
        first, last = date.fromisoformat(first_day), date.fromisoformat(last_day)
        week_start = first + timedelta(days=7 * self.preview_offset)
        dates = [week_start + timedelta(days=i) for i in range(7) if week_start + timedelta(days=i) <= last]
        generated = self._generated
        rows = run_as_user(
            self.token,
            lambda s, u: preview_week(session=s, actor=u, bureau_id=bureau_id, dates=dates, generated=generated),
        )
        self.preview_rows = grid_rows(rows)
        self.preview_labels = [_label(d, self.lang) for d in dates]
        self.preview_range = f"{_day_month(dates[0], self.lang)} – {_day_month(dates[-1], self.lang)} {dates[-1].year}"
        self.preview_has_next = dates[-1] < last

    @page_event
    def preview_page(self, step: int):
        step = step if isinstance(step, int) else 0
        if not self._generated:
            return
        _bureau, first, last = self._generated_range
        weeks = ((date.fromisoformat(last) - date.fromisoformat(first)).days // 7) + 1
        self.preview_offset = max(0, min(weeks - 1, self.preview_offset + step))
        try:
            self._load_preview()
        except DomainError as error:
            return error_toast(error)

    @page_event
    def save(self):
        shifts = [
            ScheduleShift(
                date=g.date,
                start_time=g.start_time,
                end_time=g.end_time,
                bureau=g.bureau,
                employee_id=g.employee_id,
                shift_type=g.shift_type,
            )
            for g in self._generated
        ]
        if not shifts:
            return rx.toast.error(self._t("Generate a schedule first"))
        try:
            result = run_as_user(
                self.token, lambda s, u: ai_scheduling.save_schedule(session=s, actor=u, shifts=shifts)
            )
        except DomainError as error:
            return error_toast(error)
        self._generated, self.preview_rows, self.has_summary, self.job_status = [], [], False, ""
        return rx.toast.success(self._t("Saved {count} shifts; see them on the schedule", count=result.saved_shifts))


def _weeks_and_days(days: int, lang: str) -> str:
    """ "16 weeks and 1 day" / "16 settimane e 1 giorno"."""
    if lang != "it":
        return ai_scheduling.weeks_and_days(days)
    weeks, rest = divmod(days, 7)
    said = [f"{weeks} {'settimana' if weeks == 1 else 'settimane'}"] if weeks else []
    said += [f"{rest} {'giorno' if rest == 1 else 'giorni'}"] if rest or not weeks else []
    return " e ".join(said)


def _day_month(day: date, lang: str) -> str:
    """ "07 Dec" (as the page always read in English) / "07 dic"."""
    return f"{day:%d} {month_name(day.month, lang, short=True)}"


def _label(day: date, lang: str) -> str:
    """A preview column: "Mon 07 Dec" / "lun 07 dic"."""
    return f"{weekday_name(day.weekday(), lang, short=True)} {_day_month(day, lang)}"


class HelpState(AuthState):
    """The help chat panel: answers grounded in shiftapp's help text (Claude when configured)."""

    help_open: bool = False
    question: str = ""
    messages: list[dict[str, str]] = []
    # A question is being answered (by Claude when it is set up): Ask waits, and pressing it again asks nothing.
    asking: bool = False

    @page_event
    def toggle_help(self):
        self.help_open = not self.help_open

    @page_event
    def set_question(self, value: str):
        self.question = value if isinstance(value, str) else ""

    @page_event(background=True)
    async def ask(self):
        """The answer is awaited in a worker thread: a call to Claude takes seconds, and the event loop
        carries every user's websocket."""
        from shiftapp.ai.client import get_client

        refusal: Any = None
        async with self:
            question = self.question.strip()
            if not question or self.asking:
                return
            user = self._user_or_none()
            if user is None:
                return
            history, lang = self.messages[-6:], self.lang
            try:
                rate_limits.spend_ai_request(user=user)  # the same per-user AI limit as /api/ai
            except DomainError as error:
                refusal = error_toast(error, lang)
            else:
                self.asking = True
        if refusal is not None:
            yield refusal
            return
        try:
            # Too long or with control characters: refused with a toast, the question stays for editing.
            reply = await asyncio.to_thread(assistant.ask_help, question=question, history=history, client=get_client())
        except DomainError as error:
            async with self:
                self.asking = False
            yield error_toast(error, lang)
            return
        except BaseException:
            async with self:  # whatever went wrong, Ask works again
                self.asking = False
            raise
        async with self:
            self.asking = False
            self.messages = [
                *self.messages,
                {"role": "user", "content": question},
                {"role": "assistant", "content": reply},
            ]
            if self.question.strip() == question:
                self.question = ""
