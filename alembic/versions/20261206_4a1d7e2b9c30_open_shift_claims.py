"""open shifts: per bureau, whether a staff member's claim waits for a team leader's approval

Revision ID: 4a1d7e2b9c30
Revises: 3f6b2c8d9e15
Create Date: 2026-12-07 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "4a1d7e2b9c30"
down_revision: str | None = "3f6b2c8d9e15"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("bureau") as batch:
        batch.add_column(
            sa.Column("open_shift_claims_need_approval", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("bureau") as batch:
        batch.drop_column("open_shift_claims_need_approval")
