"""Operational KPIs on small snapshots; the as-of moment is 2026-06-01 12:00 UTC."""

from __future__ import annotations

import pytest

from caregate.evidence.metrics import CannotEvaluate
from tests.evidence.builders import build_snapshot, compute, run_metric

# --- po_cycle_time_days ------------------------------------------------------------------------

PURCHASE_ORDERS = [
    {"id": 1, "date_approve": "2026-05-01 00:00:00", "effective_date": "2026-05-03 00:00:00"},
    {"id": 2, "date_approve": "2026-05-10 00:00:00", "effective_date": "2026-05-16 00:00:00"},
    {"id": 3, "date_approve": "2026-05-20 12:00:00", "effective_date": "2026-05-21 00:00:00"},
    # Confirmed before the 90-day window.
    {"id": 4, "date_approve": "2026-01-01 00:00:00", "effective_date": "2026-01-05 00:00:00"},
    # Not received yet.
    {"id": 5, "date_approve": "2026-05-25 00:00:00", "effective_date": False},
    # Confirmed after the as-of moment.
    {"id": 6, "date_approve": "2026-06-02 00:00:00", "effective_date": "2026-06-03 00:00:00"},
]


def test_po_cycle_time_is_the_median_over_the_window(tmp_path):
    result = compute(tmp_path, "po_cycle_time_days", {"purchase.order": PURCHASE_ORDERS})
    assert result.value == 2.0  # median of 2, 6 and 0.5 days
    assert result.record_ids == [1, 2, 3]
    assert result.population == 3
    assert result.unit == "days"


def test_po_cycle_time_follows_the_window_setting_and_as_of(tmp_path):
    snapshot = build_snapshot(tmp_path, {"purchase.order": PURCHASE_ORDERS})
    # A 20-day window leaves only order 3.
    short = run_metric(snapshot, "po_cycle_time_days", kpi_window_days=20)
    assert (short.value, short.record_ids) == (0.5, [3])
    # An earlier as-of moment (as text) leaves orders 1 and 2.
    earlier = run_metric(snapshot, "po_cycle_time_days", as_of="2026-05-15T00:00:00+00:00")
    assert (earlier.value, earlier.record_ids) == (4.0, [1, 2])


def test_po_cycle_time_cannot_be_evaluated_without_received_orders(tmp_path):
    models = {"purchase.order": [PURCHASE_ORDERS[3], PURCHASE_ORDERS[4]]}
    with pytest.raises(CannotEvaluate, match=r"no purchase\.order"):
        compute(tmp_path, "po_cycle_time_days", models)


# --- receiving_backlog -------------------------------------------------------------------------


def _picking(picking_id, code, state, scheduled):
    return {
        "id": picking_id,
        "picking_type_code": code,
        "state": state,
        "scheduled_date": scheduled,
    }


PICKINGS = [
    _picking(1, "incoming", "assigned", "2026-05-30 00:00:00"),
    _picking(2, "incoming", "assigned", "2026-05-31 13:00:00"),  # within the 24 h grace
    _picking(3, "incoming", "done", "2026-05-01 00:00:00"),
    _picking(4, "outgoing", "assigned", "2026-05-01 00:00:00"),
    _picking(5, "incoming", "cancel", "2026-05-01 00:00:00"),
    _picking(6, "incoming", "waiting", False),
    _picking(7, "incoming", "draft", "2026-05-31 11:59:59"),
]


def test_receiving_backlog_counts_open_receipts_past_the_grace(tmp_path):
    result = compute(tmp_path, "receiving_backlog", {"stock.picking": PICKINGS})
    assert result.record_ids == [1, 7]
    assert result.value == 2
    assert result.population == 4
    assert result.model == "stock.picking"


def test_receiving_backlog_without_grace(tmp_path):
    result = compute(
        tmp_path, "receiving_backlog", {"stock.picking": PICKINGS}, receiving_grace_hours=0
    )
    assert result.record_ids == [1, 2, 7]


# --- stock_accuracy_pct ------------------------------------------------------------------------


def _count(quant_id, location, quantity, counted, is_set=True):
    return {
        "id": quant_id,
        "location_id": [location, "Loc"],
        "quantity": quantity,
        "inventory_quantity": counted,
        "inventory_quantity_set": is_set,
    }


STOCK_COUNT = {
    "stock.location": [
        {"id": 1, "name": "Pharmacy", "usage": "internal", "active": True},
        {"id": 2, "name": "Patients", "usage": "customer", "active": True},
    ],
    "stock.quant": [
        _count(1, 1, 10, 10),
        _count(2, 1, 10, 9),
        _count(3, 1, 10, 3, is_set=False),  # not counted
        _count(4, 2, 5, 0),  # not an internal location
        _count(5, 1, 100, 104),
        _count(6, 1, 0, False),  # counted zero; Odoo returns False for 0.0 sometimes
    ],
}


def test_stock_accuracy_requires_an_exact_match_by_default(tmp_path):
    result = compute(tmp_path, "stock_accuracy_pct", STOCK_COUNT)
    assert result.value == 50.0
    assert result.record_ids == [2, 5]
    assert result.population == 4


@pytest.mark.parametrize(
    ("settings", "value", "inaccurate"),
    [
        ({"stock_count_tolerance_pct": 5}, 75.0, [2]),
        ({"stock_count_tolerance_units": 1}, 75.0, [5]),
        ({"stock_count_tolerance_units": 1, "stock_count_tolerance_pct": 4}, 100.0, []),
    ],
)
def test_stock_accuracy_tolerances(tmp_path, settings, value, inaccurate):
    result = compute(tmp_path, "stock_accuracy_pct", STOCK_COUNT, **settings)
    assert (result.value, result.record_ids) == (value, inaccurate)


