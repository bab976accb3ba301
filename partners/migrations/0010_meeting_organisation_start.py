"""Meeting ↔ organisation links become a model of their own with a copy of the meeting's start (``starts_at``).

The table stays as Django created it for the many-to-many field (same name, columns and constraints); only the
column ``starts_at``, its indexes and the triggers that keep it are added. See ``MeetingOrganisation``.
"""

import django.db.models.deletion
from django.db import migrations, models

LINKS = "partners_meeting_organisations"
MEETINGS = "partners_meeting"

POSTGRESQL = [
    f"UPDATE {LINKS} l SET starts_at = m.starts_at FROM {MEETINGS} m WHERE m.id = l.meeting_id",
    f"""
    CREATE OR REPLACE FUNCTION partners_meeting_link_start() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.starts_at := (SELECT starts_at FROM {MEETINGS} WHERE id = NEW.meeting_id);
        RETURN NEW;
    END $$
    """,
    f"""
    CREATE TRIGGER {LINKS}_start BEFORE INSERT OR UPDATE ON {LINKS}
    FOR EACH ROW EXECUTE FUNCTION partners_meeting_link_start()
    """,
    f"""
    CREATE OR REPLACE FUNCTION partners_meeting_moved() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE {LINKS} l SET starts_at = n.starts_at
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE l.meeting_id = n.id AND o.starts_at IS DISTINCT FROM n.starts_at;
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE TRIGGER {MEETINGS}_moved AFTER UPDATE ON {MEETINGS}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION partners_meeting_moved()
    """,
]
POSTGRESQL_REVERSE = [
    f"DROP TRIGGER IF EXISTS {LINKS}_start ON {LINKS}",
    f"DROP TRIGGER IF EXISTS {MEETINGS}_moved ON {MEETINGS}",
    "DROP FUNCTION IF EXISTS partners_meeting_link_start()",
    "DROP FUNCTION IF EXISTS partners_meeting_moved()",
]
# The SQLite demo: the same rules as row triggers (SQLite has no statement triggers).
SQLITE = [
    f"UPDATE {LINKS} SET starts_at = (SELECT starts_at FROM {MEETINGS} WHERE id = {LINKS}.meeting_id)",
    f"""
    CREATE TRIGGER {LINKS}_start AFTER INSERT ON {LINKS} BEGIN
        UPDATE {LINKS} SET starts_at = (SELECT starts_at FROM {MEETINGS} WHERE id = NEW.meeting_id) WHERE id = NEW.id;
    END
    """,
    f"""
    CREATE TRIGGER {LINKS}_relinked AFTER UPDATE OF meeting_id, starts_at ON {LINKS} BEGIN
        UPDATE {LINKS} SET starts_at = (SELECT starts_at FROM {MEETINGS} WHERE id = NEW.meeting_id)
        WHERE id = NEW.id AND starts_at IS NOT (SELECT starts_at FROM {MEETINGS} WHERE id = NEW.meeting_id);
    END
    """,
    f"""
    CREATE TRIGGER {MEETINGS}_moved AFTER UPDATE OF starts_at ON {MEETINGS} BEGIN
        UPDATE {LINKS} SET starts_at = NEW.starts_at WHERE meeting_id = NEW.id;
    END
    """,
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {LINKS}_start",
    f"DROP TRIGGER IF EXISTS {LINKS}_relinked",
    f"DROP TRIGGER IF EXISTS {MEETINGS}_moved",
]


def run(statements: dict[str, list[str]]):
    def operation(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0009_followup_open_meeting"),
    ]

    operations = [
        # The table exists (Django made it for the many-to-many field): tell Django's state only.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="MeetingOrganisation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
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
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="meeting_links",
                                to="partners.organisation",
                                verbose_name="organisation",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "meeting organisation",
                        "verbose_name_plural": "meeting organisations",
                        "db_table": "partners_meeting_organisations",
                        "unique_together": {("meeting", "organisation")},
                    },
                ),
                migrations.AlterField(
                    model_name="meeting",
                    name="organisations",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="meetings",
                        through="partners.MeetingOrganisation",
                        to="partners.organisation",
                        verbose_name="organisations",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="meetingorganisation",
            name="starts_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="meeting start"),
        ),
        migrations.RunPython(
            run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
        migrations.AddIndex(
            model_name="meetingorganisation",
            index=models.Index(fields=["organisation", "-starts_at"], name="meeting_org_recent_idx"),
        ),
        migrations.AddIndex(
            model_name="meetingorganisation",
            index=models.Index(fields=["starts_at"], name="meeting_org_starts_idx"),
        ),
    ]
