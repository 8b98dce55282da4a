"""Swaps — /api/v1/swaps/*: staff offer their shifts to a colleague or to anyone eligible, a
colleague accepts, team leaders approve or decline.

Strict schemas (unknown fields are rejected). An acceptance or approval the rule engine refuses is
a 409 whose `error` is the rules' own message and whose body lists the conflicts as Planning PRO
does; an offer taken meanwhile is a 409 "This swap has already been taken"."""

from __future__ import annotations

from fastapi import APIRouter
from sqlmodel import Session

from shiftapp.api.authorisation import AuthoriseFirstRoute, allowed, leader_or_planner
from shiftapp.api.deps import CurrentUser, DbSession
from shiftapp.api.schemas.swaps import (
    DecisionIn,
    OfferIn,
    PendingSwapsOut,
    SwapBoardOut,
    SwapOut,
    SwapSettingIn,
    SwapSettingOut,
    VersionIn,
)
from shiftapp.models import Employee
from shiftapp.services import access, bureau_settings, swaps
from shiftapp.services.errors import Forbidden

router = APIRouter(prefix="/api/v1/swaps", tags=["swaps"], route_class=AuthoriseFirstRoute)


def _bureau_leader_or_planner(_session: Session, user: Employee, path: dict[str, str]) -> None:
    """Answered before the body is read; the service checks again (and answers 404 for unknown bureaus)."""
    if not access.is_leader_or_planner(user):
        raise Forbidden("Only team leaders, schedulers, managers and admins can see or change the swap rule")
    if not access.leads_or_plans(user, path.get("bureau_id", "")):
        raise Forbidden("You can see or change the swap rule only of the bureau you lead")


@router.get("", response_model=SwapBoardOut)
def my_swaps(session: DbSession, user: CurrentUser):
    """Offers you may accept, your own offers, the ones you accepted, and your shifts you could offer."""
    return swaps.board(session=session, actor=user)


@router.post("", response_model=SwapOut, status_code=201)
def offer_shift(body: OfferIn, session: DbSession, user: CurrentUser):
    """Offer one of your published shifts to a named colleague or to anyone eligible (a swap with `swap_shift_id`)."""
    return swaps.offer_shift(
        session=session,
        actor=user,
        shift_id=body.shift_id,
        to_employee_id=body.to_employee_id,
        swap_shift_id=body.swap_shift_id,
        note=body.note,
    )


@router.get("/pending", response_model=PendingSwapsOut, dependencies=[leader_or_planner("see swaps to decide")])
def pending_swaps(session: DbSession, user: CurrentUser):
    """Accepted swaps waiting for you (your bureau's shifts; every bureau's for planners)."""
    return {"swaps": swaps.pending_swaps(session=session, actor=user)}


@router.post("/{offer_id}/accept", response_model=SwapOut)
def accept_offer(offer_id: str, body: VersionIn, session: DbSession, user: CurrentUser):
    """Accept an offer made to you or to anyone; the rule engine checks both schedules after the swap."""
    return swaps.accept_offer(session=session, actor=user, offer_id=offer_id, expected_version=body.version)


@router.post("/{offer_id}/withdraw", response_model=SwapOut)
def withdraw_offer(offer_id: str, body: VersionIn, session: DbSession, user: CurrentUser):
    """Withdraw your own offer while it is not approved."""
    return swaps.withdraw_offer(session=session, actor=user, offer_id=offer_id, expected_version=body.version)


@router.post("/{offer_id}/approve", response_model=SwapOut, dependencies=[leader_or_planner("approve swaps")])
def approve_swap(offer_id: str, body: DecisionIn, session: DbSession, user: CurrentUser):
    """Approve the accepted swap version you saw; the rule engine is asked again, then the shifts move."""
    return swaps.approve_swap(
        session=session, actor=user, offer_id=offer_id, expected_version=body.version, note=body.note
    )


@router.post("/{offer_id}/decline", response_model=SwapOut, dependencies=[leader_or_planner("decline swaps")])
def decline_swap(offer_id: str, body: DecisionIn, session: DbSession, user: CurrentUser):
    """Decline the accepted swap version you saw; nothing moves."""
    return swaps.decline_swap(
        session=session, actor=user, offer_id=offer_id, expected_version=body.version, note=body.note
    )


@router.get("/settings/{bureau_id}", response_model=SwapSettingOut, dependencies=[allowed(_bureau_leader_or_planner)])
def get_swap_setting(bureau_id: str, session: DbSession, user: CurrentUser):
    """Whether accepted swaps in this bureau that bring no conflict are approved without a team leader."""
    return bureau_settings.bureau_setting(
        session=session, actor=user, bureau_id=bureau_id, flag=bureau_settings.SWAPS_AUTO_APPROVE
    )


@router.put("/settings/{bureau_id}", response_model=SwapSettingOut, dependencies=[allowed(_bureau_leader_or_planner)])
def put_swap_setting(bureau_id: str, body: SwapSettingIn, session: DbSession, user: CurrentUser):
    """Turn on or off automatic approval of conflict-free swaps in this bureau (audited)."""
    return bureau_settings.set_bureau_flag(
        session=session,
        actor=user,
        bureau_id=bureau_id,
        flag=bureau_settings.SWAPS_AUTO_APPROVE,
        value=body.swaps_auto_approve,
    )
