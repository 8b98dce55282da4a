"""calendar feed: one per person and scope

Two "make my calendar feed" calls at once could each find no feed and each insert one, leaving
two working URLs. Two partial unique indexes allow one personal feed per person and one feed per
person and bureau. Duplicates made before are removed first, keeping each scope's newest.

Revision ID: 5b2e8f1c7d43
Revises: 4a1d7e3b5c26
Create Date: 2026-12-07 00:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "5b2e8f1c7d43"
down_revision: str | None = "4a1d7e3b5c26"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Keep each person's newest feed per scope (ties broken by id); older duplicates stop working.
    op.execute(
        sa.text(
            """
            DELETE FROM calendar_feed
            WHERE EXISTS (
                SELECT 1 FROM calendar_feed AS newer
                WHERE newer.employee_id = calendar_feed.employee_id
                  AND (newer.bureau_id = calendar_feed.bureau_id
                       OR (newer.bureau_id IS NULL AND calendar_feed.bureau_id IS NULL))
                  AND (newer.created_at > calendar_feed.created_at
                       OR (newer.created_at = calendar_feed.created_at AND newer.id > calendar_feed.id))
            )
            """
        )
    )
    op.create_index(
        "uq_calendar_feed_personal",
        "calendar_feed",
        ["employee_id"],
        unique=True,
        sqlite_where=sa.text("bureau_id IS NULL"),
        postgresql_where=sa.text("bureau_id IS NULL"),
    )
    op.create_index(
        "uq_calendar_feed_bureau",
        "calendar_feed",
        ["employee_id", "bureau_id"],
        unique=True,
        sqlite_where=sa.text("bureau_id IS NOT NULL"),
        postgresql_where=sa.text("bureau_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("uq_calendar_feed_bureau", table_name="calendar_feed")
    op.drop_index("uq_calendar_feed_personal", table_name="calendar_feed")
