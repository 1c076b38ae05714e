"""Flask extensions: created once here, bound to an app in `create_app`."""

from flask_babel import Babel
from flask_compress import Compress
from flask_htmx import HTMX
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from portal.db import db

babel = Babel()
compress = Compress()
csrf = CSRFProtect()
htmx = HTMX()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
login_manager = LoginManager()
# Staff views guard themselves (admin/access.py); this is where Flask-Login would send people.
login_manager.login_view = "admin.login"

__all__ = ["babel", "compress", "csrf", "db", "htmx", "limiter", "login_manager"]
