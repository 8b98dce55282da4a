"""run_cpsat's stop event: a stop set before the search starts is heard as well as one set during it
(CP-SAT forgets a stop asked for before its search began, and would run to its time limit)."""

from __future__ import annotations

import random
import threading
import time

from ortools.sat.python import cp_model

from shiftapp.scheduling.cpsat_run import run_cpsat


def _slow_model() -> cp_model.CpModel:
    """A random 0-1 problem CP-SAT cannot prove optimal within seconds."""
    rng = random.Random(7)
    model = cp_model.CpModel()
    xs = [model.NewBoolVar(f"x{i}") for i in range(400)]
    for _ in range(300):
        chosen = rng.sample(xs, 12)
        model.Add(sum(rng.randint(1, 9) * x for x in chosen) <= 30)
    model.Maximize(sum(rng.randint(1, 50) * x for x in xs))
    return model


def test_the_model_runs_to_its_limit_when_not_stopped():
    started = time.monotonic()
    run = run_cpsat(_slow_model(), time_limit_s=2.0, subsolvers=None)
    assert not run.optimal and time.monotonic() - started >= 1.5


def test_a_stop_set_before_the_search_ends_it_at_once():
    stop = threading.Event()
    stop.set()
    started = time.monotonic()
    run_cpsat(_slow_model(), time_limit_s=30.0, subsolvers=None, stop_event=stop)
    assert time.monotonic() - started < 5.0


def test_a_stop_set_during_the_search_ends_it():
    stop = threading.Event()
    threading.Timer(0.5, stop.set).start()
    started = time.monotonic()
    run_cpsat(_slow_model(), time_limit_s=30.0, subsolvers=None, stop_event=stop)
    assert time.monotonic() - started < 5.0
