"""dossier rollups (daily flows and backlog deltas) kept by triggers; index for the open dossiers

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 09:00:00
"""
from alembic import op
import sqlalchemy as sa

from data_access import rollups  # noqa: F401 — downgrade

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('dossier_daily',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('unit', sa.String(length=30), nullable=False),
    sa.Column('procedure_code', sa.String(length=60), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('received', sa.Integer(), nullable=False),
    sa.Column('resolved', sa.Integer(), nullable=False),
    sa.Column('resolved_on_time', sa.Integer(), nullable=False),
    sa.Column('rated', sa.Integer(), nullable=False),
    sa.Column('satisfied', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'unit', 'procedure_code', 'channel', name=op.f('pk_dossier_daily')),
    sqlite_with_rowid=False,
    )
    with op.batch_alter_table('dossier_daily', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dossier_daily_unit_day'), ['unit', 'day'], unique=False)

    op.create_table('dossier_backlog',
    sa.Column('unit', sa.String(length=30), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('pending_delta', sa.Integer(), nullable=False),
    sa.Column('overdue_delta', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('unit', 'day', name=op.f('pk_dossier_backlog')),
    sqlite_with_rowid=False,
    )
    # The rollups are filled, and their triggers installed, by 0009, which gives them the keys of
    # the organisation over time: the code of data_access.rollups always writes that final shape.


def downgrade() -> None:
    conn = op.get_bind()
    rollups.drop_triggers(conn)
    op.drop_table('dossier_backlog')
    with op.batch_alter_table('dossier_daily', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dossier_daily_unit_day'))
    op.drop_table('dossier_daily')
