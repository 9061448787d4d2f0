"""A seeded, Odoo-17-shaped evidence snapshot of a fictional healthcare network.

``generate_snapshot`` writes every model of :data:`caregate.evidence.spec.MODEL_SPECS`
with exactly the columns a collected Odoo 17 snapshot has, for the Northbridge
Health Group: a central warehouse, a general hospital, a diagnostics laboratory
and a long-term care home. Master data (partners, users, products, equipment)
is built row by row; transactional data (purchases, receipts, stock moves,
bills) is built with numpy arrays so a tenfold scale still runs in seconds.

Known defects are planted at fixed rates, and the manifest's ``demo`` entry
records the exact ids each evidence check must find (``planted``) and the KPI
figures the data was built to show (``planted_kpis``). Everything is derived
from ``seed``, ``scale`` and ``as_of``: the same three give byte-identical
Parquet files.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from caregate.demo import names as vocab
from caregate.evidence.snapshot import SnapshotWriter, arrow_schema, new_snapshot_id
from caregate.evidence.spec import MODEL_SPECS, ODOO17_FIELD_TYPES, SPEC_BY_MODEL

logger = logging.getLogger(__name__)

DEFAULT_SEED = 20261203
DAY = 86_400
HOUR = 3_600
EUR = 1
#: Moves of internal and delivery pickings are generated this many pickings at a time.
PICKING_CHUNK = 20_000

Progress = Callable[[str, int, int], None]

COUNTRY_IDS = {"NL": 165, "BE": 20, "DE": 57, "GB": 231, "FR": 75}

#: (id, name, parent id, warehouse name, warehouse code, sub-locations of Stock)
COMPANIES = (
    (
        1,
        "Northbridge Health Group",
        None,
        "Central Warehouse",
        "CWH",
        ("Bulk store", "Pharmacy", "Cold room", "Quarantine", "Returns"),
    ),
    (
        2,
        "Northbridge General Hospital",
        1,
        "General Hospital Stores",
        "NGH",
        ("Pharmacy", "Theatre store", "ICU store", "Emergency store", "Cold room", "Quarantine"),
    ),
    (
        3,
        "Northbridge Diagnostics Laboratory",
        1,
        "Laboratory Stores",
        "NDL",
        ("Reagent store", "Cold room", "Freezer -20 C", "Quarantine"),
    ),
    (
        4,
        "Elmwood Long-Term Care",
        1,
        "Elmwood Care Stores",
        "ELC",
        ("Pharmacy", "Linen room", "Quarantine"),
    ),
)
#: Sub-locations kept archived: rooms that closed.
ARCHIVED_SUBLOCATIONS = {1: "Old annex", 2: "Ward 7 store"}
#: Share of activity per warehouse, for receipts, transfers and stock.
WAREHOUSE_WEIGHTS = np.array([0.45, 0.35, 0.1, 0.1])
#: Where each product area is kept (weights over the four warehouses).
AREA_WAREHOUSE_WEIGHTS = {
    "Laboratory": np.array([0.4, 0.05, 0.55, 0.0]),
    "Pharmacy": np.array([0.4, 0.4, 0.0, 0.2]),
}
DEFAULT_AREA_WEIGHTS = np.array([0.45, 0.35, 0.05, 0.15])
#: VAT rate applied to purchases, by product area.
AREA_TAX_RATE = {"Pharmacy": 0.09, "Medical Supplies": 0.09}
DEFAULT_TAX_RATE = 0.21

PICKING_CODES = ("incoming", "outgoing", "internal")
PICKING_PREFIX = {"incoming": "IN", "outgoing": "OUT", "internal": "INT"}

UOM_CATEGORIES = ((1, "Unit"), (2, "Weight"), (3, "Volume"))
#: (id, name, category, type, factor, rounding, active)
UOMS = (
    (1, "Units", 1, "reference", 1.0, 0.01, True),
    (2, "Box of 10", 1, "bigger", 0.1, 1.0, True),
    (3, "Box of 100", 1, "bigger", 0.01, 1.0, True),
    (4, "Pack of 50", 1, "bigger", 0.02, 1.0, True),
    (5, "Dozens", 1, "bigger", 1 / 12, 0.01, False),
    (6, "kg", 2, "reference", 1.0, 0.01, True),
    (7, "g", 2, "smaller", 1000.0, 0.01, True),
    (8, "L", 3, "reference", 1.0, 0.01, True),
    (9, "mL", 3, "smaller", 1000.0, 0.1, True),
)
UOM_ID = {row[1]: row[0] for row in UOMS}
UOM_CATEGORY = {row[0]: row[2] for row in UOMS}

#: (code, name, account type, reconcile, deprecated) for each company's chart.
ACCOUNTS = (
    ("101000", "Bank", "asset_cash", False, False),
    ("110000", "Accounts receivable", "asset_receivable", True, False),
    ("130000", "Stock valuation", "asset_current", False, False),
    ("131000", "Stock interim (received)", "asset_current", True, False),
    ("140000", "VAT receivable", "asset_current", False, False),
    ("150000", "Prepayments", "asset_prepayments", False, False),
    ("200000", "Medical equipment", "asset_fixed", False, False),
    ("210000", "Accumulated depreciation", "asset_non_current", False, False),
    ("400000", "Accounts payable", "liability_payable", True, False),
    ("410000", "VAT payable", "liability_current", False, False),
    ("420000", "Accrued expenses", "liability_current", False, False),
    ("500000", "Foundation reserves", "equity", False, False),
    ("590000", "Current year earnings", "equity_unaffected", False, False),
    ("600000", "Medical supplies", "expense", False, False),
    ("601000", "Pharmaceuticals", "expense", False, False),
    ("602000", "Laboratory supplies", "expense", False, False),
    ("603000", "Facilities and cleaning", "expense", False, False),
    ("604000", "Office supplies", "expense", False, False),
    ("605000", "Maintenance services", "expense", False, False),
    ("680000", "Depreciation", "expense_depreciation", False, False),
    ("700000", "Cost of supplies issued", "expense_direct_cost", False, False),
    ("800000", "Healthcare services revenue", "income", False, False),
    ("810000", "Sales of supplies", "income", False, False),
    ("890000", "Other income", "income_other", False, False),
    ("999000", "Suspense account (old chart)", "asset_current", False, True),
)
EXPENSE_ACCOUNT_BY_AREA = {
    "Medical Supplies": "600000",
    "Pharmacy": "601000",
    "Laboratory": "602000",
    "Facilities": "603000",
    "Office": "604000",
}
MAINTENANCE_STAGES = (
    (1, "New Request", 1, False),
    (2, "In Progress", 2, False),
    (3, "Repaired", 3, True),
    (4, "Scrap", 4, True),
)

#: Groups a user gets for a role, with the role's department and company.
ROLES = (
    # (weight, department id, company id, group external ids)
    (0.26, 3, 1, ("stock.group_stock_user",)),
    (0.06, 3, 1, ("stock.group_stock_manager",)),
    (0.14, 2, 1, ("purchase.group_purchase_user", "stock.group_stock_user")),
    (0.04, 2, 1, ("purchase.group_purchase_manager", "stock.group_stock_user")),
    (0.10, 4, 2, ("stock.group_stock_user",)),
    (0.08, 10, 1, ("account.group_account_invoice", "purchase.group_purchase_user")),
    (0.03, 10, 1, ("account.group_account_manager", "account.group_account_user")),
    (0.08, 9, 2, ("maintenance.group_equipment_manager", "stock.group_stock_user")),
    (0.04, 11, 1, ("hr.group_hr_user",)),
    (0.07, 8, 3, ("stock.group_stock_user",)),
    (0.06, 5, 2, ("base.group_user", "project.group_project_user")),
    (0.04, 14, 4, ("stock.group_stock_user",)),
)
ADMIN_GROUPS = (
    "base.group_system",
    "base.group_multi_company",
    "stock.group_stock_manager",
    "purchase.group_purchase_manager",
    "account.group_account_manager",
    "maintenance.group_equipment_manager",
    "hr.group_hr_manager",
    "project.group_project_manager",
    "sales_team.group_sale_manager",
    "stock.group_stock_multi_locations",
    "stock.group_stock_multi_warehouses",
    "uom.group_uom",
)
CENTRAL_DEPARTMENTS = {1, 2, 3, 10, 11, 12}


def generate_snapshot(
    root: Path,
    *,
    scale: float = 1.0,
    seed: int = DEFAULT_SEED,
    as_of: dt.datetime | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write a demo snapshot under ``root`` and return its folder.

    ``scale`` multiplies master and transactional volumes (1.0 is about 100,000
    stock moves); ``as_of`` is the moment the data describes (default: now, in
    UTC, to the second), and every date is placed relative to it.
    """
    if scale <= 0:
        raise ValueError(f"scale must be positive, not {scale!r}")
    if as_of is None:
        as_of = dt.datetime.now(dt.UTC)
    if as_of.tzinfo is None:
        as_of = as_of.replace(tzinfo=dt.UTC)
    as_of = as_of.astimezone(dt.UTC).replace(microsecond=0)
    network = _Network(seed=seed, scale=scale, as_of=as_of)
    with SnapshotWriter(Path(root), new_snapshot_id("demo")) as writer:
        network.write(writer, progress)
        path = writer.finish(network.metadata())
    logger.info("demo snapshot %s written (seed %s, scale %s)", path, seed, scale)
    return path


# --- Arrow helpers ----------------------------------------------------------------------------


