"""The Danish folding function and the indexes of the search that uses it (``partners/selectors/search.py``).

``partners_fold(text)`` (``partners/models/folding.py``) is an IMMUTABLE SQL function over ``unaccent`` with its
dictionary named explicitly, so indexes may be built over it. Trigram GIN indexes over the folded names serve the
infix match (``LIKE '%gellerup%'``) and the typo-tolerant word similarity (``%>``); the Danish full-text indexes now
cover the notes, the meetings' minutes and decisions, areas, events and follow-ups. The trigram indexes of 0004 over the
unfolded names are no longer searched and are dropped (they only cost writes).

As in 0004, each indexed expression must be exactly the one the search builds (tests/ui/test_search.py checks that the
planner uses them); the indexes are not model state, so ``makemigrations`` neither needs nor removes them.
"""

from importlib import import_module

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat

from partners.models.folding import FOLD_FUNCTION, FOLD_FUNCTION_SQL, Fold


def folded_trigram(expression, name: str) -> GinIndex:
    return GinIndex(OpClass(Fold(expression), name="gin_trgm_ops"), name=name)


def weighted(*fields: tuple[str, str]):
    vectors = [SearchVector(field, weight=weight, config="danish") for field, weight in fields]
    vector = vectors[0]
    for other in vectors[1:]:
        vector = vector + other
    return vector


def new_indexes():
    """(model name, index) pairs."""
    return [
        ("organisation", folded_trigram("name", "organisation_name_fold_trgm_idx")),
        ("organisation", GinIndex(weighted(("name", "A"), ("notes", "B")), name="organisation_fts_idx")),
        (
            "contact",
            folded_trigram(Concat("first_name", Value(" "), "last_name"), "contact_full_name_fold_trgm_idx"),
        ),
        (
            "contact",
            GinIndex(weighted(("first_name", "A"), ("last_name", "A"), ("notes", "B")), name="contact_fts_idx"),
        ),
        ("collaboration", folded_trigram("title", "collaboration_title_fold_trgm_idx")),
        ("area", folded_trigram("name", "area_name_fold_trgm_idx")),
        ("area", GinIndex(weighted(("name", "A"), ("notes", "B")), name="area_fts_idx")),
        ("event", folded_trigram("name", "event_name_fold_trgm_idx")),
        (
            "event",
            GinIndex(weighted(("name", "A"), ("location", "B"), ("description", "B")), name="event_fts_idx"),
        ),
        (
            "meeting",
            GinIndex(weighted(("subject", "A"), ("minutes", "B"), ("decisions", "B")), name="meeting_fts_idx"),
        ),
        ("followup", GinIndex(SearchVector("text", config="danish"), name="followup_text_fts_idx")),
    ]


DROPPED = {
    "organisation_name_trgm_idx",
    "organisation_name_fts_idx",
    "contact_full_name_trgm_idx",
    "contact_name_fts_idx",
    "collaboration_title_trgm_idx",
    "meeting_subject_fts_idx",
}


def old_indexes():
    """The indexes of 0004 that the search no longer builds, as 0004 made them (collaboration_fts_idx stays)."""
    made_by_0004 = import_module("partners.migrations.0004_search").search_indexes()
    return [(model_name, index) for model_name, index in made_by_0004 if index.name in DROPPED]


def _add(apps, schema_editor, indexes):
    for model_name, index in indexes:
        schema_editor.add_index(apps.get_model("partners", model_name), index)


def _remove(apps, schema_editor, indexes):
    for model_name, index in indexes:
        schema_editor.remove_index(apps.get_model("partners", model_name), index)


def forwards(apps, schema_editor):
    _remove(apps, schema_editor, old_indexes())
    _add(apps, schema_editor, new_indexes())


def backwards(apps, schema_editor):
    _remove(apps, schema_editor, new_indexes())
    _add(apps, schema_editor, old_indexes())


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0016_submission_token"),
    ]

    operations = [
        # unaccent is a trusted extension (the database owner may create it); in public, the schema the function names.
        # Going back leaves it in place, as 0004 does with pg_trgm.
        migrations.RunSQL("CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public", migrations.RunSQL.noop),
        migrations.RunSQL(FOLD_FUNCTION_SQL, f"DROP FUNCTION IF EXISTS public.{FOLD_FUNCTION}(text)"),
        migrations.RunPython(forwards, backwards),
    ]
