"""The WSGI application ``throughput_bench.py`` serves with gunicorn: the project as configured by
``crm.settings.base`` (DEBUG off), plus one bare view at ``/bench/bare/`` that runs a single query — the floor the
contact list is compared with. Static files are served unhashed (no ``collectstatic`` needed for a bench)."""

import os
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings.base")
os.environ["DJANGO_DEBUG"] = "0"

# whitenoise warns that collectstatic has not run: irrelevant here (static files are not requested).
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

django.setup()
settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
settings.ROOT_URLCONF = "throughput_app"

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import include, path  # noqa: E402


def bare(request):
    """One query and a plain answer: what any logged-in request costs at the least."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (value,) = cursor.fetchone()
    return HttpResponse(str(value), content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), path("", include("crm.urls"))]

application = get_wsgi_application()
