"""One sentence, the same on every page, saying how good a solver's answer is and what ended the search."""

from __future__ import annotations


def solver_verdict(*, proven: bool, time_limit_reached: bool, stopped: bool = False) -> str:
    if proven:
        return "Proven optimal: no better answer exists."
    if stopped:
        return "Stopped on request: the best answer found so far, not proven optimal."
    if time_limit_reached:
        return "Stopped by the time limit: the best answer found in the time given, not proven optimal."
    return "The best answer found, not proven optimal."
