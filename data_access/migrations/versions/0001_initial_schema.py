"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-29 23:46:29.699270
"""
from alembic import op
import sqlalchemy as sa
import data_access.schema


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('import_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('file_name', sa.String(length=500), nullable=False),
    sa.Column('imported_by', sa.String(length=100), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('rows_inserted', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('rows_updated', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('rows_rejected', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_log'))
    )
    op.create_table('leaders',
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=20), nullable=False),
    sa.Column('sectors', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_leaders'))
    )
    op.create_table('procedures',
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('field', sa.String(length=200), nullable=True),
    sa.Column('time_limit_days', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_procedures'))
    )
    op.create_table('receptions',
    sa.Column('reception_id', sa.String(length=60), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('leader', sa.String(length=20), nullable=True),
    sa.Column('people', sa.Integer(), nullable=False),
    sa.Column('group_delegations', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.ForeignKeyConstraint(['leader'], ['leaders.code'], name=op.f('fk_receptions_leader_leaders')),
    sa.PrimaryKeyConstraint('reception_id', name=op.f('pk_receptions'))
    )
    with op.batch_alter_table('receptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_receptions_date'), ['date'], unique=False)

    op.create_table('targets',
    sa.Column('kpi_key', sa.String(length=60), nullable=False),
    sa.Column('target', sa.Numeric(precision=12, scale=4, asdecimal=False), nullable=False),
    sa.Column('tolerance', sa.Numeric(precision=12, scale=4, asdecimal=False), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('kpi_key', name=op.f('pk_targets'))
    )
    op.create_table('units',
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('parent_code', sa.String(length=30), nullable=True),
    sa.Column('supervising_leader', sa.String(length=20), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['parent_code'], ['units.code'], name=op.f('fk_units_parent_code_units')),
    sa.ForeignKeyConstraint(['supervising_leader'], ['leaders.code'], name=op.f('fk_units_supervising_leader_leaders')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_units'))
    )
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_units_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_units_parent_code'), ['parent_code'], unique=False)

    op.create_table('dossiers',
    sa.Column('dossier_id', sa.String(length=60), nullable=False),
    sa.Column('unit', sa.String(length=30), nullable=False),
    sa.Column('procedure_code', sa.String(length=60), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.Column('due_has_time', sa.Boolean(), server_default=sa.text('(true)'), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolved_has_time', sa.Boolean(), server_default=sa.text('(true)'), nullable=False),
    sa.Column('end_state', sa.String(length=10), nullable=True),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('rating', sa.String(length=12), nullable=True),
    sa.ForeignKeyConstraint(['procedure_code'], ['procedures.code'], name=op.f('fk_dossiers_procedure_code_procedures')),
    sa.ForeignKeyConstraint(['unit'], ['units.code'], name=op.f('fk_dossiers_unit_units')),
    sa.PrimaryKeyConstraint('dossier_id', name=op.f('pk_dossiers'))
    )
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dossiers_received_at_unit'), ['received_at', 'unit'], unique=False)
        batch_op.create_index(batch_op.f('ix_dossiers_resolved_at_unit'), ['resolved_at', 'unit'], unique=False)
        batch_op.create_index(batch_op.f('ix_dossiers_unit_received_at'), ['unit', 'received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_dossiers_unit_resolved_at'), ['unit', 'resolved_at'], unique=False)

    op.create_table('par_scores',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=30), nullable=False),
    sa.Column('criterion_code', sa.String(length=30), nullable=False),
    sa.Column('criterion_name', sa.String(length=300), nullable=False),
    sa.Column('max_points', data_access.schema.Points(precision=8, scale=2), nullable=False),
    sa.Column('self_score', data_access.schema.Points(precision=8, scale=2), nullable=True),
    sa.Column('appraised_score', data_access.schema.Points(precision=8, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['unit'], ['units.code'], name=op.f('fk_par_scores_unit_units')),
    sa.PrimaryKeyConstraint('year', 'unit', 'criterion_code', name=op.f('pk_par_scores'))
    )
    with op.batch_alter_table('par_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_par_scores_unit_year'), ['unit', 'year'], unique=False)

    op.create_table('petitions',
    sa.Column('petition_id', sa.String(length=60), nullable=False),
    sa.Column('received_date', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('eligible', sa.Boolean(), nullable=False),
    sa.Column('duplicate', sa.Boolean(), server_default=sa.text('(false)'), nullable=False),
    sa.Column('group_petition', sa.Boolean(), server_default=sa.text('(false)'), nullable=False),
    sa.Column('handling_unit', sa.String(length=30), nullable=False),
    sa.Column('accepted_date', sa.Date(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('resolved_date', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['handling_unit'], ['units.code'], name=op.f('fk_petitions_handling_unit_units')),
    sa.PrimaryKeyConstraint('petition_id', name=op.f('pk_petitions'))
    )
    with op.batch_alter_table('petitions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_petitions_handling_unit_received_date'), ['handling_unit', 'received_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_petitions_received_date_handling_unit'), ['received_date', 'handling_unit'], unique=False)

    op.create_table('tasks',
    sa.Column('task_id', sa.String(length=60), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('source_doc', sa.String(length=120), nullable=True),
    sa.Column('assigned_by', sa.String(length=20), nullable=False),
    sa.Column('lead_unit', sa.String(length=30), nullable=False),
    sa.Column('assigned_date', sa.Date(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('original_due_date', sa.Date(), nullable=True),
    sa.Column('completed_date', sa.Date(), nullable=True),
    sa.Column('progress_note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['assigned_by'], ['leaders.code'], name=op.f('fk_tasks_assigned_by_leaders')),
    sa.ForeignKeyConstraint(['lead_unit'], ['units.code'], name=op.f('fk_tasks_lead_unit_units')),
    sa.PrimaryKeyConstraint('task_id', name=op.f('pk_tasks'))
    )
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tasks_assigned_date_lead_unit'), ['assigned_date', 'lead_unit'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_due_date_completed_date'), ['due_date', 'completed_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_lead_unit_assigned_date'), ['lead_unit', 'assigned_date'], unique=False)

    op.create_table('task_co_units',
    sa.Column('task_id', sa.String(length=60), nullable=False),
    sa.Column('unit_code', sa.String(length=30), nullable=False),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.task_id'], name=op.f('fk_task_co_units_task_id_tasks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_code'], ['units.code'], name=op.f('fk_task_co_units_unit_code_units')),
    sa.PrimaryKeyConstraint('task_id', 'unit_code', name=op.f('pk_task_co_units'))
    )


def downgrade() -> None:
    op.drop_table('task_co_units')
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tasks_lead_unit_assigned_date'))
        batch_op.drop_index(batch_op.f('ix_tasks_due_date_completed_date'))
        batch_op.drop_index(batch_op.f('ix_tasks_assigned_date_lead_unit'))

    op.drop_table('tasks')
    with op.batch_alter_table('petitions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_petitions_received_date_handling_unit'))
        batch_op.drop_index(batch_op.f('ix_petitions_handling_unit_received_date'))

    op.drop_table('petitions')
    with op.batch_alter_table('par_scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_par_scores_unit_year'))

    op.drop_table('par_scores')
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dossiers_unit_resolved_at'))
        batch_op.drop_index(batch_op.f('ix_dossiers_unit_received_at'))
        batch_op.drop_index(batch_op.f('ix_dossiers_resolved_at_unit'))
        batch_op.drop_index(batch_op.f('ix_dossiers_received_at_unit'))

    op.drop_table('dossiers')
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_units_parent_code'))
        batch_op.drop_index(batch_op.f('ix_units_kind'))

    op.drop_table('units')
    with op.batch_alter_table('receptions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_receptions_date'))

    op.drop_table('receptions')
    op.drop_table('procedures')
    op.drop_table('leaders')
    op.drop_table('targets')
    op.drop_table('import_log')
