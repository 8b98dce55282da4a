"""My preferences (every user) and team availability (team leaders and admins)."""

from __future__ import annotations

import asyncio
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import reflex as rx

from shiftapp.i18n import translate
from shiftapp.services import access, assistant, preferences, rate_limits
from shiftapp.services.errors import DomainError
from shiftapp.state.auth import AuthState
from shiftapp.state.base import error_toast, page_event, run_as_user, run_as_user_in_thread

if TYPE_CHECKING:
    from shiftapp.ai.preference_notes import PreferenceSuggestion

WEEKDAYS = list(preferences.WEEKDAYS)
SHIFT_TYPES = list(preferences.SHIFT_TYPES)


class MyPreferencesState(AuthState):
    # rx.Field: on the class (in the page) these are Vars to mypy as at run time; on self, lists.
    preferred_days: rx.Field[list[str]] = rx.field(default_factory=list)
    preferred_shifts: rx.Field[list[str]] = rx.field(default_factory=list)
    max_shifts_per_week: str = ""
    notes: str = ""
    confirmed: bool = False
    confirmed_by_name: str = ""
    has_preferences: bool = False
    version: int = 0

    def _show(self, view: preferences.PreferenceView) -> None:
        self.preferred_days = view.preferred_days
        self.preferred_shifts = view.preferred_shifts
        self.max_shifts_per_week = "" if view.max_shifts_per_week is None else str(view.max_shifts_per_week)
        self.notes = view.notes or ""
        self.confirmed = view.confirmed
        self.confirmed_by_name = view.confirmed_by_name or ""
        self.has_preferences = view.id is not None
        self.version = view.version

    @page_event(public=True)
    def open_preferences(self):
        """on_load of My preferences: who is signed in and their preferences,
        in one event (AuthState._open_signed_in)."""
        return self._open_signed_in(self._load_preferences)

    def _load_preferences(self):
        try:
            view = run_as_user(
                self.token, lambda s, u: preferences.get_preferences(session=s, actor=u, employee_id=u.id)
            )
        except DomainError as error:
            return error_toast(error, self.lang)
        self._show(view)

    @page_event
    def toggle_day(self, day: str):
        if day in WEEKDAYS:
            self.preferred_days = [d for d in WEEKDAYS if (d in self.preferred_days) != (d == day)]

    @page_event
    def toggle_shift(self, shift: str):
        if shift in SHIFT_TYPES:
            self.preferred_shifts = [s for s in SHIFT_TYPES if (s in self.preferred_shifts) != (s == shift)]

    @page_event
    def set_max_shifts(self, value: str):
        self.max_shifts_per_week = value if isinstance(value, str) else ""

    @page_event
    def set_notes(self, value: str):
        self.notes = value if isinstance(value, str) else ""

    @page_event
    def save(self):
        version = self.version
        try:
            changes = preferences.PreferenceChanges(
                preferred_days=list(self.preferred_days),
                preferred_shifts=list(self.preferred_shifts),
                max_shifts_per_week=preferences.max_shifts_from_text(self.max_shifts_per_week),
                notes=self.notes,
            )
            view = run_as_user(
                self.token,
                lambda s, u: preferences.update_preferences(
                    session=s, actor=u, employee_id=u.id, changes=changes, expected_version=version
                ),
            )
        except DomainError as error:
            return error_toast(error, self.lang)
        self._show(view)
        return rx.toast.success(self._t("Preferences saved; a team leader will confirm them"))


