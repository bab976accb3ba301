"""Import and export of CSV and XLSX files: one resource module per entity (``resources/``) on the shared machinery
(``base``), reading files (``reading``: encoding, delimiter, limits), looking up (``lookups``), bulk writes
(``writing``), the import run and its record (``imports``: the staff pages, the ``import_file`` command and the
benchmark all use it) and the export (``exporting``: formula neutralising, streaming CSV/XLSX, file responses).
"""
