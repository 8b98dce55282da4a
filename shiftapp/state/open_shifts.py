"""Open shifts: the free places the signed-in person may claim, their claims still waiting, and
for team leaders and planners the claims waiting for their decision."""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

import reflex as rx

from shiftapp.i18n import translate
from shiftapp.i18n.values import Day
from shiftapp.services import access, bureau_settings, open_shifts
from shiftapp.services.errors import DomainError
from shiftapp.state.auth import AuthState
from shiftapp.state.base import error_toast, page_event, run_as_user
from shiftapp.state.bureau_flags import toggle_own_bureau_flag


class OpenShiftsState(AuthState):
    shifts: list[dict[str, str]] = []
    my_claims: list[dict[str, str]] = []
    may_decide: bool = False
    pending: list[dict[str, str]] = []
    # Team leaders: whether claims in the bureau they lead wait for their approval.
    leads_bureau: str = ""
    claims_need_approval: bool = False
    # What the last claim did, spelled out on the page (not only in a toast).
    result: str = ""
    result_kind: str = ""  # granted | waiting | refused
    # The version each listed shift and each pending claim was shown at: an action is about what was seen.
    _offered: dict[str, int] = {}
    _pending_versions: dict[str, int] = {}
    _my_claim_versions: dict[str, int] = {}

    @rx.var
    def has_shifts(self) -> bool:
        return bool(self.shifts)

    @rx.var
    def has_my_claims(self) -> bool:
        return bool(self.my_claims)

    @rx.var
    def has_pending(self) -> bool:
        return bool(self.pending)

    def _reload(self) -> None:
        def read(session, user):
            offered = open_shifts.open_shifts(session=session, actor=user)
            mine = open_shifts.my_pending_claims(session=session, actor=user)
            decider = access.is_leader_or_planner(user)
            pending = open_shifts.pending_claims(session=session, actor=user) if decider else []
            setting = None
            if user.is_team_leader and user.bureau_id:
                setting = bureau_settings.bureau_setting(
                    session=session, actor=user, bureau_id=user.bureau_id, flag=bureau_settings.CLAIMS_NEED_APPROVAL
                )
            return offered, mine, decider, pending, setting

        offered, mine, decider, pending, setting = run_as_user(self.token, read)
        self.leads_bureau = setting.name if setting else ""
        self.claims_need_approval = bool(setting and setting.claims_need_approval)
        self.shifts = [_shift_row(s, self.lang) for s in offered]
        self.my_claims = [_shift_row(c, self.lang) for c in mine]
        self.may_decide = decider
        self.pending = [_pending_row(c, self.lang) for c in pending]
        self._offered = {s.shift_id: s.version for s in offered}
        self._pending_versions = {c.claim_id: c.claim_version for c in pending}
        self._my_claim_versions = {c.claim_id: c.claim_version for c in mine}

    @page_event(public=True)
    def open_open_shifts(self):
        """on_load of Open shifts: who is signed in, the shifts offered and the claims,
        in one event (AuthState._open_signed_in)."""
        return self._open_signed_in(self._load_open_shifts)

    def _load_open_shifts(self):
        self.result, self.result_kind = "", ""
        try:
            self._reload()
        except DomainError as error:
            self.shifts, self.my_claims, self.pending, self.may_decide = [], [], [], False
            return error_toast(error, self.lang)

    @page_event
    def claim(self, shift_id: str):
        version = self._offered.get(shift_id)
        if version is None:
            return rx.toast.error(self._t("This shift is no longer in your list; reload the page"))
        try:
            view = run_as_user(
                self.token,
                lambda s, u: open_shifts.claim(session=s, actor=u, shift_id=shift_id, expected_version=version),
            )
        except DomainError as error:
            self.result, self.result_kind = self._t("Not claimed: {reason}", reason=error.text(self.lang)), "refused"
            return error_toast(error, self.lang)
        finally:
            with contextlib.suppress(DomainError):
                self._reload()
        day = Day(date.fromisoformat(view.date)).render(self.lang)
        when = f"{day} {view.start_time}–{view.end_time} ({view.bureau_name})"
        if view.granted:
            self.result, self.result_kind = self._t("Granted: you are on the shift of {when}", when=when), "granted"
        else:
            self.result = self._t("Requested: your claim for the shift of {when} waits for your team leader", when=when)
            self.result_kind = "waiting"
        return rx.toast.success(self.result)

    def _decide(self, claim_id: str, approve: bool) -> Any:
        version = self._pending_versions.get(claim_id)
        if version is None:
            return rx.toast.error(self._t("This claim is no longer in your list; reload the page"))
        decide = open_shifts.approve_claim if approve else open_shifts.decline_claim
        try:
            view = run_as_user(
                self.token,
                lambda s, u: decide(session=s, actor=u, claim_id=claim_id, expected_version=version),
            )
        except DomainError as error:
            return error_toast(error, self.lang)
        finally:
            with contextlib.suppress(DomainError):
                self._reload()
        template = (
            "Approved {name}'s claim for {date} {time}" if approve else "Declined {name}'s claim for {date} {time}"
        )
        day = Day(date.fromisoformat(view.date))
        # The status line keeps what the toast said, for whoever missed it.
        self.result = self._t(template, name=view.employee_name, date=day, time=view.start_time)
        self.result_kind = "granted" if approve else "refused"
        return rx.toast.success(self.result)

    @page_event
    def approve(self, claim_id: str):
        return self._decide(claim_id, approve=True)

    @page_event
    def decline(self, claim_id: str):
        return self._decide(claim_id, approve=False)

    @page_event
    def withdraw(self, claim_id: str):
        """The service checks that the claim is the signed-in person's own and still waiting."""
        version = self._my_claim_versions.get(claim_id)
        if version is None:
            return rx.toast.error(self._t("This claim is no longer in your list; reload the page"))
        try:
            view = run_as_user(
                self.token,
                lambda s, u: open_shifts.withdraw_claim(
                    session=s, actor=u, claim_id=claim_id, expected_version=version
                ),
            )
        except DomainError as error:
            return error_toast(error, self.lang)
        finally:
            with contextlib.suppress(DomainError):
                self._reload()
        self.result = self._t(
            "Withdrawn: your claim for the shift of {date} {start}–{end}",
            date=Day(date.fromisoformat(view.date)),
            start=view.start_time,
            end=view.end_time,
        )
        self.result_kind = "withdrawn"
        return rx.toast.success(self.result)

    @page_event
    def set_claims_need_approval(self, value: bool):
        """The bureau is the one the signed-in leader leads, resolved on the server; the service checks the role."""
        return toggle_own_bureau_flag(
            self,
            self._reload,
            bureau_settings.CLAIMS_NEED_APPROVAL,
            value,
            now_on="Claims in {bureau} now wait for your approval",
            now_off="Claims in {bureau} are now granted at once",
        )


