"""Copy and repeat at its size limit: `python -m tests.bench.repeat`.

Builds a fresh SQLite database with one bureau, 80 people and a week of 399 assigned shifts (three
slots a day, 19 places each), then times the preview of copying that week with its people to the
12 following weeks (4,788 shifts through the rule engine at once) and the commit, which computes
the preview again inside its transaction before writing the shifts, assignments and audit entries.
"""

from __future__ import annotations

import os
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from zoneinfo import ZoneInfo

ROME = ZoneInfo("Europe/Rome")


def main() -> int:
    folder = tempfile.mkdtemp(prefix="shiftapp-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.db"
    from sqlmodel import Session

    from shiftapp.db import get_engine
    from shiftapp.models import Assignment, Bureau, Employee, Shift, metadata
    from shiftapp.services import repeat

    engine = get_engine()
    metadata.create_all(engine)
    monday = date(2027, 2, 1)
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
            )
            for i in range(80)
        ]
        session.add_all(people)
        session.flush()
        for day in (monday + timedelta(days=d) for d in range(7)):
            for slot, (start, end) in enumerate(((6, 12), (12, 18), (18, 23))):
                for place in range(19):
                    shift = Shift(
                        bureau_id=bureau.id,
                        start_at=datetime.combine(day, clock_time(start), tzinfo=ROME).astimezone(UTC),
                        end_at=datetime.combine(day, clock_time(end), tzinfo=ROME).astimezone(UTC),
                        shift_type="Morning",
                    )
                    session.add(shift)
                    session.flush()
                    session.add(Assignment(shift_id=shift.id, employee_id=people[(slot * 19 + place) % 80].id))
        session.commit()
        planner = people[0]
        request = repeat.CopyWeekRequest(bureau_id=bureau.id, source_week=monday, weeks=12, include_assignments=True)
        began = time.perf_counter()
        preview = repeat.preview_copy_week(session=session, actor=planner, request=request)
        previewed = time.perf_counter() - began
        began = time.perf_counter()
        outcome = repeat.copy_week(
            session=session, actor=planner, request=request, fingerprint=preview.fingerprint, force=True
        )
        session.commit()
        committed = time.perf_counter() - began
    print(
        f"preview: {len(preview.rows):,} shifts, {preview.hard_count} hard, "
        f"{preview.soft_count} soft: {previewed:.2f} s"
    )
    print(f"commit: {outcome.created:,} shifts, {outcome.assignments:,} assignments: {committed:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
