"""Properties every registered evidence metric must have."""

from __future__ import annotations

import re

import pytest

from caregate.evidence.metrics import CannotEvaluate, all_metrics
from caregate.evidence.spec import ODOO17_FIELD_TYPES
from tests.evidence.builders import build_snapshot, every_spec_model_empty, run_metric

METRICS = all_metrics()

EXPECTED_KEYS = {
    "check": {
        "critical_products_without_supplier",
        "orderpoint_min_above_max",
        "purchase_uom_category_mismatch",
        "duplicate_partners",
        "users_internal_and_portal",
        "access_rights_admins",
        "negative_quants",
        "quant_lot_of_other_product",
        "confirmed_po_without_confirmation_date",
    },
    "kpi": {
        "po_cycle_time_days",
        "receiving_backlog",
        "stock_accuracy_pct",
        "invoice_exception_count",
        "maintenance_completion_pct",
        "support_response_hours",
        "access_incident_count",
    },
}


def test_the_expected_checks_and_kpis_are_registered():
    registered = {
        kind: {metric.key for metric in METRICS if metric.kind == kind} for kind in EXPECTED_KEYS
    }
    assert registered == EXPECTED_KEYS
    assert all(metric.kind in EXPECTED_KEYS for metric in METRICS)


@pytest.mark.parametrize("metric", METRICS, ids=lambda metric: metric.key)
def test_definition_names_every_model_and_field_it_reads(metric):
    definition = metric.definition
    for model, fields in metric.reads.items():
        assert model in definition, f"{metric.key} definition does not mention {model}"
        for name in fields:
            assert f"``{name}``" in definition, (
                f"{metric.key} definition does not mention field {name}"
            )
    assert "Why it matters" in definition
    assert metric.better in ("lower", "higher")
    assert str(metric.title)


@pytest.mark.parametrize(
    ("metric", "missing"),
    [(metric, model) for metric in METRICS for model in metric.reads],
    ids=lambda value: getattr(value, "key", value),
)
def test_a_missing_model_cannot_be_evaluated_and_is_named(tmp_path, metric, missing):
    models = {
        model: []
        for model in ("ir.model.data", *metric.reads)
        if model != missing and model in ODOO17_FIELD_TYPES
    }
    snapshot = build_snapshot(tmp_path, models)
    with pytest.raises(CannotEvaluate, match=re.escape(missing)):
        run_metric(snapshot, metric.key)


#: Metrics that need data to say anything: group xml ids, or a non-empty population.
NEED_DATA = {
    "users_internal_and_portal",
    "access_rights_admins",
    "po_cycle_time_days",
    "stock_accuracy_pct",
    "maintenance_completion_pct",
    "support_response_hours",
}


def test_on_an_empty_snapshot_counts_are_zero_or_the_metric_cannot_evaluate(tmp_path):
    snapshot = build_snapshot(tmp_path, every_spec_model_empty())
    cannot = set()
    for metric in METRICS:
        try:
            result = run_metric(snapshot, metric.key)
        except CannotEvaluate:
            cannot.add(metric.key)
            continue
        assert (result.value, result.record_ids, result.population) == (0, [], 0), metric.key
        assert result.query.strip()
    assert cannot == NEED_DATA
