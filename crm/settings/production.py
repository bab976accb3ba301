"""Production settings: everything from base, plus HTTPS hardening and a mandatory secret key.

Required: DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL (PostgreSQL).
Optional: DJANGO_SECURE_SSL_REDIRECT (default on; turn off only when the proxy redirects),
DJANGO_HSTS_SECONDS (default one year), DJANGO_CSRF_TRUSTED_ORIGINS.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_int, env_str

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 characters long.")

if not env_str("DATABASE_URL"):
    raise ImproperlyConfigured("DATABASE_URL must name the production PostgreSQL database (postgres://…).")

# Debug pages show settings, code and data to whoever meets an error: never in production (issue 18).
if env_bool("DJANGO_DEBUG", False):
    raise ImproperlyConfigured(
        "DJANGO_DEBUG cannot be on in production: its error pages show settings, code and data. "
        "For a local debug run use crm.settings.base (make demo)."
    )
DEBUG = False

# Served behind a TLS-terminating reverse proxy (nginx, Caddy, a load balancer).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
# The load balancer's liveness probe asks over plain HTTP, inside the network: it gets its "ok", not a redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
