"""The schema comes from Alembic only: the models and the migrations must agree."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import portal.models  # noqa: F401
from portal.cli import alembic_config
from portal.db import Base, is_modelled_table


def differences(engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": is_modelled_table}
        )
        return compare_metadata(context, Base.metadata)


def test_the_migrations_create_exactly_what_the_models_describe(engine):
    assert differences(engine) == []


def test_the_migrations_go_down_to_nothing_and_up_again(engine):
    config = alembic_config(engine)

    command.downgrade(config, "base")
    command.upgrade(config, "head")

    assert differences(engine) == []
