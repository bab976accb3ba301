"""Advocacy cases, stances and political bodies (issue 16)."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0024_list_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Case",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                (
                    "ask",
                    models.TextField(
                        blank=True, help_text="What we want: the secretariat's position.", verbose_name="our position"
                    ),
                ),
                ("background", models.TextField(blank=True, verbose_name="background")),
                (
                    "level",
                    models.CharField(
                        choices=[("municipal", "Municipal"), ("regional", "Regional"), ("national", "National")],
                        default="municipal",
                        max_length=16,
                        verbose_name="level",
                    ),
                ),
                (
                    "stage",
                    models.CharField(
                        choices=[
                            ("watching", "Watching"),
                            ("preparing", "Preparing"),
                            ("active", "Active advocacy"),
                            ("decided", "Decided"),
                        ],
                        default="watching",
                        max_length=16,
                        verbose_name="stage",
                    ),
                ),
                (
                    "outcome",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("won", "Got our way"),
                            ("partly", "Partly"),
                            ("lost", "Did not get our way"),
                            ("unsettled", "Unsettled"),
                        ],
                        max_length=16,
                        verbose_name="outcome",
                    ),
                ),
                ("outcome_date", models.DateField(blank=True, null=True, verbose_name="decided on")),
                ("outcome_note", models.TextField(blank=True, verbose_name="note on the outcome")),
            ],
            options={
                "verbose_name": "case",
                "verbose_name_plural": "cases",
                "ordering": ["title", "id"],
            },
        ),
        migrations.CreateModel(
            name="CaseDeadline",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("consultation", "Consultation deadline"),
                            ("committee", "Committee meeting"),
                            ("council", "City council meeting"),
                            ("budget", "Budget negotiation"),
                        ],
                        max_length=16,
                        verbose_name="kind",
                    ),
                ),
                ("date", models.DateField(verbose_name="date")),
                ("note", models.TextField(blank=True, verbose_name="note")),
                (
                    "response_state",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("not_started", "Not started"),
                            ("drafting", "Being written"),
                            ("sent", "Sent"),
                            ("waived", "Not answering"),
                        ],
                        help_text="For a consultation deadline: how far our response is.",
                        max_length=16,
                        verbose_name="response",
                    ),
                ),
            ],
            options={
                "verbose_name": "key date",
                "verbose_name_plural": "key dates",
                "ordering": ["date", "id"],
            },
        ),
        migrations.CreateModel(
            name="CaseEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("consultation_response", "Consultation response"),
                            ("letter", "Letter"),
                            ("press", "Press"),
                            ("decision", "Decision"),
                        ],
                        max_length=32,
                        verbose_name="kind",
                    ),
                ),
                ("date", models.DateField(verbose_name="date")),
                ("note", models.TextField(blank=True, verbose_name="note")),
            ],
            options={
                "verbose_name": "case entry",
                "verbose_name_plural": "case entries",
                "ordering": ["-date", "-id"],
            },
        ),
        migrations.CreateModel(
            name="CaseStakeholder",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "stance",
                    models.CharField(
                        choices=[
                            ("supports", "Supports"),
                            ("neutral", "Neutral"),
                            ("opposes", "Opposes"),
                            ("unknown", "Unknown"),
                        ],
                        default="unknown",
                        max_length=16,
                        verbose_name="stance",
                    ),
                ),
                (
                    "influence",
                    models.CharField(
                        choices=[("high", "High"), ("medium", "Medium"), ("low", "Low")],
                        default="medium",
                        max_length=8,
                        verbose_name="influence",
                    ),
                ),
                (
                    "interest",
                    models.CharField(
                        choices=[("high", "High"), ("medium", "Medium"), ("low", "Low")],
                        default="medium",
                        max_length=8,
                        verbose_name="interest",
                    ),
                ),
                ("noted_on", models.DateField(blank=True, null=True, verbose_name="noted on")),
                ("note", models.TextField(blank=True, verbose_name="note")),
            ],
            options={
                "verbose_name": "stakeholder",
                "verbose_name_plural": "stakeholders",
                "ordering": ["id"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalCase",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("created_at", models.DateTimeField(blank=True, editable=False, verbose_name="created")),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                (
                    "ask",
                    models.TextField(
                        blank=True, help_text="What we want: the secretariat's position.", verbose_name="our position"
                    ),
                ),
                ("background", models.TextField(blank=True, verbose_name="background")),
                (
                    "level",
                    models.CharField(
                        choices=[("municipal", "Municipal"), ("regional", "Regional"), ("national", "National")],
                        default="municipal",
                        max_length=16,
                        verbose_name="level",
                    ),
                ),
                (
                    "stage",
                    models.CharField(
                        choices=[
                            ("watching", "Watching"),
                            ("preparing", "Preparing"),
                            ("active", "Active advocacy"),
                            ("decided", "Decided"),
                        ],
                        default="watching",
                        max_length=16,
                        verbose_name="stage",
                    ),
                ),
                (
                    "outcome",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("won", "Got our way"),
                            ("partly", "Partly"),
                            ("lost", "Did not get our way"),
                            ("unsettled", "Unsettled"),
                        ],
                        max_length=16,
                        verbose_name="outcome",
                    ),
                ),
                ("outcome_date", models.DateField(blank=True, null=True, verbose_name="decided on")),
                ("outcome_note", models.TextField(blank=True, verbose_name="note on the outcome")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
            ],
            options={
                "verbose_name": "historical case",
                "verbose_name_plural": "historical cases",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCaseDeadline",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("consultation", "Consultation deadline"),
                            ("committee", "Committee meeting"),
                            ("council", "City council meeting"),
                            ("budget", "Budget negotiation"),
                        ],
                        max_length=16,
                        verbose_name="kind",
                    ),
                ),
                ("date", models.DateField(verbose_name="date")),
                ("note", models.TextField(blank=True, verbose_name="note")),
                (
                    "response_state",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("not_started", "Not started"),
                            ("drafting", "Being written"),
                            ("sent", "Sent"),
                            ("waived", "Not answering"),
                        ],
                        help_text="For a consultation deadline: how far our response is.",
                        max_length=16,
                        verbose_name="response",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
            ],
            options={
                "verbose_name": "historical key date",
                "verbose_name_plural": "historical key dates",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCaseEvent",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("consultation_response", "Consultation response"),
                            ("letter", "Letter"),
                            ("press", "Press"),
                            ("decision", "Decision"),
                        ],
                        max_length=32,
                        verbose_name="kind",
                    ),
                ),
                ("date", models.DateField(verbose_name="date")),
                ("note", models.TextField(blank=True, verbose_name="note")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
            ],
            options={
                "verbose_name": "historical case entry",
                "verbose_name_plural": "historical case entries",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCaseStakeholder",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "stance",
                    models.CharField(
                        choices=[
                            ("supports", "Supports"),
                            ("neutral", "Neutral"),
                            ("opposes", "Opposes"),
                            ("unknown", "Unknown"),
                        ],
                        default="unknown",
                        max_length=16,
                        verbose_name="stance",
                    ),
                ),
                (
                    "influence",
                    models.CharField(
                        choices=[("high", "High"), ("medium", "Medium"), ("low", "Low")],
                        default="medium",
                        max_length=8,
                        verbose_name="influence",
                    ),
                ),
                (
                    "interest",
                    models.CharField(
                        choices=[("high", "High"), ("medium", "Medium"), ("low", "Low")],
                        default="medium",
                        max_length=8,
                        verbose_name="interest",
                    ),
                ),
                ("noted_on", models.DateField(blank=True, null=True, verbose_name="noted on")),
                ("note", models.TextField(blank=True, verbose_name="note")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
            ],
            options={
                "verbose_name": "historical stakeholder",
                "verbose_name_plural": "historical stakeholders",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RemoveConstraint(
            model_name="organisation",
            name="organisation_kind_valid",
        ),
        migrations.AlterField(
            model_name="historicalorganisation",
            name="kind",
            field=models.CharField(
                choices=[
                    ("municipality", "Municipality"),
                    ("administration", "Municipal administration"),
                    ("housing_organisation", "Housing organisation"),
                    ("estate", "Estate"),
                    ("national_partner", "National partner"),
                    ("local_organisation", "Local organisation"),
                    ("political_body", "Political body"),
                ],
                db_index=True,
                max_length=32,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="kind",
            field=models.CharField(
                choices=[
                    ("municipality", "Municipality"),
                    ("administration", "Municipal administration"),
                    ("housing_organisation", "Housing organisation"),
                    ("estate", "Estate"),
                    ("national_partner", "National partner"),
                    ("local_organisation", "Local organisation"),
                    ("political_body", "Political body"),
                ],
                db_index=True,
                max_length=32,
                verbose_name="kind",
            ),
        ),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "municipality",
                            "administration",
                            "housing_organisation",
                            "estate",
                            "national_partner",
                            "local_organisation",
                            "political_body",
                        ],
                    )
                ),
                name="organisation_kind_valid",
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="areas",
            field=models.ManyToManyField(blank=True, related_name="cases", to="partners.area", verbose_name="areas"),
        ),
        migrations.AddField(
            model_name="case",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="owned_cases",
                to=settings.AUTH_USER_MODEL,
                verbose_name="owner",
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="themes",
            field=models.ManyToManyField(blank=True, related_name="cases", to="partners.theme", verbose_name="themes"),
        ),
        migrations.AddField(
            model_name="meeting",
            name="cases",
            field=models.ManyToManyField(blank=True, related_name="meetings", to="partners.case", verbose_name="cases"),
        ),
        migrations.AddField(
            model_name="casedeadline",
            name="case",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="deadlines",
                to="partners.case",
                verbose_name="case",
            ),
        ),
        migrations.AddField(
            model_name="caseevent",
            name="case",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="events",
                to="partners.case",
                verbose_name="case",
            ),
        ),
        migrations.AddField(
            model_name="casestakeholder",
            name="case",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="stakeholders",
                to="partners.case",
                verbose_name="case",
            ),
        ),
        migrations.AddField(
            model_name="casestakeholder",
            name="contact",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="case_stances",
                to="partners.contact",
                verbose_name="contact",
            ),
        ),
        migrations.AddField(
            model_name="casestakeholder",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="case_stances",
                to="partners.organisation",
                verbose_name="organisation",
            ),
        ),
        migrations.AddField(
            model_name="historicalcase",
            name="history_user",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddField(
            model_name="historicalcase",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="owner",
            ),
        ),
        migrations.AddField(
            model_name="historicalcasedeadline",
            name="case",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="partners.case",
                verbose_name="case",
            ),
        ),
        migrations.AddField(
            model_name="historicalcasedeadline",
            name="history_user",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddField(
            model_name="historicalcaseevent",
            name="case",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="partners.case",
                verbose_name="case",
            ),
        ),
        migrations.AddField(
            model_name="historicalcaseevent",
            name="history_user",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddField(
            model_name="historicalcasestakeholder",
            name="case",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="partners.case",
                verbose_name="case",
            ),
        ),
        migrations.AddField(
            model_name="historicalcasestakeholder",
            name="contact",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="partners.contact",
                verbose_name="contact",
            ),
        ),
        migrations.AddField(
            model_name="historicalcasestakeholder",
            name="history_user",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddField(
            model_name="historicalcasestakeholder",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="partners.organisation",
                verbose_name="organisation",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["stage", "level"], name="case_stage_idx"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["owner", "stage"], name="case_owner_idx"),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.CheckConstraint(
                condition=models.Q(("level__in", ["municipal", "regional", "national"])), name="case_level_valid"
            ),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.CheckConstraint(
                condition=models.Q(("stage__in", ["watching", "preparing", "active", "decided"])),
                name="case_stage_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("outcome", ""), ("outcome__in", ["won", "partly", "lost", "unsettled"]), _connector="OR"
                ),
                name="case_outcome_valid",
            ),
        ),
        migrations.AddIndex(
            model_name="casedeadline",
            index=models.Index(fields=["kind", "date"], name="case_deadline_kind_date_idx"),
        ),
        migrations.AddConstraint(
            model_name="casedeadline",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["consultation", "committee", "council", "budget"])),
                name="case_deadline_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="casedeadline",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("response_state", ""),
                    ("response_state__in", ["not_started", "drafting", "sent", "waived"]),
                    _connector="OR",
                ),
                name="case_deadline_response_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="caseevent",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["consultation_response", "letter", "press", "decision"])),
                name="case_event_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="casestakeholder",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("organisation__isnull", False), ("contact__isnull", True)),
                    models.Q(("organisation__isnull", True), ("contact__isnull", False)),
                    _connector="OR",
                ),
                name="case_stakeholder_one_party",
                violation_error_message="Choose either an organisation or a contact.",
            ),
        ),
        migrations.AddConstraint(
            model_name="casestakeholder",
            constraint=models.UniqueConstraint(
                condition=models.Q(("organisation__isnull", False)),
                fields=("case", "organisation"),
                name="case_stakeholder_org_unique",
                violation_error_message="This organisation is already on the case.",
            ),
        ),
        migrations.AddConstraint(
            model_name="casestakeholder",
            constraint=models.UniqueConstraint(
                condition=models.Q(("contact__isnull", False)),
                fields=("case", "contact"),
                name="case_stakeholder_contact_unique",
                violation_error_message="This contact is already on the case.",
            ),
        ),
        migrations.AddConstraint(
            model_name="casestakeholder",
            constraint=models.CheckConstraint(
                condition=models.Q(("stance__in", ["supports", "neutral", "opposes", "unknown"])),
                name="case_stakeholder_stance_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="casestakeholder",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("influence__in", ["high", "medium", "low"]), ("interest__in", ["high", "medium", "low"])
                ),
                name="case_stakeholder_weight_valid",
            ),
        ),
    ]
