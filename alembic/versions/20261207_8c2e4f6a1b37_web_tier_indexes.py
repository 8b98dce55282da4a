"""web tier indexes

Issue 19, item 3: the audit trail's page (one kind, newest first) and a person's leave in a time
range, each read through one composite index instead of a filter over a single-column one.

Revision ID: 8c2e4f6a1b37
Revises: 5b2e8f4c7d19
Create Date: 2026-12-07 00:20:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "8c2e4f6a1b37"
down_revision: str | None = "5b2e8f4c7d19"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_audit_kind_at", "audit_event", ["kind", "at"], unique=False)
    op.create_index("ix_availability_employee_start", "availability", ["employee_id", "start_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_availability_employee_start", table_name="availability")
    op.drop_index("ix_audit_kind_at", table_name="audit_event")
