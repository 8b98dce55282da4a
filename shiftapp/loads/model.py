"""The planner's plain data: orders, units, limits and the result."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

GRAMS = 1000


def grams_up(kg: float) -> int:
    """Weights round up to whole grams, so a plan that fits in grams fits in reality."""
    return math.ceil(round(kg * GRAMS, 6))


def grams_down(kg: float) -> int:
    return math.floor(round(kg * GRAMS, 6))


@dataclass(frozen=True)
class LoadOrder:
    id: str
    branch_id: str
    route_id: str
    customer_id: str
    delivery_date: date
    weight_kg: float
    lines: tuple[tuple[str, float], ...] = ()  # (line id, kg); splitting moves lines, never part of one


@dataclass(frozen=True)
class LoadUnit:
    id: str
    branch_id: str
    capacity_kg: float
    planned: bool = True  # False: a vehicle assignment that would become a new planned unit if used
    # What the unit already carries, per day: (kg, route id, customer ids).
    existing: tuple[tuple[date, float, str, frozenset[str]], ...] = ()


@dataclass(frozen=True)
class LoadProblem:
    orders: tuple[LoadOrder, ...]
    units: tuple[LoadUnit, ...]
    max_vehicles_per_route_per_day: int | None = 2
    max_units_per_customer_per_day: int | None = 2
    allow_split: bool = True


@dataclass(frozen=True)
class Placement:
    order_id: str
    unit_id: str
    line_ids: tuple[str, ...] = ()  # empty: the whole order
    is_split: bool = False


@dataclass
class PlanResult:
    placements: list[Placement] = field(default_factory=list)
    unassigned: dict[str, str] = field(default_factory=dict)  # order id -> reason
    units_used: int = 0
    lower_bound: int | None = None
    proven_optimal: bool = False
    method: str = "greedy"
    seconds: float = 0.0
    greedy_units_used: int | None = None
    greedy_unassigned: int | None = None
    # Unproven because the time limit stopped the exact search (the plan is the best found by then).
    time_limit_reached: bool = False

    @property
    def units_opened(self) -> set[str]:
        return {p.unit_id for p in self.placements}
