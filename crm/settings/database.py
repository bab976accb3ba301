"""Which PostgreSQL the project uses: the one ``DATABASE_URL`` names, otherwise the embedded server of the checkout.

Partnerregister runs on PostgreSQL only (full-text search in Danish, trigram matching, triggers that keep the meeting
figures, COPY for imports). A URL naming another engine is refused at start-up with a message that says so.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

EMBEDDED_DATABASE = "partnerregister"


def database_settings(url: str, *, embedded_data: Path, create: bool = True, **options) -> dict:
    """The ``DATABASES["default"]`` entry for ``url``; an empty ``url`` means the embedded server in ``embedded_data``.

    ``create``: whether the embedded server creates its database when missing (the demo and ``manage.py`` do; the
    test run leaves that to the test runner, which makes ``test_<name>``).
    """
    if not url:
        return {
            "ENGINE": "crm.embedded_db",
            "NAME": EMBEDDED_DATABASE,
            "USER": "postgres",
            "PASSWORD": "",
            "HOST": "",  # the socket folder, filled in when the server has started
            "PORT": "",
            "EMBEDDED": {"DATA": str(embedded_data), "CREATE": EMBEDDED_DATABASE if create else ""},
            **{key.upper(): value for key, value in options.items()},
        }
    if url.split(":", 1)[0].lower().startswith("sqlite"):
        raise ImproperlyConfigured(
            "DATABASE_URL points at SQLite, which Partnerregister no longer supports: it runs on PostgreSQL only. "
            "Leave DATABASE_URL unset to use the embedded PostgreSQL server, or give a postgres:// URL."
        )
    config = dj_database_url.parse(url, **options)
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            f"DATABASE_URL selects {config['ENGINE']}; Partnerregister runs on PostgreSQL only (postgres://…), "
            "or on the embedded PostgreSQL server when DATABASE_URL is unset."
        )
    return config
