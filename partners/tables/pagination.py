"""Pages of a list that cost the same on page 1 and on the last page, at 1,000 rows or at 1,000,000.

Two things made deep pages slow (issue 14): ``OFFSET`` makes PostgreSQL compute every row it skips, with the per-row
subqueries of the list (last meeting, primary organisation, counts), and ``COUNT(*)`` reads every matching row.
``ListPaginator`` instead

- **counts up to** ``COUNT_CAP`` rows (``SELECT COUNT(*) FROM (… LIMIT cap+1)``, the ids only) and beyond that takes
  the planner's estimate, shown as "ca. 1.000.000 rækker";
- **picks the page's ids first** (``pk IN (SELECT id … ORDER BY … LIMIT n OFFSET k)``, one query with the outer
  annotated select), so the subqueries run for the rows shown only;
- serves a page in the second half **from the end**: the reversed order's first rows, so the last page is as cheap
  as the first. Of a list with an estimated count the pages are numbered from the estimate, so near the end they are
  exact counted from the end; a page more than ``MAX_OFFSET`` rows from both ends is not served (the nearest one that
  is, with ``page.is_capped``): narrowing the list with its filters, or turning the sort, gets there.
"""

import json

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django_tables2.rows import BoundRows

COUNT_CAP = 10_000
MAX_OFFSET = 10_000


def estimated_rows(queryset: QuerySet) -> int:
    """The planner's estimate of the rows of ``queryset`` (one EXPLAIN, nothing read)."""
    plan = queryset.order_by().values("pk").explain(format="json")
    return int(json.loads(plan)[0]["Plan"]["Plan Rows"])


class ListPaginator(Paginator):
    def __init__(self, object_list, per_page, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        # django-tables2 hands over its rows; their data is the sorted queryset (or a list, paginated as usual).
        data = getattr(getattr(object_list, "data", None), "data", None)
        self.queryset = data if isinstance(data, QuerySet) else None
        self.count_is_estimate = False

    @cached_property
    def count(self) -> int:
        if self.queryset is None:
            return super().count
        known = getattr(self.object_list.data, "_length", None)
        if known is not None:  # the table was counted already (its len()): that count serves
            return known
        counted = self.queryset.order_by().values("pk")[: COUNT_CAP + 1].count()
        if counted > COUNT_CAP:
            self.count_is_estimate = True
            counted = max(estimated_rows(self.queryset), COUNT_CAP + 1)
        self.object_list.data._length = counted  # the table's own len() (e.g. a row count) asks no query again
        return counted

    def page(self, number) -> Page:
        if self.queryset is None:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        from_end = max(self.count - bottom - self.per_page, 0)
        capped = False
        if bottom > MAX_OFFSET and from_end > MAX_OFFSET:
            number, bottom, from_end, capped = self._nearest_served(number)
        if bottom <= from_end or not self._can_reverse():
            rows = self._rows(self.queryset, bottom)
        else:
            size = self.per_page if self.count_is_estimate else min(self.per_page, self.count - bottom)
            rows = self._rows(self.queryset.reverse(), from_end, size)[::-1]
        table = getattr(self.object_list, "table", None)
        page = Page(BoundRows(data=rows, table=table) if table is not None else rows, number, self)
        page.is_capped = capped
        return page

    def _nearest_served(self, number: int) -> tuple[int, int, int, bool]:
        """The page nearest to ``number`` that lies within ``MAX_OFFSET`` rows of an end."""
        first_half = number <= self.num_pages / 2
        number = MAX_OFFSET // self.per_page + 1 if first_half else self.num_pages - MAX_OFFSET // self.per_page
        bottom = (number - 1) * self.per_page
        return number, bottom, max(self.count - bottom - self.per_page, 0), True

    def _can_reverse(self) -> bool:
        query = self.queryset.query
        return bool(query.order_by or (query.default_ordering and self.queryset.model._meta.ordering))

    def _rows(self, queryset: QuerySet, offset: int, size: int | None = None) -> list:
        size = size or self.per_page
        if queryset.query.distinct:
            return list(queryset[offset : offset + size])
        chosen = queryset.values("pk")[offset : offset + size]
        return list(queryset.filter(pk__in=chosen))
