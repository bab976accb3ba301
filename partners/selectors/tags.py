"""Reads for the tag and theme pages (both are labels, ``models/lookups.py``): how many records carry each, and what a
merge would move. A fixed number of queries whatever the number of labels or records."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import capfirst

from .. import registry
from ..models import Tag
from ..models.lookups import Label, LabelLink
from .meetings import related_count


def count_name(link: LabelLink) -> str:
    """The annotation that counts a label's records of one kind: ``organisations_count``."""
    return f"{link.key}_count"


def label_list_queryset(model: type[Label]) -> QuerySet:
    """Tags or themes, each with ``<records>_count`` for every kind of record it is on, in one query."""
    counts = {
        count_name(link): related_count(link.through.objects.filter(**{link.label: OuterRef("pk")}), link.label)
        for link in model.links()
    }
    return model.objects.annotate(**counts).order_by(Lower("name"), "pk")


def tag_list_queryset() -> QuerySet[Tag]:
    return label_list_queryset(Tag)


@dataclass(frozen=True)
class Usage:
    """How many records of one kind carry a label, and their list filtered by it."""

    link: LabelLink
    count: int
    url: str | None

    @property
    def label(self) -> str:
        return capfirst(self.link.model._meta.verbose_name_plural)


def records_url(link: LabelLink, label: Label) -> str | None:
    """The list of the records of ``link`` filtered by ``label`` (``/organisations/?tags=12``)."""
    entity = registry.for_model(link.model)
    list_url = entity.list_url_name if entity else None
    return f"{reverse(list_url)}?{link.field.name}={label.pk}" if list_url else None


def label_usage(*, label: Label) -> list[Usage]:
    """The records ``label`` is on, per kind; ``label`` comes from ``label_list_queryset`` (no query here)."""
    return [Usage(link, getattr(label, count_name(link)), records_url(link, label)) for link in label.links()]


@dataclass(frozen=True)
class Move:
    """What a merge does to one kind of record."""

    link: LabelLink
    moving: int  # records that get the target instead of the source
    already: int  # records that have both already: only their link to the source goes

    @property
    def label(self) -> str:
        return capfirst(self.link.model._meta.verbose_name_plural)

    @property
    def records(self) -> int:
        return self.moving + self.already


@dataclass(frozen=True)
class MergePlan:
    moves: tuple[Move, ...]

    @property
    def records(self) -> int:
        """Every record that carries the source, and will carry the target instead."""
        return sum(move.records for move in self.moves)

    @property
    def token(self) -> str:
        """The plan as the confirmation showed it (``organisations:12:2,contacts:3:0``): a merge confirmed for other
        numbers than the database now holds is shown again instead of done."""
        return ",".join(f"{move.link.key}:{move.moving}:{move.already}" for move in self.moves)


def merge_plan(*, source: Label, target: Label) -> MergePlan:
    """What merging ``source`` into ``target`` moves: one query per kind of record."""
    moves = []
    for link in source.links():
        has_target = link.through.objects.filter(**{link.label: target.pk, link.record: OuterRef(link.record)})
        counted = link.through.objects.filter(**{link.label: source.pk}).aggregate(
            records=Count("pk"), already=Count("pk", filter=Q(Exists(has_target)))
        )
        moves.append(Move(link, moving=counted["records"] - counted["already"], already=counted["already"]))
    return MergePlan(tuple(moves))
