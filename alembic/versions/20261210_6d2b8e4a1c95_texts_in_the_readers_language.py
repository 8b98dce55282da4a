"""texts in the reader's language: notifications and job progress keep their template and parameters

Revision ID: 6d2b8e4a1c95
Revises: 3f8b1d6e2c47
Create Date: 2026-12-10 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "6d2b8e4a1c95"
down_revision: str | None = "3f8b1d6e2c47"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable: older rows have only their English text, which is shown as it is.
    with op.batch_alter_table("notification") as batch:
        batch.add_column(sa.Column("text", sa.JSON(), nullable=True))
    with op.batch_alter_table("job") as batch:
        batch.add_column(sa.Column("message_text", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("job") as batch:
        batch.drop_column("message_text")
    with op.batch_alter_table("notification") as batch:
        batch.drop_column("text")
