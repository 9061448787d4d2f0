"""MetricContext settings and the as-of moment; SQL literals written into stored queries."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from caregate.evidence.metric_sql import render_sql, sql_any_contains, sql_literal
from caregate.evidence.metrics import DEFAULT_EVIDENCE_SETTINGS, MetricContext
from tests.evidence.builders import COLLECTED_AT, build_snapshot


@pytest.fixture
def snapshot(tmp_path):
    return build_snapshot(tmp_path, {"res.users": []})


def test_settings_fall_back_to_the_documented_defaults(snapshot):
    context = MetricContext(snapshot, None, {"kpi_window_days": 30})
    assert context.setting("kpi_window_days") == 30
    assert context.setting("receiving_grace_hours") == 24
    assert context.setting("critical_category_patterns") == ["Critical"]
    assert set(DEFAULT_EVIDENCE_SETTINGS) == {
        "critical_category_patterns",
        "kpi_window_days",
        "receiving_grace_hours",
        "stock_count_tolerance_units",
        "stock_count_tolerance_pct",
        "invoice_draft_max_days",
    }
    with pytest.raises(KeyError, match="no_such_setting"):
        context.setting("no_such_setting")


def test_as_of_defaults_to_collection_time(snapshot):
    assert MetricContext(snapshot, None).as_of == COLLECTED_AT


@pytest.mark.parametrize(
    "given",
    [
        "2026-05-01T14:00:00+02:00",
        dt.datetime(2026, 5, 1, 12, 0),  # naive: read as UTC, like Odoo's datetimes
        dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC),
    ],
)
def test_as_of_from_params_is_utc(snapshot, given):
    context = MetricContext(snapshot, None, {"as_of": given})
    assert context.as_of == dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC)
    assert context.as_of.utcoffset() == dt.timedelta(0)


def test_sql_literals_read_back_as_the_same_values():
    moment = dt.datetime(2026, 5, 1, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    query = render_sql(
        "SELECT {text}, {number}, {ratio}, {flag}, {day}, epoch({moment}), {items}, {nothing}",
        text="O'Brien",
        number=7,
        ratio=0.25,
        flag=True,
        day=dt.date(2026, 5, 1),
        moment=moment,
        items=["a", "b"],
        nothing=None,
    )
    row = duckdb.connect().execute(query).fetchone()
    assert row == (
        "O'Brien",
        7,
        0.25,
        True,
        dt.date(2026, 5, 1),
        moment.timestamp(),
        ["a", "b"],
        None,
    )


def test_sql_literal_refuses_what_it_cannot_write():
    with pytest.raises(ValueError, match="nan"):
        sql_literal(float("nan"))
    with pytest.raises(TypeError, match="object"):
        sql_literal(object())


def test_sql_any_contains_ignores_case_and_empty_needles():
    condition = sql_any_contains("name", ["Crit", "", "O'Ne"])
    assert condition == "(contains(lower(name), 'crit') OR contains(lower(name), 'o''ne'))"
    assert sql_any_contains("name", [""]) == "FALSE"
