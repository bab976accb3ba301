"""The triggers of the meeting figures and of the links' kept meeting start, from their one declaration
(``partners/reporting/triggers.py``). Earlier migrations created them piece by piece; on a database that has them
this replaces them with the same, on one that does not it creates them and counts what is there."""

from django.conf import settings
from django.db import migrations

from partners.reporting import triggers


def install(apps, schema_editor):
    triggers.install(schema_editor.execute, settings.TIME_ZONE)


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0012_meeting_contact_start"),
    ]

    operations = [
        # Going back leaves them: the database after 0012 has the same triggers.
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
