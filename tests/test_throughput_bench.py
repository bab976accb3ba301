"""The throughput bench against the test database: gunicorn really serves both pages to the bench's logged-in session,
and the output ends with the ratio (``bench/throughput_bench.py``)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.db import connection

from tests import factories

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db(transaction=True)
def test_serves_the_contact_list_and_the_bare_view_through_gunicorn_and_prints_the_ratio():
    factories.ContactFactory.create_batch(3)
    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    # The bench's own settings (crm.settings.base against the URL), not the suite's.
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "TEST_DATABASE_URL"}}
    run = subprocess.run(
        [sys.executable, "bench/throughput_bench.py", "--database-url", url, "--seconds", "1", "--rounds", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    lines = run.stdout.splitlines()
    assert "other answers" not in run.stdout, run.stdout  # every answer was a 200: logged in, no error page
    rates = {m[1]: float(m[2]) for line in lines if (m := re.match(r"(contact list|bare)\s+([\d.]+) req/s$", line))}
    assert rates["contact list"] > 0 and rates["bare"] > 0, run.stdout
    ratio = re.fullmatch(r"contact_list_vs_bare_ratio=([\d.]+)", lines[-1])
    assert ratio and float(ratio[1]) == pytest.approx(rates["contact list"] / rates["bare"], abs=0.002)
    assert not Session.objects.exists()  # the bench's session is gone again
