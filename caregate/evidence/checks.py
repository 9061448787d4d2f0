"""Evidence checks: master-data quality and access controls read from a snapshot.

Every check counts offending records (lower is better) and returns all their
ids. The docstring of each ``compute`` function is the check's written
definition as users read it; keep it in step with the SQL below it.

Odoo booleans are read the way Odoo reads them: an empty (null) value is False.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from caregate.evidence.metric_sql import Partition, partition, render_sql, sql_any_contains
from caregate.evidence.metrics import (
    CannotEvaluate,
    Metric,
    MetricContext,
    MetricResult,
    register,
)

logger = logging.getLogger(__name__)


def _found(model: str, unit: str, part: Partition, detail: str) -> MetricResult:
    """The result of a check: the flagged records of a partition are the offenders."""
    return MetricResult(
        value=len(part.flagged_ids),
        unit=unit,
        model=model,
        record_ids=part.flagged_ids,
        query=part.query,
        population=part.population,
        detail=detail,
    )


def _category_patterns(ctx: MetricContext) -> list[str]:
    patterns = ctx.setting("critical_category_patterns")
    if isinstance(patterns, str):
        # A single pattern typed as text rather than a list.
        patterns = [patterns]
    return [str(pattern) for pattern in patterns if str(pattern).strip()]


# --- 1. Critical products without a vendor -------------------------------------------------


def critical_products_without_supplier(ctx: MetricContext) -> MetricResult:
    """Critical purchasable products that have no vendor on record.

    Counts active product templates (product.template ``active``) that can be
    purchased (``purchase_ok``) and are critical, and that no vendor line
    covers. A template is critical when it is starred in Odoo (``priority`` =
    '1') or when the full name of its product.category (``complete_name``,
    reached through ``categ_id``) contains, ignoring case, one of the
    programme's critical category patterns (setting
    ``critical_category_patterns``, "Critical" by default). A vendor line is a
    product.supplierinfo row whose ``product_tmpl_id`` is the template, or
    whose ``product_id`` is one of the template's product.product variants
    (``product_tmpl_id`` of the variant, archived variants included).

    Why it matters: without a vendor, Odoo's replenishment cannot raise a
    purchase for the item, so a ward can run out of a critical supply (sterile
    consumables, medicines, implants) with nobody warned in time. Records are
    product.template ids; the population is every critical, purchasable,
    active template.
    """
    ctx.require("product.template", "active", "purchase_ok", "priority", "categ_id")
    ctx.require("product.category", "complete_name")
    ctx.require("product.supplierinfo", "product_tmpl_id", "product_id")
    ctx.require("product.product", "product_tmpl_id")
    is_critical_category = sql_any_contains("c.complete_name", _category_patterns(ctx))
    considered = f"""
SELECT t.id,
       NOT EXISTS (
           SELECT 1 FROM product_supplierinfo s WHERE s.product_tmpl_id = t.id
       )
       AND NOT EXISTS (
           SELECT 1
           FROM product_supplierinfo s
           JOIN product_product v ON v.id = s.product_id
           WHERE v.product_tmpl_id = t.id
       ) AS flagged
FROM product_template t
LEFT JOIN product_category c ON c.id = t.categ_id
WHERE coalesce(t.active, FALSE)
  AND coalesce(t.purchase_ok, FALSE)
  AND (t.priority = '1' OR coalesce({is_critical_category}, FALSE))
