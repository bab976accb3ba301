"""Events (arrangementer): list with invitation figures, the event page with its invitation list, add/edit/delete,
and the nytårskur cycle: add invitees (preview, then add), bulk status changes, one invitation's edit form, coverage,
check-in at the door, the mail-merge export and the printable guest list."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db.models import Q
from django.http import HttpResponseRedirect, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, UpdateView, View

from ..filtersets.events import InvitationFilterSet, InviteeFilterSet
from ..forms.events import (
    CoverageCompareForm,
    EventCopyForm,
    EventForm,
    InvitationBulkStatusForm,
    InvitationForm,
    InviteQuotaForm,
    MailMergeForm,
)
from ..models import Contact, Event, ExportRecord, Invitation
from ..models.events import FIGURES, InvitationStatus
from ..models.fulltext import normalise_query
from ..selectors import events as event_selectors
from ..services import events as event_services
from ..services import invitations as invitation_services
from ..tables.events import InvitationTable
from ..transfer.exporting import file_response, neutralise, text
from . import generic
from .documents import DocumentsMixin, DocumentsPanel
from .mixins import TablePaginationMixin


class EventListView(generic.ObjectListView):
    model = Event
    empty_hint = _("Add the New Year's reception, the launch of the annual report or a conference.")
    tab_field = "kind"


class EventDetailView(DocumentsMixin, TablePaginationMixin, generic.ObjectDetailView):
    """The event's facts and status figures, and its invitations as a filtered, sorted, paginated table."""

    model = Event
    subtitle_template = "partners/panels/event_subtitle.html"
    panels = {
        "left": [
            generic.Panel("partners/panels/event_details.html"),
            generic.Panel("partners/panels/event_figures.html"),
            DocumentsPanel(),
            generic.HistoryPanel(),
        ],
        "right": [generic.Panel("partners/panels/event_invitations.html", name="invitations")],
    }
    invitation_filterset_class = InvitationFilterSet
    invitation_table_class = InvitationTable

    def can_change_invitations(self) -> bool:
        return self.request.user.has_perm("partners.change_invitation")

    def get_invitation_table(self):
        filterset = self.invitation_filterset_class(
            self.request.GET,
            queryset=event_selectors.event_invitations(event=self.object),
            request=self.request,
        )
        # An invalid filter (e.g. an unknown status) shows the form errors and no rows, never a 500.
        rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        exclude = ("event",) if self.can_change_invitations() else ("event", "selected", "edit")
        # No request here: django-tables2 would paginate with the raw ?per_page= (a 500 on -1); paginate_table does.
        table = self.invitation_table_class(rows, exclude=exclude)
        table.apply_column_choice(None)
        return filterset, self.paginate_table(table)

    def get_badges(self, context):
        return [generic.Badge(self.object.get_kind_display())]

    def get_actions(self, context):
        """The guest-list tools, then Edit and Delete."""
        pk = self.object.pk
        actions = []
        if context["can_add_invitations"]:
            actions.append(
                generic.Action(
                    _("Add invitees"), reverse("event_invite", args=[pk]), icon="person-plus", style="primary"
                )
            )
        actions.append(generic.Action(_("Coverage"), reverse("event_coverage", args=[pk]), icon="pie-chart"))
        if context["can_change_invitations"]:
            actions.append(generic.Action(_("Check-in"), reverse("event_checkin", args=[pk]), icon="door-open"))
        if context["can_export"]:
            url = reverse("event_export", args=[pk])
            actions.append(
                generic.Action(
                    _("Mail merge"), url, icon="download", template_name="partners/panels/event_mail_merge.html"
                )
            )
        actions.append(generic.Action(_("Guest list and badges"), reverse("event_print", args=[pk]), icon="printer"))
        if context["add_url"]:
            actions.append(generic.Action(_("Copy to a new event"), reverse("event_copy", args=[pk]), icon="copy"))
        return actions + super().get_actions(context)

    def get_extra_context(self):
        filterset, table = self.get_invitation_table()
        context = self.get_pagination_context()
        context.update(
            {
                "figures": event_selectors.event_figures(event=self.object),
                "filter": filterset,
                "table": table,
                "can_change_invitations": self.can_change_invitations(),
                "can_add_invitations": self.request.user.has_perm("partners.add_invitation"),
                "can_export": self.request.user.has_perm("partners.export_data"),
                "status_choices": InvitationStatus.choices,
            }
        )
        return context


class EventFormMixin:
    """The event form: a second event of the same name on the same day (``EventForm.duplicate``) is shown with a
    warning naming the first, and saved only once the user confirms it is another event."""

    model = Event
    form_class = EventForm
    template_name = "partners/event_form.html"

    def form_valid(self, form):
        if form.needs_confirmation:
            return self.form_invalid(form)  # nothing saved; the page asks
        return super().form_valid(form)


