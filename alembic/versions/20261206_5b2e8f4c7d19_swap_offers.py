"""swap offers

Shift swaps and give-aways (issue 20, item 2): one row per offer, from offered through accepted to
approved, declined or withdrawn; and per bureau whether an accepted swap without conflicts is
approved without a team leader.

Revision ID: 5b2e8f4c7d19
Revises: 5b2e8f1c7d43
Create Date: 2026-12-06 23:46:31.866947
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

import shiftapp.models.common
from alembic import op

revision: str = "5b2e8f4c7d19"
down_revision: str | None = "5b2e8f1c7d43"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "swap_offer",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("shift_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("from_employee_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("to_employee_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("swap_shift_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("accepted_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("accepted_at", shiftapp.models.common.UTCDateTime(), nullable=True),
        sa.Column("decided_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("decided_at", shiftapp.models.common.UTCDateTime(), nullable=True),
        sa.Column("decision_note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("auto_approved", sa.Boolean(), nullable=False),
        sa.Column("created_at", shiftapp.models.common.UTCDateTime(), nullable=False),
        sa.Column("updated_at", shiftapp.models.common.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["accepted_by"], ["employee.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["decided_by"], ["employee.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["from_employee_id"], ["employee.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["shift_id"], ["shift.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["swap_shift_id"], ["shift.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["to_employee_id"], ["employee.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("swap_offer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_swap_offer_from_employee_id"), ["from_employee_id"], unique=False)
        batch_op.create_index("ix_swap_offer_status_shift", ["status", "shift_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_swap_offer_to_employee_id"), ["to_employee_id"], unique=False)

    with op.batch_alter_table("bureau", schema=None) as batch_op:
        batch_op.add_column(sa.Column("swaps_auto_approve", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("bureau", schema=None) as batch_op:
        batch_op.drop_column("swaps_auto_approve")

    with op.batch_alter_table("swap_offer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_swap_offer_to_employee_id"))
        batch_op.drop_index("ix_swap_offer_status_shift")
        batch_op.drop_index(batch_op.f("ix_swap_offer_from_employee_id"))

    op.drop_table("swap_offer")
