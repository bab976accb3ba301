"""The admin site: the back office for administrators, with change history from django-simple-history.

Every foreign key or many-to-many field that points at a table that grows (organisations, contacts, meetings, users …)
uses an autocomplete widget, and every change list selects or prefetches what its columns show, so that no page
renders thousands of options or runs a query per row.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.contrib.auth.models import Group, Permission, User
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.forms import Textarea
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator, format_lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Administration,
    Affiliation,
    Area,
    Case,
    CaseDeadline,
    CaseEvent,
    CaseStakeholder,
    Collaboration,
    CollaborationPartner,
    CollaborationReview,
    Contact,
    Document,
    ErasedPerson,
    Estate,
    Event,
    ExportRecord,
    FollowUp,
    HousingOrganisation,
    ImportBatch,
    Invitation,
    LocalOrganisation,
    Meeting,
    Municipality,
    NationalPartner,
    Organisation,
    OrganisationKind,
    PersonalDataExport,
    TablePreference,
    Tag,
    Theme,
)
from .models.meetings import MeetingArea, MeetingContact, MeetingOrganisation, MeetingStaff, MeetingTheme
from .models.organisations import ALLOWED_PARENT_KINDS, OrganisationAlias
from .services.documents import prepare_upload

# django-axes (login throttling) ships no Danish: its admin's words are listed here so that makemessages keeps their
# translations in this project's catalogue, which Django reads before the apps' own.
AXES_WORDS = (
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("Logout Time"),
    gettext_noop("Access Attempt"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Expires At"),
    gettext_noop("Locked Out"),
    gettext_noop("Not set"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Account locked: too many login attempts. Please try again later."),
    gettext_noop("Account locked: too many login attempts. Contact an admin to unlock your account."),
)

admin.site.site_header = _("Partnerregister – administration")
admin.site.site_title = _("Partnerregister – administration")
admin.site.index_title = _("Administration of the partner register")

COMPACT_TEXTAREA = {models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 40})}}


# --- permissions in the active language ---------------------------------------------------------------------------

MODEL_PERMISSIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def permission_label(permission: Permission) -> str:
    """A permission as the group and user forms offer it, in the active language.

    migrate stores a permission's name in English ("Can add meeting"): a model's own four are named again from its
    verbose name, the others (``Meta.permissions``, whose names are messages of the catalogue) are translated.
    """
    model = permission.content_type.model_class()
    action = permission.codename.split("_", 1)[0]
    if (
        model is not None
        and action in MODEL_PERMISSIONS
        and permission.codename == f"{action}_{model._meta.model_name}"
    ):
        name = MODEL_PERMISSIONS[action] % {"model": model._meta.verbose_name}
    else:
        name = gettext(permission.name)
    return f"{permission.content_type} | {name}"


class PermissionChoicesMixin:
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        chooses_permissions = db_field.name in ("permissions", "user_permissions")
        if chooses_permissions:
            kwargs["queryset"] = kwargs.get("queryset", Permission.objects).select_related("content_type")
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and chooses_permissions:
            field.label_from_instance = permission_label
        return field


admin.site.unregister(Group)
admin.site.unregister(User)


@admin.register(Group)
class PartnerGroupAdmin(PermissionChoicesMixin, GroupAdmin):
    pass


class PasswordChangeForm(AdminPasswordChangeForm):
    """Django's form writes the warning under "Password-based authentication" in English only (not translatable)."""

    usable_password_help_text = format_lazy(
        "{}{}",
        SetUnusablePasswordMixin.usable_password_help_text,
        format_lazy(
            '<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
            _("If disabled, the current password for this user will be lost."),
        ),
    )


@admin.register(User)
class PartnerUserAdmin(PermissionChoicesMixin, UserAdmin):
    change_password_form = PasswordChangeForm


# --- list filters -------------------------------------------------------------------------------------------------


