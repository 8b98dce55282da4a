"""Timeline responsiveness on a bureau-month of 1,000 shifts: `python -m tests.bench.timeline`.

Builds a fresh SQLite database with one bureau, 40 people and 1,000 assigned shifts in a month,
then times what the page does: loading one week on the time axis (the view), the same for the
month view, previewing a drag (change_on_axis without writing: the rule engine's evaluate_change on
a move), and accepting a proposal.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta


def main() -> int:
    folder = tempfile.mkdtemp(prefix="shiftapp-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.db"
    from sqlmodel import Session

    from shiftapp.db import get_engine
    from shiftapp.models import Assignment, Bureau, Employee, Shift, metadata
    from shiftapp.services import shifts
    from shiftapp.services.conflicts import refresh_all
    from shiftapp.services.timeline_changes import AxisChange, change_on_axis
    from shiftapp.services.timeline_rows import axis_rows_view

    engine = get_engine()
    metadata.create_all(engine)
    rng = random.Random(9)
    first = date(2027, 3, 1)
    with Session(engine, expire_on_commit=False) as session:
        bureau = Bureau(name="Bench", code="BEN")
        session.add(bureau)
        session.flush()
        people = [
            Employee(
                email=f"p{i}@bench.example",
                full_name=f"Person {i:02d}",
                bureau_id=bureau.id,
                access_role="scheduler" if i == 0 else "staff",
                shift_role=rng.choice(["senior", "correspondent", "editor"]),
            )
            for i in range(40)
        ]
        session.add_all(people)
        session.flush()
        for n in range(1000):
            day = first + timedelta(days=n % 31)
            hour = rng.choice([6, 8, 14, 16, 22])
            start = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
            shift = Shift(
                bureau_id=bureau.id,
                start_at=start,
                end_at=start + timedelta(hours=8),
                status="confirmed",
                shift_type="Morning" if hour < 12 else "Evening",
            )
            session.add(shift)
            session.flush()
            session.add(
                Assignment(
                    shift_id=shift.id,
                    employee_id=rng.choice(people).id,
                    status="proposed" if n % 10 == 0 else "confirmed",
                )
            )
        session.flush()
        refresh_all(session=session, actor=None)
        session.commit()
        actor = people[0]

    def timed(fn, repeat=5):
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - started)
        return statistics.median(runs) * 1000

    with Session(engine, expire_on_commit=False) as session:
        load_week = timed(
            lambda: axis_rows_view(session=session, actor=actor, bureau_ids=None, zoom="week", anchor=first)
        )
        load_month = timed(
            lambda: axis_rows_view(session=session, actor=actor, bureau_ids=None, zoom="month", anchor=first)
        )
        moved = [a.id for a in session.query(Assignment).limit(20)]
        preview = statistics.median(
            [
                timed(
                    lambda aid=aid: change_on_axis(
                        session=session,
                        actor=actor,
                        change=AxisChange(item_id=f"a:{aid}", start="2027-03-15T09:00"),
                        write=False,
                    ),
                    repeat=1,
                )
                for aid in moved
            ]
        )
        proposals = [a.id for a in session.query(Assignment).filter(Assignment.status == "proposed").limit(20)]
        accept = statistics.median(
            [
                timed(
                    lambda aid=aid: shifts.set_assignment_status(
                        session=session, actor=actor, assignment_id=aid, status="confirmed"
                    ),
                    repeat=1,
                )
                for aid in proposals
            ]
        )
        session.rollback()
    print("bureau-month: 1,000 shifts, 40 people (SQLite)")
    print(f"{'action':46} {'median ms':>10}")
    print(f"{'load one week on the axis (the default view)':46} {load_week:10.1f}")
    print(f"{'load the month on the axis (month zoom)':46} {load_month:10.1f}")
    print(f"{'drag preview (change_on_axis, not written)':46} {preview:10.1f}")
    print(f"{'accept one proposal':46} {accept:10.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
