"""The default database: the embedded PostgreSQL server, started on demand over a Unix socket, stopped at the end.

Each test gives the server a data folder of its own (``EMBEDDED_POSTGRES_DIR``), so none touches the checkout's demo
database; the processes run with no ``DATABASE_URL`` or ``TEST_DATABASE_URL``, as on a fresh machine.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from crm.embedded_db.server import is_running

ROOT = Path(__file__).resolve().parent.parent


def run_default(data: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TEST_DATABASE_URL"}}
    env = {k: v for k, v in env.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_SETTINGS_MODULE="crm.settings.base", EMBEDDED_POSTGRES_DIR=str(data))
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


CONNECTION_FACTS = """
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SELECT inet_server_addr(), current_database(), current_setting('server_version_num')::int")
    address, database, version = cursor.fetchone()
    cursor.execute("SELECT current_setting('listen_addresses')")
    listen = cursor.fetchone()[0]
print(repr((connection.settings_dict["HOST"], address, database, version >= 180000, listen)))
"""


def test_the_default_database_is_the_embedded_server_on_its_own_socket(tmp_path):
    data = tmp_path / "pgdata"
    result = run_default(data, "shell", "--no-imports", "-c", CONNECTION_FACTS)
    assert result.returncode == 0, result.stderr
    host, address, database, is_18, listen = eval(result.stdout.strip().splitlines()[-1])
    # A host that is a folder is a Unix socket; the server has no TCP address and listens on none.
    assert Path(host).is_dir()
    assert address is None
    assert listen == ""
    assert database == "partnerregister"
    assert is_18
    assert (data / "PG_VERSION").read_text().strip() == "18"
    # The process that started it was the last to use it: the server stopped when it ended.
    assert not is_running(data)


def test_the_server_stops_with_the_last_process_even_after_a_killed_one(tmp_path):
    data = tmp_path / "pgdata"
    assert (
        run_default(
            data, "shell", "--no-imports", "-c", "from django.db import connection; connection.ensure_connection()"
        ).returncode
        == 0
    )
    # A process killed while it used the server leaves its id behind; it must not keep the server running for ever.
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (data / ".handle_pids.json").write_text(json.dumps([int(dead.stdout)]))
    result = run_default(data, "shell", "--no-imports", "-c", CONNECTION_FACTS)
    assert result.returncode == 0, result.stderr
    assert not is_running(data)


def test_the_demo_database_migrates_and_searches_with_postgresql_s_own_tools(tmp_path):
    """Migrations, triggers, full text in Danish and trigram similarity: the demo runs the production code path."""
    data = tmp_path / "pgdata"
    assert run_default(data, "migrate", "--noinput", "-v0").returncode == 0
    code = (
        "from django.contrib.auth import get_user_model\n"
        "from partners.models import Organisation\n"
        "from partners.selectors.search import search_register\n"
        "Organisation.objects.create(kind='housing_organisation', name='Brabrand Boligforening')\n"
        "user = get_user_model().objects.create_superuser('admin', password='x')\n"
        "for q in ('boligforeningen', 'Brabrant Boligforning'):\n"
        "    print([[h.title for h in g.hits] for g in search_register(query=q, user=user)][0])\n"
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute(\"SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'partners_%%' AND NOT tgisinternal\")\n"
        "    print(cursor.fetchone()[0] > 0)\n"
    )
    result = run_default(data, "shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["['Brabrand Boligforening']", "['Brabrand Boligforening']", "True"]


def test_an_unknown_database_url_is_not_silently_replaced_by_the_embedded_server(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="crm.settings.base",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/partnerregister_x",
        EMBEDDED_POSTGRES_DIR=str(tmp_path / "unused"),
    )
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "django.db.backends.postgresql", result.stderr
    assert not (tmp_path / "unused").exists()
