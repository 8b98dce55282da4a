"""Swaps: offer one of your shifts to a colleague or to anyone eligible, accept offers made to you,
follow your offers; team leaders and planners decide on accepted swaps of their bureaus."""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

import reflex as rx

from shiftapp.i18n import translate
from shiftapp.i18n.values import Day
from shiftapp.services import access, bureau_settings, swaps
from shiftapp.services.errors import DomainError
from shiftapp.state.auth import AuthState
from shiftapp.state.base import error_toast, page_event, run_as_user
from shiftapp.state.bureau_flags import toggle_own_bureau_flag

ANYONE = ""  # the "Offer to" choice that names nobody: anyone eligible may accept
STATUS_LABELS = {
    "offered": "Offered, waiting for a colleague",
    "accepted": "Accepted, waiting for a team leader",
    "approved": "Approved",
    "declined": "Declined",
    "withdrawn": "Withdrawn",
    "expired": "Expired",
}


class SwapsState(AuthState):
    offers_to_me: list[dict[str, str]] = []
    my_offers: list[dict[str, str]] = []
    accepted_by_me: list[dict[str, str]] = []
    pending: list[dict[str, str]] = []
    may_decide: bool = False
    # Team leaders: whether conflict-free swaps in the bureau they lead are approved without them.
    leads_bureau: str = ""
    swaps_auto_approve: bool = False
    # The offer form: choices and what is chosen.
    my_shifts: list[dict[str, str]] = []
    colleagues: list[dict[str, str]] = []
    return_shifts: list[dict[str, str]] = []
    offer_shift_id: str = ""
    offer_to: str = ANYONE
    offer_return_shift_id: str = ""
    offer_note: str = ""
    # What the last action did, spelled out on the page (not only in a toast).
    result: str = ""
    result_kind: str = ""  # done | waiting | refused
    # The version each listed offer was shown at: an action is about what was seen.
    _versions: dict[str, int] = {}

    @rx.var
    def has_offers_to_me(self) -> bool:
        return bool(self.offers_to_me)

    @rx.var
    def has_my_offers(self) -> bool:
        return bool(self.my_offers)

    @rx.var
    def has_accepted(self) -> bool:
        return bool(self.accepted_by_me)

    @rx.var
    def has_pending(self) -> bool:
        return bool(self.pending)

    @rx.var
    def has_my_shifts(self) -> bool:
        return bool(self.my_shifts)

    @rx.var
    def names_colleague(self) -> bool:
        return self.offer_to != ANYONE

    def _reload(self) -> None:
        def read(session, user):
            board = swaps.board(session=session, actor=user)
            people = swaps.colleagues(session=session, actor=user)
            decider = access.is_leader_or_planner(user)
            pending = swaps.pending_swaps(session=session, actor=user) if decider else []
            setting = None
            if user.is_team_leader and user.bureau_id:
                setting = bureau_settings.bureau_setting(
                    session=session, actor=user, bureau_id=user.bureau_id, flag=bureau_settings.SWAPS_AUTO_APPROVE
                )
            return board, people, decider, pending, setting

        board, people, decider, pending, setting = run_as_user(self.token, read)
        self.offers_to_me = [_row(v, self.lang) for v in board.offers_to_me]
        self.my_offers = [_row(v, self.lang) for v in board.my_offers]
        self.accepted_by_me = [_row(v, self.lang) for v in board.accepted_by_me]
        self.my_shifts = [{"id": s.shift_id, "label": _when(s, self.lang)} for s in board.my_shifts]
        self.colleagues = [
            {"id": c.employee_id, "label": f"{c.full_name} ({c.bureau_name})" if c.bureau_name else c.full_name}
            for c in people
        ]
        self.may_decide = decider
        self.pending = [_row(v, self.lang) for v in pending]
        self.leads_bureau = setting.name if setting else ""
        self.swaps_auto_approve = bool(setting and setting.swaps_auto_approve)
        self._versions = {v.offer_id: v.version for v in [*board.offers_to_me, *board.my_offers, *pending]}
        # Nothing is chosen for the person: an offer is made only of a shift they picked themselves.
        if self.offer_shift_id not in {s["id"] for s in self.my_shifts}:
            self.offer_shift_id = ""

    def _say(self, text: str, kind: str) -> None:
        self.result, self.result_kind = text, kind

    @page_event(public=True)
    def open_swaps(self):
        """on_load of Swaps: who is signed in and the swaps offered, taken and waiting,
        in one event (AuthState._open_signed_in)."""
        return self._open_signed_in(self._load_swaps)

    def _load_swaps(self):
        self.result, self.result_kind = "", ""
        try:
            self._reload()
        except DomainError as error:
            self.offers_to_me, self.my_offers, self.accepted_by_me, self.pending = [], [], [], []
            self.my_shifts, self.colleagues, self.may_decide = [], [], False
            return error_toast(error, self.lang)

    # ------------------------------------------------------------------ the offer form
    @page_event
    def set_offer_shift(self, value: str):
        self.offer_shift_id = value

    @page_event
    def set_offer_note(self, value: str):
        self.offer_note = value

    @page_event
    def set_offer_return_shift(self, value: str):
        self.offer_return_shift_id = value

    @page_event
    def set_offer_to(self, value: str):
        """Choosing a colleague lists their shifts that could come back in a swap (read on the server)."""
        self.offer_to, self.offer_return_shift_id, self.return_shifts = value, "", []
        if value == ANYONE:
            return None
        try:
            shifts = run_as_user(
                self.token, lambda s, u: swaps.colleague_shifts(session=s, actor=u, colleague_id=value)
            )
        except DomainError as error:
            self.offer_to = ANYONE
            return error_toast(error, self.lang)
        self.return_shifts = [{"id": s.shift_id, "label": _when(s, self.lang)} for s in shifts]
        return None

    @page_event
    def submit_offer(self):
        shift_id, to, back, note = self.offer_shift_id, self.offer_to, self.offer_return_shift_id, self.offer_note
        if not shift_id:
            return rx.toast.error(self._t("Choose one of your shifts to offer"))
        try:
            view = run_as_user(
                self.token,
                lambda s, u: swaps.offer_shift(
                    session=s,
                    actor=u,
                    shift_id=shift_id,
                    to_employee_id=to or None,
                    swap_shift_id=back or None,
                    note=note,
                ),
            )
        except DomainError as error:
            self._say(self._t("Not offered: {reason}", reason=error.text(self.lang)), "refused")
            return error_toast(error, self.lang)
        finally:
            with contextlib.suppress(DomainError):
                self._reload()
        self.offer_to, self.offer_return_shift_id, self.offer_note, self.return_shifts = ANYONE, "", "", []
        whom = view.to_employee_name or self._t("anyone eligible")
        self._say(
            self._t("Offered: your shift of {shift} to {whom}", shift=_when(view.shift, self.lang), whom=whom),
            "waiting",
        )
        return rx.toast.success(self.result)

    # ------------------------------------------------------------------ acting on offers
    def _act(self, offer_id: str, action: Any, verb: str) -> Any:
        version = self._versions.get(offer_id)
        if version is None:
            return rx.toast.error(self._t("This offer is no longer in your lists; reload the page"))
        try:
            view = run_as_user(
                self.token, lambda s, u: action(session=s, actor=u, offer_id=offer_id, expected_version=version)
            )
        except DomainError as error:
            self._say(self._t(f"Not {verb.lower()}: {{reason}}", reason=error.text(self.lang)), "refused")
            return error_toast(error, self.lang)
        finally:
            with contextlib.suppress(DomainError):
                self._reload()
        self._say(_outcome(view, verb, self.lang), _kind(view.status))
        return rx.toast.success(self.result)

    @page_event
    def accept(self, offer_id: str):
        return self._act(offer_id, swaps.accept_offer, "Accepted")

    @page_event
    def withdraw(self, offer_id: str):
        return self._act(offer_id, swaps.withdraw_offer, "Withdrawn")

    @page_event
    def approve(self, offer_id: str):
        return self._act(offer_id, swaps.approve_swap, "Approved")

    @page_event
    def decline(self, offer_id: str):
        return self._act(offer_id, swaps.decline_swap, "Declined")

    @page_event
    def set_swaps_auto_approve(self, value: bool):
        """The bureau is the one the signed-in leader leads, resolved on the server; the service checks the role."""
        return toggle_own_bureau_flag(
            self,
            self._reload,
            bureau_settings.SWAPS_AUTO_APPROVE,
            value,
            now_on="Conflict-free swaps in {bureau} are now approved automatically",
            now_off="Conflict-free swaps in {bureau} now wait for your approval",
        )


