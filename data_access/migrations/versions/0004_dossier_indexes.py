"""dossier indexes for scale: covering resolved_at index, partial indexes on open and ended dossiers

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 09:30:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

OPEN = "resolved_at IS NULL AND ended_at IS NULL"
ENDED = "ended_at IS NOT NULL"


def upgrade() -> None:
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_index('ix_dossiers_resolved_at_unit')
        batch_op.create_index('ix_dossiers_resolved_at_unit_received_at', ['resolved_at', 'unit', 'received_at'],
                              unique=False)
        batch_op.create_index('ix_dossiers_open', ['unit', 'due_at'], unique=False,
                              sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))
        batch_op.create_index('ix_dossiers_ended_at', ['ended_at'], unique=False,
                              sqlite_where=sa.text(ENDED), postgresql_where=sa.text(ENDED))


def downgrade() -> None:
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_index('ix_dossiers_ended_at')
        batch_op.drop_index('ix_dossiers_open')
        batch_op.drop_index('ix_dossiers_resolved_at_unit_received_at')
        batch_op.create_index('ix_dossiers_resolved_at_unit', ['resolved_at', 'unit'], unique=False)
