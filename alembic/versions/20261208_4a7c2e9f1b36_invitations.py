"""invitations: one-time links for new employees to choose their password, stored as token hashes

Revision ID: 4a7c2e9f1b36
Revises: 7d3f1a9c2e54
Create Date: 2026-12-08 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

import shiftapp.models.common
from alembic import op

revision: str = "4a7c2e9f1b36"
down_revision: str | None = "7d3f1a9c2e54"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "invitation",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("employee_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("created_at", shiftapp.models.common.UTCDateTime(), nullable=False),
        sa.Column("expires_at", shiftapp.models.common.UTCDateTime(), nullable=False),
        sa.Column("used_at", shiftapp.models.common.UTCDateTime(), nullable=True),
        sa.Column("revoked_at", shiftapp.models.common.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["employee_id"], ["employee.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash", name="uq_invitation_token_hash"),
    )
    op.create_index(op.f("ix_invitation_employee_id"), "invitation", ["employee_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_invitation_employee_id"), table_name="invitation")
    op.drop_table("invitation")
