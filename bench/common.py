"""The setup every bench shares: Django against ``--database-url`` with DEBUG off, and (for the benches that render
pages) the test Client's environment against the real database, logged in as a superuser."""

import os
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def database_url_argument(parser) -> None:
    """``--database-url``, required unless ``DATABASE_URL`` is set."""
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL", ""), required=not os.environ.get("DATABASE_URL")
    )


def setup_django(database_url: str) -> None:
    """Django configured for ``database_url`` as in production: DEBUG off."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings.base")
    os.environ["DJANGO_DEBUG"] = "0"
    import django

    # whitenoise warns that collectstatic has not run: irrelevant here (static files are not requested).
    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()


def client_environment() -> None:
    """Lets the test Client run against the real database (no test database is created), as in production (DEBUG
    off, no template debugging) but without needing collectstatic's manifest."""
    from django.conf import settings
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def superuser(username: str):
    """The bench's superuser, created once (unusable password)."""
    from django.contrib.auth import get_user_model

    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"is_superuser": True, "is_staff": True}
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user
