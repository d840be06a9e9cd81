"""unit lineage (SPEC §2.5), units.email, handover_to on tasks, dossiers and petitions

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-03 08:40:00
"""
from alembic import op
import sqlalchemy as sa

from data_access import rollups

revision = '0009'
down_revision = '0007'  # 0008 is made on another branch; the two are chained at merge
branch_labels = None
depends_on = None

HANDOVER_TABLES = ("tasks", "dossiers", "petitions")


def upgrade() -> None:
    op.add_column('units', sa.Column('email', sa.Text(), nullable=True))
    op.create_table('unit_lineage',
    sa.Column('predecessor', sa.String(length=30), nullable=False),
    sa.Column('successor', sa.String(length=30), nullable=False),
    sa.Column('effective_date', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('is_primary', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('legal_basis', sa.Text(), nullable=True),
    sa.CheckConstraint("kind IN ('merge', 'rename', 'split')", name=op.f('ck_unit_lineage_kind')),
    sa.CheckConstraint('predecessor <> successor', name=op.f('ck_unit_lineage_not_self')),
    sa.ForeignKeyConstraint(['predecessor'], ['units.code'], name=op.f('fk_unit_lineage_predecessor_units')),
    sa.ForeignKeyConstraint(['successor'], ['units.code'], name=op.f('fk_unit_lineage_successor_units')),
    sa.PrimaryKeyConstraint('predecessor', 'successor', name=op.f('pk_unit_lineage')),
    )
    op.create_index(op.f('ix_unit_lineage_successor'), 'unit_lineage', ['successor'], unique=False)
    conn = op.get_bind()
    for table in HANDOVER_TABLES:
        if conn.dialect.name == "sqlite":
            # SQLite adds a nullable referencing column in place; a batch rebuild would copy millions
            # of dossiers and drop the rollup triggers.
            conn.exec_driver_sql(f'ALTER TABLE {table} ADD COLUMN handover_to VARCHAR(30) REFERENCES units (code)')
        else:
            op.add_column(table, sa.Column('handover_to', sa.String(length=30), nullable=True))
            op.create_foreign_key(op.f(f'fk_{table}_handover_to_units'), table, 'units', ['handover_to'], ['code'])


def downgrade() -> None:
    conn = op.get_bind()
    for table in HANDOVER_TABLES:
        if conn.dialect.name == "sqlite":
            # SQLite checks the dossier triggers against the remaining columns: drop them first.
            if table == "dossiers":
                rollups.drop_triggers(conn)
            conn.exec_driver_sql(f'ALTER TABLE {table} DROP COLUMN handover_to')
            if table == "dossiers":
                rollups.install_triggers(conn)
        else:
            op.drop_constraint(op.f(f'fk_{table}_handover_to_units'), table, type_='foreignkey')
            op.drop_column(table, 'handover_to')
    op.drop_index(op.f('ix_unit_lineage_successor'), table_name='unit_lineage')
    op.drop_table('unit_lineage')
    op.drop_column('units', 'email')
