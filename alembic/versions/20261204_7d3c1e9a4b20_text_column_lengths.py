"""text columns get their maximum lengths

Every text column becomes VARCHAR(n), n taken from `shiftapp/models/lengths.py` as it stood when
this revision was written (the numbers are frozen below so that later edits to the limits need a
revision of their own).

Existing rows longer than a new limit: the upgrade refuses and changes nothing. Truncating would
silently cut people's names, notes and references; widening the limit to fit would make it no limit.
Before altering anything it counts, for every column, the rows whose value is longer than the
limit, and if any exist it stops with one message naming each table, column, limit and row count,
so whoever runs the upgrade can shorten those values (or, if the limit is wrong, change it in a new
revision) and run it again. The check runs on SQLite too, so both stores end holding nothing the
app would refuse.

SQLite: the tables are not rebuilt. SQLite ignores the length of a VARCHAR, so a batch rebuild
would change nothing it enforces, and dropping the old table while `PRAGMA foreign_keys=ON` (which
shiftapp keeps on, and which cannot be switched off inside the migration's transaction) runs an
implicit DELETE that fires ON DELETE CASCADE on child rows. There the services and request
schemas hold the limits.

Downgrade makes the columns unbounded text again (no data can be lost that way).

Revision ID: 7d3c1e9a4b20
Revises: 520c798e01c8
Create Date: 2026-12-04 20:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "7d3c1e9a4b20"
down_revision: str | None = "520c798e01c8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column, maximum characters, nullable)
TEXT_COLUMNS: list[tuple[str, str, int, bool]] = [
    ("assignment", "id", 64, False),
    ("assignment", "shift_id", 64, False),
    ("assignment", "employee_id", 64, False),
    ("assignment", "source", 20, False),
    ("assignment", "status", 20, False),
    ("assignment", "created_by", 64, True),
    ("audit_event", "id", 64, False),
    ("audit_event", "kind", 40, False),
    ("audit_event", "entity_type", 40, False),
    ("audit_event", "entity_id", 64, False),
    ("audit_event", "action", 40, False),
    ("audit_event", "actor_id", 64, True),
    ("audit_event", "reason", 1000, True),
    ("auth_session", "id", 64, False),
    ("auth_session", "employee_id", 64, False),
    ("auth_session", "token_hash", 64, False),
    ("availability", "id", 64, False),
    ("availability", "employee_id", 64, False),
    ("availability", "kind", 20, False),
    ("availability", "reason", 500, True),
    ("branch", "id", 64, False),
    ("branch", "name", 120, False),
    ("branch", "code", 16, False),
    ("bureau", "id", 64, False),
    ("bureau", "name", 120, False),
    ("bureau", "code", 16, False),
    ("bureau", "timezone", 64, False),
    ("conflict", "id", 64, False),
    ("conflict", "key", 500, False),
    ("conflict", "rule_code", 40, False),
    ("conflict", "severity", 20, False),
    ("conflict", "level", 20, False),
    ("conflict", "status", 20, False),
    ("conflict", "bureau_id", 64, True),
    ("conflict", "employee_id", 64, True),
    ("conflict", "message", 1000, False),
    ("conflict", "date", 10, True),
    ("conflict", "acknowledged_by", 64, True),
    ("conflict", "resolved_by", 64, True),
    ("customer", "id", 64, False),
    ("customer", "name", 160, False),
    ("customer", "bp_code", 32, False),
    ("customer", "suburb_id", 64, False),
    ("customer", "address", 255, True),
    ("delivery_order", "id", 64, False),
    ("delivery_order", "sales_order_id", 64, False),
    ("delivery_order", "sales_order_number", 40, False),
    ("delivery_order", "customer_id", 64, False),
    ("delivery_order", "branch_id", 64, False),
    ("delivery_order", "route_id", 64, False),
    ("delivery_order", "suburb_id", 64, False),
    ("delivery_order", "status", 20, False),
    ("delivery_order", "sales_person_name", 120, True),
    ("driver", "id", 64, False),
    ("driver", "employee_id", 64, True),
    ("driver", "branch_id", 64, False),
    ("driver", "name", 120, False),
    ("driver", "last_name", 120, False),
    ("driver", "phone", 40, True),
    ("driver", "license", 40, True),
    ("employee", "id", 64, False),
    ("employee", "email", 254, False),
    ("employee", "full_name", 120, False),
    ("employee", "phone", 40, True),
    ("employee", "title", 160, True),
    ("employee", "shift_role", 20, False),
    ("employee", "access_role", 20, False),
    ("employee", "bureau_id", 64, True),
    ("employee", "team", 120, True),
    ("employee", "worker_id", 40, True),
    ("employee", "status", 20, False),
    ("employee", "password_hash", 255, True),
    ("employee_skill", "employee_id", 64, False),
    ("employee_skill", "skill_id", 64, False),
    ("job", "id", 64, False),
    ("job", "kind", 40, False),
    ("job", "status", 20, False),
    ("job", "message", 1000, True),
    ("job", "error", 2000, True),
    ("job", "created_by", 64, True),
    ("mission", "id", 64, False),
    ("mission", "bureau_id", 64, False),
    ("mission", "name", 120, False),
    ("order_assignment", "id", 64, False),
    ("order_assignment", "plan_id", 64, False),
    ("order_assignment", "planned_unit_id", 64, False),
    ("order_assignment", "order_id", 64, False),
    ("order_assignment", "order_line_id", 64, False),
    ("order_line", "id", 64, False),
    ("order_line", "order_id", 64, False),
    ("order_line", "description", 255, False),
    ("order_line", "ur_prod", 40, True),
    ("plan", "id", 64, False),
    ("plan", "plan_name", 160, False),
    ("plan", "notes", 2000, True),
    ("plan", "status", 20, False),
    ("plan", "created_by", 64, True),
    ("planned_unit", "id", 64, False),
    ("planned_unit", "plan_id", 64, False),
    ("planned_unit", "vehicle_assignment_id", 64, False),
    ("planned_unit", "status", 20, False),
    ("planned_unit", "notes", 2000, True),
    ("preference", "id", 64, False),
    ("preference", "employee_id", 64, False),
    ("preference", "notes", 2000, True),
    ("preference", "confirmed_by", 64, True),
    ("rate_limit_counter", "key", 200, False),
    ("route", "id", 64, False),
    ("route", "branch_id", 64, False),
    ("route", "name", 120, False),
    ("route", "code", 16, False),
    ("shift", "id", 64, False),
    ("shift", "bureau_id", 64, False),
    ("shift", "mission_id", 64, True),
    ("shift", "template_id", 64, True),
    ("shift", "shift_type", 40, True),
    ("shift", "required_role", 20, True),
    ("shift", "status", 20, False),
    ("shift", "notes", 2000, True),
    ("shift", "created_by", 64, True),
    ("shift_template", "id", 64, False),
    ("shift_template", "bureau_id", 64, False),
    ("shift_template", "mission_id", 64, True),
    ("shift_template", "name", 120, False),
    ("shift_template", "start_time", 5, False),
    ("shift_template", "end_time", 5, False),
    ("shift_template", "required_role", 20, True),
    ("skill", "id", 64, False),
    ("skill", "name", 120, False),
    ("suburb", "id", 64, False),
    ("suburb", "route_id", 64, False),
    ("suburb", "name", 120, False),
    ("suburb", "city", 120, True),
    ("suburb", "province", 120, True),
    ("suburb", "postal_code", 16, True),
    ("trailer", "id", 64, False),
    ("trailer", "branch_id", 64, False),
    ("trailer", "reg_number", 32, False),
    ("trailer", "license_plate", 32, False),
    ("vehicle", "id", 64, False),
    ("vehicle", "branch_id", 64, False),
    ("vehicle", "vehicle_type", 20, False),
    ("vehicle", "reg_number", 32, False),
    ("vehicle", "license_plate", 32, False),
    ("vehicle", "model", 120, True),
    ("vehicle_assignment", "id", 64, False),
    ("vehicle_assignment", "branch_id", 64, False),
    ("vehicle_assignment", "vehicle_id", 64, False),
    ("vehicle_assignment", "trailer_id", 64, True),
    ("vehicle_assignment", "driver_id", 64, False),
]


class RowsTooLong(RuntimeError):
    """Existing rows hold values longer than the limits this revision sets."""


def _rows_too_long(connection) -> list[str]:
    problems = []
    for table, column, length, _nullable in TEXT_COLUMNS:
        # char_length/length count characters on both PostgreSQL and SQLite, as the limits do.
        count = connection.execute(
            sa.text(f'SELECT count(*) FROM "{table}" WHERE length("{column}") > :length'), {"length": length}
        ).scalar_one()
        if count:
            problems.append(f"{table}.{column}: {count} row(s) longer than {length} characters")
    return problems


def upgrade() -> None:
    connection = op.get_bind()
    problems = _rows_too_long(connection)
    if problems:
        raise RowsTooLong(
            "Not upgrading: some existing values are longer than the new limits, and this migration does not "
            "cut people's data. Shorten these values (or raise the limit in shiftapp/models/lengths.py and a "
            "new revision) and run the upgrade again:\n  " + "\n  ".join(problems)
        )
    if connection.dialect.name == "sqlite":
        return
    for table, column, length, nullable in TEXT_COLUMNS:
        op.alter_column(
            table,
            column,
            existing_type=sqlmodel.sql.sqltypes.AutoString(),
            type_=sqlmodel.sql.sqltypes.AutoString(length=length),
            existing_nullable=nullable,
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, column, length, nullable in TEXT_COLUMNS:
        op.alter_column(
            table,
            column,
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=length),
            type_=sqlmodel.sql.sqltypes.AutoString(),
            existing_nullable=nullable,
        )
