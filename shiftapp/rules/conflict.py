"""The one normalized conflict the rule engine reports.

Plain data: each API family renders it in its own body at the edge (`api/conflict_bodies.py`),
the audit trail keeps its own stored form (`services/audit.py`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from shiftapp.i18n import Language, translate
from shiftapp.rules.catalog import CATALOG


@dataclass(frozen=True, eq=False)
class Conflict:
    code: str
    message: str
    severity: str
    level: str
    shift_ids: tuple[str, ...] = ()
    assignment_ids: tuple[str, ...] = ()
    employee_ids: tuple[str, ...] = ()
    order_ids: tuple[str, ...] = ()
    unit_ids: tuple[str, ...] = ()
    date: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    details: dict[str, Any] = field(default_factory=dict)
    # The message's English template and its parameters, so it can be read in either language;
    # `message` is the English rendering every API body and stored row has always carried.
    template: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self, lang: Language | str) -> str:
        """The message in the reader's language."""
        return translate(self.template, lang, **self.params) if self.template else self.message

    @property
    def name(self) -> str:
        return CATALOG[self.code].name

    @property
    def key(self) -> str:
        """Rule plus the sorted ids involved: the same problem keeps the same key between checks."""
        ids = sorted({*self.shift_ids, *self.employee_ids, *self.order_ids, *self.unit_ids})
        suffix = f"|{self.date}" if self.code in _KEYED_BY_DATE else ""
        subject = _KEYED_BY_SUBJECT.get(self.code)
        if subject is not None:
            # Two customers (or routes) served by the same units on a day are two problems, not one.
            suffix += f"|{self.details.get(subject, '')}"
        return f"{self.code}:{','.join(ids)}{suffix}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Conflict) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)

    @property
    def entities(self) -> dict[str, list[str]]:
        return {
            "shift_ids": list(self.shift_ids),
            "assignment_ids": list(self.assignment_ids),
            "employee_ids": list(self.employee_ids),
            "order_ids": list(self.order_ids),
            "unit_ids": list(self.unit_ids),
        }


# Conflicts about a route or a customer as well as the units that serve it, by the detail naming it.
_KEYED_BY_SUBJECT = {"route_vehicle_limit": "route_id", "customer_unit_limit": "customer_id"}
_KEYED_BY_DATE = {
    "route_vehicle_limit",
    "vehicle_single_route",
    "customer_unit_limit",
    "unit_capacity",
    "max_shifts_per_week",
}