"""
    part = partition(ctx.connection, considered)
    count = len(part.flagged_ids)
    detail = ngettext(
        "%(count)d of %(population)d critical products has no vendor.",
        "%(count)d of %(population)d critical products have no vendor.",
        count,
    ) % {"count": count, "population": part.population}
    return _found("product.template", "products", part, detail)


register(
    Metric(
        key="critical_products_without_supplier",
        title=_("Critical products without a vendor"),
        kind="check",
        unit="products",
        reads={
            "product.template": ("active", "purchase_ok", "priority", "categ_id"),
            "product.category": ("complete_name",),
            "product.supplierinfo": ("product_tmpl_id", "product_id"),
            "product.product": ("product_tmpl_id",),
        },
        compute=critical_products_without_supplier,
    )
)


# --- 2. Reordering rules with min above max ------------------------------------------------


def orderpoint_min_above_max(ctx: MetricContext) -> MetricResult:
    """Active reordering rules whose minimum is above their maximum.

    Counts stock.warehouse.orderpoint records with ``active`` set and
    ``product_min_qty`` greater than ``product_max_qty``. Rules with either
    quantity empty are not counted.

    Why it matters: a reordering rule is how Odoo keeps a ward or pharmacy
    stocked. With the minimum above the maximum, replenishment orders the
    wrong quantity or keeps re-triggering, which shows up either as
    stockouts of supplies or as overstock that expires on the shelf.
    """
    ctx.require("stock.warehouse.orderpoint", "active", "product_min_qty", "product_max_qty")
    considered = """
SELECT o.id, o.product_min_qty > o.product_max_qty AS flagged
FROM stock_warehouse_orderpoint o
WHERE coalesce(o.active, FALSE)
"""
    part = partition(ctx.connection, considered)
    count = len(part.flagged_ids)
    detail = ngettext(
        "%(count)d of %(population)d active reordering rules has a minimum above its maximum.",
        "%(count)d of %(population)d active reordering rules have a minimum above their maximum.",
        count,
    ) % {"count": count, "population": part.population}
    return _found("stock.warehouse.orderpoint", "reordering rules", part, detail)


register(
    Metric(
        key="orderpoint_min_above_max",
        title=_("Reordering rules with minimum above maximum"),
        kind="check",
        unit="reordering rules",
        reads={"stock.warehouse.orderpoint": ("active", "product_min_qty", "product_max_qty")},
        compute=orderpoint_min_above_max,
    )
)


# --- 3. Purchase unit in another category than the stock unit -------------------------------


def purchase_uom_category_mismatch(ctx: MetricContext) -> MetricResult:
    """Active products bought in a unit that cannot convert to their stock unit.

    Counts active product.template records (``active``) whose purchase unit (``uom_po_id``)
    belongs to a different uom.category than their stock unit (``uom_id``),
    comparing the ``category_id`` of both uom.uom records (archived units
    included). Templates whose units are missing from the snapshot are left
    out of the population.

    Why it matters: Odoo converts purchased quantities into stock quantities
    only within one unit category. A box of 100 syringes bought "per box"
    but stocked "per kg" cannot be received correctly; receptions and stock
    levels go wrong, and with them the availability of supplies on the ward.
    """
    ctx.require("product.template", "active", "uom_id", "uom_po_id")
    ctx.require("uom.uom", "category_id")
    considered = """
