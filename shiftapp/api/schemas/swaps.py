"""Swaps and give-aways (/api/v1/swaps): strict request bodies (an unknown field is a 400 naming it)
and the answers, read from the service's dataclasses."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, StrictBool

from shiftapp.api.text_fields import REQUEST_TEXT_BACKSTOP, IdText, ReasonText


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=REQUEST_TEXT_BACKSTOP)


class OfferIn(Strict):
    shift_id: IdText  # one of your published shifts that has not started
    to_employee_id: IdText | None = None  # a named colleague; empty: anyone eligible
    swap_shift_id: IdText | None = None  # the named colleague's shift you take in return (a true swap)
    note: ReasonText | None = None


class VersionIn(Strict):
    version: int | None = None  # the offer's version you saw; a changed offer is a 409


class DecisionIn(Strict):
    version: int
    note: ReasonText | None = None


class SwapSettingIn(Strict):
    swaps_auto_approve: StrictBool


class ShiftBriefOut(BaseModel):
    shift_id: str
    bureau_id: str
    bureau_name: str
    date: str
    start_time: str
    end_time: str
    start_at: str
    end_at: str
    shift_type: str | None = None
    required_role: str | None = None
    required_skills: list[str]
    version: int


class SwapOut(BaseModel):
    offer_id: str
    kind: str
    status: str
    version: int
    shift: ShiftBriefOut
    swap_shift: ShiftBriefOut | None = None
    from_employee_id: str
    from_employee_name: str
    to_employee_id: str | None = None
    to_employee_name: str | None = None
    accepted_by: str | None = None
    accepted_by_name: str | None = None
    note: str | None = None
    created_at: str
    accepted_at: str | None = None
    decided_by_name: str | None = None
    decided_at: str | None = None
    decision_note: str | None = None
    auto_approved: bool
    conflicts: list[str]
    warnings: list[str]


class SwapBoardOut(BaseModel):
    offers_to_me: list[SwapOut]
    my_offers: list[SwapOut]
    accepted_by_me: list[SwapOut]
    my_shifts: list[ShiftBriefOut]


class PendingSwapsOut(BaseModel):
    swaps: list[SwapOut]


class SwapSettingOut(BaseModel):
    bureau_id: str
    name: str
    swaps_auto_approve: bool
