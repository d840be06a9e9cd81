"""briefing conclusions (tasks.briefing_week) and data freshness per unit and source (unit_freshness)

Revision ID: 0013
Revises: 0010
Create Date: 2026-12-03 13:40:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A nullable column without a default: SQLite adds it in place (no table rebuild).
    op.add_column('tasks', sa.Column('briefing_week', sa.String(length=8), nullable=True))
    op.create_index('ix_tasks_briefing_week', 'tasks', ['briefing_week', 'lead_unit'], unique=False,
                    sqlite_where=sa.text('briefing_week IS NOT NULL'),
                    postgresql_where=sa.text('briefing_week IS NOT NULL'))
    op.create_table('unit_freshness',
    sa.Column('unit', sa.String(length=30), nullable=False),
    sa.Column('source', sa.String(length=12), nullable=False),
    sa.Column('last_fed_at', sa.DateTime(), nullable=False),
    sa.Column('rows_fed', sa.Integer(), nullable=False),
    sa.CheckConstraint("source IN ('tasks', 'dossiers', 'petitions')", name=op.f('ck_unit_freshness_source')),
    sa.ForeignKeyConstraint(['unit'], ['units.code'], name=op.f('fk_unit_freshness_unit_units')),
    sa.PrimaryKeyConstraint('unit', 'source', name=op.f('pk_unit_freshness')),
    )


def downgrade() -> None:
    op.drop_table('unit_freshness')
    op.drop_index('ix_tasks_briefing_week', table_name='tasks')
    op.drop_column('tasks', 'briefing_week')
