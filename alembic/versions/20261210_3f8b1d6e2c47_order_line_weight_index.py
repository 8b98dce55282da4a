"""order line weight index: the loads page weighs every matching order's lines per route

Issue 19: the /loads table sums its orders' line weights per route; with the weight in the index beside
the order, the sum reads the index alone, not each line's row.

Revision ID: 3f8b1d6e2c47
Revises: 9e41c7b2d5a8
Create Date: 2026-12-10 09:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "3f8b1d6e2c47"
down_revision: str | None = "9e41c7b2d5a8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_order_line_order_weight", "order_line", ["order_id", "weight_kg"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_order_line_order_weight", table_name="order_line")
