"""notifications

The in-app inbox (issue 20, item 5): one row per message to one person; indexed by recipient and
read_at for the unread count, and by recipient and created_at for the newest-first list.

Revision ID: 4a1d7e3b5c26
Revises: 4a1d7e2b9c30
Create Date: 2026-12-07 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

import shiftapp.models.common
from alembic import op

revision: str = "4a1d7e3b5c26"
down_revision: str | None = "4a1d7e2b9c30"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notification",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("recipient_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("link", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.Column("created_at", shiftapp.models.common.UTCDateTime(), nullable=False),
        sa.Column("read_at", shiftapp.models.common.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["recipient_id"], ["employee.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.create_index("ix_notification_recipient_created", ["recipient_id", "created_at"], unique=False)
        batch_op.create_index("ix_notification_recipient_read", ["recipient_id", "read_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_index("ix_notification_recipient_read")
        batch_op.drop_index("ix_notification_recipient_created")
    op.drop_table("notification")
