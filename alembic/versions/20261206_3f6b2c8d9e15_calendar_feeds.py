"""calendar feeds: secret iCal URLs, stored as token hashes

Revision ID: 3f6b2c8d9e15
Revises: 3f8a2c6d9e14
Create Date: 2026-12-10 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

import shiftapp.models.common
from alembic import op

revision: str = "3f6b2c8d9e15"
down_revision: str | None = "3f8a2c6d9e14"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "calendar_feed",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("employee_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("bureau_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", shiftapp.models.common.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["employee_id"], ["employee.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["bureau_id"], ["bureau.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash", name="uq_calendar_feed_token_hash"),
    )
    op.create_index(op.f("ix_calendar_feed_employee_id"), "calendar_feed", ["employee_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_calendar_feed_employee_id"), table_name="calendar_feed")
    op.drop_table("calendar_feed")
