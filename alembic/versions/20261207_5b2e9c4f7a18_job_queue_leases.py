"""job queue leases

Jobs run by queue workers apart from the web process (issue 19): the worker holding a job and
its lease, the number of runs, a stop request any web worker can set, and what a run saved so far
to start again from.

Revision ID: 5b2e9c4f7a18
Revises: 8c2e4f6a1b37
Create Date: 2026-12-07 00:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

import shiftapp.models.common
from alembic import op

revision: str = "5b2e9c4f7a18"
down_revision: str | None = "8c2e4f6a1b37"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("job") as batch:
        batch.add_column(sa.Column("worker_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
        batch.add_column(sa.Column("lease_until", shiftapp.models.common.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("stop_requested", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("checkpoint", sa.JSON(), nullable=True))
        batch.create_index("ix_job_lease_until", ["lease_until"])


def downgrade() -> None:
    with op.batch_alter_table("job") as batch:
        batch.drop_index("ix_job_lease_until")
        batch.drop_column("checkpoint")
        batch.drop_column("stop_requested")
        batch.drop_column("attempts")
        batch.drop_column("lease_until")
        batch.drop_column("worker_id")
