"""Small SQL helpers shared by evidence checks and KPIs.

Metrics store the exact SQL text they ran with their result, so a reader can
rerun it on the snapshot. Values such as the as-of moment or a programme
setting are therefore written into the text as literals instead of being
passed as bind parameters that the stored text would not show.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


def sql_literal(value: Any) -> str:
    """A DuckDB literal for a Python value (text, number, moment, date, list)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot write {value!r} into SQL")
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return f"TIMESTAMPTZ '{value.astimezone(dt.UTC).isoformat(sep=' ')}'"
    if isinstance(value, dt.date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(sql_literal(item) for item in value) + "]"
    raise TypeError(f"no SQL literal for {type(value).__name__}")


def render_sql(template: str, **values: Any) -> str:
    """Fill ``{name}`` placeholders of a query with SQL literals."""
    return template.format(**{name: sql_literal(value) for name, value in values.items()})


def sql_any_contains(column: str, needles: Iterable[str]) -> str:
    """A condition true when ``column`` contains any needle, ignoring case."""
    terms = [
        f"contains(lower({column}), {sql_literal(needle.lower())})" for needle in needles if needle
    ]
    return "(" + " OR ".join(terms) + ")" if terms else "FALSE"


@dataclass(frozen=True)
class Partition:
    """A population of records split by a flag, as one query found it."""

    query: str
    population: int
    flagged_ids: list[int]


def partition(connection: Any, considered_sql: str) -> Partition:
    """Run a ``SELECT id, flagged ...`` query; count its rows, list the flagged ids.

    ``considered_sql`` selects every record the metric considers, one row each,
    with a boolean ``flagged`` column (an offending record, or an inaccurate
    count...). One scan gives both the population and the sorted flagged ids.
    """
    query = (
        f"WITH considered AS (\n{considered_sql.strip()}\n)\n"
        "SELECT count(*) AS population,\n"
        "       coalesce(list(id ORDER BY id) FILTER (WHERE flagged), []) AS flagged_ids\n"
        "FROM considered"
    )
    population, flagged_ids = connection.execute(query).fetchone()
    return Partition(query=query, population=int(population), flagged_ids=list(flagged_ids))
