"""The meeting's organisation, theme, area and staff links become models of their own, each with a copy of the
meeting's start (``starts_at``), kept by database triggers. See ``partners.models.meetings.MeetingLink``.

The tables stay as Django created them for the many-to-many fields (same names, columns and constraints); only the
column ``starts_at`` and its indexes are added (the triggers that keep it: ``partners/reporting/triggers.py``).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# model name, table, the other side's field, its model, related_name on the meeting
LINKS = [
    ("MeetingOrganisation", "partners_meeting_organisations", "organisation", "partners.organisation", "organisations"),
    ("MeetingTheme", "partners_meeting_themes", "theme", "partners.theme", "themes"),
    ("MeetingArea", "partners_meeting_areas", "area", "partners.area", "areas"),
    ("MeetingStaff", "partners_meeting_staff", "user", settings.AUTH_USER_MODEL, "staff"),
]
VERBOSE = {
    "organisation": ("organisation", "organisations", "meeting organisation", "meeting organisations"),
    "theme": ("theme", "themes", "meeting theme", "meeting themes"),
    "area": ("housing area", "areas", "meeting area", "meeting areas"),
    "user": ("staff member", "staff", "meeting staff member", "meeting staff members"),
}


def link_state(model: str, table: str, field: str, to: str, name: str) -> list:
    """The state of one link model and of the meeting's field that now goes through it (no database change)."""
    field_label, plural, label, labels = VERBOSE[field]
    return [
        migrations.CreateModel(
            name=model,
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="partners.meeting", verbose_name="meeting"
                    ),
                ),
                (
                    field,
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="meeting_links",
                        to=to,
                        verbose_name=field_label,
                    ),
                ),
            ],
            options={
                "verbose_name": label,
                "verbose_name_plural": labels,
                "db_table": table,
                "unique_together": {("meeting", field)},
                "abstract": False,
            },
        ),
        migrations.AlterField(
            model_name="meeting",
            name=name,
            field=models.ManyToManyField(
                blank=True,
                related_name="meetings",
                through=f"partners.{model}",
                to=to,
                verbose_name=plural,
            ),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0009_followup_open_meeting"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables exist (Django made them for the many-to-many fields): tell Django's state only.
        migrations.SeparateDatabaseAndState(
            state_operations=[operation for link in LINKS for operation in link_state(*link)],
            database_operations=[],
        ),
        *(
            migrations.AddField(
                model_name=model.lower(),
                name="starts_at",
                field=models.DateTimeField(editable=False, null=True, verbose_name="meeting start"),
            )
            for model, *_rest in LINKS
        ),
        # The triggers that keep starts_at (and fill it for the links already there) are declared in
        # partners/reporting/triggers.py and installed by 0013_triggers_declared_once.
        migrations.AddIndex(
            model_name="meetingorganisation",
            index=models.Index(fields=["organisation", "-starts_at"], name="meeting_org_recent_idx"),
        ),
        migrations.AddIndex(
            model_name="meetingorganisation",
            index=models.Index(
                fields=["starts_at"], include=["organisation", "meeting"], name="meeting_org_starts_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="meetingtheme",
            index=models.Index(fields=["starts_at", "theme"], name="meeting_theme_starts_idx"),
        ),
        migrations.AddIndex(
            model_name="meetingarea",
            index=models.Index(fields=["starts_at", "area"], name="meeting_area_starts_idx"),
        ),
        migrations.AddIndex(
            model_name="meetingstaff",
            index=models.Index(fields=["starts_at", "user"], name="meeting_staff_starts_idx"),
        ),
    ]
