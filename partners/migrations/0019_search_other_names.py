"""Trigram indexes over the folded short names and aliases of organisations (migration 0018), so that the search
(``partners/selectors/search.py``) finds "LBF" and "MSB" the way 0017_fold lets it find a name: the whole name, its
start, any part of it, a word like it. As in 0017, each indexed expression is exactly the one the search builds
(tests/ui/test_search.py checks that the planner uses them); the indexes are not model state.
"""

from importlib import import_module

from django.db import migrations

folded_trigram = import_module("partners.migrations.0017_fold").folded_trigram


def new_indexes():
    """(model name, index) pairs."""
    return [
        ("organisation", folded_trigram("short_name", "organisation_short_name_fold_trgm_idx")),
        ("organisationalias", folded_trigram("name", "organisationalias_name_fold_trgm_idx")),
    ]


def forwards(apps, schema_editor):
    for model_name, index in new_indexes():
        schema_editor.add_index(apps.get_model("partners", model_name), index)


def backwards(apps, schema_editor):
    for model_name, index in new_indexes():
        schema_editor.remove_index(apps.get_model("partners", model_name), index)


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0018_organisation_aliases"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
