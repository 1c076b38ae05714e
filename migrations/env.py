"""Alembic environment.

The engine comes from whoever runs the migration (`flask init-db`, the tests);
run on its own (`alembic -c migrations/alembic.ini ...`), it builds the app to
find the configured database.
"""

from alembic import context

import portal.models  # noqa: F401  (registers every table)
from portal.db import Base, is_modelled_table


def _engine():
    engine = context.config.attributes.get("engine")
    if engine is not None:
        return engine
    from portal import create_app
    from portal.db import db

    app = create_app()
    return db.engine_for(app)


def run_migrations_online() -> None:
    with _engine().connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            include_name=is_modelled_table,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
