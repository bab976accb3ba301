"""Writes of tags and themes (labels, ``models/lookups.py``) beyond saving a form: one created from a name typed into
a form's autocomplete, and one merged into another (HackSoft style: keyword-only, validated, in a transaction)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models.lookups import Label
from ..selectors.tags import MergePlan, merge_plan


def retired_message(label: Label) -> str:
    return _("“%(name)s” exists, but is retired. Open it on its page and take it into use again.") % {
        "name": label.name
    }


@transaction.atomic
def label_get_or_create(*, model: type[Label], name: str) -> tuple[Label, bool]:
    """The label of ``model`` named ``name`` (in any case), or a new one; ``(label, created)``.

    A retired label of that name is refused (``ValidationError``), not taken into use again behind the user's back;
    so is a name the model refuses (empty, too long), with the model's message.
    """
    name = name.strip()
    existing = model.objects.named(name).first() if name else None
    if existing is None:
        label = model(name=name)
        label.full_clean()
        try:
            with transaction.atomic():
                label.save()
            return label, True
        except IntegrityError:  # created by someone else at the same moment: that one is the answer
            existing = model.objects.named(name).get()
    if not existing.is_active:
        raise ValidationError({"name": retired_message(existing)})
    return existing, False


def history_reason(text: str, other: Label, plan: MergePlan) -> str:
    name = Truncator(other.name).chars(50)
    return Truncator(text % {"name": name, "records": plan.records}).chars(100)


class MergeChanged(Exception):
    """The records changed between the confirmation and the merge: ``plan`` is what a merge would move now."""

    def __init__(self, plan: MergePlan):
        super().__init__(plan.token)
        self.plan = plan


@transaction.atomic
def label_merge(*, source: Label, target: Label, expected: str | None = None) -> MergePlan:
    """Move every record of ``source`` to ``target`` and delete ``source``; the plan it carried out.

    A record that has both keeps one link (to ``target``). Both labels are locked first, so two merges of the same
    label cannot interleave, and no record gets ``source`` while its links move. With ``expected`` (the token of the
    plan the user confirmed) a merge that would now move other numbers raises ``MergeChanged`` and changes nothing.
    Both labels' history records the merge (the links themselves have no history).
    """
    model = type(source)
    if source.pk == target.pk:
        raise ValidationError(_("A tag or theme cannot be merged into itself."))
    locked = model.objects.select_for_update().in_bulk([source.pk, target.pk])
    if len(locked) != 2:
        raise ValidationError(_("One of the two was deleted in the meantime. Nothing was merged."))
    source, target = locked[source.pk], locked[target.pk]
    plan = merge_plan(source=source, target=target)
    if expected is not None and plan.token != expected:
        raise MergeChanged(plan)
    for link in model.links():
        links = link.through.objects.filter(**{link.label: source.pk})
        has_target = link.through.objects.filter(**{link.label: target.pk}).values(link.record)
        links.filter(**{f"{link.record}__in": has_target}).delete()
        links.update(**{link.label: target.pk})
    # The history's reason holds 100 characters: each label's record names the other one.
    target._change_reason = history_reason(
        ngettext("“%(name)s” merged into it: %(records)d record moved.",
                 "“%(name)s” merged into it: %(records)d records moved.", plan.records),
        source, plan,
    )  # fmt: skip
    target.save()
    source._change_reason = history_reason(
        ngettext("Merged into “%(name)s”: %(records)d record moved.",
                 "Merged into “%(name)s”: %(records)d records moved.", plan.records),
        target, plan,
    )  # fmt: skip
    source.delete()
    return plan
