"""Swaps and give-aways (issue 20, item 2): staff hand one of their published shifts to a colleague.

An offer names one of the offerer's own published shifts that has not started, and either a
colleague or nobody (anyone eligible may take it). With a shift of the named colleague's in
return (`swap_shift_id`) it is a true swap, otherwise a give-away. A colleague accepts: the rule
engine judges the whole exchange at once (a `Batch`: the offerer off the shift and the accepter
on it, and for a swap the reverse on the other shift), so both people's schedules are checked
after the change, including role and skills; a hard conflict refuses the acceptance with the
rule's own message. The accepted offer then waits for a team leader of the shift's bureau (or a
planner), who approves, after the rule engine is asked again, or declines. Where every bureau
concerned has `Bureau.swaps_auto_approve` on and the exchange brings no conflict at all (hard or
soft), acceptance approves it at once. Only approval moves the assignments, in the transaction of
the decision, with an audit entry per assignment moved. Accepting and deciding lock the shifts and
the people concerned first (`services.locks`), so of two people accepting one offer the second
finds it taken (409). The offerer may withdraw until it is approved. Every step is audited (kind
`swap`); the people concerned are told through `services.notifications`.

`expired` is never stored: an offer still offered or accepted when one of its shifts starts is
shown as expired and can no longer be accepted or approved (withdrawing it is still fine).

The package, one job to a module: `common` (statuses, views, the checks before a change), `eligibility`
(who may, and the rule engine's verdict on an exchange), `offers` (what a person sees, offering,
withdrawing) and `decisions` (accepting, approving, declining, what waits for a leader)."""

from shiftapp.services.shift_views import ShiftBrief
from shiftapp.services.swaps.common import KIND, Colleague, SwapBoard, SwapView
from shiftapp.services.swaps.decisions import accept_offer, approve_swap, decline_swap, pending_swaps
from shiftapp.services.swaps.eligibility import SwapRefused
from shiftapp.services.swaps.offers import (
    board,
    colleague_shifts,
    colleagues,
    my_offerable_shifts,
    offer_shift,
    withdraw_offer,
)

__all__ = [
    "KIND",
    "Colleague",
    "ShiftBrief",
    "SwapBoard",
    "SwapRefused",
    "SwapView",
    "accept_offer",
    "approve_swap",
    "board",
    "colleague_shifts",
    "colleagues",
    "decline_swap",
    "my_offerable_shifts",
    "offer_shift",
    "pending_swaps",
    "withdraw_offer",
]
