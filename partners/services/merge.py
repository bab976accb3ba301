"""Merging two records that are one real partner or person: every link of the one that goes (the *loser*) moves to
the one that stays (the *survivor*), in one transaction (HackSoft style: keyword-only, validated, atomic).

An organisation's affiliations, meetings, invitations (as "invited through"), collaborations, housing areas (as their
municipality or estate), child organisations, tags, aliases and create-form tokens move; its name, short name and
aliases become the survivor's aliases. A contact's affiliations, meetings, invitations, tags and tokens move. Where
the survivor already has the same link, one is kept and the merge says so: one current job per organisation, one
collaboration membership (the weightier role), one invitation per event (the one further along), one meeting link.
Both records' history records the merge (the loser's as its deletion); the links that have history record the move.
The meeting figures follow by their triggers (``reporting/triggers.py``): the moved meeting links are plain writes.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.db.models.functions import Lower
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_update_with_history

from ..models import (
    Affiliation,
    Area,
    CaseStakeholder,
    CollaborationPartner,
    Contact,
    Document,
    Invitation,
    MeetingContact,
    MeetingOrganisation,
    Organisation,
    OrganisationAlias,
    PersonalDataExport,
    SubmissionToken,
)
from ..models.collaborations import PartnerRole
from ..models.events import InvitationStatus
from ..models.folding import fold
from ..models.organisations import ALLOWED_PARENT_KINDS, ORGANISATION_DETAILS

# The fields a merge lets the user choose per field, in the order the comparison shows them.
ORGANISATION_FIELDS = ("kind", "name", "short_name", "parent", *ORGANISATION_DETAILS, "owner", "is_key_partner",
                       "is_active", "notes")  # fmt: skip
CONTACT_FIELDS = ("first_name", "last_name", "salutation", "email", "phone", "owner", "do_not_contact",
                  "lawful_basis", "consent_note", "is_active", "notes")  # fmt: skip
MERGE_FIELDS = {Organisation: ORGANISATION_FIELDS, Contact: CONTACT_FIELDS}
# Texts that may be kept from both records, one after the other.
JOINABLE = ("notes", "consent_note")

# How far an invitation got: of two invitations of one person to one event, the one further along is kept.
INVITATION_PROGRESS = [
    InvitationStatus.DRAFT,
    InvitationStatus.INVITED,
    InvitationStatus.DECLINED,
    InvitationStatus.ACCEPTED,
    InvitationStatus.NO_SHOW,
    InvitationStatus.ATTENDED,
]
ROLE_WEIGHT = list(PartnerRole.values)  # lead first: of two memberships of one collaboration, the weightier is kept
REASON_LENGTH = 100  # simple_history's history_change_reason


@dataclass
class MergeResult:
    survivor: Model
    loser_name: str
    moved: dict[str, int] = field(default_factory=dict)  # what moved (a Danish label) → how many
    notes: list[str] = field(default_factory=list)  # links both had, and which one was kept

    def count(self, label: str, number: int) -> None:
        if number:
            self.moved[label] = self.moved.get(label, 0) + number


def _reason(text: str, name: str, pk: int) -> str:
    return Truncator(text % {"name": Truncator(name).chars(50), "pk": pk}).chars(REASON_LENGTH)


def _lock(model, survivor: Model, loser: Model) -> tuple[Model, Model]:
    if survivor.pk == loser.pk:
        raise ValidationError(_("A record cannot be merged with itself."))
    locked = model.objects.select_for_update().in_bulk([survivor.pk, loser.pk])
    if len(locked) != 2:
        raise ValidationError(_("One of the two was deleted or merged in the meantime. Nothing was merged."))
    return locked[survivor.pk], locked[loser.pk]


def _take_values(survivor: Model, loser: Model, *, take, both) -> None:
    """The survivor gets the loser's value of each field in ``take``; a text in ``both`` keeps the two texts."""
    fields = MERGE_FIELDS[type(survivor)._meta.concrete_model]
    for name in take:
        if name in fields:
            attname = survivor._meta.get_field(name).attname
            setattr(survivor, attname, getattr(loser, attname))
    for name in both:
        if name in fields and name in JOINABLE:
            texts = [text for text in (getattr(survivor, name), getattr(loser, name)) if text.strip()]
            setattr(survivor, name, "\n\n".join(dict.fromkeys(texts)))