class CurrentFilter(admin.SimpleListFilter):
    """Affiliations with no end date are current."""

    title = _("current")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("Current")), ("no", _("Former"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(end_date__isnull=True)
        if self.value() == "no":
            return queryset.filter(end_date__isnull=False)
        return queryset


class FollowUpStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", _("Open")), ("overdue", _("Overdue")), ("done", _("Done"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(done_at__isnull=True)
        if self.value() == "overdue":
            return queryset.filter(done_at__isnull=True, due_date__lt=timezone.localdate())
        if self.value() == "done":
            return queryset.filter(done_at__isnull=False)
        return queryset


# --- organisations --------------------------------------------------------------------------------------------------

PROXY_ADMIN_MODELS = (Municipality, Administration, HousingOrganisation, Estate, NationalPartner, LocalOrganisation)
PROXY_BY_MODEL_NAME = {model._meta.model_name: model for model in PROXY_ADMIN_MODELS}


def organisation_fieldsets(kind: str | None = None) -> tuple:
    """Fieldsets of the organisation form; a kind's form leaves out the fields that kind cannot use."""
    main = ["name", "short_name"]
    if kind is None:
        main.append("kind")
    if kind is None or ALLOWED_PARENT_KINDS.get(kind):
        main.append("parent")
    main += ["is_key_partner", "is_active", "owner", "tags"]
    identifiers = ["cvr"]
    if kind in (None, OrganisationKind.MUNICIPALITY):
        identifiers.append("municipality_code")
    if kind in (None, OrganisationKind.ESTATE):
        identifiers.append("estate_number")
    return (
        (None, {"fields": main}),
        (_("Identifiers"), {"fields": identifiers}),
        (_("Address and contact"), {"fields": ["street", "postal_code", "city", "phone", "email", "website"]}),
        (_("Notes"), {"fields": ["notes"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    )


class AliasInline(admin.TabularInline):
    model = OrganisationAlias
    fields = ["name"]
    extra = 0


@admin.register(OrganisationAlias)
class OrganisationAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "created_at"]
    search_fields = ["name", "organisation__name"]
    autocomplete_fields = ["organisation"]


class ChildOrganisationInline(admin.TabularInline):
    """Read-only list of the units directly below an organisation (administrations, estates …)."""

    model = Organisation
    fk_name = "parent"
    fields = ["name", "kind", "is_active"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = _("unit below")
    verbose_name_plural = _("units below")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "parent", "city", "owner", "is_key_partner", "is_active"]
    list_filter = ["kind", "is_key_partner", "is_active", ("owner", admin.RelatedOnlyFieldListFilter), "tags"]
    search_fields = ["name", "short_name", "cvr", "municipality_code", "estate_number", "city", "email"]
    list_select_related = ["parent", "owner"]
    autocomplete_fields = ["parent", "owner", "tags"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = organisation_fieldsets()
    inlines = [AliasInline, ChildOrganisationInline]
    formfield_overrides = {
        models.TextField: {"widget": Textarea(attrs={"rows": 4, "cols": 80})},
        # Web addresses typed without a scheme are https (Django 6's default; silences its deprecation warning).
        models.URLField: {"assume_scheme": "https"},
    }

    def get_inlines(self, request, obj):
        # Units below exist only once the organisation is saved.
        return self.inlines if obj is not None else []

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # The parent autocomplete of a kind's form offers only the kinds that may be its parent.
        if request.path.endswith("/autocomplete/") and request.GET.get("field_name") == "parent":
            source = PROXY_BY_MODEL_NAME.get(request.GET.get("model_name", ""))
            if source is not None:
                queryset = queryset.filter(kind__in=ALLOWED_PARENT_KINDS[source.KIND])
        return queryset, may_have_duplicates


class OrganisationKindAdmin(OrganisationAdmin):
    """Admin of one organisation kind (a proxy model): lists only that kind and creates objects of that kind.

    The proxy's manager filters the kind and its ``__init__`` sets it on new objects, so ``kind`` is left out of the
    form. The roles grant the permissions of ``Organisation``, not of the proxies, so those decide here too.
    """

    list_filter = ["is_key_partner", "is_active", ("owner", admin.RelatedOnlyFieldListFilter), "tags"]

    def get_list_display(self, request):
        return [field for field in super().get_list_display(request) if field != "kind"]

    def get_fieldsets(self, request, obj=None):
        return organisation_fieldsets(self.model.KIND)

    def _organisation_perm(self, request, action: str) -> bool:
        return request.user.has_perm(f"partners.{action}_organisation")

    def has_view_permission(self, request, obj=None):
        return self._organisation_perm(request, "view") or self._organisation_perm(request, "change")

    def has_add_permission(self, request):
        return self._organisation_perm(request, "add")

    def has_change_permission(self, request, obj=None):
        return self._organisation_perm(request, "change")

    def has_delete_permission(self, request, obj=None):
        return self._organisation_perm(request, "delete")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    # The history is kept by Organisation (the proxies have no history manager of their own): show it there.
    def history_view(self, request, object_id, extra_context=None):
        return redirect("admin:partners_organisation_history", object_id)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        return redirect("admin:partners_organisation_simple_history", object_id, version_id)


for _proxy in PROXY_ADMIN_MODELS:
    admin.site.register(_proxy, OrganisationKindAdmin)


# --- areas --------------------------------------------------------------------------------------------------------


@admin.register(Area)
class AreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "municipality", "list_status", "list_year", "masterplan_start", "masterplan_end"]
    list_filter = ["list_status", "list_year", ("municipality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "notes"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality", "estates"]
    readonly_fields = ["created_at", "updated_at"]


# --- contacts -----------------------------------------------------------------------------------------------------


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    fields = ["organisation", "title", "department", "start_date", "end_date", "is_primary"]
    autocomplete_fields = ["organisation"]
    extra = 0


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = [
        "last_name",
        "first_name",
        "current_organisations",
        "email",
        "phone",
        "owner",
        "do_not_contact",
        "is_active",
    ]
    list_display_links = ["last_name", "first_name"]
    list_filter = [
        "is_active",
        "do_not_contact",
        "lawful_basis",
        ("owner", admin.RelatedOnlyFieldListFilter),
        "tags",
    ]
    search_fields = ["first_name", "last_name", "email", "phone", "affiliations__organisation__name"]
    list_select_related = ["owner"]
    autocomplete_fields = ["owner", "tags"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [AffiliationInline]
    fieldsets = (
        (None, {"fields": ["first_name", "last_name", "salutation", "email", "phone", "owner", "tags", "is_active"]}),
        (_("Data protection"), {"fields": ["do_not_contact", "lawful_basis", "consent_note"]}),
        (_("Notes"), {"fields": ["notes"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    )

    def get_queryset(self, request):
        current = Affiliation.objects.current().select_related("organisation").order_by("-is_primary", "id")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("affiliations", queryset=current, to_attr="current_affiliations"))
        )

    @admin.display(description=_("current organisations"))
    def current_organisations(self, obj):
        return ", ".join(a.organisation.name for a in obj.current_affiliations) or self.get_empty_value_display()


@admin.register(Affiliation)
class AffiliationAdmin(SimpleHistoryAdmin):
    list_display = ["contact", "organisation", "title", "department", "start_date", "end_date", "is_primary"]
    list_filter = [CurrentFilter, "is_primary", "organisation__kind"]
    search_fields = ["contact__first_name", "contact__last_name", "contact__email", "organisation__name", "title"]
    list_select_related = ["contact", "organisation"]
    autocomplete_fields = ["contact", "organisation"]
    readonly_fields = ["created_at", "updated_at"]


# --- lookups ------------------------------------------------------------------------------------------------------


@admin.register(Tag)
class TagAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation_count", "contact_count"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                organisation_count=Count("organisations", distinct=True),
                contact_count=Count("contacts", distinct=True),
            )
        )

    @admin.display(description=_("organisations"), ordering="organisation_count")
    def organisation_count(self, obj):
        return obj.organisation_count

    @admin.display(description=_("contacts"), ordering="contact_count")
    def contact_count(self, obj):
        return obj.contact_count


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "description"]
    search_fields = ["name", "description"]


# --- collaborations -----------------------------------------------------------------------------------------------


class CollaborationPartnerInline(admin.TabularInline):
    model = CollaborationPartner
    fields = ["organisation", "role"]
    autocomplete_fields = ["organisation"]
    extra = 0


@admin.register(Collaboration)
class CollaborationAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "status", "responsible", "start_date", "end_date", "partner_count"]
    list_filter = ["status", "kind", "themes", ("responsible", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "description", "goals"]
    list_select_related = ["responsible"]
    autocomplete_fields = ["responsible", "themes", "areas"]
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "start_date"
    inlines = [CollaborationPartnerInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(partner_count=Count("memberships"))

    @admin.display(description=_("partners"), ordering="partner_count")
    def partner_count(self, obj):
        return obj.partner_count


@admin.register(CollaborationPartner)
class CollaborationPartnerAdmin(SimpleHistoryAdmin):
    list_display = ["collaboration", "organisation", "role"]
    list_filter = ["role", "collaboration__status", "organisation__kind"]
    search_fields = ["collaboration__title", "organisation__name"]
    list_select_related = ["collaboration", "organisation"]
    autocomplete_fields = ["collaboration", "organisation"]


# --- advocacy cases -----------------------------------------------------------------------------------------------


class CaseDeadlineInline(admin.TabularInline):
    model = CaseDeadline
    fields = ["kind", "date", "response_state", "note"]
    formfield_overrides = COMPACT_TEXTAREA
    extra = 0


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    fields = ["kind", "date", "note"]
    formfield_overrides = COMPACT_TEXTAREA
    extra = 0


class CaseStakeholderInline(admin.TabularInline):
    model = CaseStakeholder
    fields = ["organisation", "contact", "stance", "influence", "interest", "noted_on", "note"]
    autocomplete_fields = ["organisation", "contact"]
    formfield_overrides = COMPACT_TEXTAREA
    extra = 0


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ["title", "stage", "level", "outcome", "owner"]
    list_filter = ["stage", "level", "outcome", "themes", ("owner", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "ask", "background"]
    list_select_related = ["owner"]
    autocomplete_fields = ["owner", "themes", "areas"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [CaseDeadlineInline, CaseEventInline, CaseStakeholderInline]


@admin.register(CaseDeadline)
class CaseDeadlineAdmin(SimpleHistoryAdmin):
    list_display = ["case", "kind", "date", "response_state"]
    list_filter = ["kind", "response_state"]
    search_fields = ["case__title", "note"]
    list_select_related = ["case"]
    autocomplete_fields = ["case"]
    date_hierarchy = "date"


@admin.register(CaseEvent)
class CaseEventAdmin(SimpleHistoryAdmin):
    list_display = ["case", "kind", "date"]
    list_filter = ["kind"]
    search_fields = ["case__title", "note"]
    list_select_related = ["case"]
    autocomplete_fields = ["case"]
    date_hierarchy = "date"


@admin.register(CaseStakeholder)
class CaseStakeholderAdmin(SimpleHistoryAdmin):
    list_display = ["case", "organisation", "contact", "stance", "influence", "interest"]
    list_filter = ["stance", "influence", "interest"]
    search_fields = ["case__title", "organisation__name", "contact__first_name", "contact__last_name"]
    list_select_related = ["case", "organisation", "contact"]
    autocomplete_fields = ["case", "organisation", "contact"]


# --- meetings -----------------------------------------------------------------------------------------------------


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    fields = ["text", "owner", "due_date", "done_at"]
    autocomplete_fields = ["owner"]
    formfield_overrides = COMPACT_TEXTAREA
    extra = 0


def link_inline(link_model, field: str) -> type[admin.TabularInline]:
    """An inline for one of a meeting's links (organisations, contacts, …): the admin shows no field for a
    many-to-many with its own link model (MeetingLink keeps the meeting's start), so they are edited as rows."""
    return type(
        f"{link_model.__name__}Inline",
        (admin.TabularInline,),
        {"model": link_model, "fields": [field], "autocomplete_fields": [field], "extra": 0},
    )


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["starts_at", "kind", "subject", "organisation_names", "open_follow_up_count"]
    list_display_links = ["starts_at", "subject"]
    list_filter = ["kind", "themes", ("staff", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["subject", "minutes", "decisions"]
    autocomplete_fields = ["collaborations"]
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "starts_at"
    inlines = [
        link_inline(MeetingOrganisation, "organisation"),
        link_inline(MeetingContact, "contact"),
        link_inline(MeetingStaff, "user"),
        link_inline(MeetingArea, "area"),
        link_inline(MeetingTheme, "theme"),
        FollowUpInline,
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(open_follow_up_count=Count("follow_ups", filter=Q(follow_ups__done_at__isnull=True)))
            .prefetch_related(Prefetch("organisations", queryset=Organisation.objects.only("id", "name")))
        )

    @admin.display(description=_("organisations"))
    def organisation_names(self, obj):
        return ", ".join(organisation.name for organisation in obj.organisations.all())

    @admin.display(description=_("open follow-ups"), ordering="open_follow_up_count")
    def open_follow_up_count(self, obj):
        return obj.open_follow_up_count


@admin.register(FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = ["short_text", "meeting", "owner", "due_date", "done_at"]
    list_filter = [FollowUpStateFilter, ("owner", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["text", "meeting__subject"]
    list_select_related = ["meeting", "owner"]
    autocomplete_fields = ["meeting", "owner"]
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "due_date"

    @admin.display(description=_("text"), ordering="text")
    def short_text(self, obj):
        return Truncator(obj.text).chars(80)


# --- events -------------------------------------------------------------------------------------------------------


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "starts_at", "location", "invitation_count"]
    list_filter = ["kind"]
    search_fields = ["name", "location"]
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "starts_at"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(invitation_count=Count("invitations"))

    @admin.display(description=_("invitations"), ordering="invitation_count")
    def invitation_count(self, obj):
        return obj.invitation_count


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    list_display = ["contact", "event", "organisation", "status", "invited_at", "responded_at"]
    list_filter = ["status", ("event", admin.RelatedOnlyFieldListFilter)]
    search_fields = [
        "contact__first_name",
        "contact__last_name",
        "contact__email",
        "event__name",
        "organisation__name",
    ]
    list_select_related = ["contact", "event", "organisation"]
    autocomplete_fields = ["event", "contact", "organisation"]
    readonly_fields = ["created_at", "updated_at"]


class DocumentAdminForm(forms.ModelForm):
    """A file added here is checked and read like an upload on the register's pages (``services/documents.py``)."""

    class Meta:
        model = Document
        fields = ["title", "kind", "date", "description", "file"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and not self.instance.pk:
            inspected, text = prepare_upload(upload)
            self.instance.content_type, self.instance.size = inspected.content_type, inspected.size
            self.instance.text, self.instance.text_extracted = text or "", text is not None
            self.instance.original_name = upload.name[:255]
        return upload


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    """What is said about a document. Its file is handed out only by the register's download view (no media URL)."""

    form = DocumentAdminForm
    list_display = ["title", "kind", "date", "content_type", "size", "uploaded_by", "created_at"]
    list_filter = ["kind", "content_type"]
    search_fields = ["title", "original_name"]
    list_select_related = ["uploaded_by"]
    readonly_fields = ["download", "content_type", "size", "record_type", "record_id", "uploaded_by", "created_at",
                       "updated_at"]  # fmt: skip

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["title", "kind", "date", "description", "file"]
        return ["title", "kind", "date", "description", *self.readonly_fields]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("File"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_download_url(), obj.download_name) if obj.pk else "–"


@admin.register(TablePreference)
class TablePreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "table")
    list_filter = ("table",)
    search_fields = ("user__username", "table")
    raw_id_fields = ("user",)


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """The record of each import, written by the import itself. A recorded batch is read-only: history records point
    to it. (An administrator may still add one by hand, e.g. for a load done outside the application.)"""

    list_display = ["created_at", "file_name", "entity", "mode", "user", "created_count", "updated_count"]
    list_filter = ["entity", "mode"]
    search_fields = ["file_name", "sha256", "user__username"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"
    raw_id_fields = ["user"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["created_at"]
        return [f.name for f in ImportBatch._meta.concrete_fields]


@admin.register(CollaborationReview)
class CollaborationReviewAdmin(SimpleHistoryAdmin):
    list_display = ["reviewed_on", "collaboration", "decision", "new_status", "reviewed_by"]
    list_filter = ["decision"]
    search_fields = ["collaboration__title", "note"]
    list_select_related = ["collaboration", "reviewed_by"]
    autocomplete_fields = ["collaboration", "reviewed_by"]
    date_hierarchy = "reviewed_on"


@admin.register(PersonalDataExport)
class PersonalDataExportAdmin(admin.ModelAdmin):
    """The access requests answered: a record, read only (the contact's page makes them)."""

    list_display = ("created_at", "contact_name", "user", "format")
    list_filter = ("format",)
    search_fields = ("contact_name",)
    readonly_fields = ("contact", "contact_name", "user", "created_at", "format")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ErasedPerson)
class ErasedPersonAdmin(admin.ModelAdmin):
    """People erased at their request: the fingerprint of the address only. Deleting a row lets the address be
    registered again (when the person asks for it)."""

    list_display = ("erased_at", "erased_by", "fingerprint")
    readonly_fields = ("fingerprint", "erased_at", "erased_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ExportRecord)
class ExportRecordAdmin(admin.ModelAdmin):
    """The files taken out of the register: who, when, what, with which filter. A record, read only."""

    list_display = ("created_at", "user", "what", "export_format", "query")
    list_filter = ("export_format",)
    search_fields = ("what", "query", "user__username")
    readonly_fields = ("user", "created_at", "what", "query", "export_format")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
