"""Who may open which staff page. Every view under /admin declares one rule.

- `@public_staff_page`: anyone (sign-in, language, the password link).
- `@two_factor_step`: signed in with the password, two-factor maybe not done yet.
- `@requires()`: fully signed in; `@requires(Permission.HANDLE_CASES)`: and allowed to do
  that (portal/permissions.py says which roles may).

The rule is kept on the view as `access_rule`, so the access-matrix test (and
`check_declared` below) can read it from `app.url_map`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user

from admin import staff_session
from portal.permissions import Permission, may

PUBLIC = "public"
TWO_FACTOR_STEP = "two_factor_step"
SIGNED_IN = "signed_in"


@dataclass(frozen=True)
class AccessRule:
    kind: str
    permission: Permission | None = None


def _guard(rule: AccessRule) -> Callable:
    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            refusal = refusal_for(rule)
            if refusal is not None:
                return refusal
            return view(*args, **kwargs)

        guarded.access_rule = rule
        return guarded

    return decorate


def public_staff_page(view: Callable) -> Callable:
    return _guard(AccessRule(PUBLIC))(view)


def two_factor_step(view: Callable) -> Callable:
    return _guard(AccessRule(TWO_FACTOR_STEP))(view)


def requires(permission: Permission | None = None) -> Callable:
    return _guard(AccessRule(SIGNED_IN, permission))


def login_redirect():
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("admin.login", next=target))


def refusal_for(rule: AccessRule):
    """None when the person may go on; otherwise the response that stops them."""
    if rule.kind == PUBLIC:
        return None
    if not current_user.is_authenticated:
        return login_redirect()
    if rule.kind == TWO_FACTOR_STEP:
        return None
    if not staff_session.is_fully_signed_in(current_user):
        if current_user.has_two_factor:
            return redirect(url_for("admin.two_factor"))
        return redirect(url_for("admin.enrol_two_factor"))
    if rule.permission is not None and not may(current_user.role_names, rule.permission):
        abort(403)
    return None


def check_declared() -> None:
    """Fail closed: a staff view without a declared rule answers 404, never its content."""
    view = current_app.view_functions.get(request.endpoint or "")
    if view is not None and not hasattr(view, "access_rule"):
        abort(404)
