"""monthly dossier rollups (dossier_monthly, dossier_backlog_monthly, dossier_turnaround_monthly), kept by
triggers on the daily rollup tables; an index on dossier_backlog(day); a unit-first turnaround bucket index on
dossiers

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 22:00:00
"""
from alembic import op
import sqlalchemy as sa

from data_access import rollups

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

TURNAROUND_BY_UNIT = 'ix_dossiers_unit_turnaround_bucket_resolved_at_received_at'

def _org():
    return [sa.Column('closed_before', sa.Date(), nullable=False),
            sa.Column('handover_to', sa.String(length=30), nullable=False)]


def upgrade() -> None:
    op.create_table('dossier_monthly',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('unit', sa.String(length=30), nullable=False),
    sa.Column('procedure_code', sa.String(length=60), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    *_org(),
    sa.Column('received', sa.Integer(), nullable=False),
    sa.Column('resolved', sa.Integer(), nullable=False),
    sa.Column('resolved_on_time', sa.Integer(), nullable=False),
    sa.Column('rated', sa.Integer(), nullable=False),
    sa.Column('satisfied', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'unit', 'procedure_code', 'channel', 'closed_before', 'handover_to',
                            name=op.f('pk_dossier_monthly')),
    sqlite_with_rowid=False,
    )
    op.create_index(op.f('ix_dossier_monthly_unit_month'), 'dossier_monthly', ['unit', 'month'], unique=False)
    op.create_table('dossier_backlog_monthly',
    sa.Column('unit', sa.String(length=30), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    *_org(),
    sa.Column('pending_delta', sa.Integer(), nullable=False),
    sa.Column('overdue_delta', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('unit', 'month', 'closed_before', 'handover_to', name=op.f('pk_dossier_backlog_monthly')),
    sqlite_with_rowid=False,
    )
    op.create_index(op.f('ix_dossier_backlog_monthly_month'), 'dossier_backlog_monthly', ['month'], unique=False)
    op.create_table('dossier_turnaround_monthly',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('unit', sa.String(length=30), nullable=False),
    sa.Column('bucket', sa.Integer(), nullable=False),
    *_org(),
    sa.Column('resolved', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'unit', 'bucket', 'closed_before', 'handover_to',
                            name=op.f('pk_dossier_turnaround_monthly')),
    sqlite_with_rowid=False,
    )
    op.create_index(op.f('ix_dossier_turnaround_monthly_unit_month_bucket'), 'dossier_turnaround_monthly',
                    ['unit', 'month', 'bucket'], unique=False)
    # The stock as of a day reads the days of that day's month for every unit.
    op.create_index(op.f('ix_dossier_backlog_day'), 'dossier_backlog', ['day'], unique=False)
    # The median of a few units reads their values of one turnaround bucket, unit first (dossiers.py).
    op.create_index(op.f(TURNAROUND_BY_UNIT), 'dossiers', ['unit', 'turnaround_bucket', 'resolved_at', 'received_at'],
                    unique=False)
    conn = op.get_bind()
    rollups.rebuild_monthly(conn)  # from the daily rows, which the dossier triggers keep exact
    rollups.install_monthly_triggers(conn)


def downgrade() -> None:
    conn = op.get_bind()
    rollups.drop_monthly_triggers(conn)
    op.drop_index(op.f(TURNAROUND_BY_UNIT), table_name='dossiers')
    op.drop_index(op.f('ix_dossier_backlog_day'), table_name='dossier_backlog')
    for table, index in (('dossier_turnaround_monthly', 'ix_dossier_turnaround_monthly_unit_month_bucket'),
                         ('dossier_backlog_monthly', 'ix_dossier_backlog_monthly_month'),
                         ('dossier_monthly', 'ix_dossier_monthly_unit_month')):
        op.drop_index(op.f(index), table_name=table)
        op.drop_table(table)
