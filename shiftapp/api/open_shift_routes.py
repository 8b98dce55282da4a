"""Open shifts — /api/v1/open-shifts/*: staff see the free places they may take and claim them;
team leaders approve or decline the claims that wait for them; staff withdraw their own while they wait.

Strict schemas (unknown fields are rejected). A claim the rule engine refuses is a 409 whose
`error` is the rules' own message and whose body lists the conflicts as Planning PRO does; a place
taken meanwhile is a 409 "This shift has just been filled"."""

from __future__ import annotations

from fastapi import APIRouter
from sqlmodel import Session

from shiftapp.api.authorisation import AuthoriseFirstRoute, allowed, leader_or_planner
from shiftapp.api.deps import CurrentUser, DbSession, IfMatchVersion
from shiftapp.api.schemas.open_shifts import (
    ClaimIn,
    ClaimOut,
    ClaimSettingIn,
    ClaimSettingOut,
    DecidedClaimOut,
    DecisionIn,
    OpenShiftList,
    PendingClaimList,
)
from shiftapp.models import Employee
from shiftapp.services import access, bureau_settings, open_shifts
from shiftapp.services.errors import Forbidden

router = APIRouter(prefix="/api/v1/open-shifts", tags=["open shifts"], route_class=AuthoriseFirstRoute)


def _bureau_leader_or_planner(_session: Session, user: Employee, path: dict[str, str]) -> None:
    """Answered before the body is read; the service checks again (and answers 404 for unknown bureaus)."""
    if not access.is_leader_or_planner(user):
        raise Forbidden("Only team leaders, schedulers, managers and admins can see or change the claim rule")
    if not access.leads_or_plans(user, path.get("bureau_id", "")):
        raise Forbidden("You can see or change the claim rule only of the bureau you lead")


@router.get("", response_model=OpenShiftList)
def list_open_shifts(session: DbSession, user: CurrentUser):
    """Open places you may claim (the rule engine allows them), soonest first, and your claims still waiting."""
    return OpenShiftList.model_validate(
        {
            "shifts": open_shifts.open_shifts(session=session, actor=user),
            "my_pending_claims": open_shifts.my_pending_claims(session=session, actor=user),
        }
    )


@router.post("/{shift_id}/claim", response_model=ClaimOut, status_code=201)
def claim_open_shift(shift_id: str, body: ClaimIn, session: DbSession, user: CurrentUser):
    """Claim a free place for yourself: granted at once, or waiting for your team leader per bureau."""
    return open_shifts.claim(session=session, actor=user, shift_id=shift_id, expected_version=body.version)


@router.get("/claims/pending", response_model=PendingClaimList, dependencies=[leader_or_planner("see pending claims")])
def pending_claims(session: DbSession, user: CurrentUser):
    """Claims waiting for you (your bureau's shifts; every bureau's for planners)."""
    return PendingClaimList.model_validate({"claims": open_shifts.pending_claims(session=session, actor=user)})


@router.delete("/claims/{claim_id}", response_model=DecidedClaimOut)
def withdraw_claim(claim_id: str, session: DbSession, user: CurrentUser, if_match_version: IfMatchVersion):
    """Withdraw your own claim while it still waits for approval (If-Match: the claim version you saw)."""
    return open_shifts.withdraw_claim(session=session, actor=user, claim_id=claim_id, expected_version=if_match_version)


@router.post(
    "/claims/{claim_id}/approve", response_model=DecidedClaimOut, dependencies=[leader_or_planner("approve claims")]
)
def approve_claim(claim_id: str, body: DecisionIn, session: DbSession, user: CurrentUser):
    """Approve the claim version you saw; the rule engine is asked again first."""
    return open_shifts.approve_claim(
        session=session, actor=user, claim_id=claim_id, expected_version=body.version, note=body.note
    )


@router.post(
    "/claims/{claim_id}/decline", response_model=DecidedClaimOut, dependencies=[leader_or_planner("decline claims")]
)
def decline_claim(claim_id: str, body: DecisionIn, session: DbSession, user: CurrentUser):
    """Decline the claim version you saw; the place is open again."""
    return open_shifts.decline_claim(
        session=session, actor=user, claim_id=claim_id, expected_version=body.version, note=body.note
    )


@router.get("/settings/{bureau_id}", response_model=ClaimSettingOut, dependencies=[allowed(_bureau_leader_or_planner)])
def get_claim_setting(bureau_id: str, session: DbSession, user: CurrentUser):
    """Whether claims for this bureau's open shifts wait for a team leader's approval."""
    return bureau_settings.bureau_setting(
        session=session, actor=user, bureau_id=bureau_id, flag=bureau_settings.CLAIMS_NEED_APPROVAL
    )


@router.put("/settings/{bureau_id}", response_model=ClaimSettingOut, dependencies=[allowed(_bureau_leader_or_planner)])
def put_claim_setting(bureau_id: str, body: ClaimSettingIn, session: DbSession, user: CurrentUser):
    """Turn on or off that claims for this bureau's open shifts wait for a team leader (audited)."""
    return bureau_settings.set_bureau_flag(
        session=session,
        actor=user,
        bureau_id=bureau_id,
        flag=bureau_settings.CLAIMS_NEED_APPROVAL,
        value=body.claims_need_approval,
    )
