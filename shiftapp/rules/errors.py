"""The one error the rule engine raises: bad input, described problem by problem."""

from __future__ import annotations


class SnapshotError(ValueError):
    """A snapshot or change the engine cannot judge (end before start, unknown ids, naive times...)."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))
