"""Requests per second through gunicorn: the contact list (50 rows, logged in) against a bare one-query view.

    .venv/bin/python bench/throughput_bench.py --database-url URL [--seconds 10] [--rounds 3] [--connections 16]

Starts gunicorn (``--workers 2``, the sync worker the README runs) on a free local port with ``bench/throughput_app.py``
(the project, DEBUG off, plus ``/bench/bare/``: one ``SELECT 1``). A client of ``--connections`` concurrent
connections (asyncio, one request per connection, as the sync worker closes each) then asks, interleaved, for
``/contacts/?per_page=50`` and ``/bench/bare/`` — ``--seconds`` each, ``--rounds`` times — both with the session
cookie of the bench's superuser, so both pay the same session and user lookups. Only answers 200 count; any other
answer is reported. Prints requests/s of each per round and in all, the load of the machine, and last
``contact_list_vs_bare_ratio=<contact list req/s / bare req/s>`` (target ≥ 0.1). The bench's session is deleted at the end.
"""

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, database_url_argument, setup_django, superuser

PATHS = {"contact list": "/contacts/?per_page=50", "bare": "/bench/bare/"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def session_cookie(user) -> tuple[str, str]:
    """A logged-in session for ``user``, as the login page would make it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    # The backend that logs users in (the first, django-axes's, only watches the attempts).
    backends = settings.AUTHENTICATION_BACKENDS
    store[BACKEND_SESSION_KEY] = next(path for path in backends if hasattr(load_backend(path), "get_user"))
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return settings.SESSION_COOKIE_NAME, store.session_key


async def fetch(port: int, request: bytes) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    status_line = await reader.readline()
    while await reader.read(65536):
        pass
    writer.close()
    return int(status_line.split()[1]) if status_line else 0


async def load(port: int, path: str, cookie: str, seconds: float, connections: int) -> tuple[int, dict]:
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n".encode()
    deadline = time.perf_counter() + seconds
    done, other = 0, {}

    async def worker():
        nonlocal done
        while time.perf_counter() < deadline:
            status = await fetch(port, request)
            if status == 200:
                done += 1
            else:
                other[status] = other.get(status, 0) + 1

    await asyncio.gather(*(worker() for _ in range(connections)))
    return done, other


def wait_until_up(port: int, process, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit {process.returncode})")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer /healthz/")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    database_url_argument(parser)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    setup_django(args.database_url)
    from django.contrib.sessions.models import Session

    name, key = session_cookie(superuser("bench-leder"))
    cookie = f"{name}={key}"
    port = free_port()
    env = {**os.environ, "DATABASE_URL": args.database_url, "DJANGO_DEBUG": "0"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    gunicorn = [
        str(Path(sys.executable).with_name("gunicorn")),
        "throughput_app:application",
        "--chdir",
        str(ROOT / "bench"),
        "--workers",
        str(args.workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(gunicorn, env=env, cwd=ROOT)
    totals = {label: [0, 0.0] for label in PATHS}
    try:
        wait_until_up(port, process)
        print(f"gunicorn --workers {args.workers}, {args.connections} connections, load at start: {os.getloadavg()}")
        for path in PATHS.values():  # warm-up: every worker has imported, connected and cached its templates
            asyncio.run(load(port, path, cookie, 2, args.connections))
        for round_ in range(1, args.rounds + 1):
            for label, path in PATHS.items():
                started = time.perf_counter()
                done, other = asyncio.run(load(port, path, cookie, args.seconds, args.connections))
                elapsed = time.perf_counter() - started
                totals[label][0] += done
                totals[label][1] += elapsed
                problems = f"  other answers: {other}" if other else ""
                print(f"round {round_}  {label:<13} {done / elapsed:9.1f} req/s  ({done} in {elapsed:.1f} s){problems}")
    finally:
        process.terminate()
        process.wait(timeout=30)
        Session.objects.filter(session_key=key).delete()
    rates = {label: done / elapsed for label, (done, elapsed) in totals.items()}
    for label, rate in rates.items():
        print(f"{label:<13} {rate:9.1f} req/s")
    print(f"load at end: {os.getloadavg()}")
    print(f"contact_list_vs_bare_ratio={rates['contact list'] / rates['bare']:.3f}")


if __name__ == "__main__":
    main()
