"""Evidence checks: each one on a small snapshot with known offenders."""

from __future__ import annotations

import pytest

from caregate.evidence.checks import (
    duplicate_clusters,
    normalised_partner_name,
    normalised_partner_names,
    normalised_vat,
    normalised_vats,
)
from caregate.evidence.metrics import CannotEvaluate
from tests.evidence.builders import compute

# --- critical_products_without_supplier ------------------------------------------------------

CATEGORIES = [
    {"id": 1, "name": "Critical care", "complete_name": "All / CRITICAL care / Sterile"},
    {"id": 2, "name": "Office", "complete_name": "All / Office"},
]


def _template(template_id, *, categ=2, priority="0", active=True, purchase_ok=True):
    return {
        "id": template_id,
        "name": f"Product {template_id}",
        "categ_id": [categ, "Category"] if categ else False,
        "priority": priority,
        "active": active,
        "purchase_ok": purchase_ok,
    }


def _product_models():
    return {
        "product.category": CATEGORIES,
        "product.template": [
            _template(1, priority="1"),  # starred, no vendor
            _template(2, categ=1),  # critical category, no vendor
            _template(3, priority="1"),  # vendor on the template
            _template(4, categ=1),  # vendor on a variant only
            _template(5, priority="1", active=False),  # archived
            _template(6, priority="1", purchase_ok=False),  # not purchasable
            _template(7, categ=2),  # not critical
            _template(8, categ=False, priority=False),  # no category at all
        ],
        "product.product": [
            {"id": 40, "product_tmpl_id": [4, "Product 4"], "active": False},
            {"id": 10, "product_tmpl_id": [1, "Product 1"], "active": True},
        ],
        "product.supplierinfo": [
            {"id": 1, "partner_id": 9, "product_tmpl_id": [3, "Product 3"], "product_id": False},
            {"id": 2, "partner_id": 9, "product_tmpl_id": False, "product_id": [40, "Variant"]},
        ],
    }


def test_critical_products_without_supplier_finds_starred_and_category_critical(tmp_path):
    # Given starred and critical-category templates, with vendors on template or variant
    # When the check runs with the default pattern "Critical"
    result = compute(tmp_path, "critical_products_without_supplier", _product_models())
    # Then only the critical, purchasable, active templates without any vendor line count
    assert result.record_ids == [1, 2]
    assert result.value == 2
    assert result.population == 4
    assert result.model == "product.template"
    assert result.detail == "2 of 4 critical products have no vendor."


def test_critical_products_without_supplier_uses_the_programme_patterns(tmp_path):
    # Given a programme that calls office supplies critical (as text, not a list)
    result = compute(
        tmp_path,
        "critical_products_without_supplier",
        _product_models(),
        critical_category_patterns="office",
    )
    # Then the "Critical" category no longer counts, the office category does
    assert result.record_ids == [1, 7]
    assert result.population == 3  # 1, 3 (starred) and 7 (office)


def test_critical_products_without_supplier_with_no_patterns_uses_stars_only(tmp_path):
    result = compute(
        tmp_path,
        "critical_products_without_supplier",
        _product_models(),
        critical_category_patterns=["", "  "],
    )
    assert result.record_ids == [1]
    assert result.population == 2


def test_critical_products_without_supplier_needs_vendor_lines(tmp_path):
    models = _product_models()
    del models["product.supplierinfo"]
    with pytest.raises(CannotEvaluate, match=r"product\.supplierinfo"):
        compute(tmp_path, "critical_products_without_supplier", models)


# --- orderpoint_min_above_max ------------------------------------------------------------------


