import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from ..forms.contacts import AffiliationForm, ChangeJobForm, ContactCreateForm
from ..models import Affiliation, Contact, PersonalDataExport
from ..models.folding import danish_ascii
from ..models.personal_data import PersonalDataFormat
from ..selectors.contacts import contact_overview
from ..selectors.personal_data import personal_data, personal_data_file
from ..services.personal_data import erase_contact, erasure_plan
from ..ui.badges import badge_style
from . import generic
from .meetings import log_meeting_actions
from .merge import merge_actions
from .mixins import EntityContextMixin, ObjectPermissionMixin

CHANGE_JOB_PERMISSIONS = ("partners.change_contact", "partners.add_affiliation")
# An access request hands everything over: who may see contacts and take data out of the register.
PERSONAL_DATA_PERMISSIONS = ("partners.view_contact", "partners.export_data")
ERASE_PERMISSIONS = ("partners.view_contact", "partners.erase_personal_data")


class ContactListView(generic.ObjectListView):
    model = Contact
    empty_hint = gettext_lazy("Add the people you work with and link them to their organisations.")


class ContactDetailView(generic.ObjectDetailView):
    model = Contact
    subtitle_template = "partners/panels/contact_subtitle.html"
    panels = {
        "top": [generic.Panel("partners/panels/contact_change_job.html")],
        "left": [
            generic.Panel("partners/panels/contact_details.html"),
            generic.Panel("partners/panels/contact_invitations.html"),
        ],
        "right": [
            generic.Panel("partners/panels/contact_affiliations.html"),
            generic.MeetingTimelinePanel(
                title=gettext_lazy("Meetings"),
                empty_text=gettext_lazy("No meetings logged with this person yet."),
            ),
            generic.HistoryPanel(),
        ],
    }

    def get_queryset(self):
        return Contact.objects.select_related("owner").prefetch_related("tags")

    def get_badges(self, context):
        badges = []
        if self.object.do_not_contact:
            badges.append(generic.Badge(_("Do not contact"), badge_style("do_not_contact", True), icon="slash-circle"))
        if not self.object.is_active:
            badges.append(generic.Badge(_("Inactive"), badge_style("active", False)))
        return badges

    def get_actions(self, context):
        query = f"contacts={self.object.pk}"
        if context["primary_affiliation"]:
            query += f"&organisations={context['primary_affiliation'].organisation_id}"
        actions = log_meeting_actions(self.request, query)
        if context["can_change_job"]:
            actions.append(
                generic.Action(_("Change job"), icon="arrow-left-right", style="outline-primary", toggles="change-job")
            )
        if self.request.user.has_perms(PERSONAL_DATA_PERMISSIONS):
            url = reverse("contact_personal_data", args=[self.object.pk])
            actions.append(generic.Action(_("Personal data"), url, icon="person-vcard", style="outline-secondary"))
        if self.request.user.has_perms(ERASE_PERMISSIONS) and not self.object.is_erased:
            url = reverse("contact_erase", args=[self.object.pk])
            actions.append(generic.Action(_("Forget me"), url, icon="person-x", style="outline-danger"))
        return actions + merge_actions(self.request, self.object) + super().get_actions(context)

    def get_extra_context(self):
        context = contact_overview(contact=self.object)
        user = self.request.user
        context["can_change_job"] = user.has_perms(CHANGE_JOB_PERMISSIONS)
        if context["can_change_job"]:
            context["change_job_form"] = ChangeJobForm(
                contact=self.object, current_affiliations=context["current_affiliations"]
            )
        context["can_add_affiliation"] = user.has_perm("partners.add_affiliation")
        context["can_change_affiliation"] = user.has_perm("partners.change_affiliation")
        return context


class ContactCreateView(generic.ObjectCreateView):
    model = Contact
    form_class = ContactCreateForm
    template_name = "partners/contact_form.html"


class ContactPageMixin(ObjectPermissionMixin, EntityContextMixin):
    """A page about one contact (``pk``) beside its own: change job, personal data, forget me."""

    model = Contact

    @cached_property
    def contact(self) -> Contact:
        return get_object_or_404(Contact, pk=self.kwargs["pk"])


