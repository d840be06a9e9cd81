"""turnaround bucket (generated column + index) and its daily histogram, for an exact, fast median

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 10:00:00
"""
from alembic import op
import sqlalchemy as sa

from data_access import rollups
from data_access.dialects import TurnaroundBucket, generated_column_ddl

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    # Plain DDL rather than batch mode: SQLite can add a VIRTUAL generated column in place, and a
    # batch copy of the table would drop the rollup triggers.
    op.execute(generated_column_ddl(conn.dialect, "dossiers", "turnaround_bucket", TurnaroundBucket()))
    op.create_index('ix_dossiers_turnaround_bucket_resolved_at_unit_received_at', 'dossiers',
                    ['turnaround_bucket', 'resolved_at', 'unit', 'received_at'], unique=False)
    op.create_table('dossier_turnaround',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('unit', sa.String(length=30), nullable=False),
    sa.Column('bucket', sa.Integer(), nullable=False),
    sa.Column('resolved', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'unit', 'bucket', name=op.f('pk_dossier_turnaround')),
    sqlite_with_rowid=False,
    )
    op.create_index(op.f('ix_dossier_turnaround_unit_day'), 'dossier_turnaround', ['unit', 'day'], unique=False)
    # Filled, and the triggers installed, by 0009 (see 0003).


def downgrade() -> None:
    conn = op.get_bind()
    rollups.drop_triggers(conn)
    op.drop_index(op.f('ix_dossier_turnaround_unit_day'), table_name='dossier_turnaround')
    op.drop_table('dossier_turnaround')
    op.drop_index('ix_dossiers_turnaround_bucket_resolved_at_unit_received_at', table_name='dossiers')
    op.execute("ALTER TABLE dossiers DROP COLUMN turnaround_bucket")
