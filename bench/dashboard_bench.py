"""Server time of the manager pages at reference scale: the dashboard and the yearly figures.

    .venv/bin/python bench/dashboard_bench.py --database-url URL [--runs 15] [--year 2026]

Renders each page with Django's test Client as a superuser (created once, named ``bench-leder``), first one cold
render (caches empty), then ``--runs`` timed renders, and prints the median, the slowest run and the number of SQL
queries of each page. The dashboard's activity charts and the yearly figures are cached for DASHBOARD_CACHE_SECONDS;
each page is measured with that cache warm and with the cache cleared before every render. The last two lines,
``dashboard_ms=<median>`` and ``year_report_ms=<median>``, are the uncached medians (the honest worst case).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL", ""), required=not os.environ.get("DATABASE_URL")
    )
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--year", type=int, default=None)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings.base")
    os.environ["DJANGO_DEBUG"] = "0"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    setup_test_environment()  # lets the test Client run against the real database; no test database is created
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = True  # record queries to count them
    user, created = get_user_model().objects.get_or_create(
        username="bench-leder", defaults={"is_superuser": True, "is_staff": True}
    )
    if created:
        user.set_unusable_password()
        user.save()
    client = Client()
    client.force_login(user)
    year = args.year or timezone.localdate().year

    def measure(label: str, url: str, *, clear_cache: bool = False) -> float:
        cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        cold = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (url, response.status_code)
        times, queries = [], 0
        for _ in range(args.runs):
            if clear_cache:
                cache.clear()
            reset_queries()
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            queries = len(connection.queries)
            assert response.status_code == 200
        median = statistics.median(times)
        print(
            f"{label:<20} median {median:7.1f} ms   min {min(times):7.1f}   max {max(times):7.1f}   "
            f"cold {cold:7.1f} ms   queries {queries}   ({url}, {args.runs} runs)"
        )
        return median

    print(f"database: {connection.settings_dict['NAME']}   year report: {year}")
    cached_dashboard = measure("dashboard_cached", "/dashboard/")
    measure("dashboard_page_10", "/dashboard/?page=10")
    dashboard = measure("dashboard_uncached", "/dashboard/", clear_cache=True)
    cached_report = measure("year_report_cached", f"/reports/year/{year}/")
    year_report = measure("year_report_uncached", f"/reports/year/{year}/", clear_cache=True)
    measure("year_report_xlsx", f"/reports/year/{year}/?format=xlsx", clear_cache=True)
    # The headline figures are the uncached ones: what the first manager after each cache expiry waits.
    print(f"dashboard_cached_ms={cached_dashboard:.1f}")
    print(f"year_report_cached_ms={cached_report:.1f}")
    print(f"dashboard_ms={dashboard:.1f}")
    print(f"year_report_ms={year_report:.1f}")


if __name__ == "__main__":
    main()
