"""unit lineage (SPEC §2.5), units.email, handover_to on tasks, dossiers and petitions; the dossier
rollups keyed for the organisation over time (closed_before, handover_to) with org_boundaries

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-03 08:40:00
"""
from alembic import op
import sqlalchemy as sa

from data_access import rollups

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

HANDOVER_TABLES = ("tasks", "dossiers", "petitions")
ROLLUP_INDEXES = {"dossier_daily": "ix_dossier_daily_unit_day", "dossier_backlog": None,
                  "dossier_turnaround": "ix_dossier_turnaround_unit_day"}


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

    for table, unit in (("tasks", "lead_unit"), ("dossiers", "unit"), ("petitions", "handling_unit")):
        op.create_index(f'ix_{table}_handover', table, ['handover_to', unit], unique=False,
                        sqlite_where=sa.text('handover_to IS NOT NULL'),
                        postgresql_where=sa.text('handover_to IS NOT NULL'))

    # The rollups get two more key columns (a new primary key): rebuilt from the dossiers, once.
    rollups.drop_triggers(conn)
    for name, index in ROLLUP_INDEXES.items():
        if index:
            op.drop_index(op.f(index), table_name=name)
    for name in ROLLUP_INDEXES:
        op.drop_table(name)
    op.create_table('org_boundaries',
    sa.Column('day', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_org_boundaries')),
    )
    def org_key():
        return [sa.Column('closed_before', sa.Date(), nullable=False),
                sa.Column('handover_to', sa.String(length=30), nullable=False)]
    op.create_table('dossier_daily',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('unit', sa.String(length=30), nullable=False),
    sa.Column('procedure_code', sa.String(length=60), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    *org_key(),
    sa.Column('received', sa.Integer(), nullable=False),
    sa.Column('resolved', sa.Integer(), nullable=False),
    sa.Column('resolved_on_time', sa.Integer(), nullable=False),
    sa.Column('rated', sa.Integer(), nullable=False),
    sa.Column('satisfied', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'unit', 'procedure_code', 'channel', 'closed_before', 'handover_to',
                            name=op.f('pk_dossier_daily')),
    sqlite_with_rowid=False,
    )
    op.create_index(op.f('ix_dossier_daily_unit_day'), 'dossier_daily', ['unit', 'day'], unique=False)
    op.create_table('dossier_backlog',
    sa.Column('unit', sa.String(length=30), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    *org_key(),
    sa.Column('pending_delta', sa.Integer(), nullable=False),
    sa.Column('overdue_delta', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('unit', 'day', 'closed_before', 'handover_to', name=op.f('pk_dossier_backlog')),
    sqlite_with_rowid=False,
    )
    op.create_table('dossier_turnaround',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('unit', sa.String(length=30), nullable=False),
    sa.Column('bucket', sa.Integer(), nullable=False),
    *org_key(),
    sa.Column('resolved', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'unit', 'bucket', 'closed_before', 'handover_to',
                            name=op.f('pk_dossier_turnaround')),
    sqlite_with_rowid=False,
    )
    op.create_index(op.f('ix_dossier_turnaround_unit_day'), 'dossier_turnaround', ['unit', 'day'], unique=False)
    rollups.rebuild(conn)  # fills org_boundaries from the units first
    rollups.install_triggers(conn)


def downgrade() -> None:
    # The rollups of before 0009 cannot be rebuilt by today's code: they are left out of a
    # downgrade (run up again to get them back).
    raise NotImplementedError("0009 cannot be downgraded: the dossier rollups changed shape")


def _columns_downgrade() -> None:  # kept for reference: how the columns themselves would go
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
