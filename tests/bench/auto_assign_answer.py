"""The auto-assign route's answer for a large run, whole and bounded: `python -m tests.bench.auto_assign_answer`.

Seeds the demo into a fresh SQLite file, runs one greedy auto-assign preview on its plan, and makes a run
of the organisation's size from its result by repeating one placed order and one order left open: `--units`
units of `--orders-per-unit` orders each and `--open` open orders (the defaults are the scale data's week:
200 units, about 55 orders a unit, 3,843 open orders). Then times, once each after a warm-up, what the route
does with a finished job's result: validate it (`auto_assign_result`), then bound and render it
(`auto_assign_answer`) at the default limits and at `limit=50&unit_orders_limit=10`, with the size of the JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from tests.support import migrate_and_seed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--orders-per-unit", type=int, default=55)
    parser.add_argument("--open", type=int, default=3843, help="orders the run leaves open")
    args = parser.parse_args()
    url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='shiftapp-bench-')) / 'demo.db'}"
    print(f"seeding the demo into {url} …", flush=True)
    migrate_and_seed(url)
    os.environ["DATABASE_URL"] = url

    from sqlmodel import select

    from shiftapp.api.plans_routes import ChangeAnswerPage, auto_assign_answer
    from shiftapp.db import session_scope
    from shiftapp.models import Employee, Plan
    from shiftapp.services import auto_assign_loads

    adapter = auto_assign_loads._RESULT
    with session_scope() as session:
        plan = session.exec(select(Plan)).first()
        actor = session.exec(select(Employee).where(Employee.email == "leader@example.com")).one()
        assert plan is not None
        run = auto_assign_loads.auto_assign(session=session, actor=actor, plan_id=plan.id, method="greedy")
        demo = dict(adapter.dump_python(run, mode="json"))
    unit = next(u for u in demo["units"] if u["orders"])
    placed, left_open = unit["orders"][0], demo["unassigned_orders"][0]
    per_unit = args.orders_per_unit
    result = {
        **demo,
        "units": [{**unit, "orders": [placed] * per_unit, "orders_total": per_unit} for _ in range(args.units)],
        "assigned_orders": [placed] * (per_unit * args.units),
        "unassigned_orders": [left_open] * args.open,
    }
    print(
        f"{args.units} units of {per_unit} orders, {args.open} open orders; "
        f"the whole answer {len(json.dumps(result)) / 1e6:.1f} MB of JSON",
        flush=True,
    )

    def timed(name: str, work) -> object:
        work()
        started = time.perf_counter()
        value = work()
        print(f"  {name:<58} {(time.perf_counter() - started) * 1000:6.0f} ms", flush=True)
        return value

    typed = timed("validate the job's result (auto_assign_result)", lambda: adapter.validate_python(result))
    for limits in ({}, {"limit": 50, "unit_orders_limit": 10}):
        page = ChangeAnswerPage(**limits)
        rendered = timed(
            f"bound and render, {limits or 'default limits'}",
            lambda page=page: auto_assign_answer(typed, page, whole_at="/api/jobs/bench").model_dump_json(),
        )
        print(f"    {len(str(rendered)) / 1e6:.1f} MB", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
