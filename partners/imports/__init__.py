"""Import of CSV and XLSX files: reading (encoding, delimiter, limits), looking up, running and recording imports.

The resources in ``partners.resources`` define the columns; ``partners.imports.service`` runs a file through them
(the staff pages, the ``import_file`` command and the benchmark all use it).
"""
