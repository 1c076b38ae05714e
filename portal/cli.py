"""`flask --app wsgi ...` commands. Every capability adds its commands here."""

import sys
from pathlib import Path

import click
from alembic import command
from alembic.config import Config
from flask import Flask

from portal import compression, demo, server_session
from portal.db import db, utcnow
from portal.models.staff import ROLES
from portal.services.casework import applications, retention
from portal.services.guidance import booking
from portal.services.housing import offers
from portal.services.information import content_import, links, scheduling
from portal.services.messaging import messages
from portal.services.staff import staff_accounts
from portal.services.staff.passwords import PasswordRefused

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(engine) -> Config:
    """Alembic settings that migrate `engine`'s database (used by init-db and the tests)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def register(app: Flask) -> None:
    @app.cli.command("init-db")
    def init_db() -> None:
        """Create or upgrade the database schema to the newest migration."""
        command.upgrade(alembic_config(db.engine), "head")
        click.echo("The database is up to date.")

    @app.cli.command("compress-static")
    def compress_static() -> None:
        """Write .br and .gz copies of the stylesheets and scripts (part of `make build`)."""
        written = compression.compress_static(Path(app.static_folder))
        click.echo(f"{written} compressed static files written.")

    @app.cli.command("load-content")
    def load_content() -> None:
        """Publish the shipped pages, start-page cards and menu (portal/content/) not yet there."""
        added = content_import.import_content(db.session, now=utcnow())
        click.echo(
            f"{added.pages} information pages, {added.cards} start-page cards and"
            f" {added.groups} menu groups added; what was there was left as it is."
        )

    @app.cli.command("publish-scheduled")
    def publish_scheduled() -> None:
        """Run the page changes whose time has come (safe to run again, and to overlap)."""
        ran = scheduling.apply_due(db.session, now=utcnow())
        click.echo(f"{ran} scheduled page changes made.")

    @app.cli.command("check-links")
    @click.option("--timeout", default=links.TIMEOUT_SECONDS, show_default=True, type=float,
                  help="Seconds to wait for each site.")  # fmt: skip
    def check_links(timeout: float) -> None:
        """Ask every site linked from a published page; list the broken links, exit 1 if any."""
        found = links.external_links(db.session)
        broken = links.check_external(found, timeout=timeout)
        for line in links.report(broken):
            click.echo(line)
        click.echo(f"{len(found)} external links checked, {len(broken)} broken.")
        if broken:
            sys.exit(1)

    @app.cli.command("create-staff")
    @click.option("--email", required=True, help="What the person signs in with.")
    @click.option("--name", required=True, help="Their full name, as colleagues see it.")
    @click.option(
        "--role", "roles", multiple=True, required=True, type=click.Choice(ROLES), help="Repeat."
    )
    def create_staff(email: str, name: str, roles: tuple[str, ...]) -> None:
        """Create a staff account; the password is read from a prompt or standard input."""
        password = _read_password()
        try:
            user = staff_accounts.create_staff(
                db.session,
                email=email,
                name=name,
                roles=roles,
                actor=None,
                address="cli",
                now=utcnow(),
                password=password,
            )
        except staff_accounts.EmailTaken:
            raise click.ClickException(f"{email} already has an account.") from None
        except staff_accounts.InvalidAccount as invalid:
            raise click.ClickException(f"Refused: {invalid.reason}.") from None
        except PasswordRefused as refused:
            raise click.ClickException(PASSWORD_REFUSALS[refused.reason]) from None
        click.echo(f"Created {user.email} ({', '.join(sorted(user.role_names))}).")

    @app.cli.command("send-reminders")
    def send_reminders() -> None:
        """Queue a reminder for each booking in the next 24 hours (safe to run again)."""
        queued = booking.queue_reminders(db.session, now=utcnow())
        click.echo(f"{queued} reminders queued.")

    @app.cli.command("expire-offers")
    def expire_offers() -> None:
        """Mark offers past their deadline expired (safe to overlap); the dwellings go back to
        matching and the households back on the waiting list."""
        expired = offers.expire_due(db.session, now=utcnow())
        click.echo(f"{expired} offers expired.")

    @app.cli.command("send-outbox")
    def send_outbox() -> None:
        """Send queued email and SMS (safe to overlap); exit 1 while any message has failed."""
        run = messages.send_outbox(db.session, clock=utcnow)
        click.echo(
            f"{run.sent} messages sent, {run.retrying} failed and will be tried again,"
            f" {run.failed} failed for good; {run.failed_in_total} failed messages in total"
            " wait for an admin at /admin/outbox."
        )
        if run.retrying or run.failed_in_total:
            sys.exit(1)

    @app.cli.command("purge-expired")
    def purge_expired() -> None:
        """Delete expired drafts, idle browser sessions, and exported cases past retention."""
        now = utcnow()
        deleted = applications.purge_expired(
            db.session, now=now, directory=Path(app.config["ATTACHMENT_DIRECTORY"])
        )
        click.echo(f"{deleted} drafts deleted.")
        ended = server_session.purge_expired(db.engine, now=now)
        click.echo(f"{ended} idle browser sessions deleted.")
        purged = retention.purge_ended(
            db.session,
            months=app.config["RETENTION_MONTHS"],
            files=Path(app.config["ATTACHMENT_DIRECTORY"]),
            now=now,
        )
        click.echo(
            f"{purged} cases deleted {app.config['RETENTION_MONTHS']} months after they ended"
            " (exported to the archive first; anonymous counts kept)."
        )

    @app.cli.command("export-archive")
    def export_archive() -> None:
        """Write an archive copy of every decided or ended case not yet exported."""
        exported = retention.export_for_archive(
            db.session,
            into=Path(app.config["ARCHIVE_DIRECTORY"]),
            letters=Path(app.config["ATTACHMENT_DIRECTORY"]),
            actor=None,
            now=utcnow(),
        )
        click.echo(f"{len(exported)} cases exported to {app.config['ARCHIVE_DIRECTORY']}.")

    @app.cli.command("seed-demo")
    def seed_demo() -> None:
        """Fill the database with demo data (safe to run again)."""
        if app.config["PORTAL_ENV"] == "production":
            raise click.ClickException("seed-demo is for development and demonstrations only.")
        files = Path(app.config["ATTACHMENT_DIRECTORY"])
        for line in demo.seed(db.session, files=files, now=utcnow()):
            click.echo(line)


PASSWORD_REFUSALS = {
    "too_short": "The password must have at least 12 characters.",
    "too_long": "The password may have at most 1024 characters.",
    "common": "That password is too common. Choose another.",
}


def _read_password() -> str:
    """From a hidden prompt with confirmation on a terminal, else one line of standard input.

    Never from the command line, where it would end up in the shell history and `ps`.
    """
    stdin = sys.stdin
    if stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    line = stdin.readline()
    if not line:
        raise click.ClickException("No password on standard input.")
    return line.rstrip("\r\n")
