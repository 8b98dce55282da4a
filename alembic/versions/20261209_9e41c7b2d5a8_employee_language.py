"""employee language: the interface language each person chose (issue 21: Italian and English)

Revision ID: 9e41c7b2d5a8
Revises: 4a7c2e9f1b36
Create Date: 2026-12-09 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "9e41c7b2d5a8"
down_revision: str | None = "4a7c2e9f1b36"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable: nobody has chosen yet, so the browser's Accept-Language decides until they do.
    with op.batch_alter_table("employee") as batch:
        batch.add_column(sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("employee") as batch:
        batch.drop_column("language")
