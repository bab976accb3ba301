"""A meeting's contacts get the same link model as its organisations, themes, areas and staff (see 0010 and
``MeetingLink``): the table stays as Django made it, with the kept ``starts_at`` and its index added (its triggers:
``partners/reporting/triggers.py``, installed by 0013)."""

import django.db.models.deletion
from django.db import migrations, models

CONTACTS = "partners_meeting_contacts"


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
        migrations.AddIndex(
            model_name="meetingcontact",
            index=models.Index(fields=["contact", "-starts_at"], name="meeting_contact_recent_idx"),
        ),
    ]
