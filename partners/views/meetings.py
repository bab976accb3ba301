"""Meetings (the relationship log) and their follow-ups: list, detail, add, edit, delete, mark done."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ..filtersets.meetings import FollowUpFilterSet
from ..forms.meetings import FollowUpCreateFormSet, FollowUpForm, FollowUpUpdateFormSet, MeetingForm, rounded_now
from ..models import FollowUp, Meeting
from ..models.meetings import FollowUpState
from ..selectors import meetings as selectors
from ..services.meetings import follow_up_mark_done
from ..tables.meetings import STATE_LABELS
from ..ui.badges import badge_style
from . import generic
from .documents import DocumentsMixin, DocumentsPanel
from .mixins import InlineFormsetsMixin, ObjectPermissionMixin, safe_next_url

# Query parameters that do not filter: a follow-up list with only these is "no filter" and shows the default view.
NON_FILTER_PARAMS = {"page", "per_page", "sort", "export", "delimiter"}


# --- Meetings --------------------------------------------------------------------------------------------------------


class MeetingListView(generic.ObjectListView):
    model = Meeting
    empty_hint = gettext_lazy(
        "Log meetings, calls, e-mails and site visits here, or with “Log meeting” on an organisation or collaboration."
    )


def log_meeting_actions(request, query: str, *, label: str = "", style: str = "primary") -> list[generic.Action]:
    """The "Log meeting" button of an object's page, the meeting form pre-filled with ``query`` and coming back to
    this page (``next``) when saved or cancelled; none without the permission."""
    if not request.user.has_perm("partners.add_meeting"):
        return []
    back = urlencode({"next": request.get_full_path()})
    url = f"{reverse('meeting_add')}?{query}&{back}" if query else f"{reverse('meeting_add')}?{back}"
    return [generic.Action(label or _("Log meeting"), url, icon="journal-plus", style=style)]


class MeetingDetailView(DocumentsMixin, generic.ObjectDetailView):
    model = Meeting
    subtitle_template = "partners/panels/meeting_subtitle.html"
    panels = {
        "left": [
            generic.Panel("partners/panels/meeting_participants.html"),
            generic.Panel("partners/panels/meeting_concerns.html"),
        ],
        "right": [
            generic.Panel("partners/panels/meeting_minutes.html"),
            generic.Panel("partners/panels/meeting_decisions.html"),
            generic.Panel("partners/panels/meeting_follow_ups.html"),
            DocumentsPanel(),
            generic.HistoryPanel(),
        ],
    }

    def get_queryset(self):
        return selectors.meeting_detail_queryset()

    def get_title(self) -> str:
        return self.object.subject

    def get_badges(self, context):
        return [generic.Badge(self.object.get_kind_display())]

    def get_actions(self, context):
        # "Log next meeting" starts a new meeting with the same organisations, contacts and collaborations.
        again = QueryDict(mutable=True)
        for name in ("organisations", "contacts", "collaborations"):
            again.setlist(name, [str(obj.pk) for obj in getattr(self.object, name).all()])
        log_again = log_meeting_actions(
            self.request, again.urlencode(), label=_("Log next meeting"), style="outline-primary"
        )
        return log_again + super().get_actions(context)

    def get_extra_context(self):
        user = self.request.user
        return {
            **selectors.meeting_overview(meeting=self.object),
            "can_change_follow_ups": user.has_perm("partners.change_followup"),
            "can_add_follow_ups": user.has_perm("partners.add_followup"),
        }


class MeetingEditMixin(InlineFormsetsMixin):
    model = Meeting
    form_class = MeetingForm
    template_name = "partners/meeting_edit.html"

    def get_formset_kwargs(self, prefix):
        return {"form_kwargs": {"default_owner": self.request.user}}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["wide_fields"] = ("subject",)
        return context


class MeetingCreateView(MeetingEditMixin, generic.ObjectCreateView):
    formset_classes = {"follow_ups": FollowUpCreateFormSet}
    already_saved_heading = gettext_lazy("The meeting is already saved")

    def get_initial(self):
        initial = super().get_initial()
        initial.setdefault("starts_at", rounded_now())
        initial.setdefault("staff", [self.request.user.pk])
        return initial


class MeetingUpdateView(MeetingEditMixin, generic.ObjectUpdateView):
    formset_classes = {"follow_ups": FollowUpUpdateFormSet}


# --- Follow-ups ------------------------------------------------------------------------------------------------------


class FollowUpListView(generic.ObjectListView):
    """Follow-ups. Without filter parameters, staff see their own open ones (as ``?owner=<me>&state=open``)."""

    model = FollowUp
    empty_hint = gettext_lazy("Follow-ups are added when a meeting is logged: a task, its owner and a due date.")

    def has_filter_params(self) -> bool:
        return any(key not in NON_FILTER_PARAMS for key in self.request.GET)

    def default_filter(self) -> dict:
        # Staff (who can mark follow-ups done) see their own open ones; others, e.g. management, every open one.
        if self.request.user.has_perm("partners.change_followup"):
            return {"owner": str(self.request.user.pk), "state": FollowUpState.OPEN}
        return {"state": FollowUpState.OPEN}

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if not self.has_filter_params():
            data = self.request.GET.copy()
            data.update(self.default_filter())
            kwargs["data"] = data
        return kwargs

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        if not self.request.user.has_perm("partners.change_followup"):
            table.columns.hide("actions")  # its only action is "mark done"
        return table

    def get_tabs(self):
        mine = {"owner": str(self.request.user.pk), "state": FollowUpState.OPEN}
        tabs = [
            (gettext_lazy("My open"), mine),
            (gettext_lazy("All open"), {"state": FollowUpState.OPEN}),
            (gettext_lazy("Overdue"), {"state": FollowUpState.OVERDUE}),
            (gettext_lazy("All"), {"state": FollowUpFilterSet.ALL}),
        ]
        if not self.request.user.has_perm("partners.change_followup"):
            tabs = tabs[1:]
        current = self.filterset.data
        shown = {key: current.get(key) for key in current if key not in NON_FILTER_PARAMS and current.get(key)}
        return [{"label": label, "query": urlencode(params), "active": shown == params} for label, params in tabs]


class FollowUpDetailView(generic.ObjectDetailView):
    model = FollowUp
    panels = {
        "left": [generic.Panel("partners/panels/followup_details.html")],
        "right": [generic.Panel("partners/panels/followup_task.html"), generic.HistoryPanel()],
    }

    def get_queryset(self):
        return selectors.follow_up_detail_queryset()

    def get_title(self) -> str:
        label = _("Follow-up")
        return f"{label}: {Truncator(self.object.text).chars(60)}"

    def get_heading(self) -> str:
        return _("Follow-up")

    def get_badges(self, context):
        follow_up = self.object
        state = FollowUpState.OPEN
        if follow_up.done_at:
            state = FollowUpState.DONE
        elif follow_up.is_overdue:
            state = FollowUpState.OVERDUE
        return [generic.Badge(STATE_LABELS[state], badge_style("follow_up", state))]

    def get_actions(self, context):
        actions = super().get_actions(context)
        if context["can_change"] and not self.object.done_at:
            done = reverse("followup_done", args=[self.object.pk])
            actions.insert(0, generic.Action(_("Mark done"), done, icon="check2", style="success", method="post"))
        return actions

    def get_extra_context(self):
        return {"ancestors": [self.object.meeting]}


class FollowUpCreateView(generic.ObjectCreateView):
    """A follow-up to a meeting (``?meeting=<id>`` from the meeting page), owned by the current user by default."""

    model = FollowUp
    form_class = FollowUpForm
    already_saved_heading = gettext_lazy("The follow-up is already saved")

    def get_initial(self):
        initial = super().get_initial()
        initial.setdefault("owner", self.request.user.pk)
        return initial


class FollowUpDeleteView(generic.ObjectDeleteView):
    model = FollowUp

    def get_success_url(self):
        return self.object.meeting.get_absolute_url()


class FollowUpDoneView(ObjectPermissionMixin, View):
    """POST: mark the follow-up done, then go back where the user came from (``next``, if it is on this site).

    Its owner may, in any role that sees follow-ups; anyone else needs the change permission (else 403)."""

    model = FollowUp
    action = "change"
    http_method_names = ["post"]

    def has_permission(self):
        user = self.request.user
        if super().has_permission():
            return True
        owns = FollowUp.objects.filter(pk=self.kwargs["pk"], owner_id=user.pk)
        return user.has_perm("partners.view_followup") and owns.exists()

    def post(self, request, pk: int):
        follow_up = get_object_or_404(FollowUp.objects.select_related("meeting"), pk=pk)
        follow_up_mark_done(follow_up=follow_up)
        messages.success(
            request, _("Follow-up marked as done: “%(text)s”") % {"text": Truncator(follow_up.text).chars(80)}
        )
        return HttpResponseRedirect(safe_next_url(request, fallback=follow_up.meeting.get_absolute_url()))
