"""The Alembic migrations build exactly the schema the code declares, on both databases."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from data_access.db import make_engine
from data_access.migrate import is_initialised, upgrade
from data_access.schema import metadata


def test_migrations_match_the_declared_schema(migrated_url):
    engine = make_engine(migrated_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    engine.dispose()
    assert differences == []


def test_upgrade_in_place_is_a_no_op_when_current(migrated_url):
    engine = make_engine(migrated_url)
    assert is_initialised(engine)
    upgrade(engine)  # a second upgrade must neither fail nor change anything
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() is not None
    engine.dispose()
