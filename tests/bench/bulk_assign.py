"""One bulk-assign of many orders, in this process: `python -m tests.bench.bulk_assign --orders 200`.

Seeds the demo into a fresh SQLite file, adds a plan with one truck and `--orders` light orders of one
route and customer that all fit it (`make_light_orders`, as the statement-count test makes them), then
times `logistics.bulk_assign` of all of them in one request, rolled back after each run, and counts the
SQL statements one run sends. The figure is the median (and max) wall-clock time of `--runs` runs after
a warm-up, with the CPU time of this process beside it. Beside it, the baseline: the same orders read the
way bulk-assign read them before (the order, its lines and its assignments, three statements an order),
reads only, without the rule check or the writes.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from tests.bench.loads_scale import _row, _timed
from tests.support import migrate_and_seed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=200, help="orders in the one request")
    parser.add_argument("--runs", type=int, default=5, help="measured runs (after one warm-up)")
    args = parser.parse_args()
    url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='shiftapp-bench-')) / 'demo.db'}"
    print(f"seeding the demo into {url} …", flush=True)
    migrate_and_seed(url)
    os.environ["DATABASE_URL"] = url

    from sqlalchemy import event

    from shiftapp.db import session_scope
    from shiftapp.services import logistics
    from tests.integration.test_bulk_assign_batched import make_light_orders

    with session_scope() as session:
        made = make_light_orders(session, args.orders)
        plan_id, unit_id, order_ids = made.plan.id, made.unit.id, made.order_ids
    with session_scope() as session:
        from shiftapp.models import Employee

        actor = session.get_one(Employee, made.actor.id)
        request = [
            logistics.UnitLoad(planned_unit_id=unit_id, orders=[logistics.OrderToLoad(order_id=o) for o in order_ids])
        ]

        def assign_all() -> None:
            try:
                logistics.bulk_assign(session=session, actor=actor, plan_id=plan_id, assignments=request)
            finally:
                session.rollback()

        statements = 0

        def count(*_args: object) -> None:
            nonlocal statements
            statements += 1

        event.listen(session.get_bind(), "before_cursor_execute", count)
        assign_all()
        event.remove(session.get_bind(), "before_cursor_execute", count)
        load = os.getloadavg()
        print(f"load average before: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}", flush=True)
        print(f"bulk-assign of {args.orders} orders: {statements} SQL statements", flush=True)
        _row(f"logistics.bulk_assign, {args.orders} orders", _timed(assign_all, args.runs))

        from sqlmodel import select

        from shiftapp.models import DeliveryOrder, OrderAssignment, OrderLine

        def read_one_at_a_time() -> None:
            for order_id in order_ids:
                session.get(DeliveryOrder, order_id)
                list(session.exec(select(OrderLine).where(OrderLine.order_id == order_id)))
                list(session.exec(select(OrderAssignment).where(OrderAssignment.order_id == order_id)))
            session.rollback()

        _row(
            f"baseline: the same orders read one at a time ({3 * args.orders} statements)",
            _timed(read_one_at_a_time, args.runs),
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