SELECT t.id, stock_unit.category_id <> purchase_unit.category_id AS flagged
FROM product_template t
JOIN uom_uom stock_unit ON stock_unit.id = t.uom_id
JOIN uom_uom purchase_unit ON purchase_unit.id = t.uom_po_id
WHERE coalesce(t.active, FALSE)
"""
    part = partition(ctx.connection, considered)
    count = len(part.flagged_ids)
    detail = ngettext(
        "%(count)d of %(population)d active products has a purchase unit in another unit "
        "category than its stock unit.",
        "%(count)d of %(population)d active products have a purchase unit in another unit "
        "category than their stock unit.",
        count,
    ) % {"count": count, "population": part.population}
    return _found("product.template", "products", part, detail)


register(
    Metric(
        key="purchase_uom_category_mismatch",
        title=_("Purchase unit incompatible with stock unit"),
        kind="check",
        unit="products",
        reads={
            "product.template": ("active", "uom_id", "uom_po_id"),
            "uom.uom": ("category_id",),
        },
        compute=purchase_uom_category_mismatch,
    )
)


# --- 4. Duplicate partners -----------------------------------------------------------------

#: Legal forms and filler words that do not tell two organisations apart.
#: "b v" (what "B.V." becomes once punctuation is replaced by spaces) is
#: dropped separately, in :func:`normalised_partner_names`.
# TODO: "N.V.", "S.A." and the like become "n v", "s a" and are kept; the shared
# definition (which the demo generator also follows) lists only "b v", so widen
# both together.
PARTNER_NAME_FILLER_WORDS = frozenset(
    {
        "bv",
        "nv",
        "ltd",
        "limited",
        "inc",
        "llc",
        "gmbh",
        "ag",
        "sa",
        "sas",
        "sarl",
        "plc",
        "co",
        "company",
        "corp",
        "corporation",
        "the",
    }
)
#: Names are normalised in bulk: joined with NUL (which PostgreSQL text, and
#: so no Odoo name, can hold), processed by a few passes over the whole text,
#: then split again. That is several times faster than one pass per name.
_SEPARATOR = "\x00"
_NON_ALPHANUMERIC = re.compile(r"[^\w\x00]+")  # and "_", replaced beforehand
_NOT_VAT_CHARACTER = re.compile(r"[^A-Z0-9\x00]+")


@functools.cache
def _combining_marks(*, beyond_basic_plane: bool) -> re.Pattern[str]:
    """A pattern of every combining mark (below U+10000 unless asked: ~10 ms vs ~200 ms)."""
    limit = 0x110000 if beyond_basic_plane else 0x10000
    ranges: list[list[int]] = []
    for code in range(limit):
        if unicodedata.combining(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in ranges) + "]+")


def _without_accents(text: str) -> str:
    """``text`` decomposed (NFKD) with its combining marks (accents) removed."""
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():
        return decomposed
    beyond_basic_plane = max(decomposed) > "\uffff"
    return _combining_marks(beyond_basic_plane=beyond_basic_plane).sub("", decomposed)


def _joined(values: Sequence[str | None]) -> str:
    return _SEPARATOR.join((value or "").replace(_SEPARATOR, " ") for value in values)


def normalised_partner_names(names: Sequence[str | None]) -> list[str]:
    """The names partners are compared by, in order ('' never matches anything).

    Accents are stripped (NFKD), case is folded, every non-alphanumeric
    character becomes a space, legal forms and filler words are dropped and
    spaces are collapsed: "The Medi-Supply B.V." -> "medi supply".
    """
    if not names:
        return []
    folded = _without_accents(_joined(names)).casefold().replace("_", " ")
    # Every word now sits between single spaces, so "b v" (from "B.V.") is
    # found by plain replacement; repeated because "b v b v" overlaps itself.
    spaced = " " + _NON_ALPHANUMERIC.sub(" ", folded).replace(_SEPARATOR, " \x00 ") + " "
    while " b v " in spaced:
        spaced = spaced.replace(" b v ", " ")
    return [
        " ".join(word for word in name.split() if word not in PARTNER_NAME_FILLER_WORDS)
        for name in spaced.split(_SEPARATOR)
    ]


def normalised_partner_name(name: str | None) -> str:
    """One partner's normalised name; see :func:`normalised_partner_names`."""
    return normalised_partner_names([name])[0]


def normalised_vats(vats: Sequence[str | None]) -> list[str]:
    """VAT numbers in capitals with only A-Z and 0-9 kept ('' never matches)."""
    if not vats:
        return []
    return _NOT_VAT_CHARACTER.sub("", _joined(vats).upper()).split(_SEPARATOR)


def normalised_vat(vat: str | None) -> str:
    """One normalised VAT number; see :func:`normalised_vats`."""
    return normalised_vats([vat])[0]


def duplicate_clusters(rows: list[tuple[int, str | None, str | None]]) -> list[list[int]]:
    """Group ``(id, name, vat)`` rows into clusters of likely duplicates.

    Two rows are linked when their normalised names are equal or their
    normalised VATs are equal (both non-empty); a cluster is a connected group
    of links. Returns the clusters of two or more ids, each sorted, sorted by
    their first id.
    """
    parent: dict[int, int] = {}

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    ids = [row[0] for row in rows]
    names = normalised_partner_names([row[1] for row in rows])
    vats = normalised_vats([row[2] for row in rows])
    parent.update((record_id, record_id) for record_id in ids)
    for keys in (names, vats):
        first_with_key: dict[str, int] = {}
        for record_id, key in zip(ids, keys, strict=True):
            if not key:
                continue
            other = first_with_key.setdefault(key, record_id)
            if other != record_id:
                parent[root(record_id)] = root(other)

    members: dict[int, list[int]] = defaultdict(list)
    for record_id in parent:
        members[root(record_id)].append(record_id)
    clusters = [sorted(ids) for ids in members.values() if len(ids) >= 2]
    return sorted(clusters, key=lambda ids: ids[0])


