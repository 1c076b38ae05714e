"""The database: engine, sessions and the declarative base.

This is the only module that knows the database URL. SQLite is the embedded
default (WAL, foreign keys on); PostgreSQL is production. Engines hide
statement parameters, so a logged database error never carries personal data. A Flask app gets one
engine and one scoped session, removed when its app context ends.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import DateTime, Engine, MetaData, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, ORMExecuteState, Session, scoped_session, sessionmaker
from sqlalchemy.types import TypeDecorator

from portal.signals import records_changed

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# Tables made by migrations by hand, outside the models: the search index
# (an FTS5 virtual table with its shadow tables on SQLite).
UNMODELLED_TABLE_PREFIXES = ("page_search",)


def is_modelled_table(name: str | None, type_: str, _parent_names=None) -> bool:
    """For Alembic's `include_name`: leave the hand-made tables out of comparisons."""
    return not (type_ == "table" and name and name.startswith(UNMODELLED_TABLE_PREFIXES))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UtcDateTime(TypeDecorator):
    """A moment in time: stored as UTC on every database, always returned aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("refusing to store a naive datetime: say which time zone it is in")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str, *, base_dir: Path | None = None) -> Engine:
    """An engine for `url`; a relative SQLite path is taken from `base_dir`."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(
            parsed, pool_pre_ping=True, pool_size=10, max_overflow=20, hide_parameters=True
        )
    database = parsed.database
    if database and database != ":memory:" and not database.startswith("file:"):
        path = Path(database)
        if not path.is_absolute():
            path = (base_dir or Path.cwd()) / path
        path.parent.mkdir(parents=True, exist_ok=True)
        parsed = parsed.set(database=str(path))
    engine = create_engine(parsed, connect_args={"timeout": 30}, hide_parameters=True)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


# Which tables a session wrote, so that its commit can say so (`records_changed`): whatever
# keeps copies of pages learns of every write, whichever service made it.
WRITTEN = "written_tables"


@event.listens_for(Session, "after_flush")
def _note_flushed_tables(session: Session, _context) -> None:
    # Still as before the flush here; an attribute set to the value it had is no change.
    changed = [instance for instance in session.dirty if session.is_modified(instance)]
    written = session.info.setdefault(WRITTEN, set())
    for instance in (*session.new, *changed, *session.deleted):
        written.add(instance.__table__.name)


@event.listens_for(Session, "do_orm_execute")
def _note_statement_tables(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        state.session.info.setdefault(WRITTEN, set()).add(getattr(table, "name", "?"))


@event.listens_for(Session, "after_commit")
def _tell_what_was_written(session: Session) -> None:
    written = session.info.pop(WRITTEN, None)
    if written:
        records_changed.send(session, tables=frozenset(written))


@event.listens_for(Session, "after_rollback")
def _forget_what_was_written(session: Session) -> None:
    session.info.pop(WRITTEN, None)


def is_reachable(session: Session) -> bool:
    """Whether the database answers a trivial query."""
    try:
        session.execute(text("SELECT 1"))
    except Exception:
        session.rollback()
        return False
    return True


@dataclass
class _State:
    engine: Engine
    session: scoped_session


class Database:
    """The app's engine and scoped session, in the shape of a Flask extension."""

    extension_key = "portal.db"

    def init_app(self, app: Flask) -> None:
        engine = make_engine(app.config["DATABASE_URL"], base_dir=Path(app.instance_path).parent)
        factory = sessionmaker(bind=engine, expire_on_commit=False)
        state = _State(engine=engine, session=scoped_session(factory))
        app.extensions[self.extension_key] = state

        @app.teardown_appcontext
        def remove_session(_exc: BaseException | None) -> None:
            state.session.remove()

    def _state(self, app: Flask | None = None) -> _State:
        return (app or current_app).extensions[self.extension_key]

    @property
    def session(self) -> scoped_session:
        return self._state().session

    @property
    def engine(self) -> Engine:
        return self._state().engine

    def engine_for(self, app: Flask) -> Engine:
        return self._state(app).engine


db = Database()