def test_orderpoint_min_above_max_counts_active_rules_only(tmp_path):
    def rule(rule_id, low, high, active=True):
        return {
            "id": rule_id,
            "product_min_qty": low,
            "product_max_qty": high,
            "active": active,
        }

    models = {
        "stock.warehouse.orderpoint": [
            rule(1, 10, 5),
            rule(2, 5, 10),
            rule(3, 10, 5, active=False),
            rule(4, 7, 7),
            rule(5, 3, 0),
            rule(6, 3, False),  # an empty maximum is not compared
        ]
    }
    result = compute(tmp_path, "orderpoint_min_above_max", models)
    assert result.record_ids == [1, 5]
    assert result.population == 5
    assert result.model == "stock.warehouse.orderpoint"


# --- purchase_uom_category_mismatch ------------------------------------------------------------


def test_purchase_uom_category_mismatch_compares_unit_categories(tmp_path):
    models = {
        "uom.category": [{"id": 1, "name": "Unit"}, {"id": 2, "name": "Weight"}],
        "uom.uom": [
            {"id": 1, "name": "Units", "category_id": [1, "Unit"], "active": True},
            {"id": 2, "name": "Box of 10", "category_id": [1, "Unit"], "active": True},
            {"id": 3, "name": "kg", "category_id": [2, "Weight"], "active": True},
            {"id": 4, "name": "Old pound", "category_id": [2, "Weight"], "active": False},
        ],
        "product.template": [
            {"id": 1, "active": True, "uom_id": [1, "Units"], "uom_po_id": [2, "Box"]},
            {"id": 2, "active": True, "uom_id": [1, "Units"], "uom_po_id": [3, "kg"]},
            {"id": 3, "active": True, "uom_id": [1, "Units"], "uom_po_id": [4, "Old pound"]},
            {"id": 4, "active": False, "uom_id": [1, "Units"], "uom_po_id": [3, "kg"]},
            {"id": 5, "active": True, "uom_id": [3, "kg"], "uom_po_id": [3, "kg"]},
        ],
    }
    result = compute(tmp_path, "purchase_uom_category_mismatch", models)
    assert result.record_ids == [2, 3]
    assert result.population == 4


def test_purchase_uom_category_mismatch_needs_unit_categories(tmp_path):
    models = {"product.template": [{"id": 1, "active": True}]}
    with pytest.raises(CannotEvaluate, match=r"uom\.uom"):
        compute(tmp_path, "purchase_uom_category_mismatch", models)


