"""Kept columns for the lists' derived values (issue 14): an organisation's current contacts and latest meeting, a
contact's primary organisation, title and latest meeting, a meeting's open follow-ups, with a b-tree index for each
sort and for "no meeting since"; the triggers that keep them (``partners/reporting/triggers.py``, ``KEPT``), and the
recount of every existing row. Going back drops the triggers before the columns."""

import django.db.models.deletion
from django.db import migrations, models

from partners.reporting import triggers


def install(apps, schema_editor):
    triggers.install_kept(schema_editor.execute)
    # The recount's writes leave deferred checks queued; the index on the new foreign key comes after this.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for table in triggers.KEEPING_TABLES:
        schema_editor.execute(f"ANALYZE {table}")


def uninstall(apps, schema_editor):
    triggers.uninstall_kept(schema_editor.execute)


class Migration(migrations.Migration):
    dependencies = [("partners", "0021_search_words")]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="latest_meeting_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="latest meeting"),
        ),
        migrations.AddField(
            model_name="contact",
            name="primary_organisation",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="partners.organisation",
                verbose_name="organisation",
            ),
        ),
        migrations.AddField(
            model_name="contact",
            name="primary_organisation_name",
            field=models.CharField(editable=False, max_length=200, null=True, verbose_name="organisation"),
        ),
        migrations.AddField(
            model_name="contact",
            name="primary_title",
            field=models.CharField(editable=False, max_length=200, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="meeting",
            name="open_follow_ups",
            field=models.PositiveIntegerField(db_default=0, default=0, editable=False, verbose_name="open follow-ups"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="contact_count",
            field=models.PositiveIntegerField(db_default=0, default=0, editable=False, verbose_name="contacts"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="latest_meeting_at",
            field=models.DateTimeField(
                editable=False, help_text="Planned meetings included.", null=True, verbose_name="latest meeting"
            ),
        ),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(
                fields=["primary_organisation_name", "last_name", "first_name", "id"], name="contact_primary_org_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(
                fields=["primary_title", "last_name", "first_name", "id"], name="contact_primary_title_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(fields=["primary_organisation"], name="contact_primary_org_id_idx"),
        ),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(fields=["latest_meeting_at"], name="contact_latest_meeting_idx"),
        ),
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(fields=["open_follow_ups", "-starts_at", "-id"], name="meeting_open_follow_ups_idx"),
        ),
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(fields=["contact_count", "name", "id"], name="organisation_contacts_idx"),
        ),
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(fields=["latest_meeting_at"], name="organisation_latest_idx"),
        ),
        migrations.RunPython(install, uninstall),
    ]
