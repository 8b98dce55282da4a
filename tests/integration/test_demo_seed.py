"""The demo data holds the conflicts its tour and tests rely on, whatever weekday it is loaded on.

The rota around today depends on the weekday (weekends have no afternoon desk), so a conflict placed on
a fixed day after today can miss: on 3 December 2026 (a Thursday) the double booking two days later fell
on Marco's free Saturday and there was none to find."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta

import pytest
from sqlmodel import Session, create_engine, select

from shiftapp.models.scheduling import StoredConflict
from shiftapp.seed import ROME, seed_demo
from tests.support import migrate_and_seed

SEEDED_CONFLICTS = {"double_booking", "min_rest", "leave_overlap"}


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "empty.db"
    migrate_and_seed(f"sqlite:///{path}", seed=False)
    return path


@pytest.mark.parametrize("days_ahead", range(7), ids=lambda d: f"today+{d}")
def test_every_seeded_conflict_is_found_whatever_the_weekday(migrated_database, tmp_path, days_ahead):
    path = tmp_path / "demo.db"
    shutil.copy(migrated_database, path)
    engine = create_engine(f"sqlite:///{path}")
    today = datetime.now(ROME).date() + timedelta(days=days_ahead)
    with Session(engine) as session:
        seed_demo(session, today=today)
        session.commit()
        found = {c.rule_code for c in session.exec(select(StoredConflict).where(StoredConflict.status == "unresolved"))}
    engine.dispose()
    assert found >= SEEDED_CONFLICTS, f"loaded on {today:%A}: missing {sorted(SEEDED_CONFLICTS - found)}"
