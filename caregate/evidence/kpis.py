"""Operational KPIs read from a snapshot.

A KPI measures how the operation runs (purchasing speed, receiving, stock
counts, invoices, maintenance, access) rather than whether master data is
clean. Time windows end at the context's as-of moment, which defaults to when
the snapshot was collected, so a KPI computed twice on one snapshot gives the
same figure. The docstring of each ``compute`` function is the KPI's written
definition as users read it.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from caregate.evidence.metric_sql import partition, render_sql
from caregate.evidence.metrics import (
    CannotEvaluate,
    Metric,
    MetricContext,
    MetricResult,
    register,
)

SECONDS_PER_DAY = 86400.0
SECONDS_PER_HOUR = 3600.0


def _window_start(ctx: MetricContext) -> dt.datetime:
    return ctx.as_of - dt.timedelta(days=float(ctx.setting("kpi_window_days")))


def _median_over(ctx: MetricContext, considered_sql: str) -> tuple[str, int, float | None, list]:
    """Run a ``SELECT id, amount ...`` query; return query, count, median amount, ids."""
    query = (
        f"WITH considered AS (\n{considered_sql.strip()}\n)\n"
        "SELECT count(*) AS population,\n"
        "       quantile_cont(amount, 0.5) AS median_amount,\n"
        "       coalesce(list(id ORDER BY id), []) AS considered_ids\n"
        "FROM considered"
    )
    population, median, ids = ctx.connection.execute(query).fetchone()
    return query, int(population), median, list(ids)


# --- Purchase order cycle time ---------------------------------------------------------------


def po_cycle_time_days(ctx: MetricContext) -> MetricResult:
    """Median days from confirming a purchase order to receiving it.

    Considers purchase.order records with both ``date_approve`` (when the
    order was confirmed) and ``effective_date`` (when its first receipt was
    validated) set, and whose ``date_approve`` falls within the last
    ``kpi_window_days`` days (90 by default) up to the as-of moment. The figure
    is the median of ``effective_date`` - ``date_approve`` in days; the
    records are every order considered. It cannot be evaluated when no order
    qualifies.

    Why it matters: the time from commitment to delivery is what a ward
    actually waits for a supply. A long or growing cycle time means safety
    stocks and reordering rules are set on optimistic lead times, and
    critical items run out before the next delivery arrives.
    """
    ctx.require("purchase.order", "date_approve", "effective_date")
    considered = render_sql(
        """
SELECT p.id, (epoch(p.effective_date) - epoch(p.date_approve)) / {seconds_per_day} AS amount
FROM purchase_order p
WHERE p.date_approve IS NOT NULL
  AND p.effective_date IS NOT NULL
  AND p.date_approve >= {window_start}
  AND p.date_approve <= {as_of}
""",
        seconds_per_day=SECONDS_PER_DAY,
        window_start=_window_start(ctx),
        as_of=ctx.as_of,
    )
    query, population, median, ids = _median_over(ctx, considered)
    if not population:
        raise CannotEvaluate(
            "no purchase.order was confirmed and received in the last "
            f"{ctx.setting('kpi_window_days')} days before {ctx.as_of:%Y-%m-%d %H:%M} UTC"
        )
    detail = gettext(
        "Median %(days).1f days from confirmation to receipt over %(count)d purchase orders."
    ) % {"days": median, "count": population}
    return MetricResult(
        value=float(median),
        unit="days",
        model="purchase.order",
        record_ids=ids,
        query=query,
        population=population,
        detail=detail,
    )


register(
    Metric(
        key="po_cycle_time_days",
        title=_("Purchase order cycle time"),
        kind="kpi",
        unit="days",
        reads={"purchase.order": ("date_approve", "effective_date")},
        compute=po_cycle_time_days,
        better="lower",
    )
)


# --- Receiving backlog -----------------------------------------------------------------------


def receiving_backlog(ctx: MetricContext) -> MetricResult:
    """Incoming receipts still open well after their scheduled date.

    Counts stock.picking records with ``picking_type_code`` = 'incoming' whose
    ``state`` is neither 'done' nor 'cancel' and whose ``scheduled_date`` is
    earlier than the as-of moment minus ``receiving_grace_hours`` (24 by
    default). The population is every open incoming receipt.

    Why it matters: goods that arrived but are not received in Odoo are
    invisible to stock levels and replenishment, so the system reports a
    shortage of items that sit on the loading dock, and lot numbers and
    expiry dates of what arrived are not yet recorded.
    """
    ctx.require("stock.picking", "picking_type_code", "state", "scheduled_date")
    overdue_before = ctx.as_of - dt.timedelta(hours=float(ctx.setting("receiving_grace_hours")))
    considered = render_sql(
        """