class EventCreateView(EventFormMixin, generic.ObjectCreateView):
    pass


class EventUpdateView(EventFormMixin, generic.ObjectUpdateView):
    pass


class EventCopyView(EventFormMixin, generic.ObjectCreateView):
    """Start a new event from an earlier one (next year's nytårskur from this year's): the form comes filled in a year
    on (``EventCopyForm.initial_from``), and may copy the guest list as drafts, checked again
    (``services.events.event_copy``); the message says how many were copied and why the others were left out."""

    form_class = EventCopyForm
    permission_required = ("partners.add_event", "partners.view_event")

    @cached_property
    def source(self) -> Event:
        return get_object_or_404(Event, pk=self.kwargs["pk"])  # read after the permission check

    def can_copy_guests(self) -> bool:
        return self.request.user.has_perm("partners.add_invitation")

    def get_initial(self):
        return {**EventCopyForm.initial_from(self.source), **super().get_initial()}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        guests = Invitation.objects.filter(event=self.source).count() if self.can_copy_guests() else 0
        kwargs.update(source=self.source, guests=guests, can_copy_guests=self.can_copy_guests())
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["source"] = self.source
        return context

    def form_valid(self, form):
        if form.needs_confirmation:
            return self.form_invalid(form)
        copied = event_services.event_copy(
            source=self.source,
            event=form.instance,
            copy_guests=bool(form.cleaned_data.get("copy_guests")),
            user=self.request.user,
        )
        self.object = form.instance
        text = gettext("“%(event)s” was created from “%(source)s”.") % {
            "event": self.object.name,
            "source": self.source.name,
        }
        if copied is not None:
            text = f"{text} {copy_result_text(copied)}"
        messages.success(self.request, text)
        return HttpResponseRedirect(self.get_success_url())


def copy_result_text(copied: event_selectors.CandidateCounts) -> str:
    """ "12 guests were copied as drafts. 3 were left out: Do not contact (1), … (2)." in the user's language."""
    added = copied.included_count
    text = ngettext(
        "%(count)s guest was copied to the list as a draft.",
        "%(count)s guests were copied to the list as drafts.",
        added,
    ) % {"count": added}
    return f"{text} {left_out_text(copied)}".strip()


def left_out_text(result: event_selectors.CandidateCounts) -> str:
    """How many a guest list left out, and why ("3 were left out: Do not contact (1), Over the quota … (2)."); empty
    when no one was."""
    left_out = result.excluded_count
    if not left_out:
        return ""
    reasons = ", ".join(f"{label} ({count})" for label, count in result.reason_counts())
    return ngettext("%(count)s was left out: %(reasons)s.", "%(count)s were left out: %(reasons)s.", left_out) % {
        "count": left_out,
        "reasons": reasons,
    }


class EventToolMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """A page about one event (``pk`` in the URL) that needs the given permissions; others get 403."""

    raise_exception = True

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.has_permission():
            return self.handle_no_permission()
        self.event = get_object_or_404(Event, pk=kwargs["pk"])
        return super(PermissionRequiredMixin, self).dispatch(request, *args, **kwargs)

    def handle_no_permission(self):
        if not self.request.user.is_authenticated:
            self.raise_exception = False
        return super().handle_no_permission()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = context["event"] = self.event
        return context


class EventInvitationStatusView(EventToolMixin, View):
    """POST from the event's table: the ticked invitations get the chosen status (and its timestamp)."""

    permission_required = ("partners.view_event", "partners.change_invitation")
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = InvitationBulkStatusForm(request.POST, event=self.event)
        if form.is_valid():
            status = form.cleaned_data["status"]
            ids = [invitation.pk for invitation in form.cleaned_data["selected"]]
            changed = invitation_services.invitations_set_status(
                invitations=Invitation.objects.filter(event=self.event, pk__in=ids), status=status, user=request.user
            )
            messages.success(
                request,
                ngettext(
                    "%(count)s invitation was set to “%(status)s”.",
                    "%(count)s invitations were set to “%(status)s”.",
                    changed,
                )
                % {"count": changed, "status": InvitationStatus(status).label},
            )
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        query = request.POST.get("querystring", "")
        url = self.event.get_absolute_url()
        return HttpResponseRedirect(f"{url}?{query}#invitations" if query else f"{url}#invitations")


