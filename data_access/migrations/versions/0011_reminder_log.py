"""reminder_log: every reminder (đôn đốc, SPEC §2.6) built or sent, one delivered e-mail per unit and day

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 13:30:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

# one delivered (or being delivered) e-mail per unit and day
SENT = "channel = 'email' AND outcome IN ('sent', 'sending')"


def upgrade() -> None:
    op.create_table('reminder_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('username', sa.String(length=60), nullable=True),
    sa.Column('unit', sa.String(length=30), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('outcome', sa.String(length=12), nullable=False),
    sa.Column('recipient', sa.Text(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.CheckConstraint("channel IN ('json', 'docx', 'eml', 'email')", name=op.f('ck_reminder_log_channel')),
    sa.CheckConstraint("outcome IN ('built', 'sending', 'sent', 'failed', 'unreachable')", name=op.f('ck_reminder_log_outcome')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_log'))
    )
    with op.batch_alter_table('reminder_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_log_as_of_unit'), ['as_of', 'unit'], unique=False)
        batch_op.create_index(batch_op.f('ix_reminder_log_at'), ['at'], unique=False)
        batch_op.create_index('uq_reminder_log_sent_once', ['unit', 'as_of'], unique=True,
                              sqlite_where=sa.text(SENT), postgresql_where=sa.text(SENT))


def downgrade() -> None:
    with op.batch_alter_table('reminder_log', schema=None) as batch_op:
        batch_op.drop_index('uq_reminder_log_sent_once')
        batch_op.drop_index(batch_op.f('ix_reminder_log_at'))
        batch_op.drop_index(batch_op.f('ix_reminder_log_as_of_unit'))
    op.drop_table('reminder_log')