def duplicate_partners(ctx: MetricContext) -> MetricResult:
    """Commercial partners that look like the same organisation recorded twice.

    Reads every res.partner, archived ones included (``active`` is ignored),
    that is a commercial entity (no ``parent_id``; contacts under a company
    are not compared). Two partners are linked when their normalised
    ``name`` values are equal, or their normalised ``vat`` values are equal
    and not empty. A name is normalised by stripping accents, folding case,
    turning every non-alphanumeric character into a space and dropping legal
    forms and filler words (B.V., BV, NV, Ltd, Limited, Inc, LLC, GmbH, AG,
    SA, SAS, SARL, PLC, Co, Company, Corp, Corporation, The); a name that
    normalises to nothing matches nothing. A VAT number is normalised to its
    capital letters and digits. Linked partners form clusters (a chain of
    links is one cluster); the figure is the number of partners in clusters
    of two or more, and the records are all of them.

    Why it matters: a supplier recorded twice splits its purchase history,
    lets the same invoice be paid twice through either record, and hides
    spend from contract and audit controls; an archived duplicate can be
    reactivated and used to bypass vendor approval.
    """
    ctx.require("res.partner", "name", "vat", "parent_id")
    query = "SELECT id, name, vat FROM res_partner WHERE parent_id IS NULL ORDER BY id"
    rows = ctx.connection.execute(query).fetchall()
    clusters = duplicate_clusters(rows)
    logger.debug("duplicate partners: %s clusters among %s partners", len(clusters), len(rows))
    record_ids = sorted(record_id for cluster in clusters for record_id in cluster)
    detail = ngettext(
        "%(count)d of %(population)d commercial partners fall in %(clusters)d cluster of "
        "likely duplicates.",
        "%(count)d of %(population)d commercial partners fall in %(clusters)d clusters of "
        "likely duplicates.",
        len(clusters),
    ) % {"count": len(record_ids), "population": len(rows), "clusters": len(clusters)}
    return MetricResult(
        value=len(record_ids),
        unit="partners",
        model="res.partner",
        record_ids=record_ids,
        query=query + "\n-- then normalised names and VAT numbers are matched in Python",
        population=len(rows),
        detail=detail,
    )


register(
    Metric(
        key="duplicate_partners",
        title=_("Duplicate partners"),
        kind="check",
        unit="partners",
        reads={"res.partner": ("name", "vat", "parent_id")},
        compute=duplicate_partners,
    )
)


# --- 5./6. Access rights -------------------------------------------------------------------


def group_id(ctx: MetricContext, xml_id: str) -> int:
    """The res.groups id behind an external id such as ``base.group_user``.

    Groups are found by external id (ir.model.data), never by their
    translatable names. Raises CannotEvaluate when the snapshot lacks it.
    """
    ctx.require("ir.model.data", "module", "name", "model", "res_id")
    module, name = xml_id.split(".", 1)
    query = render_sql(
        "SELECT res_id FROM ir_model_data "
        "WHERE model = 'res.groups' AND module = {module} AND name = {name}",
        module=module,
        name=name,
    )
    row = ctx.connection.execute(query).fetchone()
    if row is None or row[0] is None:
        raise CannotEvaluate(
            f"the snapshot's ir.model.data has no external id {xml_id} for res.groups"
        )
    return int(row[0])


