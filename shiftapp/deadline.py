"""One deadline for a whole solve, handed down through every phase.

A solver makes one `Deadline` from its time limit (or takes the caller's) and passes the same one
down: each CP-SAT, HiGHS or GLOP call is given `deadline.budget(own_limit)` — its own share, never
more than what is left — and each phase or loop round first asks `deadline.begin(name)`, which says
no once the time is up. Work that is not a solver call (building a model, walking a graph) then
cannot start late either, and a phase's own share can no longer add up past the limit.

The clock is a plain function, `time.monotonic` by default, so tests drive a fake clock instead of
depending on the machine's pace. Pure standard library: `loads/` and `scheduling/` both import it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

Clock = Callable[[], float]


class OutOfTime(Exception):
    """Raised by `Deadline.check` inside work that cannot be handed a budget (building a large model):
    the caller catches it and answers with the best it has."""


class Deadline:
    """The instant a solve must be done by, on `clock`, and the phases begun or refused on the way."""

    def __init__(
        self,
        seconds: float,
        *,
        clock: Clock = time.monotonic,
        _at: float | None = None,
        _log: list[tuple[str, bool, float]] | None = None,
    ) -> None:
        self.clock = clock
        self.started = clock()
        self.at = self.started + max(0.0, seconds) if _at is None else _at
        # (phase, begun, seconds left when asked): shared with every deadline `within` this one.
        self.phases: list[tuple[str, bool, float]] = [] if _log is None else _log

    @property
    def total(self) -> float:
        """The seconds this deadline gave when it was made."""
        return self.at - self.started

    def left(self) -> float:
        return max(0.0, self.at - self.clock())

    def elapsed(self) -> float:
        return self.clock() - self.started

    def expired(self) -> bool:
        return self.left() <= 0.0

    def budget(self, own_limit_s: float | None = None) -> float:
        """Seconds a solver call may take: its own limit, cut to what is left."""
        left = self.left()
        return left if own_limit_s is None else max(0.0, min(own_limit_s, left))

    def within(self, seconds: float) -> Deadline:
        """A deadline `seconds` from now, or this one if that comes first: for a phase with its own share.
        It shares this deadline's clock and phase log."""
        now = self.clock()
        return type(self)(0.0, clock=self.clock, _at=min(self.at, now + max(0.0, seconds)), _log=self.phases)

    def begin(self, phase: str, *, needs_s: float = 0.0) -> bool:
        """Whether `phase` may start: time is left (more than `needs_s`, when it is no use with less).
        Recorded either way, so a caller can say which phases the time limit cut."""
        left = self.left()
        allowed = left > needs_s
        self.phases.append((phase, allowed, left))
        return allowed

    def check(self, phase: str) -> None:
        """Raise `OutOfTime` once the time is up: for loops of Python work between solver calls."""
        if self.expired():
            self.phases.append((phase, False, 0.0))
            raise OutOfTime(phase)

    @property
    def cut_short(self) -> bool:
        """Whether any phase was refused for want of time."""
        return any(not begun for _phase, begun, _left in self.phases)
