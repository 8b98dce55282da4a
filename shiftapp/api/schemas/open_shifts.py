"""Open shifts: what the routes take and answer. The answers read the services' dataclasses
(`services.open_shifts`) by attribute; their fields and names are the wire bodies'."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, StrictBool

from shiftapp.api.text_fields import REQUEST_TEXT_BACKSTOP, ReasonText


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=REQUEST_TEXT_BACKSTOP)


class ClaimIn(Strict):
    version: int | None = None  # the shift's version you saw; a changed shift is a 409


class DecisionIn(Strict):
    version: int
    note: ReasonText | None = None


class ClaimSettingIn(Strict):
    claims_need_approval: StrictBool


class ClaimSettingOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    bureau_id: str
    name: str
    claims_need_approval: bool


class OpenShiftOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

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
    capacity: int
    taken: int
    free_places: int
    version: int


class OpenShiftListed(OpenShiftOut):
    needs_approval: bool
    warnings: list[str]


class ClaimView(OpenShiftOut):
    claim_id: str
    employee_id: str
    employee_name: str
    status: str
    claimed_at: str
    claim_version: int


class ClaimOut(ClaimView):
    granted: bool
    needs_approval: bool
    warnings: list[str]


class PendingClaimOut(ClaimView):
    conflicts_if_approved: list[str]


class DecidedClaimOut(ClaimView):
    """A claim just approved, declined or withdrawn (`status`)."""

    decided_by_name: str
    note: str | None = None


class OpenShiftList(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    shifts: list[OpenShiftListed]
    my_pending_claims: list[ClaimView]


class PendingClaimList(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    claims: list[PendingClaimOut]