def _when(shift: swaps.ShiftBrief | None, lang: str) -> str:
    if shift is None:
        return ""
    kind = f", {translate(shift.shift_type, lang)}" if shift.shift_type else ""
    day = Day(date.fromisoformat(shift.date)).render(lang)
    return f"{day} {shift.start_time}–{shift.end_time} ({shift.bureau_name}{kind})"


def _outcome(view: swaps.SwapView, verb: str, lang: str) -> str:
    """What an action did, in words: the page shows it, not only a toast."""
    shift = _when(view.shift, lang)
    if verb == "Accepted":
        if view.status == "approved":
            return translate(
                "Accepted and approved automatically: you are now on the shift of {shift}", lang, shift=shift
            )
        return translate("Accepted: the shift of {shift} now waits for a team leader's approval", lang, shift=shift)
    if verb == "Withdrawn":
        return translate("Withdrawn: your offer of the shift of {shift}", lang, shift=shift)
    people = {"giver": view.from_employee_name, "taker": view.accepted_by_name}
    if verb == "Approved":
        return translate("Approved: the shift of {shift} moves from {giver} to {taker}", lang, shift=shift, **people)
    return translate(
        "Declined: the swap of the shift of {shift} from {giver} to {taker}; nothing moves", lang, shift=shift, **people
    )


def _kind(status: str) -> str:
    return {"approved": "done", "offered": "waiting", "accepted": "waiting"}.get(status, "refused")


def _decided(view: swaps.SwapView, lang: str) -> str:
    if view.auto_approved:
        return translate("Approved automatically", lang)
    if not view.decided_by_name:
        return ""
    return view.decided_by_name + (f": {view.decision_note}" if view.decision_note else "")


def _row(view: swaps.SwapView, lang: str = "en") -> dict[str, str]:
    return {
        "offer_id": view.offer_id,
        "kind": translate("Swap" if view.kind == "swap" else "Give-away", lang),
        "status": view.status,
        "status_label": translate(STATUS_LABELS.get(view.status, view.status), lang),
        "shift": _when(view.shift, lang),
        "in_return": _when(view.swap_shift, lang) if view.swap_shift else translate("Nothing (a give-away)", lang),
        "from_name": view.from_employee_name,
        "to_name": view.to_employee_name or translate("Anyone eligible", lang),
        "accepted_by_name": view.accepted_by_name or translate("Nobody yet", lang),
        "note": view.note or "",
        "decided": _decided(view, lang),
        "conflicts": "; ".join(view.conflicts),
        "warnings": "; ".join(view.warnings),
        "may_withdraw": "yes" if view.status in ("offered", "accepted") else "",
    }
