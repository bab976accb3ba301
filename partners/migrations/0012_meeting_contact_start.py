"""A meeting's contacts get the same link model as its organisations, themes, areas and staff (see 0010 and
``MeetingLink``): the table stays as Django made it, with the kept ``starts_at``, its index and triggers added."""

import django.db.models.deletion
from django.db import migrations, models

MEETINGS = "partners_meeting"
CONTACTS = "partners_meeting_contacts"
BEFORE = [
    "partners_meeting_organisations",
    "partners_meeting_themes",
    "partners_meeting_areas",
    "partners_meeting_staff",
]


def moved_function(tables: list[str]) -> str:
    """The statement trigger that carries a meeting's new start to its links (as in 0010, for ``tables``)."""
    moves = "\n".join(
        f"UPDATE {table} l SET starts_at = n.starts_at FROM old_rows o JOIN new_rows n ON n.id = o.id "
        "WHERE l.meeting_id = n.id AND o.starts_at IS DISTINCT FROM n.starts_at;"
        for table in tables
    )
    return f"""
        CREATE OR REPLACE FUNCTION partners_meeting_moved() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            {moves}
            RETURN NULL;
        END $$
        """


def forwards(apps, schema_editor):
    schema_editor.execute(
        f"UPDATE {CONTACTS} l SET starts_at = m.starts_at FROM {MEETINGS} m WHERE m.id = l.meeting_id"
    )
    schema_editor.execute(
        f"CREATE TRIGGER {CONTACTS}_start BEFORE INSERT OR UPDATE ON {CONTACTS} "
        "FOR EACH ROW EXECUTE FUNCTION partners_meeting_link_start()"
    )
    schema_editor.execute(moved_function([*BEFORE, CONTACTS]))


def backwards(apps, schema_editor):
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {CONTACTS}_start ON {CONTACTS}")
    schema_editor.execute(moved_function(BEFORE))


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0011_meeting_starts_kind"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="MeetingContact",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        (
                            "meeting",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="partners.meeting",
                                verbose_name="meeting",
                            ),
                        ),
                        (
                            "contact",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="meeting_links",
                                to="partners.contact",
                                verbose_name="contact",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "meeting contact",
                        "verbose_name_plural": "meeting contacts",
                        "db_table": CONTACTS,
                        "unique_together": {("meeting", "contact")},
                        "abstract": False,
                    },
                ),
                migrations.AlterField(
                    model_name="meeting",
                    name="contacts",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="meetings",
                        through="partners.MeetingContact",
                        to="partners.contact",
                        verbose_name="contacts",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="meetingcontact",
            name="starts_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="meeting start"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AddIndex(
            model_name="meetingcontact",
            index=models.Index(fields=["contact", "-starts_at"], name="meeting_contact_recent_idx"),
        ),
    ]