SELECT p.id, coalesce(p.scheduled_date < {overdue_before}, FALSE) AS flagged
FROM stock_picking p
WHERE p.picking_type_code = 'incoming'
  AND coalesce(p.state, '') NOT IN ('done', 'cancel')
""",
        overdue_before=overdue_before,
    )
    part = partition(ctx.connection, considered)
    count = len(part.flagged_ids)
    detail = ngettext(
        "%(count)d of %(population)d open receipts is overdue by more than %(hours)s hours.",
        "%(count)d of %(population)d open receipts are overdue by more than %(hours)s hours.",
        count,
    ) % {
        "count": count,
        "population": part.population,
        "hours": ctx.setting("receiving_grace_hours"),
    }
    return MetricResult(
        value=count,
        unit="receipts",
        model="stock.picking",
        record_ids=part.flagged_ids,
        query=part.query,
        population=part.population,
        detail=detail,
    )


register(
    Metric(
        key="receiving_backlog",
        title=_("Receiving backlog"),
        kind="kpi",
        unit="receipts",
        reads={"stock.picking": ("picking_type_code", "state", "scheduled_date")},
        compute=receiving_backlog,
        better="lower",
    )
)


# --- Stock count accuracy ------------------------------------------------------------------


def stock_accuracy_pct(ctx: MetricContext) -> MetricResult:
    """Share of counted stock whose count matched the system quantity.

    Considers stock.quant records in an internal location (``location_id``
    is a stock.location with ``usage`` = 'internal') that have a count
    entered (``inventory_quantity_set``). A count is accurate when
    |``inventory_quantity`` - ``quantity``| is at most the larger of
    ``stock_count_tolerance_units`` and ``quantity`` x
    ``stock_count_tolerance_pct`` / 100 (both 0 by default: an exact match).
    Empty quantities count as 0, as in Odoo. The figure is the percentage of
    accurate counts; the records are the inaccurate quants. It cannot be
    evaluated when nothing was counted.

    Why it matters: every decision on replenishment and availability rests
    on the recorded quantity. When counts keep disagreeing with the system,
    wards cannot trust that a critical item shown in stock is on the shelf.
    """
    ctx.require(
        "stock.quant", "location_id", "quantity", "inventory_quantity", "inventory_quantity_set"
    )
    ctx.require("stock.location", "usage")
    considered = render_sql(
        """
SELECT q.id,
       NOT (
           abs(coalesce(q.inventory_quantity, 0) - coalesce(q.quantity, 0))
           <= greatest({tolerance_units}, coalesce(q.quantity, 0) * {tolerance_pct} / 100)
       ) AS flagged
FROM stock_quant q
JOIN stock_location l ON l.id = q.location_id
WHERE l.usage = 'internal'
  AND coalesce(q.inventory_quantity_set, FALSE)
""",
        tolerance_units=float(ctx.setting("stock_count_tolerance_units")),
        tolerance_pct=float(ctx.setting("stock_count_tolerance_pct")),
    )
    part = partition(ctx.connection, considered)
    if not part.population:
        raise CannotEvaluate(
            "no stock.quant in an internal location has a count entered (inventory_quantity_set)"
        )
    accurate = part.population - len(part.flagged_ids)
    value = 100.0 * accurate / part.population
    detail = ngettext(
        "%(accurate)d of %(population)d counted stock record matched the system quantity.",
        "%(accurate)d of %(population)d counted stock records matched the system quantity.",
        part.population,
    ) % {"accurate": accurate, "population": part.population}
    return MetricResult(
        value=value,
        unit="%",
        model="stock.quant",
        record_ids=part.flagged_ids,
        query=part.query,
        population=part.population,
        detail=detail,
    )


register(
    Metric(
        key="stock_accuracy_pct",
        title=_("Stock count accuracy"),
        kind="kpi",
        unit="%",
        reads={
            "stock.quant": (
                "location_id",
                "quantity",
                "inventory_quantity",
                "inventory_quantity_set",
            ),
            "stock.location": ("usage",),
        },
        compute=stock_accuracy_pct,
        better="higher",
    )
)


# --- Invoice exceptions ----------------------------------------------------------------------


def invoice_exception_count(ctx: MetricContext) -> MetricResult:
    """Vendor bills and refunds that are flagged for checking or stuck in draft.

    Considers account.move records with ``move_type`` 'in_invoice' or
    'in_refund' in ``state`` 'draft' or 'posted'. An exception is a posted
    one with ``to_check`` set, or a draft one whose ``invoice_date`` is more
    than ``invoice_draft_max_days`` days (7 by default) before the as-of date
    (UTC). Drafts without an invoice date are not exceptions.

    Why it matters: bills waiting for a check or left in draft are supplies
    received but not yet accounted for; suppliers go unpaid and may stop
    delivering, early-payment terms are lost, and the books understate what
    the organisation owes at period end, which auditors flag.
    """
    ctx.require("account.move", "move_type", "state", "to_check", "invoice_date")
    max_draft_days = int(ctx.setting("invoice_draft_max_days"))
    drafted_before = ctx.as_of.date() - dt.timedelta(days=max_draft_days)
    considered = render_sql(
        """
