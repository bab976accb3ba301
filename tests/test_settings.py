"""The production settings: loud failure without a secret, zero warnings from `check --deploy` when configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SECRET = "t" * 20 + "-a-long-random-production-secret-key-0123456789"


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean_env, capture_output=True, text=True, timeout=120
    )


def production_env(**overrides: str) -> dict[str, str]:
    env = {
        "DJANGO_SETTINGS_MODULE": "crm.settings.production",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "partnerregister.example.dk",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/partnerregister",
    }
    env.update(overrides)
    return env


def test_production_settings_pass_check_deploy_without_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("secret", ["", "too-short"])
def test_production_refuses_to_start_without_a_proper_secret_key(secret):
    result = run_manage("check", **production_env(DJANGO_SECRET_KEY=secret))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_debug_is_off_unless_asked_for():
    code = "from django.conf import settings; print(settings.DEBUG, settings.LANGUAGE_CODE, settings.TIME_ZONE)"
    result = run_manage("shell", "--no-imports", "-c", code, DJANGO_SETTINGS_MODULE="crm.settings.base")
    assert result.stdout.split() == ["False", "da", "Europe/Copenhagen"], result.stderr
    result = run_manage(
        "shell", "--no-imports", "-c", code, DJANGO_SETTINGS_MODULE="crm.settings.base", DJANGO_DEBUG="1"
    )
    assert result.stdout.split()[0] == "True", result.stderr


def test_production_refuses_debug():
    result = run_manage("check", **production_env(DJANGO_DEBUG="1"))
    assert result.returncode != 0
    assert "DJANGO_DEBUG cannot be on in production" in result.stderr


def test_production_answers_the_health_probe_over_plain_http_and_redirects_the_rest():
    code = (
        "from django.test import Client; c = Client(HTTP_HOST='partnerregister.example.dk'); "
        "print(c.get('/healthz/').status_code, c.get('/login/').status_code, c.get('/login/').get('Location'))"
    )
    result = run_manage("shell", "--no-imports", "-c", code, **production_env())
    assert result.stdout.split() == ["200", "301", "https://partnerregister.example.dk/login/"], result.stderr


def test_database_url_selects_the_database():
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    demo = run_manage("shell", "--no-imports", "-c", code, DJANGO_SETTINGS_MODULE="crm.settings.base", DATABASE_URL="")
    assert demo.stdout.strip() == "crm.embedded_db", demo.stderr
    prod = run_manage("shell", "--no-imports", "-c", code, **production_env())
    assert prod.stdout.strip() == "django.db.backends.postgresql", prod.stderr


def test_production_refuses_to_start_without_a_database_url():
    result = run_manage("check", **production_env(DATABASE_URL=""))
    assert result.returncode != 0
    assert "DATABASE_URL must name the production PostgreSQL database" in result.stderr


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("sqlite:///db.sqlite3", "DATABASE_URL points at SQLite, which Partnerregister no longer supports"),
        ("mysql://root@127.0.0.1/partnerregister", "Partnerregister runs on PostgreSQL only"),
    ],
)
def test_a_database_other_than_postgresql_is_refused_with_a_clear_message(url, message):
    result = run_manage("check", DJANGO_SETTINGS_MODULE="crm.settings.base", DATABASE_URL=url)
    assert result.returncode != 0
    assert message in result.stderr, result.stderr


@pytest.mark.parametrize("command", ["load_demo", "generate_data"])
def test_management_commands_explain_themselves(command):
    result = run_manage(command, "--help", DJANGO_SETTINGS_MODULE="crm.settings.base")
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout
