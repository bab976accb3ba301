"""Exports that come back in: export a whole list and preview its import again, counting the refused rows.

    .venv/bin/python bench/export_roundtrip_bench.py --database-url URL [--entity contacts] [--limit N]

Runs a list's export (``manage.py export_file``'s code path: the list's rows through the entity's resource, CSV for
Danish Excel) into memory, then the import's preview of that file (``import_file(commit=False)``: every row matched,
looked up and validated, nothing written). Prints the rows, the rows the preview refuses (with the most common
messages) and the rows it would change; the last line is ``refused_rows=<n>`` (target 0). Run it against a copy of
the reference database (``createdb -T pr_ref <copy>``): a preview writes nothing, but the copy keeps the reference
database out of reach of an import.
"""

import argparse
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL", ""), required=not os.environ.get("DATABASE_URL")
    )
    parser.add_argument("--entity", default="contacts")
    parser.add_argument("--limit", type=int, default=0, help="only the first N rows of the list")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings.base")
    os.environ["DJANGO_DEBUG"] = "0"
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.http import QueryDict
    from django.test import RequestFactory
    from django.utils import translation

    from partners import registry
    from partners.transfer import exporting
    from partners.transfer.imports import import_file

    translation.activate("da")
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    found = registry.find(args.entity)
    resource = found.resource()
    queryset = found.filterset(QueryDict(), queryset=found.list_queryset(), request=request).qs  # the list, unfiltered
    if args.limit:
        queryset = queryset[: args.limit]
    started = time.perf_counter()
    rows = exporting.export_rows(resource, queryset)
    data = "".join(exporting.csv_chunks(exporting.export_headers(resource), rows, delimiter=";")).encode("utf-8")
    exported = time.perf_counter() - started
    started = time.perf_counter()
    report = import_file(entity=args.entity, data=data, file_name=f"{args.entity}.csv", commit=False)
    previewed = time.perf_counter() - started
    messages = Counter(re.sub(r"“[^”]*”", "“…”", error.message) for error in report.errors)
    print(f"entity={args.entity} rows={report.total_rows} bytes={len(data)}")
    print(f"export_s={exported:.1f} preview_s={previewed:.1f}")
    print(f"counts={report.counts}")
    for message, count in messages.most_common(5):
        print(f"  {count:>7}  {message[:150]}")
    print(f"refused_rows={report.error_rows}")


if __name__ == "__main__":
    main()