SELECT m.id,
       coalesce(
           (m.state = 'posted' AND coalesce(m.to_check, FALSE))
           OR (m.state = 'draft' AND m.invoice_date < {drafted_before}),
           FALSE
       ) AS flagged
FROM account_move m
WHERE m.move_type IN ('in_invoice', 'in_refund')
  AND m.state IN ('draft', 'posted')
""",
        drafted_before=drafted_before,
    )
    part = partition(ctx.connection, considered)
    count = len(part.flagged_ids)
    detail = ngettext(
        "%(count)d of %(population)d vendor bills and refunds needs attention.",
        "%(count)d of %(population)d vendor bills and refunds need attention.",
        count,
    ) % {"count": count, "population": part.population}
    return MetricResult(
        value=count,
        unit="bills",
        model="account.move",
        record_ids=part.flagged_ids,
        query=part.query,
        population=part.population,
        detail=detail,
    )


register(
    Metric(
        key="invoice_exception_count",
        title=_("Vendor bill exceptions"),
        kind="kpi",
        unit="bills",
        reads={"account.move": ("move_type", "state", "to_check", "invoice_date")},
        compute=invoice_exception_count,
        better="lower",
    )
)


# --- Maintenance completion ------------------------------------------------------------------


def maintenance_completion_pct(ctx: MetricContext) -> MetricResult:
    """Share of recent maintenance requests that are done.

    Considers maintenance.request records not archived (``archive`` not set)
    whose ``schedule_date`` (or ``request_date`` when no schedule date is set)
    falls within the last ``kpi_window_days`` days (90 by default) up to the
    as-of moment. A request is done when its ``stage_id`` is a
    maintenance.stage with ``done`` set. The figure is the percentage done;
    the records are the requests not done. It cannot be evaluated when no
    request falls in the window.

    Why it matters: medical equipment (infusion pumps, monitors, sterilisers)
    must be serviced on schedule to stay safe and compliant; overdue
    preventive maintenance is a patient-safety risk and a standard finding
    in accreditation audits.
    """
    ctx.require("maintenance.request", "archive", "schedule_date", "request_date", "stage_id")
    ctx.require("maintenance.stage", "done")
    window_start = _window_start(ctx)
    considered = render_sql(
        """
SELECT r.id, NOT coalesce(s.done, FALSE) AS flagged
FROM maintenance_request r
LEFT JOIN maintenance_stage s ON s.id = r.stage_id
WHERE NOT coalesce(r.archive, FALSE)
  AND CASE
          WHEN r.schedule_date IS NOT NULL
              THEN r.schedule_date >= {window_start} AND r.schedule_date <= {as_of}
          ELSE r.request_date >= {window_start_date} AND r.request_date <= {as_of_date}
      END
