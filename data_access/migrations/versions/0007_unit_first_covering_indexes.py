"""unit-first covering indexes for the per-unit task and petition figures

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 11:00:00
"""
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

INDEXES = [
    ("ix_tasks_unit_cover", "tasks", ["lead_unit", "assigned_date", "due_date", "completed_date"]),
    ("ix_petitions_unit_cover", "petitions",
     ["handling_unit", "received_date", "eligible", "kind", "group_petition", "resolved_date", "due_date"]),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _ in INDEXES:
        op.drop_index(name, table_name=table)
