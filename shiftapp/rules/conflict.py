"""The one normalized conflict, and its renderings for the seed 002 and Planning PRO payloads."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

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

    @property
    def name(self) -> str:
        return CATALOG[self.code].name

    @property
    def key(self) -> str:
        """Rule plus the sorted ids involved: the same problem keeps the same key between checks."""
        ids = sorted({*self.shift_ids, *self.employee_ids, *self.order_ids, *self.unit_ids})
        suffix = f"|{self.date}" if self.code in _KEYED_BY_DATE else ""
        return f"{self.code}:{','.join(ids)}{suffix}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Conflict) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)

    @property
    def entities(self) -> dict[str, list[str]]:
        return {"shift_ids": list(self.shift_ids), "assignment_ids": list(self.assignment_ids),
                "employee_ids": list(self.employee_ids), "order_ids": list(self.order_ids),
                "unit_ids": list(self.unit_ids)}

    def to_planning(self) -> dict[str, Any]:
        """Planning PRO: hard and soft conflicts with the rule code and the entities."""
        return {"code": self.code, "name": self.name, "severity": self.severity, "level": self.level,
                "message": self.message, "entities": self.entities, "date": self.date,
                "window": {"start": _iso(self.start), "end": _iso(self.end)}, "details": self.details,
                "key": self.key}

    def to_seed002(self) -> dict[str, Any]:
        """Seed 002: `type`, `severity` (the level), `employee`, `description`, `shifts`/`shift1`/`shift2`."""
        shifts = self.details.get("shifts", [])
        payload: dict[str, Any] = {
            "type": self.name, "code": self.code, "severity": self.level, "hard": self.severity == "hard",
            "employee": self.details.get("employee"), "employee_id": self.employee_ids[0] if self.employee_ids else None,
            "description": self.message, "date": self.date,
            "details": {"shifts": [{k: s[k] for k in ("time", "bureau", "label") if k in s} for s in shifts]},
            "shifts": [{k: s[k] for k in ("time", "bureau") if k in s} for s in shifts],
        }
        if len(shifts) == 2:
            payload["shift1"], payload["shift2"] = ({"date": s.get("date"), "start": s.get("start"), "end": s.get("end")}
                                                    for s in shifts)
        return payload


_KEYED_BY_DATE = {"route_vehicle_limit", "vehicle_single_route", "customer_unit_limit", "unit_capacity",
                  "max_shifts_per_week"}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None
