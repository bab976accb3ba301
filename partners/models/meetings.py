from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import TimeStampedModel


class MeetingKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    PHONE = "phone", _("Phone call")
    EMAIL = "email", _("E-mail")
    SITE_VISIT = "site_visit", _("Site visit")
    EVENT = "event", _("Event")
    CONFERENCE = "conference", _("Conference")
    CONSULTATION = "consultation", _("Consultation response")


# Who and what a meeting is with and about, in the order its form, its list and its files show them.
MEETING_LINKS = ("organisations", "contacts", "staff", "collaborations", "areas", "themes")


def meeting_link(to: str, verbose_name, *, through: str | None = None) -> models.ManyToManyField:
    """One of a meeting's links (``MEETING_LINKS``): optional, and ``<object>.meetings`` from the other side. The
    ``through`` tables carry the meeting's start, for the figures (``partners/reporting/``)."""
    return models.ManyToManyField(to, verbose_name=verbose_name, blank=True, related_name="meetings", through=through)


class Meeting(TimeStampedModel):
    """One interaction in the relationship log: a meeting, call, e-mail, visit, event or consultation response."""

    starts_at = models.DateTimeField(_("date and time"))
    kind = models.CharField(_("kind"), max_length=16, choices=MeetingKind.choices, default=MeetingKind.MEETING)
    subject = models.CharField(_("subject"), max_length=300)
    organisations = meeting_link("partners.Organisation", _("organisations"), through="partners.MeetingOrganisation")
    contacts = meeting_link("partners.Contact", _("contacts"), through="partners.MeetingContact")
    staff = meeting_link(settings.AUTH_USER_MODEL, _("staff"), through="partners.MeetingStaff")
    collaborations = meeting_link("partners.Collaboration", _("collaborations"))
    areas = meeting_link("partners.Area", _("areas"), through="partners.MeetingArea")
    themes = meeting_link("partners.Theme", _("themes"), through="partners.MeetingTheme")
    # The advocacy cases the meeting was about (issue 16); not among MEETING_LINKS (the meeting list and files).
    cases = meeting_link("partners.Case", _("cases"))
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    # Kept by database triggers (partners/reporting/triggers.py, ``KEPT``), never written from Python.
    open_follow_ups = models.PositiveIntegerField(_("open follow-ups"), default=0, db_default=0, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "open_follow_ups"])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["-starts_at", "-id"], name="meeting_recent_idx"),
            # The list of a kind in its default order (and the last page, a backward scan).
            models.Index(fields=["kind", "-starts_at", "-id"], name="meeting_kind_recent_idx"),
            # The list sorted by subject or by creation, both ways.
            models.Index(fields=["subject"], name="meeting_subject_idx"),
            models.Index(fields=["created_at"], name="meeting_created_idx"),
            # Meetings of a period by kind (the meeting figures): an index-only range scan.
            models.Index(fields=["starts_at"], include=["kind"], name="meeting_starts_kind_idx"),
            # The list sorted by open follow-ups, both ways (a backward scan for the other).
            models.Index(fields=["open_follow_ups", "-starts_at", "-id"], name="meeting_open_follow_ups_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=MeetingKind.values), name="meeting_kind_valid"),
        ]

    def __str__(self) -> str:
        when = timezone.localtime(self.starts_at).strftime("%d-%m-%Y") if self.starts_at else ""
        return f"{when} {self.subject}".strip()

    def get_absolute_url(self) -> str:
        return reverse("meeting_detail", args=[self.pk])


class MeetingLink(models.Model):
    """A meeting's organisation, contact, theme, area or staff member, with a copy of the meeting's start that the
    database keeps.

    The copy lets "last meeting", "met since …" and the meeting figures be read from one index on (start, …) or
    (organisation, start) instead of joining every link to its meeting: 2.4M organisation links at the reference
    scale. Database triggers (``partners/reporting/triggers.py``) set it on
    every insert and follow every change of the meeting's start, whatever writes them; nothing in Python sets it.
    """

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE)
    starts_at = models.DateTimeField(_("meeting start"), null=True, editable=False)
    linked_field = ""  # the field of what the meeting is linked to: "organisation", "contact", …

    class Meta:
        abstract = True

    def __str__(self) -> str:
        """What the meeting is linked to, as the admin's inline rows name them."""
        return str(getattr(self, self.linked_field))


