"""A bureau's own yes/no rules, which its team leaders (and planners, admins) set: whether claims for its
open shifts wait for a leader's approval, and whether accepted swaps that bring no conflict are approved
without one. One way to read a rule and one audited toggle for them all; each rule names its column, its
field in requests and answers, the words messages use for it and the audit trail it belongs to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlmodel import Session

from shiftapp.models import Bureau, Employee
from shiftapp.services import access
from shiftapp.services.audit import record
from shiftapp.services.errors import Forbidden, NotFound, ValidationFailed


@dataclass(frozen=True)
class ClaimSetting:
    """Whether claims for a bureau's open shifts wait for a leader's approval."""

    bureau_id: str
    name: str
    claims_need_approval: bool


@dataclass(frozen=True)
class SwapSetting:
    """Whether accepted swaps in a bureau that bring no conflict are approved without a leader."""

    bureau_id: str
    name: str
    swaps_auto_approve: bool


View = TypeVar("View", ClaimSetting, SwapSetting)


@dataclass(frozen=True)
class BureauFlag(Generic[View]):
    column: str  # the Bureau attribute that keeps it
    field: str  # its name in requests, answers and error details
    rule: str  # how messages name it
    audit_kind: str  # the audit trail its changes belong to
    view: Callable[[str, str, bool], View]


CLAIMS_NEED_APPROVAL: BureauFlag[ClaimSetting] = BureauFlag(
    "open_shift_claims_need_approval", "claims_need_approval", "claim rule", "open_shift", ClaimSetting
)
SWAPS_AUTO_APPROVE: BureauFlag[SwapSetting] = BureauFlag(
    "swaps_auto_approve", "swaps_auto_approve", "swap rule", "swap", SwapSetting
)


def _bureau(session: Session, actor: Employee, bureau_id: Any, flag: BureauFlag[View]) -> Bureau:
    if not access.is_leader_or_planner(actor):
        raise Forbidden(f"Only team leaders, schedulers, managers and admins can see or change the {flag.rule}")
    bureau = session.get(Bureau, bureau_id) if isinstance(bureau_id, str) else None
    if bureau is None:
        raise NotFound("Bureau not found")
    if not access.leads_or_plans(actor, bureau.id):
        raise Forbidden(f"You can see or change the {flag.rule} only of the bureau you lead")
    return bureau


def _view(bureau: Bureau, flag: BureauFlag[View]) -> View:
    return flag.view(bureau.id, bureau.name, bool(getattr(bureau, flag.column)))


def bureau_setting(*, session: Session, actor: Employee, bureau_id: Any, flag: BureauFlag[View]) -> View:
    """The rule as it is set for this bureau (its leaders, planners and admins)."""
    return _view(_bureau(session, actor, bureau_id, flag), flag)


def set_bureau_flag(*, session: Session, actor: Employee, bureau_id: Any, flag: BureauFlag[View], value: Any) -> View:
    """Turn the rule on or off for this bureau (its leaders, planners and admins); audited with the flag
    before and after, also when it was already so."""
    bureau = _bureau(session, actor, bureau_id, flag)
    if not isinstance(value, bool):
        raise ValidationFailed(f"{flag.field} must be true or false", details={"field": flag.field})
    before = {flag.column: getattr(bureau, flag.column)}
    if getattr(bureau, flag.column) != value:
        setattr(bureau, flag.column, value)
        session.add(bureau)
        session.flush()
    record(
        session=session,
        actor=actor,
        entity_type="bureau",
        entity_id=bureau.id,
        action="update",
        before=before,
        after={flag.column: value},
        kind=flag.audit_kind,
    )
    return _view(bureau, flag)


def set_own_bureau_flag(*, session: Session, actor: Employee, flag: BureauFlag[View], value: Any) -> View:
    """Turn the rule on or off for the bureau the signed-in person belongs to (the pages' toggle; the
    bureau comes from the server's record of them, never from the browser)."""
    if not actor.bureau_id:
        raise Forbidden(f"Only team leaders of a bureau can change its {flag.rule}")
    return set_bureau_flag(session=session, actor=actor, bureau_id=actor.bureau_id, flag=flag, value=value)
