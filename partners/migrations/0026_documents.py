"""Documents attached to records, with their extracted text (issue 16).

One table and its history; the documents of a record are found by (record_type, record_id), searched through the Danish
full-text index over title, description and extracted text and the folded-title trigram index (the register search,
``partners/selectors/search.py``). The record is a generic relation, so this migration needs no case model.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import partners.models.documents
import partners.models.folding


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("partners", "0025_cases"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalDocument",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("created_at", models.DateTimeField(blank=True, editable=False, verbose_name="created")),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("consultation_response", "Consultation response"),
                            ("recommendation", "Recommendation"),
                            ("yearly_report", "Yearly report"),
                            ("minutes", "Minutes"),
                            ("letter", "Letter"),
                            ("presentation", "Presentation"),
                            ("other", "Other"),
                        ],
                        default="other",
                        max_length=32,
                        verbose_name="kind",
                    ),
                ),
                (
                    "date",
                    models.DateField(
                        blank=True, help_text="The date of the document itself.", null=True, verbose_name="date"
                    ),
                ),
                ("description", models.TextField(blank=True, verbose_name="description")),
                ("file", models.TextField(max_length=255, verbose_name="file")),
                ("original_name", models.CharField(max_length=255, verbose_name="file name")),
                ("size", models.PositiveBigIntegerField(verbose_name="size")),
                (
                    "content_type",
                    models.CharField(
                        choices=[
                            ("application/pdf", "PDF"),
                            (
                                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                "Word document",
                            ),
                            ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel workbook"),
                            ("image/png", "PNG image"),
                            ("image/jpeg", "JPEG image"),
                        ],
                        max_length=100,
                        verbose_name="file type",
                    ),
                ),
                ("text_extracted", models.BooleanField(default=False, editable=False, verbose_name="text extracted")),
                ("record_id", models.PositiveBigIntegerField(blank=True, null=True, verbose_name="attached to (id)")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "record_type",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        limit_choices_to=partners.models.documents.attachable_types,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="contenttypes.contenttype",
                        verbose_name="attached to (type)",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="uploaded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical document",
                "verbose_name_plural": "historical documents",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Document",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("consultation_response", "Consultation response"),
                            ("recommendation", "Recommendation"),
                            ("yearly_report", "Yearly report"),
                            ("minutes", "Minutes"),
                            ("letter", "Letter"),
                            ("presentation", "Presentation"),
                            ("other", "Other"),
                        ],
                        default="other",
                        max_length=32,
                        verbose_name="kind",
                    ),
                ),
                (
                    "date",
                    models.DateField(
                        blank=True, help_text="The date of the document itself.", null=True, verbose_name="date"
                    ),
                ),
                ("description", models.TextField(blank=True, verbose_name="description")),
                (
                    "file",
                    models.FileField(
                        max_length=255, upload_to=partners.models.documents.stored_name, verbose_name="file"
                    ),
                ),
                ("original_name", models.CharField(max_length=255, verbose_name="file name")),
                ("size", models.PositiveBigIntegerField(verbose_name="size")),
                (
                    "content_type",
                    models.CharField(
                        choices=[
                            ("application/pdf", "PDF"),
                            (
                                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                "Word document",
                            ),
                            ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel workbook"),
                            ("image/png", "PNG image"),
                            ("image/jpeg", "JPEG image"),
                        ],
                        max_length=100,
                        verbose_name="file type",
                    ),
                ),
                ("text", models.TextField(blank=True, editable=False, verbose_name="extracted text")),
                ("text_extracted", models.BooleanField(default=False, editable=False, verbose_name="text extracted")),
                ("record_id", models.PositiveBigIntegerField(blank=True, null=True, verbose_name="attached to (id)")),
                (
                    "record_type",
                    models.ForeignKey(
                        blank=True,
                        limit_choices_to=partners.models.documents.attachable_types,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="contenttypes.contenttype",
                        verbose_name="attached to (type)",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="uploaded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "document",
                "verbose_name_plural": "documents",
                "ordering": ["-date", "-created_at", "-id"],
                "indexes": [
                    models.Index(fields=["record_type", "record_id"], name="document_record_idx"),
                    models.Index(fields=["kind", "-date"], name="document_kind_date_idx"),
                    django.contrib.postgres.indexes.GinIndex(
                        django.contrib.postgres.indexes.OpClass(
                            partners.models.folding.Fold("title"), name="gin_trgm_ops"
                        ),
                        name="document_title_fold_trgm_idx",
                    ),
                    django.contrib.postgres.indexes.GinIndex(
                        django.contrib.postgres.search.CombinedSearchVector(
                            django.contrib.postgres.search.CombinedSearchVector(
                                django.contrib.postgres.search.SearchVector("title", config="danish", weight="A"),
                                "||",
                                django.contrib.postgres.search.SearchVector("description", config="danish", weight="B"),
                                django.contrib.postgres.search.SearchConfig("danish"),
                            ),
                            "||",
                            django.contrib.postgres.search.SearchVector("text", config="danish", weight="C"),
                            django.contrib.postgres.search.SearchConfig("danish"),
                        ),
                        name="document_fts_idx",
                    ),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("record_id__isnull", True), ("record_type__isnull", True)),
                            models.Q(("record_id__isnull", False), ("record_type__isnull", False)),
                            _connector="OR",
                        ),
                        name="document_record_whole",
                    )
                ],
            },
        ),
    ]
