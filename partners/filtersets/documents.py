from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..models import Document, Organisation
from ..models.documents import ATTACHABLE, DocumentKind, FileType, document_vector
from .base import BaseFilterSet, ChoicesFilter, DateRangeFilter, RelatedAnyFilter, UserChoiceFilter

NOT_ATTACHED = "none"


def attached_choices() -> list[tuple[str, str]]:
    from django.apps import apps

    choices = []
    for app_label, model_name in ATTACHABLE:
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        choices.append((model_name, model._meta.verbose_name_plural.capitalize()))
    return [*choices, (NOT_ATTACHED, _("Not attached"))]


class DocumentFilterSet(BaseFilterSet):
    # Whole words of the title, the description and the text inside the file, through the full-text index.
    search_document = staticmethod(document_vector)

    kind = ChoicesFilter(choices=DocumentKind.choices, label=_("Kind"))
    content_type = ChoicesFilter(choices=FileType.choices, label=_("File type"))
    attached_to = ChoicesFilter(choices=attached_choices, method="filter_attached_to", label=_("Attached to"))
    organisations = RelatedAnyFilter(of=Organisation, method="filter_organisations", label=_("Organisation"))
    date = DateRangeFilter(label=_("Date"))
    uploaded_by = UserChoiceFilter(label=_("Uploaded by"))

    class Meta(BaseFilterSet.Meta):
        model = Document
        fields = ["q", "kind", "content_type", "attached_to", "organisations", "date", "uploaded_by"]

    def filter_attached_to(self, queryset, name, value):
        if not value:
            return queryset
        condition = Q()
        if NOT_ATTACHED in value:
            condition |= Q(record_type__isnull=True)
        types = [model for model in value if model != NOT_ATTACHED]
        if types:
            condition |= Q(record_type__in=ContentType.objects.filter(app_label="partners", model__in=types))
        return queryset.filter(condition)

    def filter_organisations(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            record_type=ContentType.objects.get_for_model(Organisation), record_id__in=[o.pk for o in value]
        )
