"""Schedule health: stored conflicts with filters, the shifts involved, and what leaders do with them."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

import reflex as rx

from shiftapp.i18n import format_day, translate
from shiftapp.services import access, conflicts
from shiftapp.services.errors import Conflict, DomainError
from shiftapp.state.auth import AuthState
from shiftapp.state.base import error_toast, page_event, run_as_user

PAGE_SIZE = 15


@dataclasses.dataclass
class HealthShift:
    date: str = ""
    time: str = ""
    bureau: str = ""
    employee: str = ""


@dataclasses.dataclass
class HealthRow:
    id: str = ""
    type: str = ""
    severity: str = ""
    hard: bool = True
    status: str = ""
    status_label: str = ""
    employee: str = ""
    description: str = ""
    date: str = ""
    shifts: list[HealthShift] = dataclasses.field(default_factory=list)
    timeline_href: str = ""


@dataclasses.dataclass
class FixOption:
    fix_id: str = ""
    description: str = ""
    change: str = ""
    rationale: str = ""
    impact: str = ""
    conflicts_after: list[str] = dataclasses.field(default_factory=list)


def timeline_href(bureau_id: str | None, day: str | None) -> str:
    """The schedule at the week (its Monday) and bureau of a conflict: /schedule?bureau=…&week=YYYY-MM-DD."""
    params: dict[str, str] = {}
    if bureau_id:
        params["bureau"] = bureau_id
    try:
        first = date.fromisoformat(day or "")
    except ValueError:
        first = None
    if first is not None:
        params["week"] = (first - timedelta(days=first.weekday())).isoformat()
    return "/schedule" + (f"?{urlencode(params)}" if params else "")


class HealthState(AuthState):
    rows: list[HealthRow] = []
    total: int = 0
    page: int = 0
    status_filter: str = "unresolved"
    severity_filter: str = "all"
    can_act: bool = False
    counts: dict[str, int] = {}
    fix_for: str = ""
    fixes: list[FixOption] = []
    fix_recommendation: str = ""
    fix_error: str = ""

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    def _reload(self) -> None:
        status = None if self.status_filter == "all" else self.status_filter
        severity = None if self.severity_filter == "all" else self.severity_filter

        def load(session, user):
            rows, total = conflicts.list_conflicts(
                session=session,
                actor=user,
                status=status,
                severity=severity,
                limit=PAGE_SIZE,
                offset=self.page * PAGE_SIZE,
            )
            involved = conflicts.shifts_of_conflicts(session, rows)
            counts = conflicts.unresolved_by_severity(session=session, actor=user)
            may_act = access.is_leader_or_planner(user)
            return rows, total, involved, counts, may_act

        rows, self.total, involved, self.counts, self.can_act = run_as_user(self.token, load)
        self.rows = [
            HealthRow(
                id=r.id,
                type=translate(r.type, self.lang),
                severity=r.severity,
                hard=r.rule_severity == "hard",
                status=r.status,
                status_label=translate(r.status, self.lang),
                employee=r.employee or "",
                description=r.description,
                date=_day(r.date, self.lang),
                shifts=[
                    HealthShift(
                        date=_day(s.date, self.lang),
                        time=f"{s.start_hhmm}–{s.end_hhmm}",
                        bureau=s.bureau or "",
                        employee=s.employee or translate("open", self.lang),
                    )
                    for s in involved.get(r.id, [])
                ],
                timeline_href=timeline_href(
                    r.bureau_id or next((s.bureau_id for s in involved.get(r.id, [])), None),
                    next((s.date for s in involved.get(r.id, [])), None) or r.date,
                ),
            )
            for r in rows
        ]

    @page_event(public=True)
    def open_health(self):
        """on_load of Schedule health: who is signed in and the conflicts, in one event (AuthState._open_signed_in)."""
        return self._open_signed_in(self._load_health)

    @page_event
    def load_health(self):
        return self._load_health()

    def _load_health(self):
        try:
            self._reload()
        except DomainError as error:
            return error_toast(error)

    @page_event
    def set_status_filter(self, value: str):
        if value in ("all", "unresolved", "acknowledged", "resolved", "dismissed"):
            self.status_filter, self.page = value, 0
            return HealthState.load_health

    @page_event
    def set_severity_filter(self, value: str):
        if value in ("all", "high", "medium", "low"):
            self.severity_filter, self.page = value, 0
            return HealthState.load_health

    @page_event
    def next_page(self):
        if self.page + 1 < self.page_count:
            self.page += 1
            return HealthState.load_health

    @page_event
    def previous_page(self):
        if self.page > 0:
            self.page -= 1
            return HealthState.load_health

    def _act(self, conflict_id: Any, use_case, done: str):
        if not isinstance(conflict_id, str):
            return rx.toast.error(self._t("Pick a conflict"))
        try:
            run_as_user(self.token, lambda s, u: use_case(s, u, conflict_id))
            self._reload()
        except DomainError as error:
            return error_toast(error)
        return rx.toast.success(self._t(done))

    @page_event
    def acknowledge(self, conflict_id: str):
        return self._act(
            conflict_id,
            lambda s, u, c: conflicts.act_on_conflict(session=s, actor=u, conflict_id=c, action="acknowledge"),
            "Conflict acknowledged",
        )

    @page_event
    def resolve(self, conflict_id: str):
        return self._act(
            conflict_id,
            lambda s, u, c: conflicts.act_on_conflict(session=s, actor=u, conflict_id=c, action="resolve"),
            "Conflict marked resolved",
        )

    @page_event
    def dismiss(self, conflict_id: str):
        return self._act(
            conflict_id,
            lambda s, u, c: conflicts.dismiss_conflict(session=s, actor=u, conflict_id=c),
            "Conflict dismissed as a false positive",
        )


class HealthFixState(HealthState):
    """Suggest a fix: candidates found by the rule engine, ranked, each with what it changes and the
    conflicts it leaves; the leader applies any of them, and the service checks the rules again."""

    def _suggest(self, conflict_id: str) -> None:
        from shiftapp.services.ai_scheduling import resolve_conflict

        result = run_as_user(self.token, lambda s, u: resolve_conflict(session=s, actor=u, conflict_id=conflict_id))
        self.fix_for = conflict_id
        self.fixes = [
            FixOption(
                fix_id=f.fix_id,
                description=f.description,
                change=f.change,
                rationale=f.rationale,
                impact=f.impact,
                conflicts_after=list(f.conflicts_after),
            )
            for f in result.suggestions
        ]
        self.fix_recommendation = result.ai_recommendation

    @page_event
    def suggest(self, conflict_id: str):
        self.fix_error = ""
        try:
            self._suggest(conflict_id)
        except DomainError as error:
            return error_toast(error)

    @page_event
    def apply_fix(self, fix_id: str):
        from shiftapp.services.ai_scheduling import resolve_conflict

        conflict_id = self.fix_for
        if not conflict_id:
            return rx.toast.error(self._t("Pick a conflict and ask for fixes first"))
        chosen = next((f for f in self.fixes if f.fix_id == fix_id), None)
        if chosen is None:
            return rx.toast.error(self._t("That fix is not among the ones suggested; ask for fixes again"))
        try:
            run_as_user(
                self.token,
                lambda s, u: resolve_conflict(session=s, actor=u, conflict_id=conflict_id, apply=True, fix_id=fix_id),
            )
        except Conflict as error:
            # Stale: someone changed the schedule meanwhile. Say so in the dialog and show what fixes now.
            self.fix_error = error.text(self.lang)
            try:
                self._suggest(conflict_id)
                self._reload()
            except DomainError as again:
                return error_toast(again)
            return rx.toast.error(self.fix_error)
        except DomainError as error:
            return error_toast(error)
        self.fix_for, self.fix_error, self.fixes = "", "", []
        try:
            self._reload()
        except DomainError as error:
            return error_toast(error)
        return rx.toast.success(self._t("Fix applied: {change}", change=chosen.change or chosen.description))

    @page_event
    def close_fix(self):
        self.fix_for, self.fix_error = "", ""


def _day(value: str | None, lang: str) -> str:
    """A conflict's day as the page always showed it in English (ISO); "lun 7 dic" in Italian."""
    if not value or lang != "it":
        return value or ""
    try:
        return format_day(value, lang)
    except ValueError:
        return value