def _table(model: str, columns: dict[str, Any]) -> pa.Table:
    """An Arrow table with exactly the spec's columns for ``model``, typed as Odoo 17's."""
    schema = arrow_schema(ODOO17_FIELD_TYPES[model])
    if set(columns) != set(schema.names):
        raise ValueError(
            f"{model}: columns differ from the spec: {set(columns) ^ set(schema.names)}"
        )
    arrays = []
    for column in schema:
        values = columns[column.name]
        if isinstance(values, pa.Array | pa.ChunkedArray):
            arrays.append(values.cast(column.type))
        else:
            arrays.append(pa.array(values, type=column.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def _ids(values: np.ndarray) -> pa.Array:
    """Many2one ids, 0 meaning empty."""
    values = np.asarray(values, dtype=np.int64)
    return pa.array(values, type=pa.int64(), mask=values == 0)


def _times(seconds: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    """UTC timestamps from epoch seconds; ``valid`` False gives an empty value."""
    seconds = np.asarray(seconds, dtype=np.int64)
    mask = None if valid is None else ~np.asarray(valid, dtype=bool)
    return pa.array(seconds, type=pa.int64(), mask=mask).cast(pa.timestamp("s", tz="UTC"))


def _dates(seconds: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    """Calendar dates (UTC) of epoch seconds."""
    days = np.floor_divide(np.asarray(seconds, dtype=np.int64), DAY).astype(np.int32)
    mask = None if valid is None else ~np.asarray(valid, dtype=bool)
    return pa.array(days, type=pa.int32(), mask=mask).cast(pa.date32())


def _numbered(prefixes: list[str], which: np.ndarray, numbers: np.ndarray, width: int) -> pa.Array:
    """Strings ``prefixes[which] + zero-padded number``, built without Python loops."""
    prefix = pa.array(prefixes, type=pa.string()).take(pa.array(np.asarray(which, np.int64)))
    digits = pc.utf8_lpad(pa.array(np.asarray(numbers, np.int64)).cast(pa.string()), width, "0")
    return pc.binary_join_element_wise(prefix, digits, "")


def _sequence_within(groups: np.ndarray) -> np.ndarray:
    """1-based running number of each element within its group, in array order."""
    groups = np.asarray(groups)
    if groups.size == 0:
        return np.zeros(0, np.int64)
    order = np.argsort(groups, kind="stable")
    ordered = groups[order]
    starts = np.r_[0, np.flatnonzero(ordered[1:] != ordered[:-1]) + 1]
    lengths = np.diff(np.r_[starts, groups.size])
    running = np.arange(groups.size) - np.repeat(starts, lengths)
    result = np.empty(groups.size, np.int64)
    result[order] = running + 1
    return result


def _pick(rng: np.random.Generator, population: np.ndarray, count: int) -> np.ndarray:
    """``count`` distinct members of ``population`` (all of them if it is smaller), sorted."""
    population = np.asarray(population)
    count = min(count, population.size)
    return np.sort(rng.choice(population, size=count, replace=False)) if count else population[:0]


def _ean13(body12: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body12))
    return body12 + str((10 - total % 10) % 10)


def _slug(text: str) -> str:
    return vocab.normalised_name(text).replace(" ", "-")


# --- The network ------------------------------------------------------------------------------


@dataclass
class _Partners:
    """What later steps need to know about res.partner."""

    suppliers: list[int] = field(default_factory=list)
    customers: list[int] = field(default_factory=list)
    wards: list[int] = field(default_factory=list)
    contacts_of: dict[int, list[int]] = field(default_factory=dict)


class _Network:
    """Builds the models in dependency order and keeps what later models refer to."""

    def __init__(self, *, seed: int, scale: float, as_of: dt.datetime):
        self.seed = seed
        self.scale = scale
        self.as_of = as_of
        self.now = int(as_of.timestamp())
        self.planted: dict[str, list[int]] = {}
        self.planted_kpis: dict[str, float] = {}
        self.modules: list[str] = []
        self.partners = _Partners()
        self.taken_names: set[str] = set()
        self.taken_vats: set[str] = set()

    # helpers

    def rng(self, step: str) -> np.random.Generator:
        """A generator of its own per step, so one step's draws never shift another's."""
        return np.random.default_rng([self.seed, zlib.crc32(step.encode())])

    def count(self, base: float, minimum: int = 1) -> int:
        return max(minimum, round(base * self.scale))

    def ago(self, rng: np.random.Generator, low_days: float, high_days: float, size: int):
        """Epoch seconds between ``high_days`` and ``low_days`` before as_of."""
        return (self.now - rng.uniform(low_days, high_days, size) * DAY).astype(np.int64)

    def metadata(self) -> dict[str, Any]:
        return {
            "source": {
                "kind": "demo",
                "url": "",
                "database": "demo",
                "server_version": "17.0",
                "server_version_info": [17, 0, 0, "final", 0, ""],
            },
            "collected_at": self.as_of.isoformat(),
            "installed_modules": sorted(self.modules),
            "companies": [
                {"id": company_id, "name": name, "currency": "EUR"}
                for company_id, name, *_ in COMPANIES
            ],
            "demo": {
                "seed": self.seed,
                "scale": self.scale,
                "planted": {key: sorted(ids) for key, ids in sorted(self.planted.items())},
                "planted_kpis": dict(sorted(self.planted_kpis.items())),
            },
        }

    def write(self, writer: SnapshotWriter, progress: Progress | None) -> None:
        steps: list[tuple[str, Callable[[], Iterator[tuple[str, Any]]]]] = [
            ("Modules and companies", self.build_base),
            ("Units and categories", self.build_units_and_categories),
            ("Warehouses and locations", self.build_locations),
            ("Partners", self.build_partners),
            ("Users and employees", self.build_users_and_employees),
            ("Products", self.build_products),
            ("Lots, quants and reordering rules", self.build_stock_levels),
            ("Purchase orders", self.build_purchases),
            ("Pickings and stock moves", self.build_pickings_and_moves),
            ("Accounting", self.build_accounting),
            ("Maintenance", self.build_maintenance),
        ]
        written: set[str] = set()
        for done, (label, step) in enumerate(steps):
            if progress:
                progress(label, done, len(steps))
            for model, tables in step():
                spec = SPEC_BY_MODEL[model]
                writer.write_model(
                    model,
                    tables,
                    ODOO17_FIELD_TYPES[model],
                    domain=spec.domain,
                    archived_included=spec.include_archived,
                )
                written.add(model)
        if progress:
            progress("Done", len(steps), len(steps))
        missing = {spec.model for spec in MODEL_SPECS} - written
        if missing:
            raise RuntimeError(f"demo generator wrote no data for {sorted(missing)}")

    # base: modules, companies, groups ----------------------------------------------------------

    def build_base(self):
        self.modules = [name for name, _desc, _app in vocab.MODULES]
        yield (
            "ir.module.module",
            _table(
                "ir.module.module",
                {
                    "id": list(range(1, len(vocab.MODULES) + 1)),
                    "name": self.modules,
                    "state": ["installed"] * len(vocab.MODULES),
                    "latest_version": [
                        "17.0.1.3" if name == "base" else "17.0.1.0" for name in self.modules
                    ],
                    "application": [app for _n, _d, app in vocab.MODULES],
                    "shortdesc": [desc for _n, desc, _a in vocab.MODULES],
                },
            ),
        )
        rng = self.rng("companies")
        self.company_partner = {1: 1, 2: 4, 3: 5, 4: 6}
        self.company_vat = {cid: self.new_vat(rng, "NL") for cid, *_ in COMPANIES}
        yield (
            "res.company",
            _table(
                "res.company",
                {
                    "id": [row[0] for row in COMPANIES],
                    "name": [row[1] for row in COMPANIES],
                    "currency_id": [EUR] * len(COMPANIES),
                    "parent_id": [row[2] for row in COMPANIES],
                    "country_id": [COUNTRY_IDS["NL"]] * len(COMPANIES),
                    "vat": [self.company_vat[row[0]] for row in COMPANIES],
                },
            ),
        )
        self.group_id = {xml_id: gid for gid, xml_id, *_ in vocab.GROUPS}
        self.group_implied = {
            gid: [self.group_id[x] for x in implied] for gid, _x, _f, _c, implied in vocab.GROUPS
        }
        share_groups = {self.group_id["base.group_portal"], self.group_id["base.group_public"]}
        yield (
            "res.groups",
            _table(
                "res.groups",
                {
                    "id": [row[0] for row in vocab.GROUPS],
                    "name": [row[2].split(" / ")[-1] for row in vocab.GROUPS],
                    "full_name": [row[2] for row in vocab.GROUPS],
                    "category_id": [row[3] for row in vocab.GROUPS],
                    "implied_ids": [sorted(self.group_implied[row[0]]) for row in vocab.GROUPS],
                    "share": [row[0] in share_groups for row in vocab.GROUPS],
                },
            ),
        )
        yield (
            "ir.model.data",
            _table(
                "ir.model.data",
                {
                    "id": [1000 + index for index in range(len(vocab.GROUPS))],
                    "module": [row[1].split(".")[0] for row in vocab.GROUPS],
                    "name": [row[1].split(".")[1] for row in vocab.GROUPS],
                    "model": ["res.groups"] * len(vocab.GROUPS),
                    "res_id": [row[0] for row in vocab.GROUPS],
                },
            ),
        )

    def groups_closure(self, xml_ids) -> list[int]:
        """Group ids a user holds: the named groups plus every group they imply (as Odoo)."""
        pending = [self.group_id[x] for x in xml_ids]
        held: set[int] = set()
        while pending:
            gid = pending.pop()
            if gid not in held:
                held.add(gid)
                pending.extend(self.group_implied[gid])
        return sorted(held)

    def new_vat(self, rng: np.random.Generator, country: str) -> str:
        """A VAT number in compact form that no other partner has."""
        while True:
            digits = "".join(str(d) for d in rng.integers(0, 10, 11))
            vat = {
                "NL": f"NL{digits[:9]}B{digits[9:11]}",
                "BE": f"BE0{digits[:9]}",
                "DE": f"DE{digits[:9]}",
                "GB": f"GB{digits[:9]}",
                "FR": f"FR{digits[:11]}",
            }[country]
            if vat not in self.taken_vats:
                self.taken_vats.add(vat)
                return vat

    def claim_name(self, name: str) -> bool:
        """Reserve a commercial partner name; False when one alike is already used."""
        key = vocab.normalised_name(name)
        tokens = key.split()
        # Single letters such as the "n" of "N.V." are where name comparisons differ.
        if not key or key in self.taken_names or any(len(token) == 1 for token in tokens):
            return False
        self.taken_names.add(key)
        return True

    # units, product categories -------------------------------------------------------------------

    def build_units_and_categories(self):
        yield (
            "uom.category",
            _table(
                "uom.category",
                {"id": [c[0] for c in UOM_CATEGORIES], "name": [c[1] for c in UOM_CATEGORIES]},
            ),
        )
        yield (
            "uom.uom",
            _table(
                "uom.uom",
                {
                    "id": [u[0] for u in UOMS],
                    "name": [u[1] for u in UOMS],
                    "category_id": [u[2] for u in UOMS],
                    "uom_type": [u[3] for u in UOMS],
                    "factor": [u[4] for u in UOMS],
                    "rounding": [u[5] for u in UOMS],
                    "active": [u[6] for u in UOMS],
                },
            ),
        )
        self.category_id = {name: index + 1 for index, name in enumerate(vocab.CATEGORY_NAMES)}
        parents = []
        for name in vocab.CATEGORY_NAMES:
            parent = name.rsplit(" / ", 1)[0] if " / " in name else None
            parents.append(self.category_id[parent] if parent else None)
        yield (
            "product.category",
            _table(
                "product.category",
                {
                    "id": list(self.category_id.values()),
                    "name": [name.split(" / ")[-1] for name in vocab.CATEGORY_NAMES],
                    "complete_name": list(vocab.CATEGORY_NAMES),
                    "parent_id": parents,
                },
            ),
        )

    # warehouses and locations ----------------------------------------------------------------

    def build_locations(self):
        rows: list[dict[str, Any]] = []

        def add(name, usage, parent, warehouse=None, company=None, **flags):
            # As Odoo: a view location's full name is its own name.
            in_view = parent is None or usage == "view"
            parent_name = "" if in_view else rows[parent - 1]["complete_name"] + "/"
            rows.append(
                {
                    "id": len(rows) + 1,
                    "name": name,
                    "complete_name": parent_name + name,
                    "usage": usage,
                    "location_id": parent,
                    "warehouse_id": warehouse,
                    "company_id": company,
                    "active": flags.get("active", True),
                    "scrap_location": flags.get("scrap", False),
                    "return_location": flags.get("returns", False),
                }
            )
            return len(rows)

        physical = add("Physical Locations", "view", None)
        partners = add("Partners", "view", None)
        virtual = add("Virtual Locations", "view", None)
        self.vendor_location = add("Vendors", "supplier", partners)
        self.customer_location = add("Customers", "customer", partners)
        self.inventory_location = add("Inventory adjustment", "inventory", virtual)
        self.scrap_location = add("Scrap", "inventory", virtual, scrap=True)
        self.transit_location = add("Inter-company transit", "transit", physical)
        self.stock_location: dict[int, int] = {}
        self.view_location: dict[int, int] = {}
        #: Active internal locations of each warehouse, Stock first.
        self.internal_locations: dict[int, list[int]] = {}
        self.location_company: dict[int, int] = {}
        for warehouse, (company, _name, _p, _wname, code, subs) in enumerate(COMPANIES, 1):
            view = add(code, "view", physical, warehouse, company)
            stock = add("Stock", "internal", view, warehouse, company)
            self.view_location[warehouse] = view
            self.stock_location[warehouse] = stock
            self.internal_locations[warehouse] = [stock]
            for sub in subs:
                loc = add(sub, "internal", stock, warehouse, company, returns=sub == "Returns")
                self.internal_locations[warehouse].append(loc)
            if warehouse in ARCHIVED_SUBLOCATIONS:
                add(
                    ARCHIVED_SUBLOCATIONS[warehouse],
                    "internal",
                    stock,
                    warehouse,
                    company,
                    active=False,
                )
        for row in rows:
            self.location_company[row["id"]] = row["company_id"] or 0
        self.location_usage = {row["id"]: row["usage"] for row in rows}
        yield (
            "stock.location",
            _table("stock.location", {key: [row[key] for row in rows] for key in rows[0]}),
        )
        yield (
            "stock.warehouse",
            _table(
                "stock.warehouse",
                {
                    "id": [1, 2, 3, 4],
                    "name": [row[3] for row in COMPANIES],
                    "code": [row[4] for row in COMPANIES],
                    "company_id": [row[0] for row in COMPANIES],
                    "lot_stock_id": [self.stock_location[w] for w in (1, 2, 3, 4)],
                    "view_location_id": [self.view_location[w] for w in (1, 2, 3, 4)],
                    "active": [True] * 4,
                },
            ),
        )

    # partners ----------------------------------------------------------------------------------

    def plan_users(self, rng: np.random.Generator) -> None:
        """Decide how many users of each kind exist before their partners are made."""
        total = self.count(150, minimum=24)
        self.portal_count = max(3, round(0.15 * total))
        internal = total - 2 - self.portal_count
        self.archived_user_count = max(2, round(0.07 * internal))
        special = 2 + 2 + 3 + 4 + 1  # settings admins, access admins, both types, leavers, rehire
        self.normal_user_count = internal - special - self.archived_user_count
        self.internal_user_count = internal
        self.user_names = self.person_names(rng, internal + 1)  # + the administrator

    def person_names(self, rng: np.random.Generator, count: int) -> list[str]:
        """Distinct person names, each claimed as a commercial partner name."""
        result: list[str] = []
        pairs = rng.permutation(len(vocab.FIRST_NAMES) * len(vocab.LAST_NAMES))
        for pair in pairs:
            first = vocab.FIRST_NAMES[pair // len(vocab.LAST_NAMES)]
            last = vocab.LAST_NAMES[pair % len(vocab.LAST_NAMES)]
            name = f"{first} {last}"
            if self.claim_name(name):
                result.append(name)
                if len(result) == count:
                    return result
        raise ValueError(f"cannot make {count} distinct user names; lower the scale")

    def organisation_name(self, rng: np.random.Generator, kind: str) -> str:
        for _attempt in range(10_000):
            if kind == "supplier":
                prefix = vocab.SUPPLIER_PREFIXES[rng.integers(len(vocab.SUPPLIER_PREFIXES))]
                core = vocab.SUPPLIER_CORES[rng.integers(len(vocab.SUPPLIER_CORES))]
                region = vocab.SUPPLIER_REGIONS[rng.integers(len(vocab.SUPPLIER_REGIONS))]
                name = " ".join(part for part in (prefix, core, region) if part)
            else:
                place = vocab.CUSTOMER_PLACES[rng.integers(len(vocab.CUSTOMER_PLACES))]
                quarter = vocab.CUSTOMER_QUARTERS[rng.integers(len(vocab.CUSTOMER_QUARTERS))]
                what = vocab.CUSTOMER_KINDS[rng.integers(len(vocab.CUSTOMER_KINDS))]
                name = " ".join(part for part in (place, quarter, what) if part)
            if self.claim_name(name):
                return name
        raise ValueError(f"ran out of distinct {kind} names; lower the scale")

    def build_partners(self):
        rng = self.rng("partners")
        self.plan_users(rng)
        rows: list[dict[str, Any]] = []

        def add(
            name,
            *,
            is_company,
            parent=None,
            vat=None,
            email=None,
            ref=None,
            active=True,
            supplier_rank=0,
            customer_rank=0,
            country="NL",
            company=None,
        ):
            partner_id = len(rows) + 1
            rows.append(
                {
                    "id": partner_id,
                    "name": name,
                    "is_company": is_company,
                    "parent_id": parent,
                    "commercial_partner_id": parent or partner_id,
                    "vat": vat,
                    "email": email,
                    "ref": ref,
                    "company_id": company,
                    "active": active,
                    "supplier_rank": supplier_rank,
                    "customer_rank": customer_rank,
                    "country_id": COUNTRY_IDS[country],
                }
            )
            return partner_id

        for _company, name, *_ in COMPANIES:
            self.claim_name(name)
        self.claim_name("OdooBot")
        for company_id, name, *_ in COMPANIES:
            if company_id == 2:
                self.bot_partner = add(
                    "OdooBot", is_company=False, active=False, email="odoobot@example.com"
                )
                self.admin_partner = add(
                    self.user_names[0],
                    is_company=False,
                    email=f"admin@{vocab.EMAIL_DOMAIN_INTERNAL}",
                )
            domain = _slug(name) + ".example"
            assert (
                add(name, is_company=True, vat=self.company_vat[company_id], email=f"info@{domain}")
                == self.company_partner[company_id]
            )

        countries = np.array(["NL", "BE", "DE", "GB", "FR"])
        country_weights = np.array([0.5, 0.15, 0.2, 0.1, 0.05])
        supplier_names: dict[int, str] = {}
        for index in range(self.count(400, minimum=12)):
            country = str(rng.choice(countries, p=country_weights))
            base = self.organisation_name(rng, "supplier")
            forms = vocab.LEGAL_FORMS_BY_COUNTRY[country]
            name = f"{base} {forms[rng.integers(len(forms))]}"
            partner_id = add(
                name,
                is_company=True,
                vat=self.new_vat(rng, country) if rng.random() < 0.97 else None,
                email=f"orders@{_slug(base)}.example",
                ref=f"V{index + 1:05d}",
                active=bool(rng.random() < 0.96),
                supplier_rank=int(rng.integers(1, 60)),
                country=country,
            )
            supplier_names[partner_id] = base
            if rows[-1]["active"]:
                self.partners.suppliers.append(partner_id)
        for index in range(self.count(300, minimum=8)):
            name = self.organisation_name(rng, "customer")
            partner_id = add(
                name,
                is_company=True,
                vat=self.new_vat(rng, "NL") if rng.random() < 0.4 else None,
                email=f"admin@{_slug(name)}.example",
                ref=f"C{index + 1:05d}",
                active=bool(rng.random() < 0.97),
                customer_rank=int(rng.integers(1, 30)),
            )
            if rows[-1]["active"]:
                self.partners.customers.append(partner_id)
        for hospital in (2, 4):
            parent = self.company_partner[hospital]
            for ward in vocab.WARD_NAMES[: 12 if hospital == 2 else 4]:
                self.partners.wards.append(
                    add(
                        ward,
                        is_company=False,
                        parent=parent,
                        customer_rank=1,
                        vat=self.company_vat[hospital],
                    )
                )
        # Contact people at suppliers and customers (enough for the portal users).
        companies = np.array(self.partners.suppliers + self.partners.customers)
        for _ in range(max(self.count(330), self.portal_count + 2)):
            parent = int(companies[rng.integers(companies.size)])
            first = vocab.FIRST_NAMES[rng.integers(len(vocab.FIRST_NAMES))]
            last = vocab.LAST_NAMES[rng.integers(len(vocab.LAST_NAMES))]
            email_domain = (rows[parent - 1]["email"] or "@example.com").split("@")[1]
            contact = add(
                f"{first} {last}",
                is_company=False,
                parent=parent,
                vat=rows[parent - 1]["vat"],
                email=f"{_slug(first)}.{_slug(last)}@{email_domain}",
                country=self.country_of(rows[parent - 1]),
            )
            self.partners.contacts_of.setdefault(parent, []).append(contact)
        # Partners of internal users (the administrator's was made above).
        self.user_partner_ids = [self.admin_partner]
        for name in self.user_names[1:]:
            first, last = name.split(" ", 1)
            self.user_partner_ids.append(
                add(
                    name,
                    is_company=False,
                    email=f"{_slug(first)}.{_slug(last)}@{vocab.EMAIL_DOMAIN_INTERNAL}",
                )
            )
        self.partner_rows = rows
        self.add_duplicate_clusters(rng, rows, add, supplier_names)
        yield (
            "res.partner",
            _table("res.partner", {key: [row[key] for row in rows] for key in rows[0]}),
        )

    def add_duplicate_clusters(self, rng, rows, add, supplier_names) -> None:
        """Plant organisations recorded twice: same name written differently, or same VAT."""
        commercial = sum(1 for row in rows if row["parent_id"] is None)
        target = max(2, round(0.02 * commercial / 0.98))
        originals = rng.permutation(
            [pid for pid in self.partners.suppliers if rows[pid - 1]["vat"]]
        ).tolist()
        kinds = itertools.cycle(("name", "vat", "name", "both"))
        members: list[int] = []
        while len(members) < target and originals:
            original = int(originals.pop())
            kind = next(kinds)
            row = rows[original - 1]
            cluster = [original]
            if kind in ("name", "both"):
                twin_name = self.name_variant(rng, row["name"], supplier_names[original])
                cluster.append(
                    add(
                        twin_name,
                        is_company=True,
                        vat=self.vat_variant(row["vat"]) if rng.random() < 0.5 else None,
                        email=row["email"],
                        active=bool(rng.random() < 0.6),
                        supplier_rank=1,
                        country=self.country_of(row),
                    )
                )
            if kind in ("vat", "both"):
                trading_name = self.organisation_name(rng, "supplier")
                cluster.append(
                    add(
                        f"{trading_name} B.V.",
                        is_company=True,
                        vat=self.vat_variant(row["vat"]),
                        email=f"sales@{_slug(trading_name)}.example",
                        active=bool(rng.random() < 0.6),
                        supplier_rank=1,
                        country=self.country_of(row),
                    )
                )
            members.extend(cluster)
        self.planted["duplicate_partners"] = sorted(members)

    @staticmethod
    def country_of(row) -> str:
        return next(code for code, cid in COUNTRY_IDS.items() if cid == row["country_id"])

    @staticmethod
    def name_variant(rng, name: str, base: str) -> str:
        """The same organisation's name typed differently (normalises to the same text)."""
        words = base.split()
        choice = int(rng.integers(5))
        if choice == 0:
            variant = base.upper() + " BV"
        elif choice == 1:
            variant = f"{base} Ltd."
        elif choice == 2:
            accented = [w.replace("e", "é", 1) if "e" in w else w for w in words]
            variant = " ".join(accented) + " GmbH"
        elif choice == 3:
            variant = "-".join(words) + ", B.V."
        else:
            variant = "The " + base.lower()
        if vocab.normalised_name(variant) != vocab.normalised_name(name):
            raise AssertionError(f"planted duplicate {variant!r} does not match {name!r}")
        return variant

    @staticmethod
    def vat_variant(vat: str) -> str:
        """The same VAT number written with spaces and dots, as typed from a letterhead."""
        country, digits = vat[:2], vat[2:]
        if country == "NL":
            return f"NL {digits[:4]}.{digits[4:6]}.{digits[6:9]}.{digits[9:]}"
        return f"{country} {digits[:3]}.{digits[3:6]}.{digits[6:]}"

    # users and employees ---------------------------------------------------------------------

    def build_users_and_employees(self):
        rng = self.rng("users")
        every_company = [1, 2, 3, 4]
        users: list[dict[str, Any]] = []

        def login_of(name):
            return ".".join(vocab.normalised_name(name).split()) + "@" + vocab.EMAIL_DOMAIN_INTERNAL

        # Internal users apart from the administrator, in a shuffled order.
        kinds = (
            ["settings_admin"] * 2
            + ["access_admin"] * 2
            + ["both_types"] * 3
            + ["leaver"] * 4
            + ["rehire"]
            + ["archived"] * self.archived_user_count
            + ["normal"] * self.normal_user_count
        )
        kinds = [kinds[i] for i in rng.permutation(len(kinds))]
        portal_contacts = [c for contacts in self.partners.contacts_of.values() for c in contacts]
        portal_partners = _pick(rng, np.array(portal_contacts), self.portal_count).tolist()
        entries = [("internal", kind) for kind in kinds] + [("portal", p) for p in portal_partners]
        entries = [entries[i] for i in rng.permutation(len(entries))]
        role_weights = np.array([role[0] for role in ROLES])
        role_weights /= role_weights.sum()

        users.append(
            {
                "id": 1,
                "login": "__system__",
                "name": "OdooBot",
                "active": False,
                "share": False,
                "company_id": 1,
                "company_ids": every_company,
                "kind": "system",
                "department": 12,
                "groups_id": self.groups_closure(["base.group_system"]),
                "partner_id": self.bot_partner,
            }
        )
        users.append(
            {
                "id": 2,
                "login": "admin",
                "name": self.user_names[0],
                "active": True,
                "share": False,
                "company_id": 1,
                "company_ids": every_company,
                "kind": "admin",
                "department": 12,
                "groups_id": self.groups_closure(ADMIN_GROUPS),
                "partner_id": self.admin_partner,
            }
        )
        next_internal = 1
        for entry_kind, detail in entries:
            user_id = len(users) + 1
            if entry_kind == "portal":
                partner = self.partner_rows[detail - 1]
                users.append(
                    {
                        "id": user_id,
                        "login": partner["email"],
                        "name": partner["name"],
                        "active": bool(rng.random() < 0.9),
                        "share": True,
                        "company_id": 1,
                        "company_ids": [1],
                        "kind": "portal",
                        "department": None,
                        "groups_id": self.groups_closure(["base.group_portal"]),
                        "partner_id": detail,
                    }
                )
                continue
            name = self.user_names[next_internal]
            partner_id = self.user_partner_ids[next_internal]
            next_internal += 1
            _w, department, company, groups = ROLES[rng.choice(len(ROLES), p=role_weights)]
            groups = list(groups)
            if detail == "settings_admin":
                department, company = 12, 1
                groups = ["base.group_system", "stock.group_stock_manager"]
            elif detail == "access_admin":
                department, company = 12, 1
                groups = ["base.group_erp_manager", "purchase.group_purchase_user"]
            elif detail == "both_types":
                groups = [*groups, "base.group_user", "base.group_portal"]
            elif detail == "archived" and rng.random() < 0.3:
                groups = [*groups, "base.group_erp_manager"]  # a former admin, switched off
            central = department in CENTRAL_DEPARTMENTS
            users.append(
                {
                    "id": user_id,
                    "login": login_of(name),
                    "name": name,
                    "active": detail != "archived",
                    "share": False,
                    "company_id": company,
                    "company_ids": every_company if central else sorted({1, company}),
                    "kind": detail,
                    "department": department,
                    "groups_id": self.groups_closure(groups),
                    "partner_id": partner_id,
                }
            )

        columns = (
            "id",
            "login",
            "name",
            "active",
            "share",
            "company_id",
            "company_ids",
            "groups_id",
            "partner_id",
        )
        yield "res.users", _table("res.users", {c: [u[c] for u in users] for c in columns})

        erp_manager = self.group_id["base.group_erp_manager"]
        internal, portal = self.group_id["base.group_user"], self.group_id["base.group_portal"]
        self.planted["access_rights_admins"] = [
            u["id"]
            for u in users
            if u["active"] and not u["share"] and u["id"] != 1 and erp_manager in u["groups_id"]
        ]
        self.planted["users_internal_and_portal"] = [
            u["id"]
            for u in users
            if u["active"] and internal in u["groups_id"] and portal in u["groups_id"]
        ]
        self.users = users
        self.buyer_ids = np.array(
            [
                u["id"]
                for u in users
                if u["active"] and self.group_id["purchase.group_purchase_user"] in u["groups_id"]
            ]
        )
        self.technician_ids = np.array(
            [
                u["id"]
                for u in users
                if u["active"]
                and u["kind"] != "system"
                and self.group_id["maintenance.group_equipment_manager"] in u["groups_id"]
            ]
        )
        yield "hr.employee", self.employees_table(rng, users)

    def employees_table(self, rng: np.random.Generator, users) -> pa.Table:
        employees: list[dict[str, Any]] = []
        department_company = {
            1: 1,
            2: 1,
            3: 1,
            4: 2,
            5: 2,
            6: 2,
            7: 2,
            8: 3,
            9: 2,
            10: 1,
            11: 1,
            12: 1,
            13: 2,
            14: 4,
        }

        def add(name, department, *, user=None, active=True, email=None):
            titles = vocab.JOB_TITLES_BY_DEPARTMENT[department][1]
            company = department_company[department]
            if department in (4, 13) and rng.random() < 0.3:
                company = 4  # care-home pharmacy and facilities staff
            employees.append(
                {
                    "name": name,
                    "user_id": user,
                    "department_id": department,
                    "job_title": titles[rng.integers(len(titles))],
                    "company_id": company,
                    "active": active,
                    "work_email": email,
                }
            )

        leavers = []
        for user in users:
            kind = user["kind"]
            if kind in ("system", "portal"):
                continue
            department = user["department"]
            if kind == "leaver":
                add(user["name"], department, user=user["id"], active=False, email=user["login"])
                leavers.append(user["id"])
            elif kind == "archived":
                add(user["name"], department, user=user["id"], active=False, email=user["login"])
            else:
                add(user["name"], department, user=user["id"], email=user["login"])
                if kind == "rehire":  # left once, came back: the old record stays archived
                    add(user["name"], department, user=user["id"], active=False)
        self.planted_kpis["access_incident_count"] = len(leavers)
        total = max(self.count(600), len(employees) + 10)
        departments = np.array(list(vocab.JOB_TITLES_BY_DEPARTMENT))
        weights = np.array([1, 3, 6, 6, 30, 8, 8, 8, 4, 4, 3, 3, 8, 10], dtype=float)
        weights /= weights.sum()
        while len(employees) < total:
            first = vocab.FIRST_NAMES[rng.integers(len(vocab.FIRST_NAMES))]
            last = vocab.LAST_NAMES[rng.integers(len(vocab.LAST_NAMES))]
            email = (
                f"{_slug(first)}.{_slug(last)}@{vocab.EMAIL_DOMAIN_INTERNAL}"
                if rng.random() < 0.8
                else None
            )
            add(
                f"{first} {last}",
                int(rng.choice(departments, p=weights)),
                active=bool(rng.random() < 0.92),
                email=email,
            )
        employees = [employees[i] for i in rng.permutation(len(employees))]
        heads: dict[int, int] = {}
        for employee_id, employee in enumerate(employees, 1):
            employee["id"] = employee_id
            if employee["active"]:
                heads.setdefault(employee["department_id"], employee_id)
        chief = heads.get(1)
        for employee in employees:
            head = heads.get(employee["department_id"])
            employee["parent_id"] = (
                None if employee["id"] == chief else (chief if employee["id"] == head else head)
            )
        columns = (
            "id",
            "name",
            "user_id",
            "department_id",
            "job_title",
            "company_id",
            "active",
            "parent_id",
            "work_email",
        )
        return _table("hr.employee", {c: [e[c] for e in employees] for c in columns})

    # products ----------------------------------------------------------------------------------

    def build_products(self):
        rng = self.rng("products")
        pool = [
            (family_index, attributes)
            for family_index, family in enumerate(vocab.PRODUCT_FAMILIES)
            for attributes in itertools.product(*family.attributes)
        ]
        brands = vocab.PRODUCT_BRANDS
        total = self.count(2000, minimum=80)
        space = len(pool) * len(brands)
        drawn = np.sort(rng.choice(space, size=total, replace=total > space))
        templates: list[dict[str, Any]] = []
        for template_id, code in enumerate(drawn.tolist(), 1):
            family_index, attributes = pool[code // len(brands)]
            family = vocab.PRODUCT_FAMILIES[family_index]
            brand = brands[code % len(brands)]
            tracked = family.tracking == "lot" and family.detailed_type == "product"
            company = 3 if family.category.startswith("Laboratory") and rng.random() < 0.5 else None
            low, high = family.price
            cost = float(np.exp(rng.uniform(np.log(low), np.log(high))))
            templates.append(
                {
                    "id": template_id,
                    "name": f"{family.base}, {', '.join(attributes)} ({brand})",
                    "default_code": f"{family.code}-{template_id:05d}",
                    "barcode": None,
                    "categ_id": self.category_id[family.category],
                    "detailed_type": family.detailed_type,
                    "type": family.detailed_type,
                    "uom_id": UOM_ID[family.uom],
                    "uom_po_id": UOM_ID[
                        family.purchase_uoms[rng.integers(len(family.purchase_uoms))]
                    ],
                    "purchase_ok": True,
                    "sale_ok": bool(rng.random() < 0.7),
                    "tracking": "lot" if tracked else "none",
                    "use_expiration_date": tracked and family.expiry,
                    "priority": "1" if rng.random() < 0.05 else "0",
                    "company_id": company,
                    "active": bool(rng.random() < 0.97),
                    "list_price": round(cost * 1.3, 2),
                    # not columns, kept for later steps:
                    "cost": cost,
                    "area": family.category.split(" / ")[0],
                    "critical": "Critical" in family.category,
                }
            )
        for template in templates:
            template["critical"] = template["critical"] or template["priority"] == "1"
            if not template["critical"] and rng.random() < 0.01:
                template["purchase_ok"] = False  # prepared in-house, never bought
        # A few templates come in two variants (sizes, sterile or not).
        two_variants = set(
            _pick(rng, np.arange(1, total + 1), max(1, round(0.02 * total))).tolist()
        )
        products: list[dict[str, Any]] = []
        self.variants_of: dict[int, list[int]] = {}
        for template in templates:
            count = 2 if template["id"] in two_variants else 1
            if count == 1 and rng.random() < 0.85:
                template["barcode"] = _ean13(f"87{(template['id'] * 7919 + 104729) % 10**10:010d}")
            for variant in range(count):
                product_id = len(products) + 1
                products.append(
                    {
                        "id": product_id,
                        "product_tmpl_id": template["id"],
                        "default_code": template["default_code"]
                        + (f"-{variant + 1}" if count == 2 else ""),
                        "barcode": template["barcode"]
                        or _ean13(f"88{(product_id * 7919 + 3571) % 10**10:010d}"),
                        "active": template["active"],
                        "company_id": template["company_id"],
                    }
                )
                self.variants_of.setdefault(template["id"], []).append(product_id)

        self.plant_uom_mismatch(rng, templates)
        uncovered = self.plant_missing_vendors(rng, templates)
        self.templates = templates
        columns = list(ODOO17_FIELD_TYPES["product.template"])
        yield (
            "product.template",
            _table("product.template", {c: [t[c] for t in templates] for c in ["id", *columns]}),
        )
        yield (
            "product.product",
            _table("product.product", {c: [p[c] for p in products] for c in products[0]}),
        )
        yield "product.supplierinfo", self.supplierinfo_table(rng, templates, uncovered)
        self.index_products(templates, products)

    def plant_uom_mismatch(self, rng, templates) -> None:
        """Bought per litre or kilogram but stocked per unit: units that cannot convert."""
        active = [t for t in templates if t["active"]]
        candidates = np.array(
            [t["id"] for t in active if t["uom_id"] == UOM_ID["Units"] and t["type"] != "service"]
        )
        chosen = _pick(rng, candidates, max(1, round(0.01 * len(active))))
        for template_id in chosen.tolist():
            templates[template_id - 1]["uom_po_id"] = UOM_ID["L" if template_id % 2 else "kg"]
        archived = [t for t in templates if not t["active"] and t["uom_id"] == UOM_ID["Units"]]
        if archived:  # archived products are out of scope; one keeps the mistake
            archived[0]["uom_po_id"] = UOM_ID["kg"]
        self.planted["purchase_uom_category_mismatch"] = chosen.tolist()

    def plant_missing_vendors(self, rng, templates) -> set[int]:
        """Choose the templates without a vendor: ~8% of critical ones, a few others."""
        in_scope = np.array(
            [t["id"] for t in templates if t["active"] and t["purchase_ok"] and t["critical"]]
        )
        chosen = _pick(rng, in_scope, max(1, round(0.08 * in_scope.size)))
        self.planted["critical_products_without_supplier"] = chosen.tolist()
        uncovered = set(chosen.tolist())
        for template in templates:
            if template["critical"] and template["active"] and template["purchase_ok"]:
                continue
            if rng.random() < (0.4 if not template["active"] else 0.06):
                uncovered.add(template["id"])
        return uncovered

    def supplierinfo_table(self, rng, templates, uncovered: set[int]) -> pa.Table:
        suppliers = np.array(self.partners.suppliers)
        popularity = 1.0 / np.arange(1, suppliers.size + 1) ** 0.8
        popularity = popularity[rng.permutation(suppliers.size)]
        popularity /= popularity.sum()
        rows: dict[str, list] = {name: [] for name in ODOO17_FIELD_TYPES["product.supplierinfo"]}
        rows["id"] = []
        for template in templates:
            if template["id"] in uncovered:
                continue
            vendor_count = 1 + int(rng.random() < 0.45) + int(rng.random() < 0.1)
            vendors = rng.choice(
                suppliers, size=min(vendor_count, suppliers.size), replace=False, p=popularity
            )
            variants = self.variants_of[template["id"]]
            for vendor in vendors.tolist():
                specific = len(variants) > 1 and rng.random() < 0.5
                rows["id"].append(len(rows["id"]) + 1)
                rows["partner_id"].append(vendor)
                rows["product_tmpl_id"].append(template["id"])
                rows["product_id"].append(variants[rng.integers(2)] if specific else None)
                rows["company_id"].append(template["company_id"])
                rows["min_qty"].append(float(rng.choice([0, 1, 10, 50, 100])))
                rows["price"].append(round(template["cost"] * rng.uniform(0.9, 1.1), 2))
                rows["currency_id"].append(EUR)
                rows["delay"].append(int(np.clip(rng.lognormal(np.log(4), 0.5), 1, 30)))
        self.supplierinfo = rows
        return _table("product.supplierinfo", rows)

    def index_products(self, templates, products) -> None:
        """Numpy views of products for the transactional steps."""
        template_by_id = {t["id"]: t for t in templates}
        product_template = np.array([p["product_tmpl_id"] for p in products])
        self.product_ids = np.array([p["id"] for p in products])
        self.product_type = np.array([template_by_id[t]["type"] for t in product_template])
        self.product_active = np.array([p["active"] for p in products])
        self.product_tracked = np.array(
            [template_by_id[t]["tracking"] == "lot" for t in product_template]
        )
        self.product_expiry = np.array(
            [template_by_id[t]["use_expiration_date"] for t in product_template]
        )
        self.product_uom = np.array([template_by_id[t]["uom_id"] for t in product_template])
        self.product_cost = np.array([template_by_id[t]["cost"] for t in product_template])
        areas = sorted({t["area"] for t in templates})
        self.areas = areas
        self.product_area = np.array(
            [areas.index(template_by_id[t]["area"]) for t in product_template]
        )
        self.product_company = np.array(
            [template_by_id[t]["company_id"] or 0 for t in product_template]
        )
        self.product_tax = np.array([AREA_TAX_RATE.get(a, DEFAULT_TAX_RATE) for a in areas])[
            self.product_area
        ]
        # Purchasing catalogue: which vendor sells which product, at what price and unit.
        info = self.supplierinfo
        partner, product, price, uom = [], [], [], []
        for row in range(len(info["id"])):
            template = template_by_id[info["product_tmpl_id"][row]]
            if template["type"] == "service" or not template["active"]:
                continue
            for variant in self.variants_of[template["id"]]:
                if info["product_id"][row] not in (None, variant):
                    continue
                partner.append(info["partner_id"][row])
                product.append(variant)
                price.append(info["price"][row])
                uom.append(template["uom_po_id"])
        order = np.lexsort((np.array(product), np.array(partner)))
        self.catalogue_partner = np.array(partner)[order]
        self.catalogue_product = np.array(product)[order]
        self.catalogue_price = np.array(price)[order]
        self.catalogue_uom = np.array(uom)[order]

    def warehouse_for_products(self, rng, product_ids: np.ndarray) -> np.ndarray:
        """A warehouse (1-4) for each product, following where its area is kept."""
        result = np.empty(product_ids.size, np.int64)
        areas = self.product_area[product_ids - 1]
        for area_index, area in enumerate(self.areas):
            mask = areas == area_index
            weights = AREA_WAREHOUSE_WEIGHTS.get(area, DEFAULT_AREA_WEIGHTS)
            result[mask] = rng.choice(4, size=int(mask.sum()), p=weights / weights.sum()) + 1
        return result

    def location_in(self, rng, warehouses: np.ndarray, stock_share: float = 0.5) -> np.ndarray:
        """An active internal location of each warehouse: Stock itself or a room below it."""
        result = np.empty(warehouses.size, np.int64)
        for warehouse, locations in self.internal_locations.items():
            mask = warehouses == warehouse
            count = int(mask.sum())
            rooms = np.array(locations[1:])
            use_stock = rng.random(count) < stock_share
            result[mask] = np.where(
                use_stock, locations[0], rooms[rng.integers(rooms.size, size=count)]
            )
        return result

    # lots, quants, reordering rules --------------------------------------------------------

    def build_stock_levels(self):
        rng = self.rng("stock levels")
        storable = (self.product_type == "product") & self.product_active
        tracked = self.product_ids[storable & self.product_tracked]
        # Lots: a handful per tracked product.
        mean_lots = self.count(3000) / max(1, tracked.size)
        lots_per_product = 1 + rng.poisson(max(0.0, mean_lots - 1), tracked.size)
        lot_product = np.repeat(tracked, lots_per_product)
        lot_count = lot_product.size
        lot_ids = np.arange(1, lot_count + 1)
        expiry = self.product_expiry[lot_product - 1]
        expiration = self.now + (rng.uniform(-120, 1000, lot_count) * DAY).astype(np.int64)
        made = expiration - (rng.uniform(400, 1100, lot_count) * DAY).astype(np.int64)
        made_year = (made // DAY * 100 // 36525 + 1970 - 1990).clip(0, 109)
        lot_names = _numbered(
            [f"LT{year % 100:02d}-" for year in range(1990, 2100)],
            made_year,
            (lot_ids * 7919 + 1013) % 1_000_000,
            6,
        )
        lot_company = np.where(
            self.product_company[lot_product - 1] > 0, self.product_company[lot_product - 1], 1
        )
        yield (
            "stock.lot",
            _table(
                "stock.lot",
                {
                    "id": lot_ids,
                    "name": lot_names,
                    "product_id": lot_product,
                    "company_id": lot_company,
                    "expiration_date": _times(expiration, expiry),
                    "use_date": _times(expiration - 60 * DAY, expiry),
                    "removal_date": _times(expiration - 30 * DAY, expiry),
                },
            ),
        )
        yield "stock.quant", self.quants_table(rng, storable, lot_product, lot_ids)
        yield "stock.warehouse.orderpoint", self.orderpoints_table(rng, storable)

    def quants_table(self, rng, storable, lot_product, lot_ids) -> pa.Table:
        total = self.count(8000, minimum=200)
        # Lot-tracked stock: each lot in one or two places.
        copies = 1 + (rng.random(lot_ids.size) < 0.35)
        quant_lot = np.repeat(lot_ids, copies)
        quant_product = lot_product[quant_lot - 1]
        quant_location = self.location_in(rng, self.warehouse_for_products(rng, quant_product))
        keys = np.unique(quant_lot * 10_000 + quant_location, return_index=True)[1]
        quant_lot, quant_product, quant_location = (
            quant_lot[keys],
            quant_product[keys],
            quant_location[keys],
        )
        # Untracked stock: product and place pairs.
        untracked = self.product_ids[storable & ~self.product_tracked]
        wanted = max(10, total - quant_lot.size)
        product = untracked[rng.integers(untracked.size, size=int(wanted * 1.4))]
        location = self.location_in(rng, self.warehouse_for_products(rng, product))
        _pairs, first = np.unique(product * 10_000 + location, return_index=True)
        first = np.sort(first[rng.permutation(first.size)[:wanted]])
        # A few quants in transit between companies (negative figures are normal there).
        transit_count = max(2, round(0.005 * total))
        transit_product = untracked[rng.integers(untracked.size, size=transit_count)]
        transit_product = np.unique(transit_product)
        quant_product = np.concatenate([quant_product, product[first], transit_product])
        quant_location = np.concatenate(
            [
                quant_location,
                location[first],
                np.full(transit_product.size, self.transit_location),
            ]
        )
        quant_lot = np.concatenate([quant_lot, np.zeros(first.size + transit_product.size, int)])
        order = rng.permutation(quant_product.size)
        quant_product, quant_location, quant_lot = (
            quant_product[order],
            quant_location[order],
            quant_lot[order],
        )
        count = quant_product.size
        ids = np.arange(1, count + 1)
        whole = self.product_uom[quant_product - 1] <= 5  # counted in units, not kg or L
        quantity = rng.lognormal(np.log(40), 1.0, count)
        quantity = np.where(whole, np.ceil(quantity), np.round(quantity, 2))
        internal = quant_location != self.transit_location
        quantity[~internal] = np.where(rng.random(int((~internal).sum())) < 0.5, -1, 1) * np.ceil(
            rng.uniform(1, 30, int((~internal).sum()))
        )
        pool = ids[internal]
        negative = _pick(rng, pool, max(1, round(0.005 * pool.size)))
        quantity[negative - 1] = -np.ceil(rng.uniform(1, 12, negative.size))
        lot_pool = ids[internal & (quant_lot > 0)]
        lot_pool = np.setdiff1d(lot_pool, negative)
        wrong_lot = _pick(rng, lot_pool, max(1, round(0.003 * count)))
        for quant_id in wrong_lot.tolist():
            own = quant_product[quant_id - 1]
            others = np.flatnonzero(lot_product != own)
            quant_lot[quant_id - 1] = lot_ids[others[rng.integers(others.size)]]
        self.planted["negative_quants"] = negative.tolist()
        self.planted["quant_lot_of_other_product"] = wrong_lot.tolist()
        reserved = np.where(
            rng.random(count) < 0.15,
            np.floor(np.maximum(quantity, 0) * rng.uniform(0, 0.5, count)),
            0.0,
        )
        # Cycle counts: about one quant in ten has a count entered; ~96% of counts match.
        countable = np.setdiff1d(ids[internal], np.concatenate([negative, wrong_lot]))
        counted = _pick(rng, countable, max(2, round(0.1 * internal.sum())))
        mismatched = _pick(rng, counted, max(1, round(0.04 * counted.size)))
        counted_set = np.zeros(count, bool)
        counted_set[counted - 1] = True
        inventory = np.zeros(count)
        inventory[counted - 1] = quantity[counted - 1]
        inventory[mismatched - 1] += rng.choice([-3, -2, -1, 1, 2, 5], mismatched.size)
        inventory = np.maximum(inventory, 0)
        inventory[mismatched - 1] = np.where(
            inventory[mismatched - 1] == quantity[mismatched - 1],
            quantity[mismatched - 1] + 1,
            inventory[mismatched - 1],
        )
        self.planted_kpis["stock_accuracy_pct"] = round(
            100.0 * (counted.size - mismatched.size) / counted.size, 4
        )
        company = np.array(
            [self.location_company[loc] for loc in range(1, max(self.location_company) + 1)]
        )
        quant_company = company[quant_location - 1]
        quant_company = np.where(quant_company == 0, 1, quant_company)
        return _table(
            "stock.quant",
            {
                "id": ids,
                "product_id": quant_product,
                "location_id": quant_location,
                "lot_id": _ids(quant_lot),
                "company_id": quant_company,
                "quantity": quantity,
                "reserved_quantity": reserved,
                "inventory_quantity": inventory,
                "inventory_quantity_set": counted_set,
                "in_date": _times(self.ago(rng, 1, 500, count)),
            },
        )

    def orderpoints_table(self, rng, storable) -> pa.Table:
        wanted = self.count(1500, minimum=40)
        candidates = self.product_ids[storable]
        product = candidates[rng.integers(candidates.size, size=int(wanted * 1.3))]
        warehouse = self.warehouse_for_products(rng, product)
        _keys, first = np.unique(product * 10 + warehouse, return_index=True)
        first = np.sort(first[rng.permutation(first.size)[:wanted]])
        product, warehouse = product[first], warehouse[first]
        count = product.size
        ids = np.arange(1, count + 1)
        minimum = rng.choice(
            [0, 2, 5, 10, 20, 25, 50, 100, 200],
            size=count,
            p=[0.1, 0.1, 0.15, 0.2, 0.15, 0.1, 0.1, 0.06, 0.04],
        )
        maximum = minimum + rng.choice([5, 10, 20, 40, 100, 200], size=count)
        active = rng.random(count) < 0.96
        flipped = _pick(rng, ids[active], max(1, round(0.015 * active.sum())))
        minimum[flipped - 1] = maximum[flipped - 1] + rng.integers(1, 50, flipped.size)
        archived = ids[~active]
        if archived.size:  # archived rules are out of scope; one keeps the mistake
            minimum[archived[0] - 1] = maximum[archived[0] - 1] + 10
        self.planted["orderpoint_min_above_max"] = flipped.tolist()
        stock = np.array([0, *[self.stock_location[w] for w in (1, 2, 3, 4)]])
        return _table(
            "stock.warehouse.orderpoint",
            {
                "id": ids,
                "name": _numbered(["OP/"], np.zeros(count), ids, 5),
                "product_id": product,
                "warehouse_id": warehouse,
                "location_id": stock[warehouse],
                "company_id": warehouse,  # warehouse n belongs to company n
                "product_min_qty": minimum.astype(float),
                "product_max_qty": maximum.astype(float),
                "qty_multiple": rng.choice([1.0, 1.0, 1.0, 5.0, 10.0, 50.0], size=count),
                "trigger": np.where(rng.random(count) < 0.85, "auto", "manual"),
                "active": active,
            },
        )

    # purchases -----------------------------------------------------------------------------

    def build_purchases(self):
        rng = self.rng("purchases")
        count = self.count(5000, minimum=60)
        ids = np.arange(1, count + 1)
        age = np.sort(rng.uniform(0, 730, count))[::-1]
        date_order = (self.now - age * DAY).astype(np.int64)
        company = rng.choice(4, size=count, p=[0.7, 0.15, 0.1, 0.05]) + 1
        # A vendor chosen through its catalogue: big distributors get more orders.
        partner = self.catalogue_partner[rng.integers(self.catalogue_partner.size, size=count)]
        buyer = self.buyer_ids[rng.integers(self.buyer_ids.size, size=count)]
        buyer[rng.random(count) < 0.03] = 0
        state = np.empty(count, dtype=object)
        draw = rng.random(count)
        fresh, recent = age < 3, (age >= 3) & (age < 30)
        old = age >= 30
        state[fresh] = np.select(
            [draw[fresh] < 0.35, draw[fresh] < 0.55, draw[fresh] < 0.6],
            ["draft", "sent", "to approve"],
            "purchase",
        )
        state[recent] = np.select(
            [draw[recent] < 0.05, draw[recent] < 0.09, draw[recent] < 0.1, draw[recent] < 0.16],
            ["draft", "sent", "to approve", "cancel"],
            "purchase",
        )
        state[old] = np.select(
            [draw[old] < 0.02, draw[old] < 0.03, draw[old] < 0.08, draw[old] < 0.36],
            ["draft", "sent", "cancel", "purchase"],
            "done",
        )
        confirmed = np.isin(state, ["purchase", "done"])
        cancelled_after_approval = (state == "cancel") & (rng.random(count) < 0.5)
        approved = confirmed | cancelled_after_approval
        approve_time = np.minimum(
            date_order + rng.exponential(8 * HOUR, count).astype(np.int64), self.now - 60
        )
        lead = rng.lognormal(np.log(4.5), 0.55, count)
        receipt_time = approve_time + (lead * DAY).astype(np.int64)
        planned_time = approve_time + (lead * rng.uniform(0.75, 1.05, count) * DAY).astype(np.int64)
        state[(state == "done") & (receipt_time > self.now)] = "purchase"
        received = confirmed & (receipt_time <= self.now)
        # Receipts still open although expected more than a day ago (about 3% of receipts).
        late_pool = ids[
            (state == "purchase") & received & (planned_time < self.now - 3 * DAY) & (age < 150)
        ]
        late = _pick(rng, late_pool, max(1, round(0.03 * approved.sum())))
        received[late - 1] = False
        # Not yet due: the picking is scheduled when the vendor confirmed it will arrive.
        pending = confirmed & ~received
        planned_time = np.where(pending & (receipt_time > self.now), receipt_time, planned_time)
        no_approval_pool = ids[confirmed]
        no_approval = _pick(rng, no_approval_pool, max(1, round(0.01 * no_approval_pool.size)))
        approve_recorded = approved.copy()
        approve_recorded[no_approval - 1] = False
        self.planted["confirmed_po_without_confirmation_date"] = no_approval.tolist()

        # Lines: one to several per order, products from the vendor's catalogue.
        lines_per_order = 1 + rng.poisson(2.0, count)
        line_order = np.repeat(ids, lines_per_order)
        line_count = line_order.size
        starts = np.searchsorted(self.catalogue_partner, partner, side="left")
        ends = np.searchsorted(self.catalogue_partner, partner, side="right")
        order_index = line_order - 1
        pick = starts[order_index] + (rng.random(line_count) * (ends - starts)[order_index]).astype(
            np.int64
        )
        line_product = self.catalogue_product[pick]
        line_uom = self.catalogue_uom[pick]
        quantity = np.ceil(rng.lognormal(np.log(8), 0.9, line_count))
        price = np.round(self.catalogue_price[pick] * rng.uniform(0.97, 1.03, line_count), 2)
        # Backorders: some orders arrived in two receipts, the later lines second.
        split = received & (lines_per_order >= 2) & (rng.random(count) < 0.05)
        position = _sequence_within(line_order)
        second = split[order_index] & (position > (lines_per_order[order_index] + 1) // 2)
        backorder_time = receipt_time + (rng.uniform(2, 10, count) * DAY).astype(np.int64)
        second_received = split & (backorder_time <= self.now)
        line_received = np.where(second, second_received[order_index], received[order_index])
        qty_received = np.where(line_received, quantity, 0.0)
        # Bills arrive about a week after the goods; a few orders are never billed.
        bill_time = receipt_time + (rng.lognormal(np.log(6), 0.6, count) * DAY).astype(np.int64)
        billed = received & (bill_time <= self.now) & (rng.random(count) < 0.88)
        qty_invoiced = np.where(billed[order_index] & line_received, quantity, 0.0)
        subtotal = quantity * price
        tax = subtotal * self.product_tax[line_product - 1]
        amount_total = np.round(np.bincount(order_index, subtotal + tax, minlength=count), 2)
        receipt_status = np.where(
            ~confirmed,
            None,
            np.where(received, np.where(split & ~second_received, "partial", "full"), "pending"),
        )
        invoice_status = np.where(
            billed & ~(split & ~second_received),
            "invoiced",
            np.where(received, "to invoice", "no"),
        )
        names = _numbered(["P"], np.zeros(count), ids, 5)
        effective = received
        self.planted_kpis["po_cycle_time_days"] = self.cycle_time_median(
            approve_time, approve_recorded, receipt_time, effective
        )
        yield (
            "purchase.order",
            _table(
                "purchase.order",
                {
                    "id": ids,
                    "name": names,
                    "partner_id": partner,
                    "state": state.astype(str),
                    "date_order": _times(date_order),
                    "date_approve": _times(approve_time, approve_recorded),
                    "date_planned": _times(np.where(approved, planned_time, date_order + 5 * DAY)),
                    "effective_date": _times(receipt_time, effective),
                    "receipt_status": pa.array(receipt_status.tolist(), type=pa.string()),
                    "invoice_status": invoice_status.astype(str),
                    "amount_total": amount_total,
                    "currency_id": np.full(count, EUR),
                    "company_id": company,
                    "user_id": _ids(buyer),
                    "create_date": _times(date_order - rng.integers(0, 2 * HOUR, count)),
                },
            ),
        )
        # Free-text notes on a few orders: lines without a product.
        note_orders = _pick(rng, ids, round(0.01 * count))
        all_order = np.concatenate([line_order, note_orders])
        line_sort = np.argsort(all_order, kind="stable")
        real = line_sort < line_count
        line_ids = np.arange(1, all_order.size + 1)
        line_id_of_real = np.empty(line_count, np.int64)
        line_id_of_real[line_sort[real]] = line_ids[real]

        def expand(values, filler):
            full = np.concatenate([values, np.full(note_orders.size, filler, dtype=values.dtype)])
            return full[line_sort]

        sorted_order = all_order[line_sort]
        yield (
            "purchase.order.line",
            _table(
                "purchase.order.line",
                {
                    "id": line_ids,
                    "order_id": sorted_order,
                    "product_id": _ids(expand(line_product, 0)),
                    "product_qty": expand(quantity, 0.0),
                    "product_uom": _ids(expand(line_uom, 0)),
                    "qty_received": expand(qty_received, 0.0),
                    "qty_invoiced": expand(qty_invoiced, 0.0),
                    "price_unit": expand(price, 0.0),
                    "date_planned": _times(
                        np.where(approved, planned_time, date_order + 5 * DAY)[sorted_order - 1]
                    ),
                    "state": state[sorted_order - 1].astype(str),
                    "company_id": company[sorted_order - 1],
                    "display_type": pa.array(
                        np.where(line_sort < line_count, None, "line_note").tolist(),
                        type=pa.string(),
                    ),
                },
            ),
        )
        self.po = {
            "ids": ids,
            "names": names,
            "partner": partner,
            "company": company,
            "state": state,
            "approved": approved,
            "confirmed": confirmed,
            "received": received,
            "approve_time": approve_time,
            "planned_time": planned_time,
            "receipt_time": receipt_time,
            "split": split,
            "backorder_time": backorder_time,
            "second_received": second_received,
            "billed": billed,
            "bill_time": bill_time,
            "late": late,
        }
        self.po_lines = {
            "id": line_id_of_real,
            "order": line_order,
            "product": line_product,
            "uom": line_uom,
            "quantity": quantity,
            "price": price,
            "second": second,
            "received": line_received,
            "billed": qty_invoiced > 0,
        }

    def cycle_time_median(self, approve_time, approve_recorded, receipt_time, effective) -> float:
        window = (
            approve_recorded
            & effective
            & (approve_time >= self.now - 90 * DAY)
            & (approve_time <= self.now)
        )
        if not window.any():
            return 0.0
        return round(float(np.median((receipt_time[window] - approve_time[window]) / DAY)), 4)

    # pickings and moves --------------------------------------------------------------------

    def build_pickings_and_moves(self):
        rng = self.rng("pickings")
        po = self.po
        # Receipts: one per approved order, a second one for split deliveries.
        first = po["approved"]
        first_ids = po["ids"][first]
        second_ids = po["ids"][po["split"]]
        incoming_order = np.concatenate([first_ids, second_ids])
        is_second = np.concatenate([np.zeros(first_ids.size, bool), np.ones(second_ids.size, bool)])
        o = incoming_order - 1
        cancelled = ~po["confirmed"][o]
        done = np.where(is_second, po["second_received"][o], po["received"][o]) & ~cancelled
        done_time = np.where(is_second, po["backorder_time"][o], po["receipt_time"][o])
        scheduled = np.where(is_second, po["backorder_time"][o], po["planned_time"][o])
        in_state = np.where(cancelled, "cancel", np.where(done, "done", "assigned"))
        in_warehouse = po["company"][o]
        in_count = incoming_order.size
        incoming = {
            "code": np.zeros(in_count, np.int64),
            "warehouse": in_warehouse,
            "state": in_state,
            "create": po["approve_time"][o] + 1,
            "scheduled": scheduled,
            "done_time": done_time,
            "partner": po["partner"][o],
            "source": np.full(in_count, self.vendor_location),
            "dest": np.array([0, *self.stock_location.values()])[in_warehouse],
            "deadline": np.where(rng.random(in_count) < 0.5, po["planned_time"][o], 0),
            "order": incoming_order,
            "second": is_second,
        }
        overdue = (in_state == "assigned") & (scheduled < self.now - 24 * HOUR)
        self.planted_kpis["receiving_backlog"] = int(overdue.sum())
        self.planted_kpis["receiving_backlog_pct"] = round(100.0 * overdue.sum() / in_count, 4)

        # Transfers between rooms and deliveries to wards and customers.
        other_count = max(10, self.count(20000) - in_count)
        code = np.where(rng.random(other_count) < 0.45, 2, 1)  # 1 outgoing, 2 internal
        warehouse = rng.choice(4, size=other_count, p=WAREHOUSE_WEIGHTS) + 1
        create = np.sort(self.ago(rng, 0, 730, other_count))
        scheduled = create + (rng.uniform(0, 2, other_count) * DAY).astype(np.int64)
        draw = rng.random(other_count)
        recent = scheduled > self.now - DAY
        state = np.where(
            recent,
            np.select(
                [draw < 0.1, draw < 0.3, (draw < 0.7) | (scheduled > self.now)],
                ["draft", "confirmed", "assigned"],
                "done",
            ),
            np.select([draw < 0.04, draw < 0.05], ["cancel", "assigned"], "done"),
        )
        done_time = np.minimum(
            scheduled + (rng.uniform(0, 1, other_count) * DAY).astype(np.int64), self.now
        )
        room = self.location_in(rng, warehouse, stock_share=0.0)
        stock = np.array([0, *self.stock_location.values()])[warehouse]
        reverse = rng.random(other_count) < 0.15
        outgoing = code == 1
        source = np.where(
            outgoing,
            np.where(rng.random(other_count) < 0.7, stock, room),
            np.where(reverse, room, stock),
        )
        dest = np.where(outgoing, self.customer_location, np.where(reverse, stock, room))
        recipients = np.array(self.partners.wards + self.partners.customers)
        partner = np.where(outgoing, recipients[rng.integers(recipients.size, size=other_count)], 0)
        others = {
            "code": code,
            "warehouse": warehouse,
            "state": state,
            "create": create,
            "scheduled": scheduled,
            "done_time": done_time,
            "partner": partner,
            "source": source,
            "dest": dest,
            "deadline": np.zeros(other_count, np.int64),
            "order": np.zeros(other_count, np.int64),
            "second": np.zeros(other_count, bool),
        }
        pickings = {key: np.concatenate([incoming[key], others[key]]) for key in incoming}
        sort = np.argsort(pickings["create"], kind="stable")
        pickings = {key: values[sort] for key, values in pickings.items()}
        total = pickings["code"].size
        picking_ids = np.arange(1, total + 1)
        group = pickings["warehouse"] * 3 + pickings["code"]
        prefixes = [
            f"{COMPANIES[w - 1][4]}/{PICKING_PREFIX[PICKING_CODES[c]]}/"
            for w in range(0, 5)
            for c in range(3)
        ]
        names = _numbered(prefixes, group, _sequence_within(group), 5)
        origin_requisition = _numbered(["REQ/"], np.zeros(total), picking_ids, 5)
        is_incoming = pickings["code"] == 0
        po_names = self.po["names"]
        origin = pc.if_else(
            pa.array(is_incoming),
            po_names.take(pa.array(np.maximum(pickings["order"] - 1, 0))),
            pc.if_else(
                pa.array((pickings["code"] == 1) & (picking_ids % 2 == 0)),
                origin_requisition,
                pa.nulls(total, pa.string()),
            ),
        )
        is_done = pickings["state"] == "done"
        yield (
            "stock.picking",
            _table(
                "stock.picking",
                {
                    "id": picking_ids,
                    "name": names,
                    "state": pickings["state"].astype(str),
                    "picking_type_code": np.array(PICKING_CODES)[pickings["code"]],
                    "picking_type_id": (pickings["warehouse"] - 1) * 10 + pickings["code"] + 1,
                    "partner_id": _ids(pickings["partner"]),
                    "origin": origin,
                    "scheduled_date": _times(pickings["scheduled"]),
                    "date_done": _times(pickings["done_time"], is_done),
                    "date_deadline": _times(pickings["deadline"], pickings["deadline"] > 0),
                    "location_id": pickings["source"],
                    "location_dest_id": pickings["dest"],
                    "company_id": pickings["warehouse"],
                    "create_date": _times(pickings["create"]),
                },
            ),
        )
        yield "stock.move", self.iter_moves(pickings, picking_ids, names)

    def iter_moves(self, pickings, picking_ids, names) -> Iterator[pa.Table]:
        """stock.move in batches: receipts, then transfers chunk by chunk, then adjustments."""
        next_id = 1
        po_names = self.po["names"]
        # Receipt moves: one per order line in the receipt that carries it.
        has_receipt = self.po["approved"][self.po_lines["order"] - 1]
        lines = {key: values[has_receipt] for key, values in self.po_lines.items()}
        incoming = np.flatnonzero(pickings["code"] == 0)
        key = pickings["order"][incoming] * 2 + pickings["second"][incoming]
        order_key = np.argsort(key)
        line_key = lines["order"] * 2 + lines["second"]
        position = np.searchsorted(key[order_key], line_key)
        picking_index = incoming[order_key][position]
        state = pickings["state"][picking_index]
        quantity = lines["quantity"]
        move_ids = np.arange(next_id, next_id + quantity.size)
        next_id += quantity.size
        yield _table(
            "stock.move",
            {
                "id": move_ids,
                "product_id": lines["product"],
                "product_uom_qty": quantity,
                "quantity": np.where(state == "cancel", 0.0, quantity),
                "product_uom": lines["uom"],
                "state": state.astype(str),
                "date": _times(
                    np.where(
                        state == "done",
                        pickings["done_time"][picking_index],
                        pickings["scheduled"][picking_index],
                    )
                ),
                "location_id": pickings["source"][picking_index],
                "location_dest_id": pickings["dest"][picking_index],
                "picking_id": picking_ids[picking_index],
                "purchase_line_id": lines["id"],
                "company_id": pickings["warehouse"][picking_index],
                "origin": po_names.take(pa.array(lines["order"] - 1)),
                "reference": names.take(pa.array(picking_index)),
            },
        )
        # Transfer and delivery moves, a chunk of pickings at a time.
        movable = self.product_ids[
            np.isin(self.product_type, ["product", "consu"]) & self.product_active
        ]
        popularity = 1.0 / np.arange(1, movable.size + 1) ** 0.7
        popularity = popularity[self.rng("popularity").permutation(movable.size)]
        popularity /= popularity.sum()
        others = np.flatnonzero(pickings["code"] != 0)
        target = self.count(100_000) - quantity.size - self.count(2000)
        per_picking = max(0.0, target / max(1, others.size) - 1)
        for chunk_number, start in enumerate(range(0, others.size, PICKING_CHUNK)):
            rng = self.rng(f"moves {chunk_number}")
            chunk = others[start : start + PICKING_CHUNK]
            moves_per = 1 + rng.poisson(per_picking, chunk.size)
            index = np.repeat(chunk, moves_per)
            size = index.size
            product = rng.choice(movable, size=size, p=popularity)
            demand = np.ceil(rng.lognormal(np.log(6), 0.9, size))
            state = pickings["state"][index]
            partial = (state == "assigned") & (rng.random(size) < 0.1)
            move_state = np.where(partial, "partially_available", state)
            done_qty = np.where(
                np.isin(state, ["done", "assigned"]),
                demand,
                0.0,
            )
            done_qty = np.where(partial, np.floor(demand / 2), done_qty)
            ids = np.arange(next_id, next_id + size)
            next_id += size
            yield _table(
                "stock.move",
                {
                    "id": ids,
                    "product_id": product,
                    "product_uom_qty": demand,
                    "quantity": done_qty,
                    "product_uom": self.product_uom[product - 1],
                    "state": move_state.astype(str),
                    "date": _times(
                        np.where(
                            state == "done",
                            pickings["done_time"][index],
                            pickings["scheduled"][index],
                        )
                    ),
                    "location_id": pickings["source"][index],
                    "location_dest_id": pickings["dest"][index],
                    "picking_id": picking_ids[index],
                    "purchase_line_id": pa.nulls(size, pa.int64()),
                    "company_id": pickings["warehouse"][index],
                    "origin": pa.nulls(size, pa.string()),
                    "reference": names.take(pa.array(index)),
                },
            )
        # Inventory adjustments and scrapping: moves without a picking.
        rng = self.rng("adjustments")
        size = self.count(2000)
        storable = self.product_ids[(self.product_type == "product") & self.product_active]
        product = storable[rng.integers(storable.size, size=size)]
        place = self.location_in(rng, self.warehouse_for_products(rng, product))
        scrap = rng.random(size) < 0.15
        gain = ~scrap & (rng.random(size) < 0.5)
        source = np.where(scrap, place, np.where(gain, self.inventory_location, place))
        dest = np.where(scrap, self.scrap_location, np.where(gain, place, self.inventory_location))
        qty = np.ceil(rng.lognormal(np.log(3), 0.8, size))
        ids = np.arange(next_id, next_id + size)
        scrap_names = _numbered(["SP/"], np.zeros(size), _sequence_within(scrap.astype(int)), 5)
        reference = pc.if_else(
            pa.array(scrap), scrap_names, pa.array(["Product Quantity Updated"] * size)
        )
        company = np.array(
            [self.location_company[loc] or 1 for loc in range(1, max(self.location_company) + 1)]
        )
        yield _table(
            "stock.move",
            {
                "id": ids,
                "product_id": product,
                "product_uom_qty": qty,
                "quantity": qty,
                "product_uom": self.product_uom[product - 1],
                "state": np.full(size, "done"),
                "date": _times(self.ago(rng, 0, 730, size)),
                "location_id": source,
                "location_dest_id": dest,
                "picking_id": pa.nulls(size, pa.int64()),
                "purchase_line_id": pa.nulls(size, pa.int64()),
                "company_id": company[place - 1],
                "origin": pa.nulls(size, pa.string()),
                "reference": reference,
            },
        )

    # accounting ------------------------------------------------------------------------------

    def build_accounting(self):
        rng = self.rng("accounting")
        account_rows = [(company, *account) for company in (1, 2, 3, 4) for account in ACCOUNTS]
        account_id = {(row[0], row[1]): index for index, row in enumerate(account_rows, 1)}
        yield (
            "account.account",
            _table(
                "account.account",
                {
                    "id": list(range(1, len(account_rows) + 1)),
                    "code": [row[1] for row in account_rows],
                    "name": [row[2] for row in account_rows],
                    "account_type": [row[3] for row in account_rows],
                    "company_id": [row[0] for row in account_rows],
                    "deprecated": [row[5] for row in account_rows],
                    "reconcile": [row[4] for row in account_rows],
                },
            ),
        )

        def account(company: np.ndarray, code: str) -> np.ndarray:
            lookup = np.array([0, *[account_id[(c, code)] for c in (1, 2, 3, 4)]])
            return lookup[company]

        po, lines = self.po, self.po_lines
        # Vendor bills: one per billed purchase order.
        bill_order = po["ids"][po["billed"]]
        bill_count = bill_order.size
        refund_count = self.count(120)
        invoice_count = self.count(1400)
        entry_count = self.count(400)
        kinds = np.concatenate(
            [
                np.full(bill_count, 0),
                np.full(refund_count, 1),
                np.full(invoice_count, 2),
                np.full(entry_count, 3),
            ]
        )
        total = kinds.size
        o = bill_order - 1
        refund_partner = self.catalogue_partner[
            rng.integers(self.catalogue_partner.size, size=refund_count)
        ]
        customers = np.array(self.partners.customers)
        invoice_partner = customers[rng.integers(customers.size, size=invoice_count)]
        partner = np.concatenate(
            [po["partner"][o], refund_partner, invoice_partner, np.zeros(entry_count, np.int64)]
        )
        company = np.concatenate(
            [
                po["company"][o],
                rng.choice(4, refund_count, p=[0.7, 0.15, 0.1, 0.05]) + 1,
                rng.choice([2, 4], invoice_count, p=[0.7, 0.3]),
                rng.choice(4, entry_count) + 1,
            ]
        )
        created = np.concatenate(
            [
                po["bill_time"][o],
                self.ago(rng, 0, 730, refund_count),
                self.ago(rng, 0, 730, invoice_count),
                self.ago(rng, 0, 730, entry_count),
            ]
        )
        invoice_day = created
        age_days = (self.now - created) / DAY
        draw = rng.random(total)
        state = np.where(
            age_days < 5,
            np.where(draw < 0.6, "draft", "posted"),
            np.where(draw < 0.01, "cancel", "posted"),
        )
        state[kinds == 3] = "posted"
        has_invoice_date = (kinds < 3) & ((state != "draft") | (rng.random(total) < 0.5))
        to_check = np.zeros(total, bool)
        # Bill exceptions: posted but flagged for checking, or stuck in draft for weeks.
        vendor = kinds <= 1
        pool = np.flatnonzero(vendor & (state == "posted") & (age_days > 10))
        exceptions = _pick(rng, pool, max(2, round(0.02 * vendor.sum())))
        flagged = exceptions[: (exceptions.size + 1) // 2]
        stuck = exceptions[(exceptions.size + 1) // 2 :]
        to_check[flagged] = True
        state[stuck] = "draft"
        # Customer invoices flagged for checking are not vendor-bill exceptions.
        to_check[_pick(rng, np.flatnonzero(kinds == 2), 3)] = True

        # Lines, built per kind, then put in the order of their moves.
        bill_index_of_order = np.zeros(po["ids"].size + 1, np.int64)
        bill_index_of_order[bill_order] = np.arange(bill_count)
        billed_lines = np.flatnonzero(lines["billed"])
        bl_move = bill_index_of_order[lines["order"][billed_lines]]
        bl_amount = np.round(lines["quantity"][billed_lines] * lines["price"][billed_lines], 2)
        bl_tax = bl_amount * self.product_tax[lines["product"][billed_lines] - 1]
        areas = np.array([EXPENSE_ACCOUNT_BY_AREA.get(a, "605000") for a in self.areas])
        bl_code = areas[self.product_area[lines["product"][billed_lines] - 1]]
        bl_account = np.zeros(billed_lines.size, np.int64)
        for code in np.unique(bl_code):
            mask = bl_code == code
            bl_account[mask] = account(company[bl_move[mask]], str(code))
        net = np.bincount(bl_move, bl_amount, minlength=total)
        tax = np.round(np.bincount(bl_move, bl_tax, minlength=total), 2)
        # Refunds, customer invoices and journal entries carry one amount each.
        others = np.flatnonzero(kinds > 0)
        net[others] = np.round(rng.lognormal(np.log(400), 1.0, others.size), 2)
        tax_rate = np.where(kinds == 1, 0.21, 0.0)
        tax[others] = np.round(net[others] * tax_rate[others], 2)
        amount_total = np.round(net + tax, 2)

        # Lines: (move index, line kind, account, debit, credit, purchase line).
        # Bills debit expenses and VAT and credit the vendor; refunds the reverse;
        # customer invoices credit revenue and debit the customer; depreciation
        # entries debit depreciation and credit accumulated depreciation.
        parts = [
            (
                bl_move,
                np.zeros(bl_move.size, np.int64),
                bl_account,
                bl_amount,
                np.zeros(bl_move.size),
                lines["id"][billed_lines],
            )
        ]
        single = others
        single_account = np.select(
            [kinds[single] == 1, kinds[single] == 2],
            [account(company[single], "600000"), account(company[single], "800000")],
            account(company[single], "680000"),
        )
        entry = kinds[single] == 3
        parts.append(
            (
                single,
                np.zeros(single.size, np.int64),
                single_account,
                np.where(entry, net[single], 0.0),
                np.where(entry, 0.0, net[single]),
                np.zeros(single.size, np.int64),
            )
        )
        taxed = np.flatnonzero(tax > 0)
        bill = kinds[taxed] == 0
        parts.append(
            (
                taxed,
                np.ones(taxed.size, np.int64),
                account(company[taxed], "140000"),
                np.where(bill, tax[taxed], 0.0),
                np.where(bill, 0.0, tax[taxed]),
                np.zeros(taxed.size, np.int64),
            )
        )
        every = np.arange(total)
        counterpart = np.select(
            [kinds <= 1, kinds == 2],
            [account(company, "400000"), account(company, "110000")],
            account(company, "210000"),
        )
        debit_side = (kinds == 1) | (kinds == 2)
        parts.append(
            (
                every,
                np.full(total, 2, np.int64),
                counterpart,
                np.where(debit_side, amount_total, 0.0),
                np.where(debit_side, 0.0, amount_total),
                np.zeros(total, np.int64),
            )
        )
        line_move = np.concatenate([part[0] for part in parts])
        line_kind = np.concatenate([part[1] for part in parts])
        line_account = np.concatenate([part[2] for part in parts])
        debit = np.round(np.concatenate([part[3] for part in parts]), 2)
        credit = np.round(np.concatenate([part[4] for part in parts]), 2)
        purchase_line = np.concatenate([part[5] for part in parts])

        # Moves in creation order; names per journal and year once posted.
        move_sort = np.argsort(created, kind="stable")
        move_id_of = np.empty(total, np.int64)
        move_id_of[move_sort] = np.arange(1, total + 1)
        # TODO: exact calendar years; 365.25-day years can misdate the last hours of a year.
        year = (created // DAY * 100 // 36525 + 1970).astype(np.int64)
        journal_code = np.array(["BILL", "RBILL", "INV", "MISC"])
        numbered = state != "draft"
        group = np.where(numbered, (company * 10 + kinds) * 10_000 + year, -1)
        sequence_order = np.argsort(move_id_of)
        running = np.empty(total, np.int64)
        running[sequence_order] = _sequence_within(group[sequence_order])
        prefix_index = kinds * 200 + (year - 1990).clip(0, 199)
        prefixes = [f"{code}/{1990 + y}/" for code in journal_code for y in range(200)]
        names = pc.if_else(
            pa.array(numbered),
            _numbered(prefixes, prefix_index, running, 5),
            pa.array(["/"] * total),
        )
        move_type = np.array(["in_invoice", "in_refund", "out_invoice", "entry"])[kinds]
        paid_draw = rng.random(total)
        overdue = age_days > 30
        payment_state = np.where(
            (state != "posted") | (kinds == 3),
            "not_paid",
            np.where(
                overdue,
                np.select([paid_draw < 0.9, paid_draw < 0.93], ["paid", "partial"], "not_paid"),
                np.select([paid_draw < 0.15, paid_draw < 0.25], ["paid", "in_payment"], "not_paid"),
            ),
        )
        residual = np.select(
            [np.isin(payment_state, ["paid", "in_payment"]), payment_state == "partial"],
            [0.0, np.round(amount_total * 0.4, 2)],
            amount_total,
        )
        residual[kinds == 3] = 0.0
        journal = (company - 1) * 10 + np.array([2, 2, 1, 3])[kinds]
        origin = pc.if_else(
            pa.array(kinds == 0),
            self.po["names"].take(
                pa.array(np.concatenate([bill_order - 1, np.zeros(total - bill_count, np.int64)]))
            ),
            pa.nulls(total, pa.string()),
        )
        vendor_bill = kinds <= 1
        in_scope = vendor_bill & np.isin(state, ["draft", "posted"])
        as_of_date = self.now // DAY
        exception = in_scope & (
            ((state == "posted") & to_check)
            | ((state == "draft") & has_invoice_date & (invoice_day // DAY < as_of_date - 7))
        )
        self.planted_kpis["invoice_exception_count"] = int(exception.sum())
        move_table = _table(
            "account.move",
            {
                "id": move_id_of,
                "name": names,
                "move_type": move_type,
                "state": state.astype(str),
                "partner_id": _ids(partner),
                "invoice_date": _dates(invoice_day, has_invoice_date),
                "invoice_date_due": _dates(invoice_day + 30 * DAY, has_invoice_date),
                "date": _dates(invoice_day),
                "amount_total": amount_total,
                "amount_residual": residual,
                "currency_id": np.full(total, EUR),
                "payment_state": payment_state,
                "company_id": company,
                "journal_id": journal,
                "to_check": to_check,
                "invoice_origin": origin,
                "create_date": _times(created),
            },
        )
        yield "account.move", move_table.take(pa.array(move_sort))
        line_order = np.lexsort((line_kind, move_id_of[line_move]))
        line_move, line_kind = line_move[line_order], line_kind[line_order]
        line_account, purchase_line = line_account[line_order], purchase_line[line_order]
        debit, credit = debit[line_order], credit[line_order]
        display = np.array(["product", "tax", "payment_term"])[line_kind]
        yield (
            "account.move.line",
            _table(
                "account.move.line",
                {
                    "id": np.arange(1, line_move.size + 1),
                    "move_id": move_id_of[line_move],
                    "account_id": line_account,
                    "partner_id": _ids(partner[line_move]),
                    "debit": debit,
                    "credit": credit,
                    "balance": np.round(debit - credit, 2),
                    "date": _dates(invoice_day[line_move]),
                    "parent_state": state[line_move].astype(str),
                    "company_id": company[line_move],
                    "display_type": display,
                    "purchase_line_id": _ids(purchase_line),
                },
            ),
        )

    # maintenance ---------------------------------------------------------------------------

    def build_maintenance(self):
        rng = self.rng("maintenance")
        yield (
            "maintenance.stage",
            _table(
                "maintenance.stage",
                {
                    "id": [s[0] for s in MAINTENANCE_STAGES],
                    "name": [s[1] for s in MAINTENANCE_STAGES],
                    "sequence": [s[2] for s in MAINTENANCE_STAGES],
                    "done": [s[3] for s in MAINTENANCE_STAGES],
                },
            ),
        )
        kinds = vocab.EQUIPMENT_KINDS
        shares = np.array([k[4] for k in kinds])
        count = self.count(400, minimum=20)
        kind = rng.choice(len(kinds), size=count, p=shares / shares.sum())
        names, serials, companies, teams = [], [], [], []
        for equipment_id, k in enumerate(kind.tolist(), 1):
            category, _cname, device, models, _share = kinds[k]
            model = models[rng.integers(len(models))]
            names.append(f"{device} {model}")
            code = "".join(word[0] for word in model.split()).upper()
            serials.append(f"{code}{(equipment_id * 104729 + 7) % 9_000_000 + 1_000_000}")
            if category == 5:
                company = 3
            elif category == 8:
                company = 4 if rng.random() < 0.6 else 2
            else:
                company = int(rng.choice([1, 2, 4], p=[0.05, 0.85, 0.1]))
            companies.append(company)
            teams.append(2 if category == 5 else (3 if category == 8 else 1))
        effective = self.ago(rng, 30, 3650, count)
        active = rng.random(count) < 0.95
        yield (
            "maintenance.equipment",
            _table(
                "maintenance.equipment",
                {
                    "id": np.arange(1, count + 1),
                    "name": names,
                    "category_id": np.array([kinds[k][0] for k in kind]),
                    "serial_no": serials,
                    "company_id": companies,
                    "maintenance_team_id": teams,
                    "active": active,
                    "warranty_date": _dates(effective + (rng.integers(2, 6, count) * 365 * DAY)),
                    "effective_date": _dates(effective),
                },
            ),
        )
        yield (
            "maintenance.request",
            self.requests_table(rng, kind, names, np.array(companies), active),
        )

    def requests_table(self, rng, equipment_kind, equipment_names, equipment_company, active):
        count = self.count(1500, minimum=30)
        ids = np.arange(1, count + 1)
        candidates = np.flatnonzero(active) + 1
        equipment = candidates[rng.integers(candidates.size, size=count)]
        preventive = rng.random(count) < 0.6
        requested = np.sort(self.ago(rng, 0, 730, count))
        requested -= requested % DAY  # request_date is a date: midnight of that day
        scheduled = requested + np.where(
            preventive, rng.uniform(0, 21, count) * DAY, rng.uniform(0, 3, count) * DAY
        ).astype(np.int64)
        has_schedule = preventive | (rng.random(count) < 0.7)
        reference = np.where(has_schedule, scheduled, requested)
        window_start = self.now - 90 * DAY
        request_window = (requested // DAY >= window_start // DAY) & (requested <= self.now)
        in_window = np.where(
            has_schedule, (scheduled >= window_start) & (scheduled <= self.now), request_window
        )
        archive = np.zeros(count, bool)
        archive[
            _pick(rng, ids[~in_window & (reference < window_start)], round(0.02 * count)) - 1
        ] = True
        archive[_pick(rng, ids[in_window], max(1, round(0.005 * count))) - 1] = True
        considered = ids[in_window & ~archive]
        done = np.zeros(count, bool)
        done[_pick(rng, considered, round(0.85 * considered.size)) - 1] = True
        older = ids[~in_window & (reference < window_start)]
        done[older[rng.random(older.size) < 0.97] - 1] = True
        stage = np.where(
            done, np.where(rng.random(count) < 0.94, 3, 4), np.where(rng.random(count) < 0.5, 1, 2)
        )
        if considered.size:
            self.planted_kpis["maintenance_completion_pct"] = round(
                100.0 * done[considered - 1].sum() / considered.size, 4
            )
        close = np.minimum(reference + (rng.uniform(0, 5, count) * DAY).astype(np.int64), self.now)
        technicians = self.technician_ids
        user = technicians[rng.integers(technicians.size, size=count)]
        user[rng.random(count) < 0.1] = 0
        issues = vocab.CORRECTIVE_ISSUES
        issue = rng.integers(len(issues), size=count)
        names = [
            f"Preventive maintenance - {equipment_names[e - 1]}"
            if p
            else f"{issues[i].capitalize()} - {equipment_names[e - 1]}"
            for e, p, i in zip(equipment.tolist(), preventive.tolist(), issue.tolist(), strict=True)
        ]
        return _table(
            "maintenance.request",
            {
                "id": ids,
                "name": names,
                "equipment_id": equipment,
                "maintenance_type": np.where(preventive, "preventive", "corrective"),
                "stage_id": stage,
                "request_date": _dates(requested),
                "schedule_date": _times(scheduled, has_schedule),
                "close_date": _dates(close, done),
                "priority": rng.choice(["0", "1", "2", "3"], size=count, p=[0.1, 0.5, 0.3, 0.1]),
                "company_id": equipment_company[equipment - 1],
                "archive": archive,
                "user_id": _ids(user),
                "create_date": _times(requested + rng.integers(7 * HOUR, 17 * HOUR, count)),
            },
        )