""",
        window_start=window_start,
        as_of=ctx.as_of,
        window_start_date=window_start.date(),
        as_of_date=ctx.as_of.date(),
    )
    part = partition(ctx.connection, considered)
    if not part.population:
        raise CannotEvaluate(
            "no maintenance.request is scheduled in the last "
            f"{ctx.setting('kpi_window_days')} days before {ctx.as_of:%Y-%m-%d %H:%M} UTC"
        )
    done = part.population - len(part.flagged_ids)
    detail = ngettext(
        "%(done)d of %(population)d maintenance request in the window is done.",
        "%(done)d of %(population)d maintenance requests in the window are done.",
        part.population,
    ) % {"done": done, "population": part.population}
    return MetricResult(
        value=100.0 * done / part.population,
        unit="%",
        model="maintenance.request",
        record_ids=part.flagged_ids,
        query=part.query,
        population=part.population,
        detail=detail,
    )


register(
    Metric(
        key="maintenance_completion_pct",
        title=_("Maintenance completion"),
        kind="kpi",
        unit="%",
        reads={
            "maintenance.request": ("archive", "schedule_date", "request_date", "stage_id"),
            "maintenance.stage": ("done",),
        },
        compute=maintenance_completion_pct,
        better="higher",
    )
)


# --- Support response time -------------------------------------------------------------------


def support_response_hours(ctx: MetricContext) -> MetricResult:
    """Median hours until a support ticket is picked up.

    Considers helpdesk.ticket records created (``create_date``) within the
    last ``kpi_window_days`` days (90 by default) up to the as-of moment that
    have been assigned (``assign_date`` set). The figure is the median of
    ``assign_date`` - ``create_date`` in hours; Odoo sets ``assign_date`` when
    a ticket first gets an owner, which is used as the first response. The
    records are the tickets considered.

    Helpdesk is an Odoo Enterprise app and Caregate's snapshot does not
    collect helpdesk.ticket yet, so this KPI cannot be evaluated today; the
    definition above applies once the model is collected.

    Why it matters: clinical staff report broken scanners, missing stock or
    blocked logins through the service desk; slow pick-up turns a small
    system problem into delayed care on the ward.
    """
    # TODO: use the first message to the customer as the response moment once
    # mail.message is collected; assign_date is the closest stored field.
    try:
        ctx.require("helpdesk.ticket", "create_date", "assign_date")
    except CannotEvaluate as exc:
        raise CannotEvaluate(
            f"{exc}: Helpdesk is an Odoo Enterprise app and the snapshot spec does not "
            "collect helpdesk.ticket"
        ) from None
    considered = render_sql(
        """
SELECT t.id, (epoch(t.assign_date) - epoch(t.create_date)) / {seconds_per_hour} AS amount
FROM helpdesk_ticket t
WHERE t.assign_date IS NOT NULL
  AND t.create_date >= {window_start}
  AND t.create_date <= {as_of}
""",
        seconds_per_hour=SECONDS_PER_HOUR,
        window_start=_window_start(ctx),
        as_of=ctx.as_of,
    )
    query, population, median, ids = _median_over(ctx, considered)
    if not population:
        raise CannotEvaluate("no helpdesk.ticket was created and assigned in the window")
    detail = gettext("Median %(hours).1f hours to pick up %(count)d tickets.") % {
        "hours": median,
        "count": population,
    }
    return MetricResult(
        value=float(median),
        unit="hours",
        model="helpdesk.ticket",
        record_ids=ids,
        query=query,
        population=population,
        detail=detail,
    )


register(
    Metric(
        key="support_response_hours",
        title=_("Support response time"),
        kind="kpi",
        unit="hours",
        reads={"helpdesk.ticket": ("create_date", "assign_date")},
        compute=support_response_hours,
        better="lower",
    )
)


# --- Leavers who kept access -----------------------------------------------------------------


def access_incident_count(ctx: MetricContext) -> MetricResult:
    """Users who left the organisation but can still log in.

    Counts res.users records with ``active`` set and ``share`` not set
    (internal users) that an archived hr.employee links to (``user_id``, with
    the employee's ``active`` not set) while no active hr.employee links to
    the same user. The population is every active internal user linked from
    at least one employee record.

    Why it matters: archiving the employee is how HR records a departure.
    When the login stays active, a former employee keeps access to patient-
    related operations, prices and personal data, which is a reportable
    security incident and a recurring audit finding.
    """
    ctx.require("res.users", "active", "share")
    ctx.require("hr.employee", "user_id", "active")
    considered = """
SELECT u.id,
       EXISTS (
           SELECT 1 FROM hr_employee e
           WHERE e.user_id = u.id AND NOT coalesce(e.active, FALSE)
       )
       AND NOT EXISTS (
           SELECT 1 FROM hr_employee e
           WHERE e.user_id = u.id AND coalesce(e.active, FALSE)
       ) AS flagged
FROM res_users u
WHERE coalesce(u.active, FALSE)
  AND NOT coalesce(u.share, FALSE)
  AND u.id IN (SELECT e.user_id FROM hr_employee e WHERE e.user_id IS NOT NULL)
"""
    part = partition(ctx.connection, considered)
    count = len(part.flagged_ids)
    detail = ngettext(
        "%(count)d of %(population)d active users linked to employees belongs only to "
        "archived employees.",
        "%(count)d of %(population)d active users linked to employees belong only to "
        "archived employees.",
        count,
    ) % {"count": count, "population": part.population}
    return MetricResult(
        value=count,
        unit="users",
        model="res.users",
        record_ids=part.flagged_ids,
        query=part.query,
        population=part.population,
        detail=detail,
    )


register(
    Metric(
        key="access_incident_count",
        title=_("Leavers who kept access"),
        kind="kpi",
        unit="users",
        reads={"res.users": ("active", "share"), "hr.employee": ("user_id", "active")},
        compute=access_incident_count,
        better="lower",
    )
)