def _move_meeting_links(link_model, field_name: str, survivor: Model, loser: Model) -> tuple[int, int]:
    """The loser's meeting links to the survivor; a meeting that has both keeps one. (moved, dropped)."""
    links = link_model.objects.filter(**{field_name: loser})
    shared = link_model.objects.filter(**{field_name: survivor}).values("meeting")
    dropped, _by_model = links.filter(meeting__in=shared).delete()
    return links.update(**{field_name: survivor}), dropped


def _meetings_with_both(count: int) -> str:
    return ngettext(
        "%(count)d meeting was with both; it now counts once.",
        "%(count)d meetings were with both; each now counts once.",
        count,
    ) % {"count": count}


def _move_tokens(survivor: Model, loser: Model) -> None:
    """A create form sent again links to what it created: now the survivor."""
    content_type = ContentType.objects.get_for_model(type(loser), for_concrete_model=True)
    SubmissionToken.objects.filter(content_type=content_type, object_id=loser.pk).update(object_id=survivor.pk)


def _move_documents(survivor: Model, loser: Model, reason: str, user) -> int:
    """The loser's documents become the survivor's (else the loser, with documents, could not be deleted)."""
    documents = list(Document.objects.attached_to(loser))
    for document in documents:
        document.record_id = survivor.pk
    return _save_moved(documents, Document, ["record_id"], reason, user)


def _move_stances(survivor: Model, loser: Model, by: str, result: "MergeResult", reason: str, user) -> int:
    """The loser's places on the advocacy cases; on a case where both stand, the survivor's stance is kept."""
    on_cases = set(CaseStakeholder.objects.filter(**{by: survivor}).values_list("case_id", flat=True))
    moving = []
    for stance in CaseStakeholder.objects.filter(**{by: loser}).select_related("case"):
        if stance.case_id in on_cases:
            result.notes.append(
                _("Both were on the case “%(case)s”: the stance of “%(name)s” was kept.")
                % {"case": stance.case.title, "name": survivor}
            )
            _delete(stance, reason)
            continue
        setattr(stance, by, survivor)
        moving.append(stance)
    return _save_moved(moving, CaseStakeholder, [by], reason, user)


def _save_moved(objects: list[Model], model, fields: list[str], reason: str, user) -> int:
    if objects:
        bulk_update_with_history(objects, model, fields, default_user=user, default_change_reason=reason)
    return len(objects)


def _delete(obj: Model, reason: str) -> None:
    obj._change_reason = reason
    obj.delete()


def _merge_affiliations(survivor, loser, *, by: str, result: MergeResult, reason: str, user) -> None:
    """Move the loser's affiliations (``by`` is the merged side: "organisation" or "contact"); a current one the
    survivor already has (the same person at the same organisation) is merged into it: its empty title, department
    and start filled from the loser's, primary if either was."""
    other = "contact" if by == "organisation" else "organisation"
    kept = {getattr(a, f"{other}_id"): a for a in Affiliation.objects.current().filter(**{by: survivor})}
    has_primary = by == "contact" and Affiliation.objects.current().filter(contact=survivor, is_primary=True).exists()
    moved, joined = [], []
    for affiliation in Affiliation.objects.filter(**{by: loser}).order_by("pk"):
        twin = kept.get(getattr(affiliation, f"{other}_id")) if affiliation.is_current else None
        if twin is not None:
            for name in ("title", "department", "start_date"):
                if not getattr(twin, name) and getattr(affiliation, name):
                    setattr(twin, name, getattr(affiliation, name))
            # One current primary job per person: a contact that already has one keeps it.
            twin.is_primary = twin.is_primary or (affiliation.is_primary and not has_primary)
            joined.append(twin)
            _delete(affiliation, reason)
            continue
        setattr(affiliation, by, survivor)
        if by == "contact" and affiliation.is_current and affiliation.is_primary and has_primary:
            affiliation.is_primary = False  # the survivor's primary job stays the primary one
        moved.append(affiliation)
    for twin in dict.fromkeys(joined):
        twin._change_reason = reason
        twin.save()
    result.count(_("Affiliations"), _save_moved(moved, Affiliation, [by, "is_primary"], reason, user))
    if joined:
        result.notes.append(
            ngettext(
                "%(count)d current affiliation was held with both and is now one.",
                "%(count)d current affiliations were held with both and are now one each.",
                len(joined),
            )
            % {"count": len(joined)}
        )


