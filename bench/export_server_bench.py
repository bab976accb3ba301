"""Large list exports through gunicorn as production runs it: first-byte time, rows per second, and whether they finish.

    .venv/bin/python bench/export_server_bench.py --database-url URL [--config crm/gunicorn.conf.py]
        [--worker-class sync] [--csv-query ''] [--xlsx-query 'starts_at_after=2026-01-01'] [--only csv|xlsx]

Starts gunicorn with the production settings (``crm.settings.production``; HTTPS redirect off, the bench's own
secret key) and the config file the README runs (``-c crm/gunicorn.conf.py``; ``--worker-class sync`` runs the sync
worker instead, to show what its timeout does), logged in as the bench's superuser through a session cookie. Then it
downloads, one after the other:

* ``/meetings/?export=csv`` — every meeting (1,000,000 at the reference scale);
* ``/meetings/?export=xlsx&starts_at_after=2026-01-01`` — this year's meetings (306,830 at the reference scale);

and prints for each the time to the first byte of the body, the whole time, the megabytes, the rows the file holds
(CSV: lines; XLSX: the last row of the sheet, read back from the zip) against the rows the list has, the rows per
second and ``complete`` (the response ended properly and holds every row) or ``CUT OFF``. Last lines:
``export_csv_first_byte_s=``, ``export_csv_rows_per_s=``, ``export_xlsx_first_byte_s=``,
``export_xlsx_rows_per_s=``, ``export_server_complete=<yes|no>``.
"""

import argparse
import http.client
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from common import ROOT, database_url_argument, setup_django, superuser
from throughput_bench import free_port, session_cookie, wait_until_up


def download(port: int, path: str, cookie: str, target: Path) -> dict:
    """GET ``path`` into ``target``: first-byte and total seconds, bytes, and whether the body ended properly."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Cookie": cookie, "X-Forwarded-Proto": "https"})
    response = connection.getresponse()
    first_byte = None
    size = 0
    complete = True
    with open(target, "wb") as out:
        try:
            while True:
                piece = response.read1(1 << 16)
                if not piece:
                    break
                if first_byte is None:
                    first_byte = time.perf_counter() - started
                size += len(piece)
                out.write(piece)
        except (http.client.IncompleteRead, ConnectionError, OSError):
            complete = False  # the worker was killed mid-response: the chunked body never ended
    return {
        "status": response.status,
        "first_byte": first_byte if first_byte is not None else float("nan"),
        "seconds": time.perf_counter() - started,
        "bytes": size,
        "complete": complete,
    }


def csv_rows(path: Path) -> int:
    """Data rows of an exported CSV (the writer ends rows with CRLF; texts inside cells hold LF only)."""
    with open(path, "rb") as data:
        return sum(chunk.count(b"\r\n") for chunk in iter(lambda: data.read(1 << 20), b"")) - 1


def xlsx_rows(path: Path) -> int:
    """Data rows of an exported workbook: the number of its sheet's last row, minus the heading (0 if unreadable)."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open("xl/worksheets/sheet1.xml") as sheet:
            tail = b""
            while piece := sheet.read(1 << 20):
                tail = (tail + piece)[-4096:]
    except (zipfile.BadZipFile, KeyError, EOFError, OSError):
        return 0
    numbers = re.findall(rb'<row r="(\d+)"', tail)
    return int(numbers[-1]) - 1 if numbers and tail.endswith(b"</worksheet>") else 0


def expected_rows(query: str) -> int:
    from django.http import QueryDict

    from partners import registry

    entity = registry.find("meetings")
    return entity.filterset(QueryDict(query), queryset=entity.list_queryset()).qs.count()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    database_url_argument(parser)
    parser.add_argument("--config", default=str(ROOT / "crm" / "gunicorn.conf.py"))
    parser.add_argument("--worker-class", default="", help="override the config's worker class (e.g. sync)")
    parser.add_argument("--csv-query", default="", help="filters of the CSV export (default: every meeting)")
    parser.add_argument("--xlsx-query", default="starts_at_after=2026-01-01")
    parser.add_argument("--only", choices=["csv", "xlsx"], default="")
    args = parser.parse_args()

    # The session is signed here and read by gunicorn: both with the same key.
    os.environ["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    setup_django(args.database_url)
    cookie = "=".join(session_cookie(superuser("bench-export")))
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "crm.settings.production",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": args.database_url,
        "DJANGO_LOG_LEVEL": "WARNING",
        "PYTHONWARNINGS": "ignore::UserWarning",  # whitenoise: no collectstatic output (no static files are asked)
    }
    command = [str(Path(sys.executable).with_name("gunicorn")), "-c", args.config, "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", "1", "--log-level", "warning"]
    if args.worker_class:
        command += ["--worker-class", args.worker_class]
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    results = {}
    try:
        wait_until_up(port, process)
        print(f"gunicorn {' '.join(command[1:])}; load at start: {os.getloadavg()}")
        cases = [("csv", args.csv_query), ("xlsx", args.xlsx_query)]
        with tempfile.TemporaryDirectory() as directory:
            for export_format, query in cases:
                if args.only and export_format != args.only:
                    continue
                expected = expected_rows(query)
                path = f"/meetings/?export={export_format}" + (f"&{query}" if query else "")
                target = Path(directory) / f"export.{export_format}"
                result = download(port, path, cookie, target)
                rows = csv_rows(target) if export_format == "csv" else xlsx_rows(target)
                result["complete"] = result["complete"] and result["status"] == 200 and rows == expected
                rate = rows / result["seconds"] if result["seconds"] else 0
                results[export_format] = (result, rate)
                print(
                    f"{path}: HTTP {result['status']}, first byte {result['first_byte']:.2f} s, "
                    f"{result['seconds']:.1f} s, {result['bytes'] / 1024 / 1024:.1f} MB, {rows:,} of {expected:,} rows, "
                    f"{rate:,.0f} rows/s, {'complete' if result['complete'] else 'CUT OFF'}"
                )
                target.unlink()
        print(f"load at end: {os.getloadavg()}")
    finally:
        process.terminate()
        process.wait(timeout=30)
    for export_format, (result, rate) in results.items():
        print(f"export_{export_format}_first_byte_s={result['first_byte']:.2f}")
        print(f"export_{export_format}_rows_per_s={rate:.0f}")
    print(f"export_server_complete={'yes' if all(r['complete'] for r, _rate in results.values()) else 'no'}")


if __name__ == "__main__":
    main()
