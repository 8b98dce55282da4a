"""The loads page, a plan's read and a move's rule check on the organisation-sized data set:
`python -m tests.bench.loads_scale`.

Seeds the scale data (`python -m shiftapp.seed --scale`: 50,000 orders, 5 branches, a plan of 200 units)
into a fresh SQLite file unless `--database` names one that holds it, fills the plan's week with the
greedy auto-assign if nothing is on it yet (committed, so that units carry orders), then times in this
process, as the page and the API call them:

- loads: the /loads table unfiltered (its first page, a middle page, the last), by status
  "unassigned", and one branch (`logistics.loads_table`, what LoadsState reads);
- plan: `GET /api/plans/{id}`'s read (`logistics.get_plan`, default pages: 500 open orders, each unit's
  first 100 orders) and the board's read (`logistics.board_view` as the page calls it: 100 open orders,
  each unit's first cards); a change's answer as the plan's changes answered before issue 19's bounded
  answers (every unit with every order, every open order) beside the bounded one they answer now
  (`logistics.plan_payload`), each with the size of its JSON, and a unit's note set as the API sets it,
  with its answer (`logistics.set_unit_note`, then `plan_payload`, rolled back); the answers again, once
  each, for a plan over every day of the data with no units (made for the measure and rolled back);
- move: the rule check of one order moved between two units of the plan, on the whole plan
  (`load_plan`, the check before issue 19's change) and on the part the move can change
  (`move_snapshot`, what `move_order` runs now), over several random moves.

Each figure is the median (and max) wall-clock time of `--runs` runs after a warm-up, with the CPU
time of this process beside it: on a shared machine the wall clock moves with the load, the CPU time
much less. `--only loads,plan` picks sections.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable

from tests.support import scale_database


def _timed(fn: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """Median and max wall-clock seconds and median CPU seconds of `runs` calls after a warm-up."""
    fn()
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), max(walls), statistics.median(cpus)


def _row(name: str, figures: tuple[float, float, float]) -> None:
    wall, worst, cpu = figures
    print(f"  {name:<48} {wall * 1000:8.0f} ms (max {worst * 1000:6.0f})   cpu {cpu * 1000:7.0f} ms", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="a SQLite URL already holding the scale data (else seeded afresh)")
    parser.add_argument("--runs", type=int, default=5, help="measured runs of each figure (after one warm-up)")
    parser.add_argument("--only", default="loads,plan,move", help="sections, comma-separated: loads, plan, move")
    args = parser.parse_args()
    sections = set(args.only.split(","))
    url = scale_database(args.database)
    os.environ["DATABASE_URL"] = url

    from sqlmodel import func, select

    from shiftapp.db import session_scope
    from shiftapp.models import Branch, DeliveryOrder, Employee, OrderAssignment, Plan, PlannedUnit
    from shiftapp.seed_scale import SCALE_PLAN_NAME
    from shiftapp.services import auto_assign_loads, logistics

    with session_scope() as session:
        plan = session.exec(select(Plan).where(Plan.plan_name == SCALE_PLAN_NAME)).one()
        actor = session.exec(select(Employee).where(Employee.email == "leader@example.com")).one()
        if not session.exec(select(func.count()).where(OrderAssignment.plan_id == plan.id)).one():
            print("filling the plan's week with the greedy auto-assign …", flush=True)
            auto_assign_loads.auto_assign(session=session, actor=actor, plan_id=plan.id, commit=True, method="greedy")
    with session_scope() as session:
        plan = session.exec(select(Plan).where(Plan.plan_name == SCALE_PLAN_NAME)).one()
        actor = session.exec(select(Employee).where(Employee.email == "leader@example.com")).one()
        carried = session.exec(
            select(func.count(func.distinct(OrderAssignment.order_id))).where(OrderAssignment.plan_id == plan.id)
        ).one()
        units = session.exec(select(func.count()).where(PlannedUnit.plan_id == plan.id)).one()
        print(f"{url}: {carried:,} orders on units, plan of {units} units; {args.runs} runs each", flush=True)
        load = os.getloadavg()
        print(f"load average before: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}", flush=True)

        if "loads" in sections:
            print("loads page (logistics.loads_table)", flush=True)
            first = logistics.loads_table(session=session, actor=actor)
            total = first.rows_total
            branch = session.exec(select(Branch).order_by(Branch.name)).first()
            for name, options in (
                ("unfiltered, first page", {}),
                ("unfiltered, a middle page", {"offset": (total // 200) * 100}),
                ("unfiltered, last page", {"offset": max(0, (total - 1) // 100 * 100)}),
                ("status unassigned", {"status": "unassigned"}),
                ("one branch", {"branch_id": branch.id if branch else None}),
            ):
                _row(
                    name, _timed(lambda o=options: logistics.loads_table(session=session, actor=actor, **o), args.runs)
                )

        if "plan" in sections:
            from shiftapp.state.plans import UNIT_CARDS

            print("plan reads", flush=True)
            _row(
                "GET /api/plans/{id} (logistics.get_plan)",
                _timed(lambda: logistics.get_plan(session=session, actor=actor, plan_id=plan.id), args.runs),
            )
            _row(
                "plan board (logistics.board_view)",
                _timed(
                    lambda: logistics.board_view(
                        session=session, actor=actor, plan_id=plan.id, unassigned_limit=100, cards_per_unit=UNIT_CARDS
                    ),
                    args.runs,
                ),
            )

        if "plan" in sections:
            from shiftapp.api.schemas.plans import OrderPublic, PlanBoardPublic, UnitPublic

            def whole_answer(of: Plan) -> str:
                # What every change answered before: each unit with every order, every open order.
                units = [
                    UnitPublic.model_validate(u).model_dump(mode="json") for u in logistics.unit_details(session, of)
                ]
                open_orders = [
                    OrderPublic.model_validate(o).model_dump(mode="json")
                    for o in logistics.unassigned_order_rows(session, of)
                ]
                assigned = [order for unit in units for order in unit["orders"]]
                return json.dumps({"units": units, "assigned_orders": assigned, "unassigned_orders": open_orders})

            def bounded_answer(of: Plan) -> str:
                return PlanBoardPublic.model_validate(logistics.plan_payload(session, of)).model_dump_json()

            def sizes(of: Plan) -> str:
                whole_mb, bounded_mb = len(whole_answer(of)) / 1e6, len(bounded_answer(of)) / 1e6
                return f"  JSON: whole {whole_mb:.1f} MB, bounded {bounded_mb:.1f} MB"

            print("a change's answer (read and rendered as JSON)", flush=True)
            _row("whole, as before (every order)", _timed(lambda: whole_answer(plan), args.runs))
            _row("bounded, as now (logistics.plan_payload)", _timed(lambda: bounded_answer(plan), args.runs))
            print(sizes(plan), flush=True)
            unit_id = session.exec(select(PlannedUnit.id).where(PlannedUnit.plan_id == plan.id)).first()
            plan_id = plan.id

            def note_and_answer() -> object:
                # The change and its answer as POST /api/plans/units/note makes them, then undone.
                try:
                    noted = logistics.set_unit_note(
                        session=session, actor=actor, plan_id=plan_id, unit_id=str(unit_id), note="bench"
                    )
                    return logistics.plan_payload(session, noted)
                finally:
                    session.rollback()

            _row("a unit's note with its answer (set_unit_note)", _timed(note_and_answer, args.runs))

            # A plan over every day of the data (13 weeks) with no units yet: before, each change to it
            # answered with every open order of the organisation. Made for the measure, then undone.
            first_day, last_day = session.exec(
                select(func.min(DeliveryOrder.delivery_date), func.max(DeliveryOrder.delivery_date))
            ).one()
            every_day = Plan(plan_name="bench: every day", delivery_start=first_day, delivery_end=last_day)
            session.add(every_day)
            session.flush()
            print(f"a change's answer on a plan over every day ({first_day} to {last_day}), once", flush=True)
            _row("whole, as before (every open order)", _timed(lambda: whole_answer(every_day), 1))
            _row("bounded, as now (logistics.plan_payload)", _timed(lambda: bounded_answer(every_day), 1))
            print(sizes(every_day), flush=True)
            session.rollback()
            plan = session.exec(select(Plan).where(Plan.plan_name == SCALE_PLAN_NAME)).one()

        if "move" in sections:
            from shiftapp.rules import LoadAssignment, MoveOrders, evaluate_change
            from shiftapp.services.load_checks import load_plan, move_snapshot
            from shiftapp.services.snapshots import rule_settings

            print("a move's rule check (random moves between two units of the plan)", flush=True)
            assignments = session.exec(select(OrderAssignment).where(OrderAssignment.plan_id == plan.id)).all()
            unit_ids = list(session.exec(select(PlannedUnit.id).where(PlannedUnit.plan_id == plan.id)))
            generator = random.Random(19)
            moves = []
            for a in generator.sample(list(assignments), min(args.runs + 1, len(assignments))):
                to_unit = generator.choice([u for u in unit_ids if u != a.planned_unit_id])
                change = MoveOrders(
                    order_ids=(a.order_id,),
                    from_unit_id=a.planned_unit_id,
                    assignments=(
                        LoadAssignment(
                            order_id=a.order_id,
                            unit_id=to_unit,
                            plan_id=plan.id,
                            weight_kg=a.weight_kg,
                            line_ids=(a.order_line_id,),
                        ),
                    ),
                )
                moves.append((a.order_id, a.planned_unit_id, to_unit, change))
            settings = rule_settings()
            turn = iter(range(10**9))

            def whole() -> object:
                order_id, _from, _to, change = moves[next(turn) % len(moves)]
                return evaluate_change(load_plan(session, plan, {order_id}), change, settings)

            def narrow() -> object:
                order_id, from_unit, to_unit, change = moves[next(turn) % len(moves)]
                return evaluate_change(move_snapshot(session, plan, order_id, {from_unit, to_unit}), change, settings)

            _row("on the whole plan (before)", _timed(whole, args.runs))
            _row("on what the move can change (now)", _timed(narrow, args.runs))
        load = os.getloadavg()
        print(f"load average after: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