def users_internal_and_portal(ctx: MetricContext) -> MetricResult:
    """Active users who are internal users and portal users at once.

    Counts res.users records with ``active`` set whose ``groups_id`` contains
    both the Internal User group and the Portal group. The two groups are
    found through ir.model.data by their external ids base.group_user and
    base.group_portal (``module``, ``name``, ``model`` = 'res.groups',
    ``res_id``); when either id is missing the check cannot be evaluated.

    Why it matters: Odoo treats these user types as mutually exclusive. A
    login that is both can carry back-office rights into the portal that
    patients, suppliers or external staff use, which breaks the separation
    between internal data (patient-related stock, prices, HR) and external
    access that audits look for.
    """
    ctx.require("res.users", "active", "groups_id")
    internal = group_id(ctx, "base.group_user")
    portal = group_id(ctx, "base.group_portal")
    considered = render_sql(
        """
SELECT u.id,
       list_contains(u.groups_id, {internal}) AND list_contains(u.groups_id, {portal})
           AS flagged
FROM res_users u
WHERE coalesce(u.active, FALSE)
""",
        internal=internal,
        portal=portal,
    )
    part = partition(ctx.connection, considered)
    count = len(part.flagged_ids)
    detail = ngettext(
        "%(count)d of %(population)d active users is both an internal and a portal user.",
        "%(count)d of %(population)d active users are both internal and portal users.",
        count,
    ) % {"count": count, "population": part.population}
    return _found("res.users", "users", part, detail)


register(
    Metric(
        key="users_internal_and_portal",
        title=_("Users who are both internal and portal users"),
        kind="check",
        unit="users",
        reads={
            "res.users": ("active", "groups_id"),
            "ir.model.data": ("module", "name", "model", "res_id"),
        },
        compute=users_internal_and_portal,
    )
)


#: The __system__ user (OdooBot's superuser) holds every right by design.
SUPERUSER_ID = 1


def access_rights_admins(ctx: MetricContext) -> MetricResult:
    """Active internal users who can change access rights.

    Counts res.users records with ``active`` set and ``share`` not set
    (internal users) whose ``groups_id`` contains the Access Rights group,
    found through ir.model.data (``module``, ``name``, ``model`` =
    'res.groups', ``res_id``) by its external id base.group_erp_manager; when
    that id is missing the check cannot be evaluated.
    Odoo writes implied groups into ``groups_id``, so holders of
    Administration / Settings are counted too. The __system__ user (id 1) is
    left out: it is Odoo's technical superuser, not a person.

    Why it matters: whoever manages access rights can grant themselves any
    other right, including approving their own purchases or changing vendor
    bank accounts. Keeping this group small is a basic segregation-of-duties
    control that auditors and information-security officers ask about.
    """
    ctx.require("res.users", "active", "share", "groups_id")
    erp_manager = group_id(ctx, "base.group_erp_manager")
    considered = render_sql(
        """
SELECT u.id, list_contains(u.groups_id, {erp_manager}) AS flagged
FROM res_users u
WHERE coalesce(u.active, FALSE)
  AND NOT coalesce(u.share, FALSE)
  AND u.id <> {superuser}
""",
        erp_manager=erp_manager,
        superuser=SUPERUSER_ID,
    )
    part = partition(ctx.connection, considered)
    count = len(part.flagged_ids)
    detail = ngettext(
        "%(count)d of %(population)d active internal users can manage access rights.",
        "%(count)d of %(population)d active internal users can manage access rights.",
        count,
    ) % {"count": count, "population": part.population}
    return _found("res.users", "users", part, detail)


register(
    Metric(
        key="access_rights_admins",
        title=_("Users who manage access rights"),
        kind="check",
        unit="users",
        reads={
            "res.users": ("active", "share", "groups_id"),
            "ir.model.data": ("module", "name", "model", "res_id"),
        },
        compute=access_rights_admins,
    )
)


# --- 7./8. Stock -----------------------------------------------------------------------------


