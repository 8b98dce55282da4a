"""The day-by-day walk that prices one person's schedules: on random people with every kind of rule and
random prices, its minimum equals CP-SAT's exact minimum on the same person's model, its schedules keep
every hard rule, and too large a walk hands the question back to CP-SAT."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest

from shiftapp.scheduling import roster_pricing
from shiftapp.scheduling.roster_columns import PersonPricer
from shiftapp.scheduling.roster_problem import Cover, Request, RosterProblem, ShiftType, StaffMember
from tests.unit.scheduling.roster_builders import obeys_hard_rules

SHIFTS = [
    ShiftType("E", 480, start_minute=6 * 60),
    ShiftType("D", 600, start_minute=9 * 60, forbidden_next=frozenset({"E"})),
    ShiftType("L", 480, start_minute=15 * 60, required_skills=frozenset({"late"})),
    ShiftType("N", 720, start_minute=21 * 60, forbidden_next=frozenset({"E", "D"})),
]


def rich_problem(rng: random.Random, horizon: int) -> RosterProblem:
    """Two people with random values of every per-person rule the solver knows."""
    staff = []
    for i in range(2):
        days = rng.sample(range(horizon), k=horizon // 2)
        staff.append(
            StaffMember(
                id=f"P{i}",
                skills=frozenset({"late"}) if rng.random() < 0.6 else frozenset(),
                eligible_shifts=frozenset(rng.sample("EDLN", k=3)) if rng.random() < 0.3 else None,
                max_per_shift={s: rng.randint(1, 4) for s in rng.sample("EDLN", k=2)},
                min_minutes=rng.choice([0, 2400, 3600]),
                max_minutes=rng.choice([None, 4800, 6000]),
                min_consecutive=rng.randint(1, 3),
                max_consecutive=rng.choice([None, 3, 4, 6]),
                min_days_off=rng.randint(1, 3),
                max_weekends=rng.choice([None, 0, 1, 2]),
                days_off=frozenset(rng.sample(range(horizon), k=2)),
                on_requests=tuple(Request(d, rng.choice("EDLN"), rng.randint(1, 5)) for d in days[:3]),
                off_requests=tuple(Request(d, rng.choice("EDLN"), rng.randint(1, 5)) for d in days[3:7]),
                shift_preferences={"N": rng.randint(0, 3)},
                shifts_per_week=rng.choice([None, 3, 5]),
            )
        )
    cover = [Cover(d, s, 1, 10, 1, skill=rng.choice([None, None, "late"])) for d in range(horizon) for s in "EDLN"]
    return RosterProblem(
        horizon=horizon,
        shifts=SHIFTS,
        staff=staff,
        cover=cover,
        start_date=date(2026, 11, 30) + timedelta(days=rng.randrange(7)),
        min_rest_minutes=rng.choice([None, 11 * 60]),
        back_to_back_weight=rng.choice([0, 2]),
        back_to_back_minutes=14 * 60,
    )


def reduced(pricer: PersonPricer, row, duals) -> float:
    return pricer.cost(row) - sum(duals[i] for i in pricer.covers(row))


@pytest.mark.parametrize("seed", range(12))
def test_the_walk_finds_the_same_minimum_as_cpsat_and_keeps_every_rule(seed):
    rng = random.Random(seed)
    problem = rich_problem(rng, horizon=rng.choice([10, 14, 17]))
    duals = [rng.uniform(0, 15) for _ in problem.cover]
    for e in range(len(problem.staff)):
        pricer = PersonPricer(problem, e)
        rows, least = pricer.price(duals, 30, 0)
        cp_rows, cp_bound = pricer._price_by_cpsat(duals, 30, 0)
        if not cp_rows:  # no legal schedule at all for this person: the walk must agree
            assert rows == [] and least == float("inf")
            continue
        cp_best = min(reduced(pricer, row, duals) for row in cp_rows)
        assert cp_bound <= cp_best + 1e-6  # CP-SAT proved its minimum...
        assert least == pytest.approx(cp_best, abs=1e-3)  # ...and the walk found the same one
        assert reduced(pricer, rows[0], duals) == pytest.approx(least, abs=1e-5)  # less the hair of slack
        for row in rows:
            assert reduced(pricer, row, duals) >= least - 1e-6
            assert obeys_hard_rules(pricer.alone, {pricer.person.id: list(row)})


@pytest.mark.parametrize("seed", range(12))
def test_the_walk_prices_each_persons_fairness_as_cpsat_does(seed):
    # Fairness is a person's own: each shift beyond their fair share or short of it costs the weight. The
    # walk counts their shifts up to the most of their share and charges the rest at the end.
    rng = random.Random(100 + seed)
    problem = rich_problem(rng, horizon=rng.choice([10, 14, 17]))
    problem.fairness_weight = rng.randint(1, 6)
    if seed % 3:  # a share of a larger roster, stored on the person; otherwise worked out from this problem
        problem.staff = [
            replace(p, fair_shifts=(fewest, fewest + rng.randint(0, 2)))
            for p, fewest in ((p, rng.randint(0, problem.horizon // 2)) for p in problem.staff)
        ]
    duals = [rng.uniform(0, 15) for _ in problem.cover]
    for e in range(len(problem.staff)):
        pricer = PersonPricer(problem, e)
        rows, least = pricer.price(duals, 30, 0)
        cp_rows, cp_bound = pricer._price_by_cpsat(duals, 30, 0)
        if not cp_rows:
            assert rows == [] and least == float("inf")
            continue
        cp_best = min(reduced(pricer, row, duals) for row in cp_rows)
        assert cp_bound <= cp_best + 1e-6
        assert least == pytest.approx(cp_best, abs=1e-3)
        assert reduced(pricer, rows[0], duals) == pytest.approx(least, abs=1e-5)


def test_a_cap_the_cheapest_schedule_would_break_enters_the_walk():
    # Nights pay best, but only two are allowed: the first walk (caps left out) works more, breaks the
    # cap, and the second walk, counting nights, finds the true optimum.
    person = StaffMember(id="A", max_per_shift={"N": 2})
    problem = RosterProblem(
        horizon=7,
        shifts=[SHIFTS[0], SHIFTS[3]],
        staff=[person],
        cover=[Cover(d, s, 1, 10, 1) for d in range(7) for s in "EN"],
    )
    duals = [3.0 if c.shift_id == "E" else 9.0 for c in problem.cover]
    pricer = PersonPricer(problem, 0)
    rows, least = pricer.price(duals, 10, 0)
    assert pricer.walk.in_state == {1}
    assert rows[0].count("N") == 2
    # Five earlies then two nights (an early may not follow a night): E E E E E N N.
    assert least == pytest.approx(-(5 * 3 + 2 * 9), abs=1e-6)


def test_too_large_a_walk_is_priced_by_cpsat(monkeypatch):
    monkeypatch.setattr(roster_pricing, "MAX_STATES", 1)
    rng = random.Random(3)
    problem = rich_problem(rng, horizon=14)
    duals = [rng.uniform(0, 15) for _ in problem.cover]
    pricer = PersonPricer(problem, 0)
    assert pricer.walk.cheapest(np.zeros((14, len(SHIFTS)))) is None
    rows, least = pricer.price(duals, 30, 0)
    assert rows and least <= min(reduced(pricer, row, duals) for row in rows) + 1e-6
