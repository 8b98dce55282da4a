"""Text columns carry the app's limits as VARCHAR(n), and the migration that sets them refuses
to cut existing values that are longer."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlmodel.sql.sqltypes import AutoString

from shiftapp.db import make_engine
from shiftapp.models import metadata
from tests.support import (
    REPO_ROOT,
    VENV_BIN,
    create_postgres_database,
    drop_postgres_database,
    postgres_available,
)

BEFORE_LENGTHS = "520c798e01c8"


def _alembic(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run(
        [str(VENV_BIN / "python"), "-m", "alembic", *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True
    )


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param(
            "postgres",
            id="postgres",
            marks=pytest.mark.skipif(not postgres_available(), reason="no PostgreSQL at 127.0.0.1:5432"),
        ),
    ]
)
def empty_database(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'lengths.db'}"
        return
    url, name = create_postgres_database()
    yield url
    drop_postgres_database(name)


def _model_lengths() -> dict[tuple[str, str], int]:
    return {
        (table.name, column.name): column.type.length
        for table in metadata.tables.values()
        for column in table.columns
        if isinstance(column.type, AutoString)
    }


def test_every_text_column_of_every_model_has_a_maximum_length():
    missing = [f"{table}.{column}" for (table, column), length in _model_lengths().items() if length is None]
    assert missing == []


def test_postgres_columns_are_varchar_of_the_model_length_after_upgrade_and_unbounded_after_downgrade():
    if not postgres_available():
        pytest.skip("no PostgreSQL at 127.0.0.1:5432")
    url, name = create_postgres_database()
    try:
        assert _alembic(url, "upgrade", "head").returncode == 0
        engine = make_engine(url)
        inspector = sa.inspect(engine)
        found = {
            (table, column["name"]): column["type"].length
            for table in inspector.get_table_names()
            if table != "alembic_version"
            for column in inspector.get_columns(table)
            if isinstance(column["type"], sa.String)
        }
        assert found == _model_lengths()
        engine.dispose()

        down = _alembic(url, "downgrade", BEFORE_LENGTHS)
        assert down.returncode == 0, down.stderr
        engine = make_engine(url)
        assert sa.inspect(engine).get_columns("bureau")[1]["type"].length is None
        engine.dispose()
        assert _alembic(url, "upgrade", "head").returncode == 0
    finally:
        drop_postgres_database(name)


def test_the_upgrade_refuses_rows_longer_than_a_limit_naming_table_column_and_count(empty_database):
    url = empty_database
    assert _alembic(url, "upgrade", BEFORE_LENGTHS).returncode == 0
    engine = make_engine(url)
    with engine.begin() as conn:
        for index in range(2):
            conn.execute(
                sa.text(
                    "INSERT INTO bureau (id, name, code, timezone, created_at) "
                    "VALUES (:id, :name, 'MI', 'Europe/Rome', '2026-01-01 00:00:00')"
                ),
                {"id": f"b{index}", "name": "N" * 121 + str(index)},
            )
    engine.dispose()

    refused = _alembic(url, "upgrade", "head")

    assert refused.returncode != 0
    assert "bureau.name: 2 row(s) longer than 120 characters" in refused.stderr
    engine = make_engine(url)
    with engine.connect() as conn:
        # Nothing was cut and the database stays at the previous revision.
        names = conn.execute(sa.text("SELECT name FROM bureau ORDER BY id")).scalars().all()
        assert [len(name) for name in names] == [122, 122]
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == BEFORE_LENGTHS
    engine.dispose()
