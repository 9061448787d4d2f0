"""What a snapshot holds: the Odoo models and fields Caregate reads.

Collection asks Odoo for exactly these fields (intersected with what the server
offers, so one list serves Odoo 16 to 19) and the demo generator writes exactly
these columns, so evidence checks run unchanged on either. Field names are
Odoo 17's, checked against ``shared/reference/odoo17-fields``.

Column types in the Parquet files follow Odoo's field types: many2one becomes
the integer id (null for ``False``), many2many/one2many a list of ids,
datetime a UTC timestamp, date a date, selection/char/text a string.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ModelSpec:
    """One Odoo model in a snapshot."""

    model: str
    fields: tuple[str, ...]
    #: The Odoo module that provides the model; a missing module makes the
    #: model absent from the snapshot rather than failing collection, unless
    #: ``required`` is set.
    module: str
    #: Read archived records too (``active_test=False``). Needed wherever a
    #: duplicate or a dangling reference could hide behind an archived record.
    include_archived: bool = False
    #: Collection refuses to continue without this model.
    required: bool = False
    #: A domain that narrows what is read (kept in the manifest).
    domain: tuple = field(default_factory=tuple)


MODEL_SPECS: tuple[ModelSpec, ...] = (
    ModelSpec(
        "ir.module.module",
        ("name", "state", "latest_version", "application", "shortdesc"),
        "base",
        required=True,
        domain=(("state", "in", ["installed", "to upgrade", "to remove"]),),
    ),
    ModelSpec(
        "res.company",
        ("name", "currency_id", "parent_id", "country_id", "vat"),
        "base",
        required=True,
    ),
    ModelSpec(
        "res.users",
        ("login", "name", "active", "share", "company_id", "company_ids", "groups_id",
         "partner_id"),
        "base",
        include_archived=True,
        required=True,
    ),
    ModelSpec(
        "res.groups",
        ("name", "full_name", "category_id", "implied_ids", "share"),
        "base",
        required=True,
    ),
    ModelSpec(
        # Only the external ids of groups: checks find base.group_user and
        # friends by xml id, never by a translatable name.
        "ir.model.data",
        ("module", "name", "model", "res_id"),
        "base",
        required=True,
        domain=(("model", "=", "res.groups"),),
    ),
    ModelSpec(
        "res.partner",
        ("name", "is_company", "parent_id", "commercial_partner_id", "vat",
         "email", "ref", "company_id", "active", "supplier_rank", "customer_rank",
         "country_id"),
        "base",
        include_archived=True,
        required=True,
    ),
    ModelSpec(
        "product.category",
        ("name", "complete_name", "parent_id"),
        "product",
    ),
    ModelSpec(
        "uom.category",
        ("name",),
        "uom",
    ),
    ModelSpec(
        "uom.uom",
        ("name", "category_id", "uom_type", "factor", "rounding", "active"),
        "uom",
        include_archived=True,
    ),
    ModelSpec(
        "product.template",
        ("name", "default_code", "barcode", "categ_id", "detailed_type", "type", "uom_id",
         "uom_po_id", "purchase_ok", "sale_ok", "tracking", "use_expiration_date", "priority",
         "company_id", "active", "list_price"),
        "product",
        include_archived=True,
    ),
    ModelSpec(
        "product.product",
        ("product_tmpl_id", "default_code", "barcode", "active", "company_id"),
        "product",
        include_archived=True,
    ),
    ModelSpec(
        "product.supplierinfo",
        ("partner_id", "product_tmpl_id", "product_id", "company_id", "min_qty", "price",
         "currency_id", "delay"),
        "product",
    ),
    ModelSpec(
        "stock.warehouse",
        ("name", "code", "company_id", "lot_stock_id", "view_location_id", "active"),
        "stock",
        include_archived=True,
        required=True,
    ),
    ModelSpec(
        "stock.location",
        ("name", "complete_name", "usage", "location_id", "warehouse_id", "company_id",
         "active", "scrap_location", "return_location"),
        "stock",
        include_archived=True,
        required=True,
    ),
    ModelSpec(
        "stock.lot",
        ("name", "product_id", "company_id", "expiration_date", "use_date", "removal_date"),
        "stock",
        required=True,
    ),
    ModelSpec(
        "stock.quant",
        ("product_id", "location_id", "lot_id", "company_id", "quantity", "reserved_quantity",
         "inventory_quantity", "inventory_quantity_set", "in_date"),
        "stock",
        required=True,
    ),
    ModelSpec(
        "stock.warehouse.orderpoint",
        ("name", "product_id", "warehouse_id", "location_id", "company_id", "product_min_qty",
         "product_max_qty", "qty_multiple", "trigger", "active"),
        "stock",
        include_archived=True,
        required=True,
    ),
    ModelSpec(
        "stock.picking",
        ("name", "state", "picking_type_code", "picking_type_id", "partner_id", "origin",
         "scheduled_date", "date_done", "date_deadline", "location_id", "location_dest_id",
         "company_id", "create_date"),
        "stock",
        required=True,
    ),
    ModelSpec(
        "stock.move",
        ("product_id", "product_uom_qty", "quantity", "product_uom", "state", "date",
         "location_id", "location_dest_id", "picking_id", "purchase_line_id", "company_id",
         "origin", "reference"),
        "stock",
        required=True,
    ),
    ModelSpec(
        "purchase.order",
        ("name", "partner_id", "state", "date_order", "date_approve", "date_planned",
         "effective_date", "receipt_status", "invoice_status", "amount_total", "currency_id",
         "company_id", "user_id", "create_date"),
        "purchase",
    ),
    ModelSpec(
        "purchase.order.line",
        ("order_id", "product_id", "product_qty", "product_uom", "qty_received",
         "qty_invoiced", "price_unit", "date_planned", "state", "company_id", "display_type"),
        "purchase",
    ),
    ModelSpec(
        "account.account",
        ("code", "name", "account_type", "company_id", "deprecated", "reconcile"),
        "account",
    ),
    ModelSpec(
        "account.move",
        ("name", "move_type", "state", "partner_id", "invoice_date", "invoice_date_due",
         "date", "amount_total", "amount_residual", "currency_id", "payment_state",
         "company_id", "journal_id", "to_check", "invoice_origin", "create_date"),
        "account",
    ),
    ModelSpec(
        "account.move.line",
        ("move_id", "account_id", "partner_id", "debit", "credit", "balance", "date",
         "parent_state", "company_id", "display_type", "purchase_line_id"),
        "account",
    ),
    ModelSpec(
        "maintenance.equipment",
        ("name", "category_id", "serial_no", "company_id", "maintenance_team_id", "active",
         "warranty_date", "effective_date"),
        "maintenance",
        include_archived=True,
    ),
    ModelSpec(
        "maintenance.stage",
        ("name", "sequence", "done"),
        "maintenance",
    ),
    ModelSpec(
        "maintenance.request",
        ("name", "equipment_id", "maintenance_type", "stage_id", "request_date",
         "schedule_date", "close_date", "priority", "company_id", "archive", "user_id",
         "create_date"),
        "maintenance",
    ),
    ModelSpec(
        "hr.employee",
        ("name", "user_id", "department_id", "job_title", "company_id", "active",
         "parent_id", "work_email"),
        "hr",
        include_archived=True,
    ),
)

SPEC_BY_MODEL: dict[str, ModelSpec] = {spec.model: spec for spec in MODEL_SPECS}
