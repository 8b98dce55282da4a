"""Copy & repeat: copy a bureau's week to the following weeks, or apply shift templates over a date
range — preview first (what would be created, skipped, and the rule engine's conflicts), then create.

Create commits what the preview showed: the request and fingerprint of the last preview are kept on
the server (backend-only vars), and changing any field clears the preview, so the button never
applies values nobody previewed. The services check the role and the bureau on every call."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import date, timedelta
from typing import Any

import reflex as rx
from pydantic import BaseModel
from sqlmodel import Session

from shiftapp.models import Employee
from shiftapp.services import access, repeat
from shiftapp.services.bureaus import list_bureaus
from shiftapp.services.errors import Conflict, DomainError, HardConflicts, ValidationFailed
from shiftapp.services.planning import list_templates
from shiftapp.services.shift_views import planning_today
from shiftapp.state.auth import AuthState
from shiftapp.state.base import page_event, run_as_user

ROWS_PER_PAGE = 50


def _day(value: str, field: str, label: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationFailed(f"{label} must be a date like 2026-12-07", details={"field": field}) from None


class RepeatState(AuthState):
    may_plan: bool = False
    busy: bool = False  # a preview or a create is running
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
        return (
            f"{self.create_count} shift(s) to create, {self.skipped_count} skipped, "
            f"{self.hard_count} hard conflict(s), {self.soft_count} warning(s)."
        )

    @rx.var
    def create_label(self) -> str:
        return f"Create {self.create_count} shift(s)"

    @rx.var
    def skipped_label(self) -> str:
        return f"Skipped ({self.skipped_count})"

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.create_count // ROWS_PER_PAGE))

    @rx.var
    def page_label(self) -> str:
        return f"Page {self.page} of {max(1, -(-self.create_count // ROWS_PER_PAGE))}"

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
                "days": ", ".join(d[:3] for d in t.days) or "every day",
                "chosen": "yes",
            }
            for t in found
        ]
        self.chosen_templates = [t["id"] for t in self.templates]

    @page_event
    def load_repeat(self):
        self._clear_preview()
        self.result, self.busy = "", False

        def read(session, user):
            if not access.is_leader_or_planner(user):
                return False, [], ""
            mine = [b for b in list_bureaus(session) if repeat.may_plan_bureau(user, b.id)]
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
            return rx.toast.error("Pick one of the listed bureaus")
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
            return rx.toast.error("Pick one of the listed templates")
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
        self._all_rows = [_row(r) for r in preview.rows]
        self.rows = self._all_rows[:ROWS_PER_PAGE]
        self.skipped = [_skipped(s) for s in preview.skipped[:ROWS_PER_PAGE]]
        self.create_count, self.skipped_count = len(preview.rows), len(preview.skipped)
        self.hard_count, self.soft_count = preview.hard_count, preview.soft_count

    # The three handlers below run in the background: a batch at its size limit keeps the rule engine
    # busy for seconds, longer than a page event may hold the state's lock. They work outside the lock
    # and take it only to read the form and to show the answer.
    @page_event(background=True)
    async def preview_copy(self):
        async with self:
            if self.busy:
                return
            self.result = ""
            request = self._copy_request()
            self.busy, token = True, self.token
        try:
            preview = await asyncio.to_thread(
                run_as_user, token, lambda s, u: repeat.preview_copy_week(session=s, actor=u, request=request)
            )
            title = f"Copy of the week of {request.source_week:%a %d %b %Y} to {request.weeks} week(s)"
            async with self:
                self._show(preview, request, title)
        finally:
            async with self:
                self.busy = False

    @page_event(background=True)
    async def preview_templates(self):
        async with self:
            if self.busy:
                return
            self.result = ""
            request = self._templates_request()
            self.busy, token = True, self.token
        try:
            preview = await asyncio.to_thread(
                run_as_user, token, lambda s, u: repeat.preview_apply_templates(session=s, actor=u, request=request)
            )
            title = f"Templates from {request.start_date:%a %d %b} to {request.end_date:%a %d %b %Y}"
            async with self:
                self._show(preview, request, title)
        finally:
            async with self:
                self.busy = False

    @page_event(background=True)
    async def create(self):
        async with self:
            if self.busy:
                return
            if not self._fingerprint:
                yield rx.toast.error("Preview first, then create what the preview shows")
                return
            kind, title, saved = self.preview_kind, self.preview_title, dict(self._request)
            fingerprint, force, reason = self._fingerprint, self.force, self.reason.strip() or None
            self.busy, token = True, self.token
        try:
            outcome = await asyncio.to_thread(
                run_as_user, token, lambda s, u: _commit(s, u, kind, saved, fingerprint, force, reason)
            )
        except HardConflicts as error:
            async with self:
                self.result = f"Nothing was created: {error.message}. Tick “Create anyway” to go ahead."
            yield rx.toast.error(error.message)
            return
        except Conflict as error:
            fresh = None
            with contextlib.suppress(DomainError):
                fresh = await asyncio.to_thread(run_as_user, token, lambda s, u: _preview(s, u, kind, saved))
            async with self:
                if fresh is not None:
                    self._show(fresh[0], fresh[1], title)
                self.result = f"Nothing was created: {error.message}. The preview below is the new one."
            yield rx.toast.error(error.message)
            return
        finally:
            async with self:
                self.busy = False
        async with self:
            self._clear_preview()
            forced = f", past {outcome.conflicts_overridden} hard conflict(s)" if outcome.forced else ""
            self.result = (
                f"Created {outcome.created} shift(s) with {outcome.assignments} assignment(s) as drafts"
                f"{forced}; {outcome.skipped} skipped."
            )
            message = self.result
        yield rx.toast.success(message)


def _preview(
    session: Session, user: Employee, kind: str, saved: dict[str, Any]
) -> tuple[repeat.BatchPreview, BaseModel]:
    """The preview of a request kept from an earlier preview (the page shows it again after a 409)."""
    if kind == "copy_week":
        copy_request = repeat.CopyWeekRequest.model_validate(saved)
        return repeat.preview_copy_week(session=session, actor=user, request=copy_request), copy_request
    template_request = repeat.ApplyTemplatesRequest.model_validate(saved)
    return repeat.preview_apply_templates(session=session, actor=user, request=template_request), template_request


def _commit(
    session: Session,
    user: Employee,
    kind: str,
    saved: dict[str, Any],
    fingerprint: str,
    force: bool,
    reason: str | None,
) -> repeat.BatchOutcome:
    if kind == "copy_week":
        return repeat.copy_week(
            session=session,
            actor=user,
            request=repeat.CopyWeekRequest.model_validate(saved),
            fingerprint=fingerprint,
            force=force,
            reason=reason,
        )
    return repeat.apply_templates(
        session=session,
        actor=user,
        request=repeat.ApplyTemplatesRequest.model_validate(saved),
        fingerprint=fingerprint,
        force=force,
        reason=reason,
    )


def _row(row: repeat.PreviewRow) -> dict[str, str]:
    hard = [c for c in row.conflicts if c.severity == "hard"]
    described = [f"{'Hard' if c.severity == 'hard' else 'Soft'} · {c.name}: {c.message}" for c in row.conflicts]
    what = " · ".join(x for x in (row.shift_type, row.required_role, row.template_name) if x)
    return {
        "key": row.key,
        "date": f"{row.weekday[:3]} {row.date}",
        "time": f"{row.start_hhmm}–{row.end_hhmm}",
        "what": what or "Shift",
        "people": ", ".join(p.name for p in row.people) or f"open ({row.capacity} place(s))",
        "conflicts": "\n".join(described) or "None",
        "verdict": "hard" if hard else "soft" if row.conflicts else "ok",
    }


def _skipped(row: repeat.SkippedRow) -> dict[str, str]:
    return {
        "key": row.key,
        "date": row.date,
        "time": f"{row.start_hhmm}–{row.end_hhmm}",
        "what": row.shift_type or "Shift",
        "reason": row.reason,
    }
