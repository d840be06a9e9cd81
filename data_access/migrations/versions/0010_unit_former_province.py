"""units.former_province: the former province a unit belonged to (SPEC §2.5, separate PAR series before 2025)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 10:30:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A nullable column without a default: SQLite adds it in place (no table rebuild).
    op.add_column('units', sa.Column('former_province', sa.String(length=20), nullable=True))


def downgrade() -> None:
    op.drop_column('units', 'former_province')
