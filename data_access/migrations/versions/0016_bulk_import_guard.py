"""the bulk import's guard: dossier rollup triggers that stand aside for the one transaction holding a guard row

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 22:00:00

The bulk import (data_access/importing/bulk.py) writes a whole dossier file set-wise and applies the
rollup delta once; in that transaction only, the row triggers would count every row a second time. It
inserts a row into `rollup_guard` (PostgreSQL: its own transaction id; other transactions cannot see the
uncommitted row, so their triggers keep working; SQLite: one writer, so the row is only ever seen by its
own transaction), and deletes it before commit. The deferred foreign key to the always-empty
`rollup_guard_never` makes any commit that still holds a guard row fail.
"""
from alembic import op
import sqlalchemy as sa

from data_access import rollups

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('rollup_guard_never',
    sa.Column('txid', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.PrimaryKeyConstraint('txid', name=op.f('pk_rollup_guard_never')),
    )
    op.create_table('rollup_guard',
    sa.Column('txid', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.ForeignKeyConstraint(['txid'], ['rollup_guard_never.txid'],
                            name=op.f('fk_rollup_guard_txid_rollup_guard_never'),
                            deferrable=True, initially='DEFERRED'),
    sa.PrimaryKeyConstraint('txid', name=op.f('pk_rollup_guard')),
    )
    conn = op.get_bind()
    rollups.drop_triggers(conn)
    rollups.install_triggers(conn, guarded=True)


def downgrade() -> None:
    conn = op.get_bind()
    rollups.drop_triggers(conn)
    rollups.install_triggers(conn, guarded=False)
    op.drop_table('rollup_guard')
    op.drop_table('rollup_guard_never')
