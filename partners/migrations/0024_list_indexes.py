"""Indexes of the meeting and follow-up lists (issue 14): one per filter × default sort and per sortable column, and
the trigram index over the folded meeting subject that the lists' free text (``filtersets/base.py``
``text_matches``: a part of the subject) and the meetings' autocomplete read.

The b-tree indexes are model state (``Meta.indexes`` in ``partners/models/meetings.py``). The trigram index is not,
as with those of 0017_fold and 0019: its expression is exactly the one the filter builds (``Fold("subject")``;
tests/views/test_meetings.py checks that the planner uses it). The tables are analysed afterwards, so the planner
knows the folded subjects' statistics at once.
"""

from importlib import import_module

from django.db import migrations, models

folded_trigram = import_module("partners.migrations.0017_fold").folded_trigram


def new_indexes():
    """(model name, index) pairs."""
    return [("meeting", folded_trigram("subject", "meeting_subject_fold_trgm_idx"))]


def forwards(apps, schema_editor):
    for model_name, index in new_indexes():
        schema_editor.add_index(apps.get_model("partners", model_name), index)
    for table in ("partners_meeting", "partners_followup"):
        schema_editor.execute(f"ANALYZE {table}")


def backwards(apps, schema_editor):
    for model_name, index in new_indexes():
        schema_editor.remove_index(apps.get_model("partners", model_name), index)


class Migration(migrations.Migration):
    dependencies = [("partners", "0023_event_counts")]

    operations = [
        migrations.RemoveIndex(model_name="meeting", name="meeting_kind_idx"),
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(fields=["kind", "-starts_at", "-id"], name="meeting_kind_recent_idx"),
        ),
        migrations.AddIndex(model_name="meeting", index=models.Index(fields=["subject"], name="meeting_subject_idx")),
        migrations.AddIndex(
            model_name="meeting", index=models.Index(fields=["created_at"], name="meeting_created_idx")
        ),
        migrations.AddIndex(
            model_name="followup",
            index=models.Index(fields=["done_at", "due_date", "id"], name="followup_state_idx"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
