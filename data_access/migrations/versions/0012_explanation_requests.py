"""explanation requests (yêu cầu giải trình) and their thread of questions and answers (SPEC §2.6)

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-03 14:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('explanation_requests',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('unit_code', sa.String(length=30), nullable=False),
    sa.Column('subject_kind', sa.String(length=20), nullable=False),
    sa.Column('area', sa.String(length=20), nullable=True),
    sa.Column('figure_key', sa.String(length=60), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('task_id', sa.String(length=60), nullable=True),
    sa.Column('petition_id', sa.String(length=60), nullable=True),
    sa.Column('subject_label', sa.Text(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('asked_by', sa.String(length=60), nullable=False),
    sa.Column('asked_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("state IN ('open', 'answered', 'closed')", name=op.f('ck_explanation_requests_state')),
    sa.CheckConstraint("subject_kind IN ('figure', 'task', 'dossier_backlog', 'petition')",
                       name=op.f('ck_explanation_requests_subject_kind')),
    sa.ForeignKeyConstraint(['unit_code'], ['units.code'], name=op.f('fk_explanation_requests_unit_code_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_explanation_requests'))
    )
    with op.batch_alter_table('explanation_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_explanation_requests_unit_code_state'), ['unit_code', 'state'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_explanation_requests_state_due_date'), ['state', 'due_date'],
                              unique=False)
    op.create_table('explanation_messages',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('author', sa.String(length=60), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.CheckConstraint("kind IN ('question', 'answer', 'close')", name=op.f('ck_explanation_messages_kind')),
    sa.ForeignKeyConstraint(['request_id'], ['explanation_requests.id'],
                            name=op.f('fk_explanation_messages_request_id_explanation_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_explanation_messages'))
    )
    with op.batch_alter_table('explanation_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_explanation_messages_request_id_at'), ['request_id', 'at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('explanation_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_explanation_messages_request_id_at'))
    op.drop_table('explanation_messages')
    with op.batch_alter_table('explanation_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_explanation_requests_state_due_date'))
        batch_op.drop_index(batch_op.f('ix_explanation_requests_unit_code_state'))
    op.drop_table('explanation_requests')
