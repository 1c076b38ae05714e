"""Boligportalen: the application factory."""

import logging
from datetime import date
from pathlib import Path

from flask import Flask
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from portal import (
    checked_copies,
    compression,
    config,
    errors,
    extensions,
    http_caching,
    kiosk,
    rate_limits,
    server_session,
)
from portal.assets import static_url
from portal.formatting import age_in_words, kroner, local_time, phone_link
from portal.i18n import (
    WordsInLanguage,
    alternate_urls,
    canonical_url,
    current_language,
    install_template_gettext,
    language_direction,
    language_name,
    language_versions,
)
from portal.models.application import AttachmentKind
from portal.models.audit import AuditAction
from portal.models.booking import Attendance, CallbackTime, Channel, Topic
from portal.models.case import (
    CaseKind,
    CaseStatus,
    DecisionOutcome,
    DecisionType,
    EventKind,
    PriorityFlag,
)
from portal.models.housing import (
    DwellingStatus,
    Group,
    NeedStatus,
    OfferStatus,
    Ownership,
    TenancyEnd,
)
from portal.models.navigation import PortalRoute
from portal.models.outbox import MessageChannel, MessageTemplate
from portal.models.page import ReviewStatus, ScheduledAction
from portal.models.staff import Role
from portal.security import add_security_headers
from portal.server_session import refuse_when_unavailable
from portal.services.staff import passwords
from portal.site_links import link_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides: dict | None = None) -> Flask:
    """Build the app from the environment; `overrides` replaces settings (tests use it)."""
    app = Flask(__name__, instance_path=str(PROJECT_ROOT / "instance"))
    app.config.from_mapping(config.from_environment(Path(app.instance_path)))
    app.config.from_mapping(overrides or {})
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("portal").setLevel(logging.INFO)

    # First of all the request hooks: the CSRF check reads the form, so the size limit
    # must be in place before it.
    app.before_request(rate_limits.limit_request_size)
    extensions.db.init_app(app)
    compression.init_app(app)
    http_caching.init_app(app)
    checked_copies.init_app(app)
    server_session.init_app(app)
    app.before_request(refuse_when_unavailable)
    extensions.csrf.init_app(app)
    extensions.babel.init_app(
        app,
        locale_selector=current_language,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    install_template_gettext(app)
    extensions.htmx.init_app(app)
    extensions.limiter.init_app(app)
    # `current_user` reaches templates as a lazy global (below), so a public page that
    # never asks for it loads no user and leaves the session alone.
    extensions.login_manager.init_app(app, add_context_processor=False)
    passwords.use_profile(app.config["PASSWORD_HASH_PROFILE"])

    _register_blueprints(app)
    _register_template_helpers(app)
    kiosk.register(app)
    errors.register(app)
    app.after_request(add_security_headers)

    # Outermost: the client's own address (for limits, kiosks and the page cache) first.
    if app.config["PROXY_COUNT"]:
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    from portal import cli

    cli.register(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from admin import bp as admin_bp
    from portal.health import bp as health_bp
    from portal.media import bp as media_bp
    from portal.public import bp as public_bp
    from portal.public import choose_language

    app.register_blueprint(public_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(health_bp)
    app.register_blueprint(media_bp)
    app.add_url_rule("/", "choose_language", choose_language)


def _register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        current_user=current_user,
        static_url=static_url,
        current_language=current_language,
        alternate_urls=alternate_urls,
        canonical_url=canonical_url,
        language_versions=language_versions,
        language_direction=language_direction,
        language_name=language_name,
        card_url=link_url,
    )
    app.jinja_env.filters.update(
        phone_link=phone_link,
        kroner=kroner,
        local_time=local_time,
        age_in_words=age_in_words,
        todate=date.fromisoformat,
    )
    # The words of every value list (portal/models), for both faces' templates, each
    # translated once per language rather than once per use.
    value_list_words = dict(
        kind_names=CaseKind.labels(),
        status_names=CaseStatus.labels(),
        staff_status_names=CaseStatus.staff_labels(),
        decision_outcomes=DecisionOutcome.labels(),
        staff_decision_outcomes=DecisionOutcome.staff_labels(),
        decision_types=DecisionType.labels(),
        event_names=EventKind.labels(),
        staff_event_names=EventKind.staff_labels(),
        flag_names=PriorityFlag.labels(),
        topic_names=Topic.labels(),
        channel_names=Channel.labels(),
        callback_time_names=CallbackTime.labels(),
        attachment_kind_names=AttachmentKind.labels(),
        role_names=Role.labels(),
        action_names=AuditAction.labels(),
        message_names=MessageTemplate.staff_labels(),
        message_channel_names=MessageChannel.labels(),
        review_status_names=ReviewStatus.labels(),
        portal_route_names=PortalRoute.labels(),
        scheduled_action_names=ScheduledAction.labels(),
        dwelling_status_names=DwellingStatus.labels(),
        ownership_names=Ownership.labels(),
        group_names=Group.labels(),
        need_status_names=NeedStatus.labels(),
        offer_status_names=OfferStatus.labels(),
        tenancy_end_names=TenancyEnd.labels(),
        attendance_names=Attendance.labels(),
    )
    app.jinja_env.globals.update(
        {name: WordsInLanguage(labels) for name, labels in value_list_words.items()}
    )
