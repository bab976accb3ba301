"""Settings shared by every environment.

Everything that differs between machines is read from the environment here, in one place:

    DATABASE_URL          a PostgreSQL server (default: the embedded PostgreSQL server, data in ``.pgdata/``)
    EMBEDDED_POSTGRES_DIR data folder of the embedded server (default: ``.pgdata`` in the project directory)
    DJANGO_SECRET_KEY     secret key (required in production; a fixed development key otherwise)
    DJANGO_DEBUG          "1"/"true" to enable debug mode (default off)
    DJANGO_ALLOWED_HOSTS  comma-separated host names (default: localhost names)
    DJANGO_CSRF_TRUSTED_ORIGINS  comma-separated origins, e.g. https://crm.example.dk
    DJANGO_LOG_LEVEL      log level of the console logger (default INFO)
"""

import datetime
import os
from pathlib import Path

from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from .database import database_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_str(name: str, default: str = "") -> str:
    """The variable's value; an empty value counts as unset."""
    return os.environ.get(name) or default


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Only for the demo and tests; production.py refuses to start without DJANGO_SECRET_KEY.
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-not-secret-partnerregister-0123456789abcdefghijklmnop")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_tables2",
    "django_filters",
    "import_export",
    "simple_history",
    "crm.apps.AxesConfig",  # django-axes, named in Danish
    "partners",
    "partners.seed",
    "crm.embedded_db",  # the default database's backend; stops its server on SIGTERM too
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "partners.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "partners.middleware.NoStoreForSignedInMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Login throttling (issue 18, django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username, or from one
# address, further tries are refused for AXES_COOLOFF_TIME with a Danish page (status 429), the right password too.
# Every failure and every login is recorded (admin: Axes); an administrator unlocks by deleting the access attempt
# (or `manage.py axes_reset_username <name>`). The limit of ten leaves room for an office behind one address.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("DJANGO_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False  # no start-up banner on every command; failures and lockouts are still logged (axes.handlers)
# The client's address: REMOTE_ADDR, unless DJANGO_PROXY_COUNT proxies (1 behind nginx/Caddy) put it in X-Forwarded-For
# (a header a client could forge is read only then, and only the proxies' last entries).
AXES_IPWARE_PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if AXES_IPWARE_PROXY_COUNT else ("REMOTE_ADDR",)
)

# Security headers (issue 18). Content-Security-Policy (django-csp): scripts and styles only from the app's own static
# files (no CDN, nothing inline); style attributes are allowed (the charts' sizes, Tom Select), images also as data:
# URIs (Bootstrap's icons in CSS). Nothing may frame the app. Permissions-Policy (django-permissions-policy): the
# register uses no camera, microphone, location, payment or USB.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

ROOT_URLCONF = "crm.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "crm.wsgi.application"

EMBEDDED_POSTGRES_DIR = Path(env_str("EMBEDDED_POSTGRES_DIR", str(BASE_DIR / ".pgdata")))
DATABASES = {
    "default": database_settings(
        env_str("DATABASE_URL"),
        embedded_data=EMBEDDED_POSTGRES_DIR,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Danish first, English available.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
FORMAT_MODULE_PATH = ["crm.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end packages are installed from the npm registry into node_modules (see package.json) and served by whitenoise.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
    ("vendor/tom-select", BASE_DIR / "node_modules" / "tom-select" / "dist"),
]
# Uploaded documents (partners/models/documents.py) go through the "default" storage: files under MEDIA_ROOT, outside
# the static root and never served by a URL (MEDIA_URL is not routed: downloads go through /documents/<id>/download/,
# which checks the permission). For more than one app server, S3-compatible object storage: see README.md (Documents).
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"

# Manager dashboard: a key partner is "stale" when not met for this many days (per organisation kind; the default
# applies to kinds not listed), and a collaboration needs review when its last review is older than REVIEW_DAYS.
DASHBOARD_STALE_DAYS = {
    "municipality": 90,
    "administration": 90,
    "housing_organisation": 90,
    "estate": 120,
    "national_partner": 180,
    "local_organisation": 180,
    "default": 180,
}
DASHBOARD_REVIEW_DAYS = env_int("DASHBOARD_REVIEW_DAYS", 365)

IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 20 * 1024 * 1024)  # largest file the import accepts
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 200_000)  # most data rows in one imported file

# Documents: the largest file accepted, the largest whose text is extracted during the upload (larger ones: the job
# system of issue 17), the most unpacked bytes of a Word/Excel archive, the most characters of text kept.
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 25 * 1024 * 1024)
DOCUMENT_EXTRACT_MAX_BYTES = env_int("DOCUMENT_EXTRACT_MAX_BYTES", 10 * 1024 * 1024)
DOCUMENT_UNPACKED_MAX_BYTES = env_int("DOCUMENT_UNPACKED_MAX_BYTES", 200 * 1024 * 1024)
DOCUMENT_TEXT_MAX_CHARS = env_int("DOCUMENT_TEXT_MAX_CHARS", 500_000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    # The embedded server's Python layer logs every pg_ctl call and its output at INFO: only its warnings matter.
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}
