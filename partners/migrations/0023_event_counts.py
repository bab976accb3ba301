"""Each event's invitation counts per status (``EventInvitationCount``), kept by triggers on the invitations
(``partners/reporting/event_counts.py``, declared with the others through ``reporting/triggers.py``), and counted once
for what is there (the backfill)."""

import django.db.models.deletion
from django.db import migrations, models

from partners.reporting import event_counts


def install(apps, schema_editor):
    event_counts.install(schema_editor.execute)


def uninstall(apps, schema_editor):
    event_counts.uninstall(schema_editor.execute)


class Migration(migrations.Migration):
    dependencies = [("partners", "0022_kept_counts")]

    operations = [
        migrations.CreateModel(
            name="EventInvitationCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("invited", "Invited"),
                            ("accepted", "Accepted"),
                            ("declined", "Declined"),
                            ("attended", "Attended"),
                            ("no_show", "No-show"),
                        ],
                        max_length=16,
                    ),
                ),
                ("count", models.IntegerField(default=0)),
                (
                    "event",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="invitation_counts",
                        to="partners.event",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("event", "status"), name="event_invitation_count_unique")
                ]
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
