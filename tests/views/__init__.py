"""Per-entity view tests on the harness in ``tests/harness/views.py``."""
