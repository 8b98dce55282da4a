"""Time off: everyone's own requests and totals; team leaders' and planners' pending list."""

from __future__ import annotations

import contextlib
import re
from dataclasses import asdict
from datetime import date
from typing import Any

import reflex as rx

from shiftapp.i18n import translate
from shiftapp.i18n.values import Day
from shiftapp.services import access, time_off
from shiftapp.services.errors import DomainError
from shiftapp.state.auth import AuthState
from shiftapp.state.base import error_toast, page_event, run_as_user

KINDS = list(time_off.KINDS)


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class TimeOffState(AuthState):
    start_date: str = ""
    end_date: str = ""
    kind: str = "vacation"
    note: str = ""
    requests: list[dict[str, str]] = []
    totals: list[dict[str, str]] = []
    may_decide: bool = False
    pending: list[dict[str, str]] = []
    # Team leaders and planners: approved leave not yet ended, which they may withdraw.
    approved: list[dict[str, str]] = []
    decision_note: str = ""
    # The version each pending request was shown at: a decision is about what the leader saw.
    _pending_versions: dict[str, int] = {}
    _approved_versions: dict[str, int] = {}

    @rx.var
    def has_requests(self) -> bool:
        return bool(self.requests)

    @rx.var
    def has_pending(self) -> bool:
        return bool(self.pending)

    @rx.var
    def has_approved(self) -> bool:
        return bool(self.approved)

    def _reload(self) -> None:
        def read(session, user):
            mine = time_off.my_time_off(session=session, actor=user)
            decider = access.is_planner(user) or user.is_team_leader
            pending = time_off.pending_time_off(session=session, actor=user) if decider else []
            approved = time_off.approved_ahead(session=session, actor=user) if decider else []
            return mine, decider, pending, approved

        mine, decider, pending, approved = run_as_user(self.token, read)
        self.requests = [_request_row(self.lang, r) for r in mine.requests]
        self.totals = [{k: str(v) for k, v in asdict(t).items()} for t in mine.totals]
        self.may_decide = decider
        self.pending = [_pending_row(self.lang, r) for r in pending]
        self._pending_versions = {r.id: r.version for r in pending}
        self.approved = [_approved_row(self.lang, r) for r in approved]
        self._approved_versions = {r.id: r.version for r in approved}

    @page_event(public=True)
    def open_time_off(self):
        """on_load of Time off: who is signed in, their requests and those they decide,
        in one event (AuthState._open_signed_in)."""
        return self._open_signed_in(self._load_time_off)

    def _load_time_off(self):
        try:
            self._reload()
        except DomainError as error:
            self.requests, self.totals, self.pending, self.may_decide = [], [], [], False
            return error_toast(error, self.lang)

    @page_event
    def set_start_date(self, value: str):
        self.start_date = value

    @page_event
    def set_end_date(self, value: str):
        self.end_date = value

    @page_event
    def set_kind(self, value: str):
        if value in KINDS:
            self.kind = value

    @page_event
    def set_note(self, value: str):
        self.note = value

    @page_event
    def set_decision_note(self, value: str):
        self.decision_note = value

    @page_event
    def submit(self):
        start, end, kind, note = self.start_date, self.end_date or self.start_date, self.kind, self.note
        if not start:
            return rx.toast.error(self._t("Choose the first day of your time off"))
        try:
            view = run_as_user(
                self.token,
                lambda s, u: time_off.request_time_off(
                    session=s, actor=u, ask=time_off.TimeOffAsk(start_date=start, end_date=end, kind=kind, note=note)
                ),
            )
            self._reload()
        except DomainError as error:
            return error_toast(error, self.lang)
        self.start_date = self.end_date = self.note = ""
        return rx.toast.success(
            self._t(
                "Requested {days} day(s) of {kind}; your team leader will decide",
                days=view.days,
                kind=self._t(view.kind),
            )
        )

    @page_event
    def cancel(self, request_id: str):
        try:
            run_as_user(self.token, lambda s, u: time_off.cancel_time_off(session=s, actor=u, request_id=request_id))
            self._reload()
        except DomainError as error:
            return error_toast(error, self.lang)
        return rx.toast.success(self._t("Request cancelled"))

    @page_event
    def withdraw(self, request_id: str):
        """A leader takes back approved leave (the decision note is the reason the person reads)."""
        version = self._approved_versions.get(request_id)
        if version is None:
            return rx.toast.error(self._t("This leave is no longer in your list; reload the page"))
        note = self.decision_note
        try:
            view = run_as_user(
                self.token,
                lambda s, u: time_off.cancel_time_off(
                    session=s, actor=u, request_id=request_id, expected_version=version, note=note
                ),
            )
        except DomainError as error:
            return error_toast(error, self.lang)
        finally:
            with contextlib.suppress(DomainError):
                self._reload()
        self.decision_note = ""
        if view.status == "approved":  # under way: ended from today, the days taken stay
            return rx.toast.success(
                self._t(
                    "Ended {name}'s leave from today (the days already taken stay); they have been told",
                    name=view.employee_name,
                )
            )
        return rx.toast.success(
            self._t("Withdrew {name}'s approved leave; they have been told", name=view.employee_name)
        )

    def _decide(self, request_id: str, approve: bool) -> Any:
        version = self._pending_versions.get(request_id)
        if version is None:
            return rx.toast.error(self._t("This request is no longer in your list; reload the page"))
        note = self.decision_note
        decide = time_off.approve_time_off if approve else time_off.decline_time_off
        try:
            view = run_as_user(
                self.token,
                lambda s, u: decide(session=s, actor=u, request_id=request_id, expected_version=version, note=note),
            )
        except DomainError as error:
            return error_toast(error, self.lang)
        finally:
            # Decided or refused (already decided, stale), the list should show what is true now.
            with contextlib.suppress(DomainError):
                self._reload()
        self.decision_note = ""
        if not approve:
            return rx.toast.success(self._t("Declined {name}'s request", name=view.employee_name))
        created = len(view.conflicts_created)
        if created:
            return rx.toast.success(
                self._t(
                    "Approved {name}'s time off; {count} new conflict(s) now show in Schedule health",
                    name=view.employee_name,
                    count=created,
                )
            )
        return rx.toast.success(self._t("Approved {name}'s time off", name=view.employee_name))

    @page_event
    def approve(self, request_id: str):
        return self._decide(request_id, approve=True)

    @page_event
    def decline(self, request_id: str):
        return self._decide(request_id, approve=False)


