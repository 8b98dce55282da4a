"""`python -m shiftapp.seed --scale` loads the organisation-sized data set, in proportion, quickly and the
same way twice; it refuses a database that already has data unless told to replace it."""

from __future__ import annotations

import os
import subprocess
import time
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, create_engine

from shiftapp.models import Assignment, DeliveryOrder, Employee, Plan, PlannedUnit, Preference, Shift
from shiftapp.seed_scale import SCALE_PLAN_NAME, ScaleCounts, seed_scale
from tests.support import REPO_ROOT, VENV_BIN, migrate_and_seed

TENTH = ScaleCounts().scaled(0.1)


@pytest.fixture
def empty_database(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'scale.db'}"
    migrate_and_seed(url, seed=False)
    return url


def _count(session: Session, model) -> int:
    return session.execute(select(func.count()).select_from(model)).scalar_one()


def _seed_command(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(VENV_BIN / "python"), "-m", "shiftapp.seed", "--scale", "--scale-factor", "0.1", *args],
        cwd=REPO_ROOT,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_tenth_of_the_organisation_has_the_expected_rows(empty_database):
    engine = create_engine(empty_database)
    started = time.monotonic()
    summary = seed_scale(engine, TENTH, today=date(2026, 12, 7))
    elapsed = time.monotonic() - started
    with Session(engine) as session:
        assert _count(session, Employee) == TENTH.employees == 100
        assert _count(session, DeliveryOrder) == TENTH.orders == 5000
        # Everyone works five days a week on the rota; all but a few open shifts are filled.
        shifts = _count(session, Shift)
        assert shifts == summary.rows["shift"]
        assert TENTH.employees * TENTH.days * 5 // 7 - TENTH.employees <= shifts <= TENTH.employees * TENTH.days
        assert 0.9 * shifts <= _count(session, Assignment) < shifts
        assert _count(session, Preference) > 0.85 * TENTH.employees
        plan = session.execute(select(Plan).where(Plan.plan_name == SCALE_PLAN_NAME)).scalar_one()
        units = session.execute(select(func.count()).where(PlannedUnit.plan_id == plan.id)).scalar_one()
        assert units == TENTH.plan_units == 20
        signed_in = session.execute(select(Employee).where(Employee.email == "leader@example.com")).scalar_one()
        assert signed_in.access_role == "scheduler" and signed_in.password_hash
    engine.dispose()
    assert elapsed < 20, f"a tenth of the organisation took {elapsed:.1f} s"


def test_the_same_day_gives_the_same_rows(tmp_path):
    ids = []
    for name in ("one", "two"):
        url = f"sqlite:///{tmp_path / name}.db"
        migrate_and_seed(url, seed=False)
        engine = create_engine(url)
        seed_scale(engine, ScaleCounts().scaled(0.02), today=date(2026, 12, 7))
        with Session(engine) as session:
            ids.append(session.execute(select(Shift.id, Shift.start_at).order_by(Shift.id)).all())
        engine.dispose()
    assert ids[0] == ids[1]


def test_scale_refuses_a_database_with_data_unless_reset(empty_database):
    loaded = _seed_command(empty_database)
    assert loaded.returncode == 0, loaded.stderr
    engine = create_engine(empty_database)
    with Session(engine) as session:
        before = _count(session, DeliveryOrder), _count(session, Shift)

    refused = _seed_command(empty_database)
    assert refused.returncode == 1
    assert "already has data" in refused.stderr
    with Session(engine) as session:
        assert (_count(session, DeliveryOrder), _count(session, Shift)) == before

    replaced = _seed_command(empty_database, "--reset")
    assert replaced.returncode == 0, replaced.stderr
    with Session(engine) as session:
        assert (_count(session, DeliveryOrder), _count(session, Shift)) == before
    engine.dispose()
