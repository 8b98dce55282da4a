"""Copy & repeat: copy a bureau's week to the following weeks, or apply shift templates over a date
range — preview first (what would be created, skipped, and the rule engine's conflicts), then create.

Create commits what the preview showed: the request and fingerprint of the last preview are kept on
the server (backend-only vars), and changing any field clears the preview, so the button never
applies values nobody previewed. The services check the role and the bureau on every call."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import reflex as rx
from pydantic import BaseModel
from sqlmodel import Session

from shiftapp.i18n import format_date, format_day, translate
from shiftapp.models import Employee, Job
from shiftapp.services import access, repeat, repeat_jobs
from shiftapp.services.bureaus import list_bureaus
from shiftapp.services.errors import Conflict, DomainError, HardConflicts, Unavailable, ValidationFailed
from shiftapp.services.planning import list_templates
from shiftapp.services.shift_views import planning_today
from shiftapp.state.auth import AuthState
from shiftapp.state.base import page_event, run_as_user, run_as_user_in_thread

ROWS_PER_PAGE = 50
POLL_S = 0.3


def _day(value: str, field: str, label: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationFailed(f"{label} must be a date like 2026-12-07", details={"field": field}) from None


class RepeatState(AuthState):
    may_plan: bool = False
    busy: bool = False  # a preview or a create is running
    job_status: str = ""  # its job's: queued | running, while it runs
    job_message: str = ""
    bureaus: list[dict[str, str]] = []
    bureau_id: str = ""
    # Copy a week.
    source_week: str = ""
    weeks: str = "1"
    include_assignments: bool = False
    # Apply templates.
    start_date: str = ""
    end_date: str = ""
    templates: list[dict[str, str]] = []
    chosen_templates: list[str] = []
    # The last preview, one page of its rows at a time.
    preview_kind: str = ""  # copy_week | apply_templates | ""
    preview_title: str = ""
    rows: list[dict[str, str]] = []
    skipped: list[dict[str, str]] = []
    create_count: int = 0
    skipped_count: int = 0
    hard_count: int = 0
    soft_count: int = 0
    page: int = 1
    force: bool = False
    reason: str = ""
    result: str = ""
    _all_rows: list[dict[str, str]] = []
    _request: dict[str, Any] = {}
    _fingerprint: str = ""

    @rx.var
    def has_preview(self) -> bool:
        return self.preview_kind != ""

    @rx.var
    def has_templates(self) -> bool:
        return bool(self.templates)

    @rx.var
    def summary(self) -> str:
        return self._t(
            "{create} shift(s) to create, {skipped} skipped, {hard} hard conflict(s), {soft} warning(s).",
            create=self.create_count,
            skipped=self.skipped_count,
            hard=self.hard_count,
            soft=self.soft_count,
        )

    @rx.var
    def create_label(self) -> str:
        return self._t("Create {count} shift(s)", count=self.create_count)

    @rx.var
    def skipped_label(self) -> str:
        return self._t("Skipped ({count})", count=self.skipped_count)

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.create_count // ROWS_PER_PAGE))

    @rx.var
    def page_label(self) -> str:
        return self._t("Page {page} of {count}", page=self.page, count=max(1, -(-self.create_count // ROWS_PER_PAGE)))

    # ------------------------------------------------------------------ loading
    def _clear_preview(self) -> None:
        self.preview_kind, self.preview_title, self.rows, self.skipped = "", "", [], []
        self.create_count = self.skipped_count = self.hard_count = self.soft_count = 0
        self.page, self.force, self.reason = 1, False, ""
        self._all_rows, self._request, self._fingerprint = [], {}, ""

    def _load_templates(self) -> None:
        bureau_id = self.bureau_id

        def read(session, user):
            return [t for t in list_templates(session=session, actor=user, bureau_id=bureau_id) if t.active]

        found = run_as_user(self.token, read) if bureau_id else []
        self.templates = [
            {
                "id": t.id,
                "name": t.name,
                "time": f"{t.start_time}–{t.end_time}",
                "days": ", ".join(self._t(d[:3]) for d in t.days) or self._t("every day"),
                "chosen": "yes",
            }
            for t in found
        ]
        self.chosen_templates = [t["id"] for t in self.templates]

    @page_event(public=True)
    def open_repeat(self):
        """on_load of Copy & repeat: who is signed in and the bureaus they plan,
        in one event (AuthState._open_signed_in)."""
        return self._open_signed_in(self._load_repeat)

    def _load_repeat(self):
        self._clear_preview()
        self.result, self.busy = "", False

        def read(session, user):
            if not access.is_leader_or_planner(user):
                return False, [], ""
            mine = [b for b in list_bureaus(session) if access.leads_or_plans(user, b.id)]
            own = user.bureau_id if any(b.id == user.bureau_id for b in mine) else (mine[0].id if mine else "")
            return True, [{"id": b.id, "name": b.name} for b in mine], own

        self.may_plan, self.bureaus, chosen = run_as_user(self.token, read)
        if not self.may_plan:
            return
        if self.bureau_id not in {b["id"] for b in self.bureaus}:
            self.bureau_id = chosen
        today = planning_today()
        monday = today - timedelta(days=today.weekday())
        self.source_week = self.source_week or monday.isoformat()
        self.start_date = self.start_date or (monday + timedelta(days=7)).isoformat()
        self.end_date = self.end_date or (monday + timedelta(days=13)).isoformat()
        self._load_templates()

    # ------------------------------------------------------------------ the form
    @page_event
    def set_bureau(self, value: str):
        if value not in {b["id"] for b in self.bureaus}:
            return rx.toast.error(self._t("Pick one of the listed bureaus"))
        self.bureau_id = value
        self._clear_preview()
        self._load_templates()

    @page_event
    def set_source_week(self, value: str):
        self.source_week = value
        self._clear_preview()

    @page_event
    def set_weeks(self, value: str):
        self.weeks = value
        self._clear_preview()

    @page_event
    def set_include_assignments(self, value: bool):
        self.include_assignments = value
        self._clear_preview()

    @page_event
    def set_start_date(self, value: str):
        self.start_date = value
        self._clear_preview()

    @page_event
    def set_end_date(self, value: str):
        self.end_date = value
        self._clear_preview()

    @page_event
    def toggle_template(self, template_id: str, checked: bool):
        if template_id not in {t["id"] for t in self.templates}:
            return rx.toast.error(self._t("Pick one of the listed templates"))
        chosen = [t for t in self.chosen_templates if t != template_id]
        self.chosen_templates = [*chosen, template_id] if checked else chosen
        self.templates = [{**t, "chosen": "yes" if t["id"] in self.chosen_templates else ""} for t in self.templates]
        self._clear_preview()

    @page_event
    def set_force(self, value: bool):
        self.force = value

    @page_event
    def set_reason(self, value: str):
        self.reason = value

    @page_event
    def show_page(self, page: int):
        pages = max(1, -(-self.create_count // ROWS_PER_PAGE))
        self.page = min(max(1, page), pages)
        self.rows = self._all_rows[(self.page - 1) * ROWS_PER_PAGE : self.page * ROWS_PER_PAGE]

    # ------------------------------------------------------------------ preview and create
    def _copy_request(self) -> repeat.CopyWeekRequest:
        weeks = self.weeks.strip()
        if not weeks.isdigit():
            raise ValidationFailed(f"Weeks must be a whole number from 1 to {repeat.MAX_WEEKS}")
        return repeat.CopyWeekRequest(
            bureau_id=self.bureau_id,
            source_week=_day(self.source_week, "source_week", "The week to copy"),
            weeks=int(weeks),
            include_assignments=self.include_assignments,
        )

    def _templates_request(self) -> repeat.ApplyTemplatesRequest:
        if not self.chosen_templates:
            raise ValidationFailed("Tick at least one template to apply")
        return repeat.ApplyTemplatesRequest(
            bureau_id=self.bureau_id,
            start_date=_day(self.start_date, "start_date", "From"),
            end_date=_day(self.end_date, "end_date", "To"),
            template_ids=list(self.chosen_templates),
        )

    def _show(self, preview: repeat.BatchPreview, request: BaseModel, title: str) -> None:
        self._clear_preview()
        self.preview_kind, self.preview_title = preview.kind, title
        self._request, self._fingerprint = request.model_dump(mode="json"), preview.fingerprint
        self._all_rows = [_row(r, self.lang) for r in preview.rows]
        self.rows = self._all_rows[:ROWS_PER_PAGE]
        self.skipped = [_skipped(s, self.lang) for s in preview.skipped[:ROWS_PER_PAGE]]
        self.create_count, self.skipped_count = len(preview.rows), len(preview.skipped)
        self.hard_count, self.soft_count = preview.hard_count, preview.soft_count

    # ------------------------------------------------------------------ the batch jobs
    # A batch at its size limit keeps the rule engine busy for seconds: previews and creates run as jobs
    # in a job worker (services/repeat_jobs.py). The handlers take the state's lock only to read the form
    # and to show the job's status and answer; the job's row is read off the event loop.
    @page_event(background=True)
    async def preview_copy(self):
        async for event in self._run_batch(self._copy_ask):
            yield event

    @page_event(background=True)
    async def preview_templates(self):
        async for event in self._run_batch(self._templates_ask):
            yield event

    @page_event(background=True)
    async def create(self):
        async for event in self._run_batch(self._create_ask):
            yield event

    def _copy_ask(self) -> _Ask:
        request = self._copy_request()
        title = self._t(
            "Copy of the week of {day} to {weeks} week(s)",
            day=_long(request.source_week, self.lang),
            weeks=request.weeks,
        )
        return _Ask(request, title)

    def _templates_ask(self) -> _Ask:
        request = self._templates_request()
        return _Ask(
            request,
            self._t(
                "Templates from {first} to {last}",
                first=_short(request.start_date, self.lang),
                last=_long(request.end_date, self.lang),
            ),
        )

    def _create_ask(self) -> _Ask:
        if not self._fingerprint:
            raise ValidationFailed("Preview first, then create what the preview shows")
        request: repeat_jobs.BatchRequest = (
            repeat.CopyWeekRequest.model_validate(self._request)
            if self.preview_kind == "copy_week"
            else repeat.ApplyTemplatesRequest.model_validate(self._request)
        )
        return _Ask(request, self.preview_title, (self._fingerprint, self.force, self.reason.strip() or None))

    async def _run_batch(self, read_form: Callable[[], _Ask]) -> AsyncIterator[Any]:
        """Preview or create: read the form, run the batch as a job while the page shows its status,
        then show the preview or what was created (a refusal as the page's result and a toast)."""
        async with self:
            if self.busy:
                return
            self.result = ""
            ask = read_form()
            self.busy, token = True, self.token
            self.job_status, self.job_message = "queued", self._t("Starting")
            lang = self.lang
        try:
            if ask.commit is None:
                preview = (await self._follow(token, ask.start)).preview
                if preview is not None:
                    async with self:
                        self._show(preview, ask.request, ask.title)
                return
            try:
                outcome = (await self._follow(token, ask.start)).outcome
            except HardConflicts as error:
                async with self:
                    self.result = translate(
                        "Nothing was created: {problem}. Tick “Create anyway” to go ahead.",
                        lang,
                        problem=error.text(lang),
                    )
                yield rx.toast.error(error.text(lang))
                return
            except Conflict as error:  # the schedule changed since the preview: show the new one
                fresh = None
                with contextlib.suppress(DomainError):
                    fresh = (await self._follow(token, _Ask(ask.request, ask.title).start)).preview
                async with self:
                    if fresh is not None:
                        self._show(fresh, ask.request, ask.title)
                    self.result = translate(
                        "Nothing was created: {problem}. The preview below is the new one.",
                        lang,
                        problem=error.text(lang),
                    )
                yield rx.toast.error(error.text(lang))
                return
            if outcome is None:
                return
            async with self:
                self._clear_preview()
                self.result = (
                    translate(
                        "Created {created} shift(s) with {assignments} assignment(s) as drafts, past {forced} hard "
                        "conflict(s); {skipped} skipped.",
                        lang,
                        created=outcome.created,
                        assignments=outcome.assignments,
                        forced=outcome.conflicts_overridden,
                        skipped=outcome.skipped,
                    )
                    if outcome.forced
                    else translate(
                        "Created {created} shift(s) with {assignments} assignment(s) as drafts; {skipped} skipped.",
                        lang,
                        created=outcome.created,
                        assignments=outcome.assignments,
                        skipped=outcome.skipped,
                    )
                )
                message = self.result
            yield rx.toast.success(message)
        finally:
            async with self:
                self.busy, self.job_status, self.job_message = False, "", ""

    async def _follow(self, token: str, start: Callable[[Session, Employee], Job]) -> repeat_jobs.BatchJob:
        """Start the job and show its status until it finishes; its refusal is raised. A job no worker
        finished in time is stopped (a create then writes nothing) and the page says so."""
        job = await run_as_user_in_thread(token, start)
        job_id = job.id
        deadline = time.monotonic() + repeat_jobs.wait_seconds()
        while True:
            followed = await run_as_user_in_thread(
                token, lambda s, u: repeat_jobs.batch_job(session=s, actor=u, job_id=job_id)
            )
            if not followed.job.finished and time.monotonic() >= deadline:
                followed = await run_as_user_in_thread(
                    token, lambda s, u: repeat_jobs.stop_batch_job(session=s, actor=u, job_id=job_id)
                )
                if not followed.job.finished or followed.job.status == "cancelled":
                    raise Unavailable(
                        "No job worker finished this in time; nothing was created. Try again in a minute."
                    )
            async with self:
                self.job_status = followed.job.status
                self.job_message = translate(followed.job.message, self.lang) if followed.job.message else ""
            if followed.job.finished:
                if followed.refusal is not None:
                    raise followed.refusal
                return followed
            await asyncio.sleep(POLL_S)


@dataclass(frozen=True)
class _Ask:
    """A batch the form asks for: a preview, or with `commit` (fingerprint, force, reason) its creation."""

    request: repeat_jobs.BatchRequest
    title: str
    commit: tuple[str, bool, str | None] | None = None

    def start(self, session: Session, user: Employee) -> Job:
        if self.commit is None:
            return repeat_jobs.start_preview(session=session, actor=user, request=self.request)
        fingerprint, force, reason = self.commit
        return repeat_jobs.start_commit(
            session=session, actor=user, request=self.request, fingerprint=fingerprint, force=force, reason=reason
        )


def _row(row: repeat.PreviewRow, lang: str = "en") -> dict[str, str]:
    hard = [c for c in row.conflicts if c.severity == "hard"]
    described = [
        f"{translate('Hard' if c.severity == 'hard' else 'Soft', lang)} · {translate(c.name, lang)}: "
        f"{_message(c, lang)}"
        for c in row.conflicts
    ]
    return {
        "key": row.key,
        "date": format_date(row.date, lang) if lang == "it" else f"{row.weekday[:3]} {row.date}",
        "time": f"{row.start_hhmm}–{row.end_hhmm}",
        "what": _what(row, lang) or translate("Shift", lang),
        "people": ", ".join(p.name for p in row.people)
        or translate("open ({count} place(s))", lang, count=row.capacity),
        "conflicts": "\n".join(described) or translate("None", lang),
        "verdict": "hard" if hard else "soft" if row.conflicts else "ok",
    }


def _skipped(row: repeat.SkippedRow, lang: str = "en") -> dict[str, str]:
    return {
        "key": row.key,
        "date": format_date(row.date, lang) if lang == "it" else row.date,
        "time": f"{row.start_hhmm}–{row.end_hhmm}",
        "what": translate(row.shift_type, lang) if row.shift_type else translate("Shift", lang),
        "reason": translate(row.reason, lang),
    }


def _what(row: repeat.PreviewRow, lang: str) -> str:
    """Shift type and role in the reader's language; a template's name is its bureau's own word."""
    words = [translate(row.shift_type, lang) if row.shift_type else None]
    words += [translate(row.required_role, lang) if row.required_role else None, row.template_name]
    return " · ".join(x for x in words if x)


def _message(finding: Any, lang: str) -> str:
    """A conflict of the preview in the reader's language: the job kept its Italian reading beside it."""
    if lang == "it":
        return str(finding.details.get(repeat_jobs.ITALIAN_MESSAGE) or finding.message)
    return finding.message


def _short(day: date, lang: str) -> str:
    """ "Mon 07 Dec" (as the page always read in English) / "lun 7 dic"."""
    return format_day(day, lang) if lang == "it" else f"{day:%a %d %b}"


def _long(day: date, lang: str) -> str:
    """ "Mon 07 Dec 2026" / "lun 7 dic 2026"."""
    return format_date(day, lang) if lang == "it" else f"{day:%a %d %b %Y}"