class EventInviteView(EventToolMixin, TemplateView):
    """Add invitees: the contact filters and a quota (GET) give a preview of who would be added and who is left out
    and why; "Add" (POST, with the same query string) adds them as drafts in one transaction."""

    permission_required = ("partners.view_event", "partners.add_invitation", "partners.view_contact")
    template_name = "partners/event_invite.html"
    # The preview counts everyone chosen and shows this many of each list per page (``?included_page=``,
    # ``?excluded_page=``), never all of them.
    preview_rows = 50
    page_parameters = ("included_page", "excluded_page")
    max_page = 10000

    def page_number(self, data, key: str) -> int:
        try:
            return min(max(int(data.get(key, 1)), 1), self.max_page)
        except ValueError:
            return 1

    def get_forms(self, data):
        if "quota" not in data and self.event.guest_quota:
            data = data.copy()
            data["quota"] = str(self.event.guest_quota)  # the event's own quota, until the user changes it
        filterset = InviteeFilterSet(data, queryset=Contact.objects.all(), request=self.request)
        quota_form = InviteQuotaForm(data)
        return filterset, quota_form

    def is_filtered(self, data) -> bool:
        """Whether a filter chooses anyone (the sub-units box alone does not: it only widens an organisation)."""
        names = set(InviteeFilterSet.base_filters) - {"include_sub_units"}
        return any(key in names and any(v.strip() for v in data.getlist(key)) for key in data)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = self.request.GET
        filterset, quota_form = self.get_forms(data)
        candidates = None
        if self.is_filtered(data) and filterset.is_valid() and quota_form.is_valid():
            candidates = event_selectors.invitation_preview(
                event=self.event,
                contacts=filterset.qs,
                quota=quota_form.cleaned_data["quota"],
                included_page=self.page_number(data, "included_page"),
                excluded_page=self.page_number(data, "excluded_page"),
                per_page=self.preview_rows,
            )
        query = data.copy()
        for key in self.page_parameters:
            query.pop(key, None)
        context.update(
            {
                "filter": filterset,
                "quota_form": quota_form,
                "candidates": candidates,
                "is_filtered": self.is_filtered(data),
                "querystring": query.urlencode(),
                "seniority_keywords": event_selectors.SENIORITY_KEYWORDS,
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        data = QueryDict(request.POST.get("querystring", ""))
        filterset, quota_form = self.get_forms(data)
        if not (self.is_filtered(data) and filterset.is_valid() and quota_form.is_valid()):
            messages.error(request, gettext("Choose who to invite with the filters first; no one was added."))
            return redirect(f"{reverse('event_invite', args=[self.event.pk])}?{data.urlencode()}")
        result = invitation_services.invitations_add(
            event=self.event, contacts=filterset.qs, quota=quota_form.cleaned_data["quota"], user=request.user
        )
        added = result.included_count
        text = ngettext(
            "%(count)s person was added to the guest list as a draft.",
            "%(count)s people were added to the guest list as drafts.",
            added,
        ) % {"count": added}
        messages.success(request, f"{text} {left_out_text(result)}".strip())
        return redirect(f"{self.event.get_absolute_url()}#invitations")


class InvitationUpdateView(LoginRequiredMixin, PermissionRequiredMixin, UpdateView):
    """One invitation: the organisation the guest is invited through, and the status."""

    permission_required = ("partners.change_invitation",)
    raise_exception = True
    model = Invitation
    form_class = InvitationForm
    template_name = "partners/invitation_form.html"

    def get_queryset(self):
        return Invitation.objects.filter(event_id=self.kwargs["event_pk"]).select_related("event", "contact")

    def handle_no_permission(self):
        if not self.request.user.is_authenticated:
            self.raise_exception = False
        return super().handle_no_permission()

    def form_valid(self, form):
        invitation_services.invitation_update(
            invitation=form.instance,
            status=form.cleaned_data["status"],
            organisation=form.cleaned_data["organisation"],
            user=self.request.user,
        )
        messages.success(self.request, gettext("The invitation was saved."))
        return redirect(f"{self.object.event.get_absolute_url()}#invitations")


class EventCoverageView(EventToolMixin, TemplateView):
    """Who of the partner landscape is on the list, and the change from an earlier event."""

    permission_required = ("partners.view_event", "partners.view_invitation")
    template_name = "partners/event_coverage.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = CoverageCompareForm(self.request.GET or None, event=self.event)
        earlier = None
        if form.is_bound and form.is_valid():
            earlier = form.cleaned_data["compare"]
        if earlier is None and not form.errors:
            earlier = event_selectors.previous_event(event=self.event)
        context.update(
            {
                "compare_form": form,
                "earlier": earlier,
                "by_kind": event_selectors.event_coverage_by_kind(event=self.event),
                "key_partners": list(event_selectors.event_coverage_key_partners(event=self.event)),
                "year_over_year": (
                    event_selectors.event_year_over_year(event=self.event, earlier=earlier) if earlier else None
                ),
            }
        )
        return context


class EventCheckinView(EventToolMixin, TemplateView):
    """The door: search a name, tap to check the guest in. Works without JavaScript; checkin.js posts by fetch."""

    permission_required = ("partners.view_event", "partners.change_invitation")
    template_name = "partners/event_checkin.html"
    max_results = 40

    def results(self, q: str) -> list[Invitation]:
        rows = Invitation.objects.filter(event=self.event).select_related("contact", "organisation")
        terms = q.split()
        for term in terms:
            rows = rows.filter(
                Q(contact__first_name__icontains=term)
                | Q(contact__last_name__icontains=term)
                | Q(organisation__name__icontains=term)
            )
        if not terms:
            # Before a search: those expected (said yes), then the rest of those invited.
            rows = rows.filter(status__in=FIGURES["accepted"].statuses)
        return list(rows.order_by("contact__first_name", "contact__last_name", "id")[: self.max_results])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = normalise_query(self.request.GET.get("q"))[:100]
        context.update(
            {
                "q": q,
                "results": self.results(q),
                "counts": event_selectors.checkin_counts(event=self.event),
                "figures": FIGURES,
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            invitation_id = int(request.POST.get("invitation", ""))
        except ValueError:
            invitation_id = None
        invitation = Invitation.objects.filter(event=self.event, pk=invitation_id).select_related("contact").first()
        wants_json = request.headers.get("Accept", "").startswith("application/json")
        if invitation is None:
            if wants_json:
                return JsonResponse({"error": gettext("Unknown guest.")}, status=400)
            messages.error(request, gettext("Unknown guest."))
        else:
            invitation_services.invitation_check_in(invitation=invitation, user=request.user)
            if wants_json:
                return JsonResponse(
                    {"checked_in": invitation.pk, "counts": event_selectors.checkin_counts(event=self.event)}
                )
            messages.success(request, gettext("%(name)s is checked in.") % {"name": invitation.contact.full_name})
        q = request.POST.get("q", "")
        url = reverse("event_checkin", args=[self.event.pk])
        return redirect(f"{url}?{urlencode({'q': q})}" if q else url)


MAIL_MERGE_HEADERS = (
    _("Salutation"),
    _("First name"),
    _("Last name"),
    _("Full name"),
    _("Title"),
    _("Organisation"),
    _("E-mail"),
    _("Status"),
)


class EventExportView(EventToolMixin, View):
    """The mail-merge file: ``?format=csv`` (UTF-8 with BOM, ``;``) or ``xlsx``, optionally ``&status=accepted``.
    Never anyone marked do not contact; nobody twice; every cell neutralised against formulas."""

    permission_required = ("partners.view_event", "partners.view_invitation", "partners.export_data")

    def get(self, request, *args, **kwargs):
        form = MailMergeForm(request.GET)
        if not form.is_valid():
            messages.error(request, gettext("Choose CSV or Excel and valid statuses; nothing was exported."))
            return redirect(self.event.get_absolute_url())
        invitations = event_selectors.mail_merge_invitations(event=self.event, statuses=form.cleaned_data["status"])
        headers = [neutralise(str(h)) for h in MAIL_MERGE_HEADERS]
        rows = [
            [
                neutralise(text(value))
                for value in (
                    i.contact.letter_salutation,
                    i.contact.first_name,
                    i.contact.last_name,
                    i.contact.full_name,
                    i.title,
                    i.organisation.name if i.organisation else "",
                    i.contact.email,
                    i.get_status_display(),
                )
            ]
            for i in invitations
        ]
        label = gettext("mail merge")  # outside the f-string, where makemessages finds it
        filename = f"{label} {self.event.name}"
        ExportRecord.objects.record(
            user=request.user, what=filename, query=request.GET.urlencode(), export_format=form.cleaned_data["format"]
        )
        return file_response(
            headers=headers,
            rows=rows,
            export_format=form.cleaned_data["format"],
            filename=filename,
            delimiter=form.cleaned_data["delimiter"] or "semicolon",
            title=gettext("Mail merge"),
        )


class EventPrintView(EventToolMixin, TemplateView):
    """A guest list and name badges for printing (A4). Default: those who said yes; ``?status=`` for others."""

    permission_required = ("partners.view_event", "partners.view_invitation")
    template_name = "partners/event_print.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = MailMergeForm({"format": "csv", "status": self.request.GET.getlist("status")})
        statuses = (form.cleaned_data["status"] if form.is_valid() else None) or list(FIGURES["accepted"].statuses)
        context.update(
            {
                "guests": event_selectors.mail_merge_invitations(event=self.event, statuses=statuses),
                "status_labels": [InvitationStatus(s).label for s in statuses],
                "status_error": not form.is_valid(),
            }
        )
        return context
