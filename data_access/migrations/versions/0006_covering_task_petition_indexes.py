"""covering indexes for the task and petition figures (period counts and standing backlogs)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 10:30:00
"""
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

INDEXES = [  # short names: PostgreSQL cuts identifiers at 63 characters
    ("ix_tasks_period_cover", "tasks", ["assigned_date", "lead_unit", "due_date", "completed_date"]),
    ("ix_tasks_backlog_cover", "tasks", ["due_date", "completed_date", "assigned_date", "lead_unit"]),
    ("ix_petitions_period_cover", "petitions",
     ["received_date", "handling_unit", "eligible", "kind", "group_petition", "resolved_date"]),
    ("ix_petitions_backlog_cover", "petitions", ["due_date", "eligible", "received_date", "resolved_date", "handling_unit"]),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _ in INDEXES:
        op.drop_index(name, table_name=table)