def meeting_link(name: str, field: str, to: str, label, table: str, plural: tuple, *indexes) -> type[MeetingLink]:
    """The link model of a meeting to ``to`` (its ``field``), on the table Django made for the many-to-many field.

    ``plural`` is (verbose name, verbose name plural); ``indexes`` the ones the reads of that link need.
    """
    meta = {"db_table": table, "verbose_name": plural[0], "verbose_name_plural": plural[1]}
    meta |= {"unique_together": [("meeting", field)], "indexes": list(indexes)}
    target = models.ForeignKey(to, verbose_name=label, on_delete=models.CASCADE, related_name="meeting_links")
    attributes = {"__module__": __name__, "__qualname__": name, "linked_field": field, field: target}
    return type(name, (MeetingLink,), {**attributes, "Meta": type("Meta", (), meta)})


Index = models.Index
# name, the linked field and its model, its label, the table, (verbose name, plural), the indexes the reads need
MeetingOrganisation = meeting_link("MeetingOrganisation", "organisation", "partners.Organisation", _("organisation"),
    "partners_meeting_organisations", (_("meeting organisation"), _("meeting organisations")),
    Index(fields=["organisation", "-starts_at"], name="meeting_org_recent_idx"),
    Index(fields=["starts_at"], include=["organisation", "meeting"], name="meeting_org_starts_idx"))  # fmt: skip
MeetingContact = meeting_link("MeetingContact", "contact", "partners.Contact", _("contact"),
    "partners_meeting_contacts", (_("meeting contact"), _("meeting contacts")),
    Index(fields=["contact", "-starts_at"], name="meeting_contact_recent_idx"))  # fmt: skip
MeetingTheme = meeting_link("MeetingTheme", "theme", "partners.Theme", _("theme"), "partners_meeting_themes",
    (_("meeting theme"), _("meeting themes")), Index(fields=["starts_at", "theme"], name="meeting_theme_starts_idx"))  # fmt: skip
MeetingArea = meeting_link("MeetingArea", "area", "partners.Area", _("housing area"), "partners_meeting_areas",
    (_("meeting area"), _("meeting areas")), Index(fields=["starts_at", "area"], name="meeting_area_starts_idx"))  # fmt: skip
MeetingStaff = meeting_link("MeetingStaff", "user", settings.AUTH_USER_MODEL, _("staff member"),
    "partners_meeting_staff", (_("meeting staff member"), _("meeting staff members")),
    Index(fields=["starts_at", "user"], name="meeting_staff_starts_idx"))  # fmt: skip


class FollowUpState:
    """The follow-up list's states (``?state=``): open, overdue (open and past due), done."""

    OPEN = "open"
    OVERDUE = "overdue"
    DONE = "done"


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_at__isnull=True)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def with_overdue_flag(self, today=None):
        """Annotate ``is_overdue``: open and due before ``today``."""
        return self.annotate(
            is_overdue=models.Case(
                models.When(done_at__isnull=True, due_date__lt=today or timezone.localdate(), then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )


class FollowUp(TimeStampedModel):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="follow_ups")
    text = models.TextField(_("text"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="follow_ups"
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["done_at", "due_date", "id"]
        indexes = [
            models.Index(
                fields=["owner", "due_date"], condition=models.Q(done_at__isnull=True), name="followup_open_owner_idx"
            ),
            models.Index(fields=["due_date"], condition=models.Q(done_at__isnull=True), name="followup_open_due_idx"),
            # The list in its default order (open first, by due date), from either end.
            models.Index(fields=["done_at", "due_date", "id"], name="followup_state_idx"),
            # The dashboard's open follow-ups of a page of organisations: from their meetings to the open ones.
            models.Index(
                fields=["meeting"],
                include=["due_date"],
                condition=models.Q(done_at__isnull=True),
                name="followup_open_meeting_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("followup_detail", args=[self.pk])

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def mark(self, done: bool, *, when=None) -> bool:
        """The one completion rule: done keeps the time it was first done (``when``, else now); not done clears it.
        Returns whether ``done_at`` changed."""
        before = self.done_at
        if not done:
            self.done_at = None
        elif self.done_at is None:
            self.done_at = when or timezone.now()
        return self.done_at != before