def _shift_row(row: open_shifts.OpenPlace, lang: str = "en") -> dict[str, str]:
    """A listed open shift or a claim as the page's table shows it (Reflex wants plain strings)."""
    warnings = row.warnings if isinstance(row, open_shifts.ListedOpenShift) else []
    return {
        "shift_id": row.shift_id,
        "claim_id": row.claim_id if isinstance(row, open_shifts.ClaimView) else "",
        # ISO in English, as the page always showed; "lun 7 dic 2026" in Italian.
        "date": Day(date.fromisoformat(row.date)).render("it") if lang == "it" else row.date,
        "time": f"{row.start_time}–{row.end_time}",
        "shift_type": row.shift_type or "",
        "role": translate(row.required_role or "any", lang),
        "skills": ", ".join(row.required_skills) or translate("none", lang),
        "bureau_name": row.bureau_name,
        "free_places": str(row.free_places),
        "needs_approval": "yes" if isinstance(row, open_shifts.ListedOpenShift) and row.needs_approval else "",
        "warnings": "; ".join(warnings),
    }


def _pending_row(row: open_shifts.PendingClaim, lang: str = "en") -> dict[str, str]:
    conflicts = row.conflicts_if_approved
    return {
        **_shift_row(row, lang),
        "employee_name": row.employee_name,
        "conflict_count": str(len(conflicts)),
        "conflicts": "; ".join(conflicts) if conflicts else translate("None", lang),
    }
