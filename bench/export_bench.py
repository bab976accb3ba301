"""Export throughput and peak memory: the list export's code path, writing a file, in a process of its own.

    .venv/bin/python bench/export_bench.py --database-url URL [--entity contacts] [--format csv|xlsx]

Runs exactly what a list's export (and ``manage.py export_file``) runs — the primary keys of the filtered queryset,
then chunks of objects through the entity's resource, neutralised, written as CSV or with openpyxl's write-only
mode — and prints rows per second and the peak resident memory of the process (``ru_maxrss``), with the growth
during the export (peak minus the peak before it), so a leak of rows into memory would show.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_mb() -> float:
    """Peak resident memory of this process. VmHWM belongs to the process's own memory; ru_maxrss would also count
    the memory of a parent that started it (Linux keeps the larger of the two across exec)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL", ""), required=not os.environ.get("DATABASE_URL")
    )
    parser.add_argument("--entity", default="contacts")
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--limit", type=int, default=0, help="export only the first N rows of the list")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings.base")
    os.environ["DJANGO_DEBUG"] = "0"
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from partners import registry
    from partners.transfer import exporting

    entity = registry.find(args.entity)
    if entity is None or entity not in registry.exportable():
        sys.exit(f"unknown entity {args.entity!r}: one of {', '.join(e.key for e in registry.exportable())}")
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    # What a list's export and ``export_file`` run: the entity's list queryset through its filterset, its resource.
    queryset = entity.filterset(request.GET, queryset=entity.list_queryset(), request=request).qs
    export_resource = entity.resource()
    if args.limit:
        queryset = queryset[: args.limit]
    headers = exporting.export_headers(export_resource)
    list(exporting.export_rows(export_resource, queryset[:10]))  # warm up: imports, translations, connection
    before = peak_mb()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"export.{args.format}"
        started = time.perf_counter()
        counted = [0]

        def counting(rows):
            for row in rows:
                counted[0] += 1
                yield row

        rows = counting(exporting.export_rows(export_resource, queryset))
        if args.format == "csv":
            with open(path, "w", encoding="utf-8", newline="") as out:
                for chunk in exporting.csv_chunks(headers, rows, delimiter=";"):
                    out.write(chunk)
        else:
            exporting.write_xlsx(str(path), headers, rows, title=args.entity)
        seconds = time.perf_counter() - started
        size = path.stat().st_size / 1024 / 1024
    peak = peak_mb()
    print(
        f"export {args.entity} {args.format}: {counted[0]:,} rows in {seconds:.2f} s = {counted[0] / seconds:,.0f} rows/s, "
        f"{size:.1f} MB file, peak memory {peak:.0f} MB (+{peak - before:.0f} MB during the export)"
    )


if __name__ == "__main__":
    main()