def test_stock_accuracy_cannot_be_evaluated_without_counts(tmp_path):
    models = {**STOCK_COUNT, "stock.quant": [_count(3, 1, 10, 3, is_set=False)]}
    with pytest.raises(CannotEvaluate, match="inventory_quantity_set"):
        compute(tmp_path, "stock_accuracy_pct", models)


# --- invoice_exception_count -------------------------------------------------------------------


def test_invoice_exceptions_are_flagged_posted_bills_and_old_drafts(tmp_path):
    def move(move_id, move_type, state, *, to_check=False, invoice_date=False):
        return {
            "id": move_id,
            "move_type": move_type,
            "state": state,
            "to_check": to_check,
            "invoice_date": invoice_date,
        }

    models = {
        "account.move": [
            move(1, "in_invoice", "posted", to_check=True),
            move(2, "in_invoice", "posted"),
            move(3, "in_invoice", "draft", invoice_date="2026-05-20"),
            move(4, "in_refund", "draft", invoice_date="2026-05-25"),  # exactly 7 days
            move(5, "in_refund", "draft", invoice_date="2026-05-24"),
            move(6, "out_invoice", "posted", to_check=True),
            move(7, "in_invoice", "cancel", to_check=True),
            move(8, "in_invoice", "draft"),
        ]
    }
    result = compute(tmp_path, "invoice_exception_count", models)
    assert result.record_ids == [1, 3, 5]
    assert result.value == 3
    assert result.population == 6
    assert result.model == "account.move"


# --- maintenance_completion_pct ----------------------------------------------------------------


def test_maintenance_completion_over_the_window(tmp_path):
    def request(request_id, stage, schedule=False, requested=False, archive=False):
        return {
            "id": request_id,
            "stage_id": [stage, "Stage"] if stage else False,
            "schedule_date": schedule,
            "request_date": requested,
            "archive": archive,
        }

    models = {
        "maintenance.stage": [
            {"id": 1, "name": "New", "done": False},
            {"id": 2, "name": "Repaired", "done": True},
        ],
        "maintenance.request": [
            request(1, 2, schedule="2026-05-01 09:00:00"),
            request(2, 1, schedule="2026-05-02 09:00:00"),
            request(3, 1, requested="2026-04-01"),
            request(4, 1, schedule="2026-05-01 09:00:00", archive=True),
            request(5, 1, schedule="2026-01-01 09:00:00", requested="2026-05-01"),
            request(6, False, schedule="2026-05-03 09:00:00"),
            request(7, 2, schedule="2026-05-05 09:00:00"),
            request(8, 1, requested="2026-06-02"),  # after the as-of date
        ],
    }
    result = compute(tmp_path, "maintenance_completion_pct", models)
    assert result.value == 40.0
    assert result.record_ids == [2, 3, 6]
    assert result.population == 5


def test_maintenance_completion_cannot_be_evaluated_without_requests(tmp_path):
    models = {"maintenance.stage": [], "maintenance.request": []}
    with pytest.raises(CannotEvaluate, match=r"no maintenance\.request"):
        compute(tmp_path, "maintenance_completion_pct", models)


# --- support_response_hours --------------------------------------------------------------------


def test_support_response_cannot_be_evaluated_without_helpdesk(tmp_path):
    with pytest.raises(CannotEvaluate, match=r"helpdesk\.ticket.*Enterprise"):
        compute(tmp_path, "support_response_hours", {"res.users": []})


def test_support_response_works_once_tickets_are_collected(tmp_path):
    tickets = [
        {"id": 1, "create_date": "2026-05-01 00:00:00", "assign_date": "2026-05-01 02:00:00"},
        {"id": 2, "create_date": "2026-05-02 00:00:00", "assign_date": "2026-05-02 06:00:00"},
        {"id": 3, "create_date": "2026-05-03 00:00:00", "assign_date": False},
        {"id": 4, "create_date": "2025-05-01 00:00:00", "assign_date": "2025-05-01 01:00:00"},
    ]
    snapshot = build_snapshot(
        tmp_path,
        {"helpdesk.ticket": tickets},
        field_types={"helpdesk.ticket": {"create_date": "datetime", "assign_date": "datetime"}},
    )
    result = run_metric(snapshot, "support_response_hours")
    assert (result.value, result.record_ids, result.unit) == (4.0, [1, 2], "hours")


# --- access_incident_count ---------------------------------------------------------------------


def test_access_incidents_are_leavers_with_active_logins(tmp_path):
    def user(user_id, *, active=True, share=False):
        return {"id": user_id, "login": f"u{user_id}", "active": active, "share": share}

    def employee(employee_id, user_id, active):
        return {"id": employee_id, "user_id": [user_id, "User"], "active": active}

    models = {
        "res.users": [
            user(1),
            user(2),
            user(3),
            user(4),
            user(5, active=False),
            user(6, share=True),
            user(7),
        ],
        "hr.employee": [
            employee(20, 2, False),
            employee(30, 3, False),
            employee(31, 3, True),  # rehired: an active employee still uses the login
            employee(40, 4, True),
            employee(50, 5, False),
            employee(60, 6, False),
            {"id": 99, "user_id": False, "active": False},
        ],
    }
    result = compute(tmp_path, "access_incident_count", models)
    assert result.record_ids == [2]
    assert result.population == 3
    assert result.model == "res.users"


def test_access_incidents_need_employees(tmp_path):
    with pytest.raises(CannotEvaluate, match=r"hr\.employee"):
        compute(tmp_path, "access_incident_count", {"res.users": []})