def _request_row(lang: str, row: time_off.TimeOffView) -> dict[str, str]:
    return {
        "id": row.id,
        "dates": _dates(row.dates, lang),
        "days": str(row.days),
        "kind": translate(row.kind, lang),
        "note": row.note or "",
        "status": row.status,
        "decided_by_name": row.decided_by_name or "",
        "decision_note": row.decision_note or "",
        "cancellable": "yes" if time_off.may_cancel_own(row) else "",
    }


def _pending_row(lang: str, row: time_off.PendingTimeOff) -> dict[str, str]:
    conflicts = row.conflicts_if_approved
    return {
        "id": row.id,
        "employee_name": row.employee_name,
        "bureau_name": row.bureau_name,
        "dates": _dates(row.dates, lang),
        "days": str(row.days),
        "kind": translate(row.kind, lang),
        "note": row.note or "",
        "conflict_count": str(len(conflicts)),
        "conflicts": "; ".join(conflicts) if conflicts else translate("None", lang),
    }


def _approved_row(lang: str, row: time_off.TimeOffView) -> dict[str, str]:
    return {
        "id": row.id,
        "employee_name": row.employee_name,
        "bureau_name": row.bureau_name,
        "dates": _dates(row.dates, lang),
        "days": str(row.days),
        "kind": translate(row.kind, lang),
        "decided_by_name": row.decided_by_name or "",
    }


def _dates(text: str, lang: str) -> str:
    """The service's ISO dates as the page always showed them in English; "lun 7 dic 2026" in Italian."""
    if lang != "it":
        return text
    return ISO_DATE.sub(lambda m: Day(date.fromisoformat(m.group(0))).render("it"), text)