class ContactChangeJobView(ContactPageMixin, FormView):
    """“Change job”: end a current affiliation and start the new, primary one, in one transaction."""

    permission_required = CHANGE_JOB_PERMISSIONS
    form_class = ChangeJobForm
    template_name = "partners/contact_change_job.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "contact": self.contact}

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.contact, contact=self.contact, **kwargs)

    def form_valid(self, form):
        ending = form.cleaned_data.get("ending")
        try:
            new = form.save()  # atomic: either both changes are saved or neither
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if ending is not None:
            ending.refresh_from_db(fields=["end_date"])
            messages.success(
                self.request,
                _("%(contact)s now works at %(organisation)s. The affiliation with %(old)s ended on %(date)s.")
                % {
                    "contact": self.contact,
                    "organisation": new.organisation,
                    "old": ending.organisation,
                    "date": date_format(ending.end_date, "SHORT_DATE_FORMAT"),
                },
            )
        else:
            messages.success(
                self.request,
                _("%(contact)s now works at %(organisation)s.")
                % {"contact": self.contact, "organisation": new.organisation},
            )
        return redirect(self.contact)


class AffiliationEditMixin:
    """Affiliations are edited from the contact page and return there; breadcrumbs go through the contact list."""

    model = Affiliation
    form_class = AffiliationForm
    template_name = "partners/affiliation_form.html"
    url_base = "contact"

    def get_success_url(self):
        return self.object.contact.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(contact=self.get_contact(), **kwargs)


class AffiliationCreateView(AffiliationEditMixin, generic.ObjectCreateView):
    @cached_property
    def contact(self) -> Contact:
        return get_object_or_404(Contact, pk=self.kwargs["pk"])

    def get_contact(self) -> Contact:
        return self.contact

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Affiliation(contact=self.contact)
        return kwargs


class AffiliationUpdateView(AffiliationEditMixin, generic.ObjectUpdateView):
    def get_queryset(self):
        return Affiliation.objects.select_related("contact", "organisation")

    def get_contact(self) -> Contact:
        return self.object.contact


class AffiliationDeleteView(generic.ObjectDeleteView):
    model = Affiliation
    url_base = "contact"
    template_name = "partners/affiliation_delete.html"

    def get_queryset(self):
        return Affiliation.objects.select_related("contact", "organisation")

    def get_success_url(self):
        return self.object.contact.get_absolute_url()


class ContactPersonalDataView(ContactPageMixin, TemplateView):
    """An access request (GDPR art. 15): everything the register holds about the person, as a page to print or save
    as PDF, or (``?format=json``) as a machine-readable file. Each answer is recorded (``PersonalDataExport``) and
    listed on the page."""

    permission_required = PERSONAL_DATA_PERMISSIONS
    template_name = "partners/contact_personal_data.html"

    def get(self, request, *args, **kwargs):
        contact = self.contact
        wanted = PersonalDataFormat.JSON if request.GET.get("format") == "json" else PersonalDataFormat.PAGE
        PersonalDataExport.objects.create(
            contact=contact, contact_name=contact.full_name, user=request.user, format=wanted
        )
        data = personal_data(contact=contact)
        if wanted == PersonalDataFormat.JSON:
            body = json.dumps(personal_data_file(data), ensure_ascii=False, indent=2)
            response = HttpResponse(body, content_type="application/json; charset=utf-8")
            prefix = _("personal-data")  # the file's name in the user's language
            name = f"{slugify(danish_ascii(f'{prefix} {contact.full_name}'))}.json"
            response["Content-Disposition"] = content_disposition_header(True, name)
            return response
        return self.render_to_response(self.get_context_data(object=contact, **data))


class ContactEraseView(ContactPageMixin, TemplateView):
    """Erasure at the person's request ("glem mig"): a page that names exactly what will change, then POST."""

    permission_required = ERASE_PERMISSIONS
    template_name = "partners/contact_erase.html"

    def get_context_data(self, **kwargs):
        plan = erasure_plan(contact=self.contact)
        return super().get_context_data(object=self.contact, contact=self.contact, plan=plan, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.contact.is_erased:
            messages.info(request, _("This person has already been anonymised."))
            return redirect(self.contact.get_absolute_url())
        erase_contact(contact=self.contact, user=request.user)
        # The message does not name the person: it would keep the name in the session.
        messages.success(
            request, _("The person is anonymised: the personal data is gone, meetings and invitations are kept.")
        )
        return redirect(self.contact.get_absolute_url())
