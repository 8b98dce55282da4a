"""The rule catalog: stable codes, names, severities, default levels and parameters.

Severity `hard` blocks a save or publish unless forced; `soft` warns. `level` is what the
seed 002 API calls "severity" (high / medium / low).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class RuleSpec:
    code: str
    name: str
    severity: str  # hard | soft
    level: str  # high | medium | low
    area: str  # staff | loads
    description: str
    parameters: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleInForce(RuleSpec):
    """A catalog rule with the parameter values and severity the settings give it, and whether it runs."""

    enabled: bool = True


_SPECS = (
    RuleSpec(
        "time_window",
        "Invalid Time Window",
        "hard",
        "high",
        "staff",
        "A shift ends after it starts and lasts between the minimum and maximum shift length.",
        {"min_shift_hours": 1.0, "max_shift_hours": 12.0},
    ),
    RuleSpec(
        "status",
        "Invalid Status",
        "hard",
        "medium",
        "staff",
        "Shifts use the allowed statuses (draft, proposed, confirmed, published, cancelled) and assignments "
        "proposed or confirmed; status changes follow the allowed transitions.",
        {},
    ),
    RuleSpec(
        "mission_alignment",
        "Mission Mismatch",
        "hard",
        "medium",
        "staff",
        "A shift's mission belongs to the shift's bureau (site) and allows the shift's required role.",
        {},
    ),
    RuleSpec(
        "role_match",
        "Role Mismatch",
        "hard",
        "high",
        "staff",
        "The assignee's shift role fits the role the shift requires (a senior may cover a correspondent).",
        {},
    ),
    RuleSpec(
        "double_booking",
        "Double Booking",
        "hard",
        "high",
        "staff",
        "One employee is assigned to overlapping shifts, in any bureau.",
        {},
    ),
    RuleSpec(
        "min_rest",
        "Rest Period Violation",
        "hard",
        "high",
        "staff",
        "Between the end of one shift and the start of the next an employee rests at least the minimum.",
        {"min_rest_hours": 11.0},
    ),
    RuleSpec(
        "leave_overlap",
        "Leave Conflict",
        "hard",
        "high",
        "staff",
        "An assignment falls in the employee's leave or declared unavailability.",
        {},
    ),
    RuleSpec(
        "missing_skill",
        "Missing Skill",
        "hard",
        "medium",
        "staff",
        "The assignee has every skill the shift requires.",
        {},
    ),
    RuleSpec("capacity", "Over Capacity", "hard", "high", "staff", "A shift has no more assignees than it holds.", {}),
    RuleSpec(
        "understaffed",
        "Understaffed Shift",
        "soft",
        "medium",
        "staff",
        "A shift has fewer assignees than it holds (open slots).",
        {},
    ),
    RuleSpec(
        "max_shifts_per_week",
        "Too Many Shifts",
        "hard",
        "medium",
        "staff",
        "An employee works no more shifts in a week (Monday to Sunday) than their confirmed preferences allow.",
        {},
    ),
    RuleSpec(
        "preference_mismatch",
        "Preference Mismatch",
        "soft",
        "low",
        "staff",
        "An assignment falls on a day or shift type outside the employee's confirmed preferences.",
        {},
    ),
    RuleSpec(
        "min_senior_per_shift",
        "Senior Coverage",
        "soft",
        "medium",
        "staff",
        "Each shift has at least the minimum number of senior staff (0 turns the rule off; severity configurable).",
        {"min_seniors": 0, "severity": "soft"},
    ),
    RuleSpec(
        "back_to_back",
        "Back-to-Back Shifts",
        "soft",
        "low",
        "staff",
        "A shift starts soon after the previous one ends: legal rest, but a tight turnaround "
        "(less than the minimum rest plus the margin).",
        {"margin_hours": 2.0},
    ),
    RuleSpec(
        "route_vehicle_limit",
        "Route Vehicle Limit",
        "hard",
        "high",
        "loads",
        "At most N vehicles serve one route on one delivery date.",
        {"max_vehicles_per_route_per_day": 2},
    ),
    RuleSpec(
        "vehicle_single_route",
        "Vehicle Serves Two Routes",
        "hard",
        "high",
        "loads",
        "A unit serves one route per delivery date (no mixing).",
        {},
    ),
    RuleSpec(
        "customer_unit_limit",
        "Customer Unit Limit",
        "hard",
        "medium",
        "loads",
        "At most N units deliver to one customer on one date.",
        {"max_units_per_customer_per_day": 2},
    ),
    RuleSpec(
        "unit_capacity",
        "Over Capacity",
        "hard",
        "high",
        "loads",
        "What a unit carries on one delivery date fits its capacity (a horse uses its trailer's).",
        {},
    ),
    RuleSpec("branch_match", "Branch Mismatch", "hard", "high", "loads", "Orders go on units of their own branch.", {}),
    RuleSpec(
        "plan_date_range",
        "Outside Plan Dates",
        "hard",
        "medium",
        "loads",
        "An order's delivery date lies within the plan's dates.",
        {},
    ),
    RuleSpec(
        "order_exclusivity",
        "Order Already Assigned",
        "hard",
        "high",
        "loads",
        "An order line is assigned once, in one plan.",
        {},
    ),
)

CATALOG: dict[str, RuleSpec] = {spec.code: spec for spec in _SPECS}
SEED_002_TYPES = {code: spec.name for code, spec in CATALOG.items()}


@dataclass(frozen=True)
class RuleSettings:
    """Parameter values in force (defaults from the catalog; settings and requests override)."""

    min_rest_hours: float = 11.0
    min_shift_hours: float = 1.0
    max_shift_hours: float = 12.0
    back_to_back_margin_hours: float = 2.0
    min_seniors: int = 0
    min_senior_severity: str = "soft"
    max_vehicles_per_route_per_day: int | None = 2
    max_units_per_customer_per_day: int | None = 2
    timezone: str = "UTC"
    disabled: frozenset[str] = frozenset()

    def with_overrides(self, **changes: Any) -> RuleSettings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def rule_catalog(settings: RuleSettings | None = None) -> list[RuleInForce]:
    """The catalog with the parameter values currently in force."""
    settings = settings or RuleSettings()
    in_force: dict[str, dict[str, Any]] = {
        "time_window": {"min_shift_hours": settings.min_shift_hours, "max_shift_hours": settings.max_shift_hours},
        "min_rest": {"min_rest_hours": settings.min_rest_hours},
        "min_senior_per_shift": {"min_seniors": settings.min_seniors, "severity": settings.min_senior_severity},
        "back_to_back": {"margin_hours": settings.back_to_back_margin_hours},
        "route_vehicle_limit": {"max_vehicles_per_route_per_day": settings.max_vehicles_per_route_per_day},
        "customer_unit_limit": {"max_units_per_customer_per_day": settings.max_units_per_customer_per_day},
    }
    return [
        RuleInForce(
            code=code,
            name=spec.name,
            severity=settings.min_senior_severity if code == "min_senior_per_shift" else spec.severity,
            level=spec.level,
            area=spec.area,
            description=spec.description,
            parameters={**spec.parameters, **in_force.get(code, {})},
            enabled=code not in settings.disabled,
        )
        for code, spec in CATALOG.items()
    ]
