"""Export of a queryset through its django-import-export resource, as CSV (Danish Excel friendly) or XLSX."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify

EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
CSV_DELIMITERS = {",": ",", ";": ";", "semicolon": ";", "tab": "\t", "\t": "\t"}
# A cell starting with one of these is read as a formula by spreadsheet programs (CSV/formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Prefix a text cell that a spreadsheet would read as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_dataset(dataset):
    dataset.headers = [neutralise(str(h)) for h in dataset.headers or []]
    rows = [tuple(neutralise(cell) for cell in row) for row in dataset]
    headers = dataset.headers
    dataset.wipe()
    dataset.headers = headers
    for row in rows:
        dataset.append(row)
    return dataset


def export_response(*, resource, queryset, export_format: str, filename: str, delimiter: str = ",") -> HttpResponse:
    dataset = neutralise_dataset(resource.export(queryset=queryset))
    content_type, extension = EXPORT_FORMATS[export_format]
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    name = f"{slugify(filename) or 'export'}-{stamp}.{extension}"
    if export_format == "csv":
        # UTF-8 with BOM so Danish Excel shows æ, ø and å; the delimiter is selectable (";" for Danish Excel).
        body = "\ufeff" + dataset.export("csv", delimiter=CSV_DELIMITERS.get(delimiter, ","))
        response = HttpResponse(body.encode("utf-8"), content_type=content_type)
    else:
        response = HttpResponse(dataset.export("xlsx"), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
