"""Register list pages: search, filter, sort and paginate a queryset from the query string.

Every register page (gaps, customizations, RAID, training …) declares a
:class:`Listing` and renders ``core/_listing_controls.html`` and
``core/_pagination.html``. The page costs a fixed number of queries — a count
and one page of rows (plus whatever ``select_related`` the view asks for) —
whatever the register's size; the register tests assert it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet


@dataclass(frozen=True)
class ListFilter:
    """A drop-down filter: query parameter, model lookup, and the (value, label) options."""

    param: str
    lookup: str
    label: str
    choices: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class SortColumn:
    """A sortable column: query value, its heading, and the ordering it applies."""

    param: str
    label: str
    ordering: tuple[str, ...]


@dataclass
class ListingPage:
    """What a template needs: the rows of this page and the state of every control."""

    page: Any
    search: str
    filters: list[dict[str, Any]]
    columns: list[dict[str, Any]]
    sort: str
    total: int


@dataclass(frozen=True)
class Listing:
    """How one register is listed."""

    search_fields: tuple[str, ...]
    sort_columns: tuple[SortColumn, ...]
    default_sort: str
    filters: tuple[ListFilter, ...] = field(default_factory=tuple)
    per_page: int = 50

    def apply(self, queryset: QuerySet, params) -> ListingPage:
        """Narrow, order and paginate ``queryset`` by the request's query parameters."""
        search = (params.get("q") or "").strip()[:200]
        if search and self.search_fields:
            queryset = queryset.filter(
                reduce(or_, (Q(**{f"{name}__icontains": search}) for name in self.search_fields))
            )

        filter_state = []
        for list_filter in self.filters:
            value = params.get(list_filter.param, "")
            allowed = {choice for choice, _label in list_filter.choices}
            if value in allowed:
                queryset = queryset.filter(**{list_filter.lookup: value})
            else:
                value = ""
            filter_state.append({"filter": list_filter, "value": value})

        columns = {column.param: column for column in self.sort_columns}
        requested = params.get("sort") or self.default_sort
        descending = requested.startswith("-")
        column = columns.get(requested.lstrip("-")) or columns[self.default_sort.lstrip("-")]
        if column.param != requested.lstrip("-"):
            descending = self.default_sort.startswith("-")
        ordering = [f"-{name}" if descending else name for name in column.ordering]
        queryset = queryset.order_by(*ordering, "-pk" if descending else "pk")
        sort = f"-{column.param}" if descending else column.param

        paginator = Paginator(queryset, self.per_page)
        page = paginator.get_page(params.get("page"))
        column_state = [
            {
                "column": each,
                "active": each.param == column.param,
                "descending": descending and each.param == column.param,
                "next": each.param
                if (each.param != column.param or descending)
                else f"-{each.param}",
            }
            for each in self.sort_columns
        ]
        return ListingPage(
            page=page,
            search=search,
            filters=filter_state,
            columns=column_state,
            sort=sort,
            total=paginator.count,
        )