@transaction.atomic
def organisation_merge(*, survivor: Organisation, loser: Organisation, take=(), both=(), user=None) -> MergeResult:
    """Merge ``loser`` into ``survivor``; ``take``: the fields whose value comes from the loser, ``both``: the texts
    kept from both. Raises ``ValidationError`` (nothing changed) when the two cannot be one."""
    survivor, loser = _lock(Organisation, survivor, loser)
    below_loser = Organisation.objects.filter(pk=loser.pk).with_sub_units().filter(pk=survivor.pk).exists()
    if below_loser and survivor.parent_id != loser.pk:  # deeper than a direct unit: its units would loop
        raise ValidationError(
            _("“%(survivor)s” lies below “%(loser)s”. Merge them the other way round, or move it up first.")
            % {"survivor": survivor.name, "loser": loser.name}
        )
    result = MergeResult(survivor, loser.name)
    old_names = [survivor.name, survivor.short_name, loser.name, loser.short_name]
    _take_values(survivor, loser, take=take, both=both)
    if survivor.parent_id in (survivor.pk, loser.pk):  # under the other one: take the other's place
        survivor.parent_id = loser.parent_id if loser.parent_id != survivor.pk else None
    survivor.full_clean(validate_unique=False, validate_constraints=False)
    children = list(Organisation.objects.filter(parent=loser).exclude(pk=survivor.pk))
    for child in children:
        if survivor.kind not in ALLOWED_PARENT_KINDS.get(child.kind, set()):
            raise ValidationError(
                _("“%(child)s” is a %(kind)s and cannot be placed under a %(parent_kind)s.")
                % {"child": child.name, "kind": child.get_kind_display().lower(),
                   "parent_kind": survivor.get_kind_display().lower()}
            )  # fmt: skip
    areas = Area.objects.filter(municipality=loser)
    clash = areas.annotate(lower=Lower("name")).filter(
        lower__in=Area.objects.filter(municipality=survivor).values(lower=Lower("name"))
    )
    if clash.exists():
        raise ValidationError(
            _("Both municipalities have a housing area named “%(name)s”. Merge or rename the areas first.")
            % {"name": clash.first().name}
        )
    reason = _reason(_("Moved when “%(name)s” (no. %(pk)s) was merged into it"), loser.name, loser.pk)

    _merge_affiliations(survivor, loser, by="organisation", result=result, reason=reason, user=user)
    invitations = list(Invitation.objects.filter(organisation=loser))
    for invitation in invitations:
        invitation.organisation = survivor
    result.count(_("Invitations"), _save_moved(invitations, Invitation, ["organisation"], reason, user))
    moved, dropped = _move_meeting_links(MeetingOrganisation, "organisation", survivor, loser)
    result.count(_("Meetings"), moved)
    if dropped:
        result.notes.append(_meetings_with_both(dropped))

    memberships = {m.collaboration_id: m for m in CollaborationPartner.objects.filter(organisation=survivor)}
    moving = []
    for membership in CollaborationPartner.objects.filter(organisation=loser).select_related("collaboration"):
        twin = memberships.get(membership.collaboration_id)
        if twin is None:
            membership.organisation = survivor
            moving.append(membership)
            continue
        if ROLE_WEIGHT.index(membership.role) < ROLE_WEIGHT.index(twin.role):
            twin.role, twin._change_reason = membership.role, reason
            twin.save()
        result.notes.append(
            _("Both were partners in “%(collaboration)s”: one membership kept, as %(role)s.")
            % {"collaboration": membership.collaboration.title, "role": twin.get_role_display().lower()}
        )
        _delete(membership, reason)
    result.count(_("Collaborations"), _save_moved(moving, CollaborationPartner, ["organisation"], reason, user))

    areas = list(areas)
    for area in areas:
        area.municipality = survivor
    result.count(_("Housing areas"), _save_moved(areas, Area, ["municipality"], reason, user))
    estates = Area.estates.through.objects
    estates.filter(organisation=loser, area__in=estates.filter(organisation=survivor).values("area")).delete()
    result.count(_("Housing areas"), estates.filter(organisation=loser).update(organisation=survivor))
    for child in children:
        child.parent = survivor
    result.count(_("Units below"), _save_moved(children, Organisation, ["parent"], reason, user))
    tags = list(loser.tags.all())
    survivor.tags.add(*tags)
    result.count(_("Tags"), len(tags))
    _move_tokens(survivor, loser)
    result.count(_("Documents"), _move_documents(survivor, loser, reason, user))
    result.count(_("Cases"), _move_stances(survivor, loser, "organisation", result, reason, user))
    alias_names = [alias.name for alias in loser.aliases.all()] + [a.name for a in survivor.aliases.all()]
    OrganisationAlias.objects.filter(organisation__in=[survivor, loser]).delete()

    Organisation.objects.filter(pk=survivor.pk).update(parent_id=survivor.parent_id)  # no longer under the loser
    loser_pk = loser.pk
    _delete(loser, _reason(_("Merged into “%(name)s” (no. %(pk)s)"), survivor.name, survivor.pk))
    survivor.validate_constraints()
    survivor._change_reason = _reason(_("“%(name)s” (no. %(pk)s) was merged into it"), loser.name, loser_pk)
    survivor.save()
    # Every name either was known under stays findable: the loser's name first among them.
    own = {fold(survivor.name), fold(survivor.short_name)}
    aliases = {}
    for name in [*old_names, *alias_names]:
        if name and fold(name) not in own and fold(name) not in aliases:
            aliases[fold(name)] = name
    OrganisationAlias.objects.bulk_create([OrganisationAlias(organisation=survivor, name=n) for n in aliases.values()])
    result.count(_("Other names"), len(aliases))
    return result


