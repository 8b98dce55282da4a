"""job error detail

A failed job keeps its domain error (type, message, details, conflicts), so the synchronous API routes
that wait on a job answer the same status and body as when they computed in the web process.

Revision ID: 7d3f1a9c2e54
Revises: 5b2e9c4f7a18
Create Date: 2026-12-07 01:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "7d3f1a9c2e54"
down_revision: str | None = "5b2e9c4f7a18"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("job") as batch:
        batch.add_column(sa.Column("error_detail", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("job") as batch:
        batch.drop_column("error_detail")
