"""Test settings: a real PostgreSQL, fast password hashing, no manifest for static files.

The server: ``TEST_DATABASE_URL``, else ``DATABASE_URL``, else the checkout's embedded server. The test database is
``test_<name of the URL's database>`` (Django's rule), so two runs on one server are kept apart by giving them URLs
with different database names; two checkouts each have an embedded server of their own.
"""

from .base import *  # noqa: F403
from .base import EMBEDDED_POSTGRES_DIR, database_settings, env_str

DATABASES = {
    "default": database_settings(
        env_str("TEST_DATABASE_URL") or env_str("DATABASE_URL"),
        embedded_data=EMBEDDED_POSTGRES_DIR,
        create=False,
        conn_max_age=0,
    )
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Login throttling is off in tests (Django's test client logs in without a request, which django-axes refuses);
# tests/test_login_throttling.py turns it on to test it.
AXES_ENABLED = False