class TeamAvailabilityState(AuthState):
    editing_id: str = ""
    editing_name: str = ""
    edit_days: list[str] = []
    edit_shifts: list[str] = []
    edit_max: str = ""
    edit_notes: str = ""
    edit_confirm: bool = True
    edit_version: int = 0
    note_reading: str = ""
    # The notes are being read (by Claude when it is set up): the button waits, and a second click asks nothing.
    reading_note: bool = False
    rows: list[dict[str, Any]] = []
    stats: dict[str, int] = {}
    allowed: bool = False
    status_filter: str = "all"
    page: int = 0
    page_size: int = 25
    # Opening the page reads the team in a worker thread (`read_team`: hundreds of ms for a large
    # organisation), off the event loop that carries every user's websocket. Each read takes the next
    # number (`_asked`); `_shown` is the newest shown, so a read that a newer one overtook (the list
    # after a confirmation) is never shown over it, whatever order they finish in.
    _asked: int = 0
    _shown: int = 0
    # A read asked for is not shown yet (the team's region is aria-busy meanwhile).
    reading: bool = False

    @rx.var
    def visible_rows(self) -> list[dict[str, Any]]:
        rows = self.rows if self.status_filter == "all" else [r for r in self.rows if r["status"] == self.status_filter]
        return rows[self.page * self.page_size : (self.page + 1) * self.page_size]

    @rx.var
    def page_count(self) -> int:
        rows = self.rows if self.status_filter == "all" else [r for r in self.rows if r["status"] == self.status_filter]
        return max(1, -(-len(rows) // self.page_size))

    def _show_team(self, data: preferences.TeamAvailabilityView, asked: int) -> None:
        self.rows = [_row(member, self.lang) for member in data.employees]
        self.stats = asdict(data.stats)
        self.allowed = True
        self._read_ended(asked)

    def _read_ended(self, asked: int) -> None:
        self._shown = max(self._shown, asked)
        self.reading = self._asked > self._shown

    @page_event(public=True)
    def open_team(self):
        """on_load of Team availability: who is signed in, and the team's read asked for, in one event
        (AuthState._open_signed_in)."""
        return self._open_signed_in(self._ask_team)

    def _ask_team(self) -> Any:
        self._asked += 1
        self.reading = True
        return TeamAvailabilityState.read_team

    @page_event(background=True)
    async def read_team(self):
        """The team read in a worker thread (the service decides who may see it), shown unless a newer
        read was shown first."""
        async with self:
            asked, token, lang = self._asked, self.token, self.lang
            if asked <= self._shown:
                return
        try:
            data = await run_as_user_in_thread(token, lambda s, u: preferences.team_availability(session=s, actor=u))
        except DomainError as error:
            async with self:
                if asked > self._shown:
                    # Refused on the server: nothing of the team's data reaches this browser.
                    self.allowed = False
                    self.rows, self.stats = [], {}
                self._read_ended(asked)
            yield error_toast(error, lang)
            return
        async with self:
            if asked > self._shown:
                self._show_team(data, asked)
            else:
                self._read_ended(asked)

    @page_event
    def set_status_filter(self, value: str):
        if value in ("all", "confirmed", "pending", "missing"):
            self.status_filter = value
            self.page = 0

    @page_event
    def next_page(self):
        self.page = min(self.page + 1, self.page_count - 1)

    @page_event
    def previous_page(self):
        self.page = max(self.page - 1, 0)

    @page_event
    def confirm(self, employee_id: str):
        if not isinstance(employee_id, str):
            return rx.toast.error(self._t("Pick an employee to confirm"))
        try:
            view = run_as_user(
                self.token, lambda s, u: preferences.confirm_preferences(session=s, actor=u, employee_id=employee_id)
            )
        except DomainError as error:
            return error_toast(error, self.lang)
        # The team is read again as the page opens it: in a worker thread, newer than any read before.
        done = self._t("Preferences confirmed for {name}", name=view.employee_name)
        return [rx.toast.success(done), self._ask_team()]

    @page_event
    def open_edit(self, employee_id: str):
        if not isinstance(employee_id, str):
            return rx.toast.error(self._t("Pick an employee"))
        try:
            view = run_as_user(
                self.token, lambda s, u: preferences.get_preferences(session=s, actor=u, employee_id=employee_id)
            )
        except DomainError as error:
            return error_toast(error, self.lang)
        self.editing_id, self.editing_name = employee_id, view.employee_name
        self.edit_days, self.edit_shifts = view.preferred_days, view.preferred_shifts
        self.edit_max = "" if view.max_shifts_per_week is None else str(view.max_shifts_per_week)
        self.edit_notes, self.edit_confirm = view.notes or "", True
        self.edit_version = view.version

    @page_event
    def close_edit(self):
        self.editing_id, self.note_reading = "", ""

    @page_event(background=True)
    async def read_notes(self):
        """Turn the free-text notes into suggested days, shifts and limit. Only the dialog changes:
        nothing is saved until the team leader reviews it and presses Save. The reading runs in a worker
        thread: a call to Claude takes seconds, and the event loop carries every user's websocket."""
        from shiftapp.ai.client import get_client

        refusal: Any = None
        async with self:
            user = self._user_or_none()
            if user is None or not self.editing_id or self.reading_note:
                return
            editing_id, note, lang = self.editing_id, self.edit_notes, self.lang
            try:
                rate_limits.spend_ai_request(user=user)  # the same per-user AI limit as /api/ai
            except DomainError as error:
                refusal = error_toast(error, lang)
            else:
                self.reading_note, self.note_reading = True, self._t("Reading the notes…")
        if refusal is not None:
            yield refusal
            return
        try:
            suggestion = await asyncio.to_thread(assistant.read_preference_note, note=note, client=get_client())
        except DomainError as error:
            async with self:
                self.reading_note, self.note_reading = False, ""
            yield error_toast(error, lang)
            return
        except BaseException:
            async with self:  # whatever went wrong, the button works again
                self.reading_note, self.note_reading = False, ""
            raise
        async with self:
            self.reading_note = False
            if self.editing_id != editing_id:
                self.note_reading = ""  # the dialog was closed, or another person's opened, meanwhile
                return
            self._suggest(suggestion)

    def _suggest(self, suggestion: PreferenceSuggestion) -> None:
        days: list[str] = list(suggestion.preferred_days) or list(self.edit_days or WEEKDAYS[:5])
        self.edit_days = [d for d in WEEKDAYS if d in days and d not in suggestion.unavailable_days]
        shifts: list[str] = list(suggestion.preferred_shifts) or list(self.edit_shifts or SHIFT_TYPES)
        self.edit_shifts = [s for s in SHIFT_TYPES if s in shifts and s not in suggestion.avoided_shifts]
        if suggestion.max_shifts_per_week is not None:
            self.edit_max = str(suggestion.max_shifts_per_week)
        source = "Claude" if suggestion.source == "ai" else self._t("shiftapp's note reader")
        self.note_reading = self._t(
            "Suggested by {source}: {summary}. Review, then Save to apply.", source=source, summary=suggestion.summary
        )

    @page_event
    def toggle_edit_day(self, day: str):
        if day in WEEKDAYS:
            self.edit_days = [d for d in WEEKDAYS if (d in self.edit_days) != (d == day)]

    @page_event
    def toggle_edit_shift(self, shift: str):
        if shift in SHIFT_TYPES:
            self.edit_shifts = [s for s in SHIFT_TYPES if (s in self.edit_shifts) != (s == shift)]

    @page_event
    def set_edit_max(self, value: str):
        self.edit_max = value if isinstance(value, str) else ""

    @page_event
    def set_edit_notes(self, value: str):
        self.edit_notes = value if isinstance(value, str) else ""

    @page_event
    def set_edit_confirm(self, value: bool):
        self.edit_confirm = bool(value)

    @page_event
    def save_edit(self):
        # Like `save`: the version the dialog was opened with goes along, so preferences changed
        # meanwhile (by their owner or another leader) are refused, not overwritten unseen.
        employee_id, confirm, version = self.editing_id, self.edit_confirm, self.edit_version
        try:
            changes = preferences.PreferenceChanges(
                preferred_days=list(self.edit_days),
                preferred_shifts=list(self.edit_shifts),
                max_shifts_per_week=preferences.max_shifts_from_text(self.edit_max),
                notes=self.edit_notes,
            )
            run_as_user(
                self.token,
                lambda s, u: preferences.update_preferences(
                    session=s,
                    actor=u,
                    employee_id=employee_id,
                    changes=changes,
                    auto_confirm=confirm,
                    expected_version=version,
                ),
            )
        except DomainError as error:
            return error_toast(error, self.lang)
        self.editing_id = ""
        return [
            rx.toast.success(self._t("Preferences saved and confirmed" if confirm else "Preferences saved")),
            self._ask_team(),
        ]

    @page_event
    def confirm_all(self):
        try:
            count = run_as_user(self.token, lambda s, u: preferences.confirm_all_pending(session=s, actor=u))
        except DomainError as error:
            return error_toast(error, self.lang)
        done = self._t("Confirmed preferences for {count} employee(s)", count=count)
        return [rx.toast.success(done), self._ask_team()]


def _row(member: preferences.TeamMemberView, lang: str = "en") -> dict[str, Any]:
    prefs = member.preferences
    max_shifts = prefs.max_shifts_per_week if prefs else None
    return {
        "id": member.id,
        "full_name": member.full_name,
        "email": member.email,
        "shift_role": member.shift_role,
        "shift_role_label": translate(member.shift_role, lang) if member.shift_role else "",
        "bureau_name": member.bureau_name or "",
        "status": member.status,
        "days": ", ".join(translate(d[:3], lang) for d in (prefs.preferred_days if prefs else [])) or "—",
        "shifts": ", ".join(translate(s, lang) for s in (prefs.preferred_shifts if prefs else [])) or "—",
        "max_shifts": "" if max_shifts is None else str(max_shifts),
        "notes": (prefs.notes if prefs else None) or "",
    }


__all__ = ["MyPreferencesState", "TeamAvailabilityState", "access"]