def negative_quants(ctx: MetricContext) -> MetricResult:
    """Stock records with a negative quantity on hand in an internal location.

    Counts stock.quant records with ``quantity`` below zero whose
    ``location_id`` is a stock.location with ``usage`` = 'internal' (a real
    storeroom, pharmacy or ward shelf, not a vendor, customer or inventory
    loss location, where negative figures are normal).

    Why it matters: a negative quantity means goods were issued that the
    system never saw arrive. Stock levels are then wrong, replenishment is
    late, and for lot-tracked medicines and implants the traceability needed
    for a recall is broken.
    """
    ctx.require("stock.quant", "quantity", "location_id")
    ctx.require("stock.location", "usage")
    considered = """
SELECT q.id, q.quantity < 0 AS flagged
FROM stock_quant q
JOIN stock_location l ON l.id = q.location_id
WHERE l.usage = 'internal'
"""
    part = partition(ctx.connection, considered)
    count = len(part.flagged_ids)
    detail = ngettext(
        "%(count)d of %(population)d stock records in internal locations is negative.",
        "%(count)d of %(population)d stock records in internal locations are negative.",
        count,
    ) % {"count": count, "population": part.population}
    return _found("stock.quant", "quants", part, detail)


register(
    Metric(
        key="negative_quants",
        title=_("Negative stock in internal locations"),
        kind="check",
        unit="quants",
        reads={"stock.quant": ("quantity", "location_id"), "stock.location": ("usage",)},
        compute=negative_quants,
    )
)


def quant_lot_of_other_product(ctx: MetricContext) -> MetricResult:
    """Stock records whose lot belongs to a different product.

    Counts stock.quant records with ``lot_id`` set where the stock.lot's
    ``product_id`` differs from the quant's own ``product_id``. Quants whose
    lot is missing from the snapshot are left out of the population.

    Why it matters: lot and serial numbers are how a hospital finds every
    unit of a recalled medicine or implant and the patients it reached. A lot
    attached to the wrong product makes that search miss units or flag the
    wrong ones.
    """
    ctx.require("stock.quant", "lot_id", "product_id")
    ctx.require("stock.lot", "product_id")
    considered = """
SELECT q.id, lot.product_id <> q.product_id AS flagged
FROM stock_quant q
JOIN stock_lot lot ON lot.id = q.lot_id
"""
    part = partition(ctx.connection, considered)
    count = len(part.flagged_ids)
    detail = ngettext(
        "%(count)d of %(population)d lot-tracked stock records carries a lot of another product.",
        "%(count)d of %(population)d lot-tracked stock records carry a lot of another product.",
        count,
    ) % {"count": count, "population": part.population}
    return _found("stock.quant", "quants", part, detail)


register(
    Metric(
        key="quant_lot_of_other_product",
        title=_("Stock with a lot of another product"),
        kind="check",
        unit="quants",
        reads={"stock.quant": ("lot_id", "product_id"), "stock.lot": ("product_id",)},
        compute=quant_lot_of_other_product,
    )
)


# --- 9. Purchasing ---------------------------------------------------------------------------


def confirmed_po_without_confirmation_date(ctx: MetricContext) -> MetricResult:
    """Confirmed purchase orders with no confirmation date.

    Counts purchase.order records whose ``state`` is 'purchase' or 'done'
    and whose ``date_approve`` is empty.

    Why it matters: the confirmation date is when the hospital committed to
    the spend. Without it the order cannot be placed in the approval audit
    trail, and lead-time and cycle-time figures (and the KPIs built on them)
    silently leave it out; it usually means orders were imported or edited
    outside the normal approval flow.
    """
    ctx.require("purchase.order", "state", "date_approve")
    considered = """
SELECT p.id, p.date_approve IS NULL AS flagged
FROM purchase_order p
WHERE p.state IN ('purchase', 'done')
"""
    part = partition(ctx.connection, considered)
    count = len(part.flagged_ids)
    detail = ngettext(
        "%(count)d of %(population)d confirmed purchase orders has no confirmation date.",
        "%(count)d of %(population)d confirmed purchase orders have no confirmation date.",
        count,
    ) % {"count": count, "population": part.population}
    return _found("purchase.order", "purchase orders", part, detail)


register(
    Metric(
        key="confirmed_po_without_confirmation_date",
        title=_("Confirmed purchase orders without a confirmation date"),
        kind="check",
        unit="purchase orders",
        reads={"purchase.order": ("state", "date_approve")},
        compute=confirmed_po_without_confirmation_date,
    )
)