# --- duplicate_partners ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("The Médi-Supply B.V.", "medi supply"),
        ("MEDI_SUPPLY bv", "medi supply"),
        ("Pharmä Nord GmbH", "pharma nord"),
        ("Straße Labs Ltd.", "strasse labs"),
        ("Vitamin B.V. B V Co", "vitamin"),
        ("Abv Corp", "abv"),
        ("The Company Ltd.", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_normalised_partner_name(name, expected):
    assert normalised_partner_name(name) == expected


def test_partner_names_normalised_in_bulk_match_one_by_one():
    full_width_acme_inc = "\uff21\uff43\uff4d\uff45\u3000\uff29\uff4e\uff43\uff0e"
    names = ["Zorg B.V.", None, "b v b v", full_width_acme_inc, "x\x00y", "Ωmega_lab", "ab v"]
    assert normalised_partner_names(names) == [
        "zorg",
        "",
        "",
        "acme",
        "x y",
        "ωmega lab",
        "ab v",
    ]
    assert normalised_partner_names(names) == [normalised_partner_name(n) for n in names]
    assert normalised_partner_names([]) == []
    assert normalised_vats([]) == []


@pytest.mark.parametrize(
    ("vat", "expected"),
    [("nl 123.456.789-b01", "NL123456789B01"), ("  ", ""), (None, ""), ("--", "")],
)
def test_normalised_vat(vat, expected):
    assert normalised_vat(vat) == expected


def test_duplicate_clusters_joins_chains_of_name_and_vat_links():
    rows = [
        (5, "Gamma", "X1"),
        (1, "Alpha", "A1"),
        (2, "alpha ltd", None),  # name link to 1
        (3, "Beta", "a-1"),  # VAT link to 1
        (4, "BETA", None),  # name link to 3, so in 1's cluster
        (6, "Delta", "X 1"),  # VAT link to 5
        (7, "Ltd", None),  # empty name: never a duplicate
        (8, "The", None),
    ]
    assert duplicate_clusters(rows) == [[1, 2, 3, 4], [5, 6]]


def test_duplicate_partners_includes_archived_and_skips_contacts(tmp_path):
    def partner(partner_id, name, vat=False, *, active=True, parent=False):
        return {
            "id": partner_id,
            "name": name,
            "vat": vat,
            "active": active,
            "parent_id": [parent, "Parent"] if parent else False,
        }

    models = {
        "res.partner": [
            partner(1, "Medi-Supply B.V.", "NL 123.456.789 B01"),
            partner(2, "medi supply"),
            partner(3, "Pharma Nord", "nl123456789b01"),
            partner(4, "Pharmä Nord GmbH", active=False),
            partner(5, "Medi Supply", parent=1),  # a contact of partner 1
            partner(6, "The Company Ltd"),
            partner(7, "Ltd."),
            partner(8, "Acme Labs", "BE0123"),
            partner(9, "Acme Laboratories", "be 0123"),
            partner(10, "Solo Clinic", ""),
            partner(11, "Other Clinic", " "),
        ]
    }
    result = compute(tmp_path, "duplicate_partners", models)
    assert result.record_ids == [1, 2, 3, 4, 8, 9]
    assert result.value == 6
    assert result.population == 10
    assert result.model == "res.partner"
    assert result.detail == ("6 of 10 commercial partners fall in 2 clusters of likely duplicates.")


# --- users_internal_and_portal / access_rights_admins --------------------------------------

GROUP_XML_IDS = [
    {"id": 1, "module": "base", "name": "group_user", "model": "res.groups", "res_id": 1},
    {"id": 2, "module": "base", "name": "group_portal", "model": "res.groups", "res_id": 10},
    {"id": 3, "module": "base", "name": "group_erp_manager", "model": "res.groups", "res_id": 2},
    # Same name, other module: must not be taken for base.group_user.
    {"id": 4, "module": "custom", "name": "group_user", "model": "res.groups", "res_id": 99},
]


def _user(user_id, groups, *, active=True, share=False):
    return {
        "id": user_id,
        "login": f"user{user_id}",
        "active": active,
        "share": share,
        "groups_id": groups,
    }


def test_users_internal_and_portal_finds_users_in_both_groups(tmp_path):
    models = {
        "ir.model.data": GROUP_XML_IDS,
        "res.users": [
            _user(1, [1, 2]),
            _user(2, [1, 10]),
            _user(3, [1, 10], active=False),
            _user(4, [10], share=True),
            _user(5, [99, 1, 10]),
            _user(6, [1, 99]),
            _user(7, False),
        ],
    }
    result = compute(tmp_path, "users_internal_and_portal", models)
    assert result.record_ids == [2, 5]
    assert result.population == 6
    assert result.model == "res.users"


def test_users_internal_and_portal_needs_the_portal_xml_id(tmp_path):
    models = {
        "ir.model.data": [row for row in GROUP_XML_IDS if row["name"] != "group_portal"],
        "res.users": [_user(2, [1, 10])],
    }
    with pytest.raises(CannotEvaluate, match=r"base\.group_portal"):
        compute(tmp_path, "users_internal_and_portal", models)


def test_access_rights_admins_counts_internal_active_holders_but_not_superuser(tmp_path):
    models = {
        "ir.model.data": GROUP_XML_IDS,
        "res.users": [
            _user(1, [1, 2]),  # __system__
            _user(2, [1, 2]),
            _user(3, [2], share=True),
            _user(4, [1, 2], active=False),
            _user(5, [1]),
            _user(6, [3, 2, 1]),
        ],
    }
    result = compute(tmp_path, "access_rights_admins", models)
    assert result.record_ids == [2, 6]
    assert result.value == 2
    assert result.population == 3


def test_access_rights_admins_needs_the_group_xml_id(tmp_path):
    models = {"ir.model.data": GROUP_XML_IDS[:2], "res.users": [_user(2, [1, 2])]}
    with pytest.raises(CannotEvaluate, match=r"base\.group_erp_manager"):
        compute(tmp_path, "access_rights_admins", models)


# --- negative_quants / quant_lot_of_other_product ---------------------------------------------

LOCATIONS = [
    {"id": 1, "name": "Pharmacy", "usage": "internal", "active": True},
    {"id": 2, "name": "Vendors", "usage": "supplier", "active": True},
    {"id": 3, "name": "Old ward", "usage": "internal", "active": False},
]


def test_negative_quants_counts_internal_locations_only(tmp_path):
    def quant(quant_id, location, quantity):
        return {"id": quant_id, "location_id": [location, "Loc"], "quantity": quantity}

    models = {
        "stock.location": LOCATIONS,
        "stock.quant": [
            quant(1, 1, -5),
            quant(2, 1, 3),
            quant(3, 2, -10),
            quant(4, 1, 0),
            quant(5, 3, -0.5),  # archived internal location still holds stock
            quant(6, 999, -1),  # location not in the snapshot
        ],
    }
    result = compute(tmp_path, "negative_quants", models)
    assert result.record_ids == [1, 5]
    assert result.population == 4
    assert result.model == "stock.quant"


def test_quant_lot_of_other_product(tmp_path):
    models = {
        "stock.lot": [
            {"id": 1, "name": "L1", "product_id": [10, "Syringe"]},
            {"id": 2, "name": "L2", "product_id": [20, "Glove"]},
        ],
        "stock.quant": [
            {"id": 1, "product_id": [10, "Syringe"], "lot_id": [1, "L1"]},
            {"id": 2, "product_id": [10, "Syringe"], "lot_id": [2, "L2"]},
            {"id": 3, "product_id": [10, "Syringe"], "lot_id": False},
            {"id": 4, "product_id": [30, "Mask"], "lot_id": [999, "Gone"]},
        ],
    }
    result = compute(tmp_path, "quant_lot_of_other_product", models)
    assert result.record_ids == [2]
    assert result.population == 2


def test_quant_lot_of_other_product_needs_lots(tmp_path):
    models = {"stock.quant": [{"id": 1}]}
    with pytest.raises(CannotEvaluate, match=r"stock\.lot"):
        compute(tmp_path, "quant_lot_of_other_product", models)


# --- confirmed_po_without_confirmation_date ---------------------------------------------------


def test_confirmed_po_without_confirmation_date(tmp_path):
    models = {
        "purchase.order": [
            {"id": 1, "state": "purchase", "date_approve": "2026-05-01 08:00:00"},
            {"id": 2, "state": "purchase", "date_approve": False},
            {"id": 3, "state": "done", "date_approve": False},
            {"id": 4, "state": "draft", "date_approve": False},
            {"id": 5, "state": "cancel", "date_approve": False},
        ]
    }
    result = compute(tmp_path, "confirmed_po_without_confirmation_date", models)
    assert result.record_ids == [2, 3]
    assert result.population == 3
    assert "state" in result.query and "date_approve" in result.query


def test_confirmed_po_check_names_a_missing_field(tmp_path):
    from tests.evidence.builders import build_snapshot, run_metric

    snapshot = build_snapshot(
        tmp_path,
        {"purchase.order": [{"id": 1, "state": "purchase"}]},
        without_fields={"purchase.order": ["date_approve"]},
    )
    with pytest.raises(CannotEvaluate, match=r"purchase\.order has no field date_approve"):
        run_metric(snapshot, "confirmed_po_without_confirmation_date")