@transaction.atomic
def contact_merge(*, survivor: Contact, loser: Contact, take=(), both=(), user=None) -> MergeResult:
    """Merge ``loser`` into ``survivor``; ``take``: the fields whose value comes from the loser, ``both``: the texts
    kept from both. Raises ``ValidationError`` (nothing changed) when the two cannot be one."""
    survivor, loser = _lock(Contact, survivor, loser)
    result = MergeResult(survivor, loser.full_name)
    _take_values(survivor, loser, take=take, both=both)
    survivor.full_clean(validate_unique=False, validate_constraints=False)
    reason = _reason(_("Moved when “%(name)s” (no. %(pk)s) was merged into it"), loser.full_name, loser.pk)

    _merge_affiliations(survivor, loser, by="contact", result=result, reason=reason, user=user)
    kept = {invitation.event_id: invitation for invitation in Invitation.objects.filter(contact=survivor)}
    moving = []
    for invitation in Invitation.objects.filter(contact=loser).select_related("event").order_by("pk"):
        twin = kept.get(invitation.event_id)
        if twin is not None:
            further = INVITATION_PROGRESS.index(invitation.status) > INVITATION_PROGRESS.index(twin.status)
            keep, drop = (invitation, twin) if further else (twin, invitation)
            _delete(drop, reason)
            result.notes.append(
                _("Both were invited to “%(event)s”: the invitation with the status “%(status)s” was kept.")
                % {"event": invitation.event.name, "status": keep.get_status_display()}
            )
            if keep is twin:
                continue
        invitation.contact = survivor
        moving.append(invitation)
    result.count(_("Invitations"), _save_moved(moving, Invitation, ["contact"], reason, user))
    moved, dropped = _move_meeting_links(MeetingContact, "contact", survivor, loser)
    result.count(_("Meetings"), moved)
    if dropped:
        result.notes.append(_meetings_with_both(dropped))
    tags = list(loser.tags.all())
    survivor.tags.add(*tags)
    result.count(_("Tags"), len(tags))
    _move_tokens(survivor, loser)
    result.count(_("Cases"), _move_stances(survivor, loser, "contact", result, reason, user))
    # The record of access requests answered stays with the person (under the name it was answered for).
    PersonalDataExport.objects.filter(contact=loser).update(contact=survivor)

    loser_pk = loser.pk
    _delete(loser, _reason(_("Merged into “%(name)s” (no. %(pk)s)"), survivor.full_name, survivor.pk))
    survivor.validate_constraints()
    survivor._change_reason = _reason(_("“%(name)s” (no. %(pk)s) was merged into it"), loser.full_name, loser_pk)
    survivor.save()
    return result


MERGES = {Organisation: organisation_merge, Contact: contact_merge}
