"""Alembic environment: migrates the database named by shiftapp's settings (DATABASE_URL)."""

from logging.config import fileConfig

import shiftapp.models  # noqa: F401  (registers every table)
from alembic import context
from shiftapp.db import get_engine, make_engine
from shiftapp.models import metadata

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def render_item(type_, obj, autogen_context):
    # Our UTC column type lives in the app; render it with its import so revisions run.
    if type_ == "type" and obj.__class__.__module__.startswith("shiftapp."):
        autogen_context.imports.add("import shiftapp.models.common")
        return f"shiftapp.models.common.{obj.__class__.__name__}()"
    if type_ == "type" and obj.__class__.__module__.startswith("sqlmodel"):
        autogen_context.imports.add("import sqlmodel")
        # Keep the length: without it every text column became an unbounded VARCHAR on PostgreSQL.
        length = getattr(obj, "length", None)
        arguments = f"length={length}" if length is not None else ""
        return f"sqlmodel.sql.sqltypes.{obj.__class__.__name__}({arguments})"
    return False


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.attributes.get("url")
    engine = make_engine(url) if url else get_engine()
    with engine.connect() as conn:
        _run(conn)
        conn.commit()


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_item=render_item,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
