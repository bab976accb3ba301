"""Indexes of the register search (``partners/selectors/search.py``).

pg_trgm gives trigram similarity for misspelt names; the GIN indexes serve the trigram operators (``%``, ``<%``) and the
Danish full-text match (``@@``). Each indexed expression must be exactly the expression the search builds, or the
planner cannot use the index: keep the two in step (tests/ui/test_search.py checks that the planner can use them).

The indexes are not model state (``Meta.indexes``), so ``makemigrations`` neither needs nor removes them.
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import TrigramExtension
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat


def search_indexes():
    """(model name, index) pairs."""
    return [
        ("organisation", GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="organisation_name_trgm_idx")),
        ("organisation", GinIndex(SearchVector("name", config="danish"), name="organisation_name_fts_idx")),
        (
            "contact",
            GinIndex(
                OpClass(Concat("first_name", Value(" "), "last_name"), name="gin_trgm_ops"),
                name="contact_full_name_trgm_idx",
            ),
        ),
        (
            "contact",
            GinIndex(SearchVector("first_name", "last_name", config="danish"), name="contact_name_fts_idx"),
        ),
        ("collaboration", GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="collaboration_title_trgm_idx")),
        (
            "collaboration",
            GinIndex(
                SearchVector("title", weight="A", config="danish")
                + SearchVector("description", weight="B", config="danish"),
                name="collaboration_fts_idx",
            ),
        ),
        ("meeting", GinIndex(SearchVector("subject", config="danish"), name="meeting_subject_fts_idx")),
    ]


def create_search_indexes(apps, schema_editor):
    for model_name, index in search_indexes():
        schema_editor.add_index(apps.get_model("partners", model_name), index)


def drop_search_indexes(apps, schema_editor):
    for model_name, index in search_indexes():
        schema_editor.remove_index(apps.get_model("partners", model_name), index)


class TrigramExtensionKept(TrigramExtension):
    """Creates pg_trgm; going back leaves the extension in place: it is harmless, and other indexes may depend on it."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0003_table_preference"),
    ]

    operations = [
        # pg_trgm is a trusted extension: the database owner may create it without being a superuser.
        TrigramExtensionKept(),
        migrations.RunPython(create_search_indexes, drop_search_indexes),
    ]
