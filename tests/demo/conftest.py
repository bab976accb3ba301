"""The demo database as ``make demo`` prepared it (``make demo-check``): no test database is made.

Run with ``--ds=crm.settings.base`` and no ``DATABASE_URL``, these tests read the embedded server's demo database;
each test runs in a transaction that is rolled back, so the demo is left as it was. DEBUG is on, as under
``make demo``.
"""

import pytest


@pytest.fixture(scope="session")
def django_db_setup():
    """Use the configured database as it is (pytest-django's documented way to test against an existing one)."""


@pytest.fixture(autouse=True)
def demo_debug(settings):
    """``make demo`` serves with DJANGO_DEBUG=1 (pytest-django turns DEBUG off): the pages are fetched as it serves them."""
    settings.DEBUG = True
