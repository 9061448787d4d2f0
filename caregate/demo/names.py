"""Fictional vocabulary for the demo healthcare network.

Every organisation, person, brand and device model here is invented. Words are
combined by :mod:`caregate.demo.generator` into partner names, product names and
equipment names; nothing in this module is random on its own.

The Odoo group and module rows at the bottom mirror what an Odoo 17 server
with the purchase, stock, account, maintenance and hr apps reports (external
ids, names, implied groups), so checks that look groups up by external id
work the same on demo and collected snapshots.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# fmt: off
# --- People ---------------------------------------------------------------------------------

FIRST_NAMES = (
    "Aafke", "Abel", "Adriana", "Aiden", "Alba", "Amara", "Anouk", "Arjen", "Astrid", "Bas",
    "Beatrix", "Benthe", "Bram", "Camille", "Casper", "Cato", "Daan", "Dewi", "Dirk", "Elif",
    "Elin", "Emre", "Esmee", "Fabian", "Fenna", "Floor", "Freek", "Gijs", "Greta", "Hanna",
    "Hidde", "Ilse", "Imane", "Ingrid", "Isa", "Jaap", "Jasmijn", "Jelle", "Joris", "Julia",
    "Kees", "Kiki", "Lars", "Leontien", "Liam", "Lieke", "Lotte", "Luuk", "Maaike", "Marit",
    "Maud", "Milan", "Mirthe", "Nadia", "Niels", "Noor", "Olaf", "Olivia", "Pepijn", "Pleun",
    "Quinten", "Rania", "Renske", "Rik", "Roos", "Ruben", "Sanne", "Sem", "Siebe", "Sofie",
    "Stijn", "Tamar", "Teun", "Thijs", "Tess", "Valerie", "Vera", "Wessel", "Willemijn", "Wouter",
    "Yara", "Youssef", "Zoë", "Ayla", "Bjorn", "Carlijn", "Duco", "Eline", "Femke", "Gerrit",
    "Hester", "Ivo", "Janneke", "Koen", "Linde", "Mats", "Nina", "Otto", "Priya",
)

LAST_NAMES = (
    "Aalbers", "Achterberg", "Bakhuis", "Beekman", "Blom", "Bosch", "Brandsma", "Claassen",
    "Dekker", "Dijkstra", "Driessen", "Eekhout", "Evers", "Feenstra", "Geerts", "Groeneveld",
    "Haverkamp", "Hendriks", "Hofstede", "Hoekstra", "Huisman", "Jacobs", "Jansma", "Kalverda",
    "Kempers", "Klaassen", "Koopman", "Kramer", "Kuipers", "Lammers", "Lindeboom", "Maas",
    "Meijering", "Mulder", "Nijland", "Noordhoek", "Oosterhuis", "Overbeek", "Peeters", "Postma",
    "Reinders", "Rietveld", "Roelofs", "Schipper", "Scholten", "Siemons", "Smits", "Spijker",
    "Stegeman", "Terpstra", "Timmers", "Uiterwijk", "Valkenburg", "Veenstra", "Verbeek",
    "Vermeulen", "Vink", "Vos", "Wagenaar", "Weijers", "Westerhof", "Wijnands", "Willemsen",
    "Zandstra", "Zwart", "Okafor", "Yilmaz", "Benali", "Novak", "Kowalczyk", "Lindqvist", "Moreau",
    "Oduya", "Petrescu", "Rahman", "Santos", "Tanaka", "Ferreira", "Nakamura", "Haddad",
    "O'Rourke", "Castellanos", "Delacroix", "Bergström", "Ivanova", "Mbeki", "Chaudhry",
    "Halvorsen", "Quispe", "Brennan", "Grünewald", "Marchetti", "Van Leeuwen", "De Groot",
    "Ten Brink", "Van Dalen", "De Wit",
)

JOB_TITLES_BY_DEPARTMENT = {
    1: ("Executive Board", ("Chief Executive", "Chief Operating Officer", "Board Secretary")),
    2: ("Procurement", ("Buyer", "Senior Buyer", "Category Manager", "Procurement Lead")),
    3: ("Logistics", ("Warehouse Operative", "Logistics Coordinator", "Stock Controller")),
    4: ("Pharmacy", ("Hospital Pharmacist", "Pharmacy Technician", "Pharmacy Assistant")),
    5: ("Nursing", ("Registered Nurse", "Ward Manager", "Nurse Specialist", "Care Assistant")),
    6: ("Theatres", ("Theatre Nurse", "Anaesthetic Technician", "Theatre Coordinator")),
    7: ("Intensive Care", ("ICU Nurse", "Intensivist", "Critical Care Technician")),
    8: ("Laboratory", ("Biomedical Scientist", "Laboratory Technician", "Lab Manager")),
    9: ("Medical Engineering", ("Biomedical Engineer", "Equipment Technician")),
    10: ("Finance", ("Accounts Payable Clerk", "Financial Controller", "Accountant")),
    11: ("Human Resources", ("HR Advisor", "HR Officer", "Payroll Administrator")),
    12: ("IT & Information", ("Application Manager", "Service Desk Analyst", "Data Steward")),
    13: ("Facilities", ("Facilities Coordinator", "Housekeeping Supervisor", "Porter")),
    14: ("Long-Term Care", ("Care Home Manager", "Nurse Practitioner", "Activities Coordinator")),
}

# --- Organisations --------------------------------------------------------------------------

SUPPLIER_PREFIXES = (
    "Alderbrook", "Amberline", "Arcadis", "Ashvale", "Beaconfield", "Birchmoor", "Brightwater",
    "Caldmore", "Carrowmere", "Castlegate", "Clearspring", "Coldharbour", "Corvane", "Dunmore",
    "Eastbury", "Elderwick", "Everhart", "Fairhaven", "Fenwick", "Foxglove", "Galloway",
    "Glenmoor", "Greystone", "Harrowgate", "Hawthorne", "Heronsgate", "Highmoor", "Ironbridge",
    "Juniper", "Kestrel", "Kingsmere", "Larkspur", "Lindenhof", "Marlowe", "Meridian", "Millbrook",
    "Nordholm", "Northgate", "Oakridge", "Orchardleigh", "Pellham", "Pinecrest", "Quayside",
    "Ravensworth", "Redfern", "Rosewell", "Saltmarsh", "Silverbirch", "Stonebridge", "Sunderhoff",
    "Thornbury", "Tidewater", "Upland", "Valemont", "Vantage", "Westmere", "Whitlock", "Willowby",
    "Yarrow", "Zephyra",
)
SUPPLIER_CORES = (
    "Medical Supplies", "Healthcare Logistics", "Pharma Distribution", "Surgical", "Diagnostics",
    "Lab Systems", "Medical Devices", "Life Sciences", "Hospital Supplies", "Clinical Products",
    "MedTech", "Biomedical", "Infusion Systems", "Wound Care", "Hygiene Solutions",
    "Sterile Services", "Care Products", "Laboratory Supplies", "Respiratory Care",
    "Pharmaceuticals",
)
SUPPLIER_REGIONS = ("", "Benelux", "Europe", "International", "Nederland", "Nordic", "Trading")
LEGAL_FORMS_BY_COUNTRY = {
    "NL": ("B.V.", "BV", "B.V."),
    "BE": ("NV", "BV"),
    "DE": ("GmbH", "AG"),
    "GB": ("Ltd", "Limited", "plc"),
    "FR": ("SAS", "SARL"),
}

CUSTOMER_PLACES = (
    "Ashcombe", "Barrowdale", "Bexleigh", "Bramford", "Brookhaven", "Calderbridge", "Chalkhill",
    "Coppergate", "Dawlish Vale", "Denholm", "Eastwick", "Ellesmere", "Fallowfield", "Farleigh",
    "Glenridding", "Greenhithe", "Hartwell", "Hollingbourne", "Ivybridge", "Kelsall", "Kirkwood",
    "Langholm", "Lowesby", "Maplewood", "Marshfield", "Middlemoor", "Netherby", "Norbury",
    "Oakhampton", "Ormsby", "Penrose", "Pickering Vale", "Queensbury", "Radcliffe", "Redhill",
    "Rowanburgh", "Sandbrook", "Shelford", "Southwold", "Stanwick", "Thistleton", "Thornhill",
    "Upperby", "Wardlow", "Westbrook", "Whitcombe", "Wickham", "Windermere", "Woodhurst",
    "Yarmouth Vale",
)
CUSTOMER_QUARTERS = ("", "North", "South", "East", "West", "Central", "Riverside", "Parkside")
CUSTOMER_KINDS = (
    "GP Practice", "Care Home", "Dental Clinic", "Physiotherapy Centre", "Community Pharmacy",
    "Hospice", "Rehabilitation Centre", "Medical Centre", "Nursing Home", "Midwifery Practice",
    "Dialysis Centre", "Occupational Health Service",
)
#: Internal customers: the wards and departments the hospitals deliver to.
WARD_NAMES = (
    "Ward 2A Cardiology", "Ward 3B Respiratory", "Ward 4C Orthopaedics", "Ward 5A Oncology",
    "Ward 6 Maternity", "Emergency Department", "Intensive Care Unit", "Day Surgery Unit",
    "Paediatrics", "Outpatient Clinic", "Renal Unit", "Stroke Unit",
)

EMAIL_DOMAIN_INTERNAL = "northbridge-health.example"

# --- Products -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductFamily:
    """A kind of product; its attribute lists multiply into concrete products."""

    category: str
    code: str
    base: str
    attributes: tuple[tuple[str, ...], ...]
    uom: str = "Units"
    purchase_uoms: tuple[str, ...] = ("Units",)
    tracking: str = "none"
    expiry: bool = False
    detailed_type: str = "product"
    price: tuple[float, float] = (0.5, 20.0)
    #: Templates of this family that come in two variants (e.g. sterile/non-sterile).
    variant_pair: tuple[str, str] | None = None


SIZES = ("XS", "S", "M", "L", "XL")
GAUGES = ("14G", "16G", "18G", "20G", "22G", "24G")
CHARRIERE = ("Ch 8", "Ch 10", "Ch 12", "Ch 14", "Ch 16", "Ch 18", "Ch 20", "Ch 22")
BAG_VOLUMES = ("100 mL", "250 mL", "500 mL", "1000 mL")
PACKS = ("pack of 10", "pack of 20", "pack of 50", "pack of 100")
DRESSING_SIZES = (
    "5 x 5 cm", "7.5 x 7.5 cm", "10 x 10 cm", "12.5 x 12.5 cm", "15 x 15 cm", "10 x 20 cm",
    "20 x 20 cm",
)

PRODUCT_FAMILIES: tuple[ProductFamily, ...] = (
    ProductFamily(
        "Medical Supplies / Critical Care", "CC", "Central venous catheter",
        (
            ("single lumen", "double lumen", "triple lumen", "quadruple lumen"),
            ("4 Fr", "5 Fr", "7 Fr", "8.5 Fr"),
            ("15 cm", "20 cm"),
        ),
        purchase_uoms=("Units", "Box of 10"), tracking="lot", expiry=True, price=(35, 140),
    ),
    ProductFamily(
        "Medical Supplies / Critical Care", "CC", "Endotracheal tube",
        (
            ("ID 6.0", "ID 6.5", "ID 7.0", "ID 7.5", "ID 8.0", "ID 8.5", "ID 9.0"),
            ("cuffed", "uncuffed", "subglottic suction"),
        ),
        purchase_uoms=("Units", "Box of 10"), tracking="lot", expiry=True, price=(3, 25),
    ),
    ProductFamily(
        "Medical Supplies / Critical Care", "CC", "Ventilator breathing circuit",
        (
            ("adult", "paediatric", "neonatal"),
            ("heated wire", "dual limb", "coaxial"),
            ("1.6 m", "1.8 m"),
        ),
        purchase_uoms=("Units", "Box of 10"), price=(12, 60),
        variant_pair=("with water trap", "without water trap"),
    ),
    ProductFamily(
        "Medical Supplies / Critical Care", "CC", "Arterial pressure monitoring kit",
        (("single transducer", "double transducer", "triple transducer"), ("150 cm", "200 cm")),
        purchase_uoms=("Units", "Box of 10"), tracking="lot", expiry=True, price=(25, 90),
    ),
    ProductFamily(
        "Medical Supplies / Critical Care", "CC", "Defibrillation electrode pads",
        (
            ("adult", "paediatric"),
            ("radiolucent", "standard"),
            ("pre-connected", "universal connector"),
        ),
        purchase_uoms=("Units", "Box of 10"), tracking="lot", expiry=True, price=(18, 75),
    ),
    ProductFamily(
        "Medical Supplies / Critical Care", "CC", "Tracheostomy tube",
        (
            ("size 6", "size 7", "size 8", "size 9", "size 10"),
            ("cuffed", "uncuffed", "fenestrated"),
        ),
        tracking="lot", expiry=True, price=(20, 85),
    ),
    ProductFamily(
        "Medical Supplies / Critical Care", "CC", "HME bacterial/viral filter",
        (("adult", "paediatric"), ("with luer port", "without port")),
        purchase_uoms=("Units", "Box of 100", "Pack of 50"), price=(1.5, 6),
    ),
    ProductFamily(
        "Medical Supplies / Consumables", "MC", "Nitrile examination gloves",
        (
            ("powder-free",),
            ("XS", "S", "M", "L", "XL"),
            ("blue", "violet", "white"),
            ("box of 100", "box of 200"),
        ),
        purchase_uoms=("Box of 100", "Box of 10"), price=(0.04, 0.12),
    ),
    ProductFamily(
        "Medical Supplies / Consumables", "MC", "Sterile surgical gloves",
        (
            ("latex", "polyisoprene", "neoprene"),
            ("size 6", "size 6.5", "size 7", "size 7.5", "size 8", "size 8.5"),
            ("powder-free",),
        ),
        purchase_uoms=("Pack of 50", "Box of 10"), tracking="lot", price=(0.6, 2.4),
    ),
    ProductFamily(
        "Medical Supplies / Consumables", "MC", "IV cannula",
        (
            ("14G", "16G", "18G", "20G", "22G", "24G"),
            ("with injection port", "without port"),
            ("safety", "standard"),
        ),
        purchase_uoms=("Pack of 50", "Box of 100"), tracking="lot", expiry=True, price=(0.6, 2.8),
    ),
    ProductFamily(
        "Medical Supplies / Consumables", "MC", "Luer-lock syringe",
        (
            ("1 mL", "2 mL", "3 mL", "5 mL", "10 mL", "20 mL", "50 mL"),
            ("3-part", "2-part"),
            ("sterile",),
        ),
        purchase_uoms=("Box of 100", "Pack of 50"), price=(0.05, 0.9),
    ),
    ProductFamily(
        "Medical Supplies / Consumables", "MC", "Hypodermic needle",
        (
            ("18G", "19G", "21G", "23G", "25G", "27G", "30G"),
            ("13 mm", "16 mm", "25 mm", "40 mm"),
            ("safety", "standard"),
        ),
        purchase_uoms=("Box of 100",), price=(0.02, 0.25),
    ),
    ProductFamily(
        "Medical Supplies / Consumables", "MC", "Foley urinary catheter",
        (
            ("Ch 8", "Ch 10", "Ch 12", "Ch 14", "Ch 16", "Ch 18", "Ch 20", "Ch 22"),
            ("2-way", "3-way"),
            ("silicone", "hydrogel-coated latex"),
        ),
        purchase_uoms=("Units", "Box of 10"), tracking="lot", expiry=True, price=(1.5, 12),
    ),
    ProductFamily(
        "Medical Supplies / Consumables", "MC", "Suction catheter",
        (
            ("Ch 8", "Ch 10", "Ch 12", "Ch 14", "Ch 16", "Ch 18", "Ch 20", "Ch 22"),
            ("closed system", "open system"),
            ("straight", "angled tip"),
        ),
        purchase_uoms=("Box of 100", "Pack of 50"), price=(0.2, 6),
    ),
    ProductFamily(
        "Medical Supplies / Consumables", "MC", "Oxygen mask",
        (
            ("adult", "paediatric"),
            ("non-rebreather", "simple", "venturi"),
            ("2.1 m tubing", "without tubing"),
        ),
        purchase_uoms=("Units", "Pack of 50"), price=(0.6, 3.5),
    ),
    ProductFamily(
        "Medical Supplies / Consumables", "MC", "Surgical face mask",
        (
            ("Type IIR", "FFP2", "FFP3"),
            ("ear loops", "head straps"),
            ("with visor", "without visor"),
        ),
        purchase_uoms=("Pack of 50", "Box of 10"), price=(0.08, 1.6),
    ),
    ProductFamily(
        "Medical Supplies / Consumables", "MC", "Disposable isolation gown",
        (
            ("level 1", "level 2", "level 3"),
            ("universal size", "XL"),
            ("thumb loops", "knitted cuffs"),
        ),
        purchase_uoms=("Units", "Pack of 50"), price=(0.4, 3),
    ),
    ProductFamily(
        "Medical Supplies / Consumables", "MC", "Infusion giving set",
        (
            ("gravity", "pump-compatible"),
            ("with needle-free port", "standard"),
            ("150 cm", "200 cm", "250 cm"),
        ),
        purchase_uoms=("Units", "Box of 100"), tracking="lot", expiry=True, price=(0.8, 6),
    ),
    ProductFamily(
        "Medical Supplies / Wound Care", "WC", "Foam dressing",
        (
            (
                "5 x 5 cm", "7.5 x 7.5 cm", "10 x 10 cm", "12.5 x 12.5 cm", "15 x 15 cm",
                "10 x 20 cm", "20 x 20 cm",
            ),
            ("adhesive silicone border", "non-adhesive"),
            ("sterile",),
        ),
        purchase_uoms=("Units", "Box of 10"), price=(0.9, 9),
    ),
    ProductFamily(
        "Medical Supplies / Wound Care", "WC", "Hydrocolloid dressing",
        (
            (
                "5 x 5 cm", "7.5 x 7.5 cm", "10 x 10 cm", "12.5 x 12.5 cm", "15 x 15 cm",
                "10 x 20 cm", "20 x 20 cm",
            ),
            ("thin", "standard"),
            ("bevelled edge", "square edge"),
        ),
        purchase_uoms=("Units", "Box of 10"), price=(0.8, 7),
    ),
    ProductFamily(
        "Medical Supplies / Wound Care", "WC", "Alginate dressing",
        (
            (
                "5 x 5 cm", "7.5 x 7.5 cm", "10 x 10 cm", "12.5 x 12.5 cm", "15 x 15 cm",
                "10 x 20 cm", "20 x 20 cm",
            ),
            ("calcium", "silver"),
        ),
        purchase_uoms=("Units", "Box of 10"), price=(1.2, 11),
    ),
    ProductFamily(
        "Medical Supplies / Wound Care", "WC", "Gauze swab",
        (
            ("5 x 5 cm", "7.5 x 7.5 cm", "10 x 10 cm"),
            ("8-ply", "12-ply", "16-ply"),
            ("sterile", "non-sterile"),
        ),
        purchase_uoms=("Box of 100", "Pack of 50"), price=(0.01, 0.2),
    ),
    ProductFamily(
        "Medical Supplies / Wound Care", "WC", "Medical adhesive tape",
        (
            ("silk", "paper", "transparent film", "zinc oxide"),
            ("1.25 cm x 9.1 m", "2.5 cm x 9.1 m", "5 cm x 9.1 m"),
        ),
        purchase_uoms=("Units", "Box of 10"), price=(0.4, 3),
    ),
    ProductFamily(
        "Medical Supplies / Surgical", "SU", "Absorbable suture",
        (
            ("USP 4-0", "USP 3-0", "USP 2-0", "USP 0", "USP 1"),
            ("70 cm", "90 cm"),
            ("reverse cutting needle", "round-bodied needle"),
        ),
        purchase_uoms=("Units", "Box of 10"), tracking="lot", expiry=True, price=(2, 9),
    ),
    ProductFamily(
        "Medical Supplies / Surgical", "SU", "Disposable scalpel",
        (("blade 10", "blade 11", "blade 15", "blade 20", "blade 22"), ("safety", "standard")),
        purchase_uoms=("Box of 10", "Box of 100"), price=(0.3, 1.5),
    ),
    ProductFamily(
        "Medical Supplies / Surgical", "SU", "Surgical drape",
        (
            ("75 x 90 cm", "150 x 200 cm", "200 x 300 cm"),
            ("fenestrated", "plain", "adhesive aperture"),
        ),
        purchase_uoms=("Units", "Box of 10"), price=(1, 14),
    ),
    ProductFamily(
        "Medical Supplies / Surgical", "SU", "Procedure pack",
        (
            (
                "laparoscopy", "hip arthroplasty", "knee arthroplasty", "caesarean section",
                "cataract", "general surgery",
            ),
            ("standard", "extended"),
        ),
        tracking="lot", expiry=True, price=(45, 220),
    ),
    ProductFamily(
        "Pharmacy / Infusions", "IF", "Sodium chloride 0.9% infusion",
        (("100 mL", "250 mL", "500 mL", "1000 mL"), ("flexible bag", "bottle")),
        purchase_uoms=("Units", "Box of 10"), tracking="lot", expiry=True, price=(0.8, 3),
    ),
    ProductFamily(
        "Pharmacy / Infusions", "IF", "Glucose 5% infusion",
        (("100 mL", "250 mL", "500 mL", "1000 mL"), ("flexible bag", "bottle")),
        purchase_uoms=("Units", "Box of 10"), tracking="lot", expiry=True, price=(0.9, 3.2),
    ),
    ProductFamily(
        "Pharmacy / Infusions", "IF", "Compound sodium lactate infusion",
        (("500 mL", "1000 mL"), ("flexible bag", "bottle")), purchase_uoms=("Units", "Box of 10"),
        tracking="lot", expiry=True, price=(1, 3.5),
    ),
    ProductFamily(
        "Pharmacy / Infusions", "IF", "Potassium chloride in sodium chloride 0.9%",
        (("10 mmol", "20 mmol", "40 mmol"), ("500 mL", "1000 mL")),
        purchase_uoms=("Units", "Box of 10"), tracking="lot", expiry=True, price=(1.5, 4.5),
    ),
    ProductFamily(
        "Pharmacy / Infusions", "IF", "Balanced crystalloid infusion",
        (("500 mL", "1000 mL"), ("flexible bag",)), purchase_uoms=("Units", "Box of 10"),
        tracking="lot", expiry=True, price=(1.2, 4),
    ),
    ProductFamily(
        "Pharmacy / Controlled Drugs", "CD", "Morphine sulfate injection",
        (
            ("1 mg/mL", "10 mg/mL", "20 mg/mL"),
            ("1 mL ampoule", "2 mL ampoule"),
            ("pack of 5", "pack of 10"),
        ),
        tracking="lot", expiry=True, price=(4, 25),
    ),
    ProductFamily(
        "Pharmacy / Controlled Drugs", "CD", "Fentanyl citrate injection",
        (("50 microgram/mL",), ("2 mL ampoule", "10 mL ampoule"), ("pack of 5", "pack of 10")),
        tracking="lot", expiry=True, price=(3, 20),
    ),
    ProductFamily(
        "Pharmacy / Controlled Drugs", "CD", "Oxycodone prolonged-release tablets",
        (("5 mg", "10 mg", "20 mg", "40 mg"), ("pack of 28", "pack of 56")), tracking="lot",
        expiry=True, price=(6, 40),
    ),
    ProductFamily(
        "Pharmacy / Controlled Drugs", "CD", "Midazolam injection",
        (("1 mg/mL", "2 mg/mL", "5 mg/mL"), ("pack of 5", "pack of 10")), tracking="lot",
        expiry=True, price=(3, 18),
    ),
    ProductFamily(
        "Pharmacy / Controlled Drugs", "CD", "Ketamine injection",
        (("10 mg/mL", "50 mg/mL"), ("20 mL vial", "10 mL vial")), tracking="lot", expiry=True,
        price=(5, 22),
    ),
    ProductFamily(
        "Pharmacy / General Medicines", "GM", "Paracetamol tablets",
        (("500 mg", "1 g"), ("pack of 20", "pack of 50", "pack of 100")), tracking="lot",
        expiry=True, price=(0.5, 4),
    ),
    ProductFamily(
        "Pharmacy / General Medicines", "GM", "Paracetamol infusion",
        (("10 mg/mL",), ("50 mL vial", "100 mL vial"), ("pack of 10", "pack of 12")),
        tracking="lot", expiry=True, price=(6, 20),
    ),
    ProductFamily(
        "Pharmacy / General Medicines", "GM", "Amoxicillin capsules",
        (("250 mg", "500 mg"), ("pack of 21", "pack of 100")), tracking="lot", expiry=True,
        price=(1, 6),
    ),
    ProductFamily(
        "Pharmacy / General Medicines", "GM", "Ceftriaxone powder for injection",
        (("1 g vial", "2 g vial"), ("pack of 1", "pack of 10")), tracking="lot", expiry=True,
        price=(1.5, 18),
    ),
    ProductFamily(
        "Pharmacy / General Medicines", "GM", "Heparin sodium injection",
        (
            ("1,000 IU/mL", "5,000 IU/mL"),
            ("1 mL ampoule", "5 mL vial"),
            ("pack of 10", "pack of 50"),
        ),
        tracking="lot", expiry=True, price=(4, 30),
    ),
    ProductFamily(
        "Pharmacy / General Medicines", "GM", "Enoxaparin prefilled syringe",
        (("20 mg", "40 mg", "60 mg", "80 mg", "100 mg"), ("pack of 10",)), tracking="lot",
        expiry=True, price=(10, 45),
    ),
    ProductFamily(
        "Pharmacy / General Medicines", "GM", "Ondansetron injection",
        (("2 mg/mL",), ("2 mL ampoule", "4 mL ampoule"), ("pack of 5", "pack of 10")),
        tracking="lot", expiry=True, price=(2, 12),
    ),
    ProductFamily(
        "Laboratory / Reagents", "LR", "Blood culture bottle",
        (
            ("aerobic", "anaerobic", "paediatric"),
            ("with resin", "standard"),
            ("pack of 50", "pack of 100"),
        ),
        tracking="lot", expiry=True, price=(80, 420),
    ),
    ProductFamily(
        "Laboratory / Reagents", "LR", "Clinical chemistry reagent",
        (
            (
                "glucose", "creatinine", "urea", "ALT", "AST", "CRP", "albumin", "bilirubin total",
                "cholesterol", "triglycerides", "sodium", "potassium",
            ),
            ("200 tests", "500 tests", "1000 tests"),
        ),
        tracking="lot", expiry=True, price=(45, 380),
    ),
    ProductFamily(
        "Laboratory / Reagents", "LR", "Immunoassay reagent pack",
        (
            (
                "troponin I high-sensitive", "TSH", "free T4", "ferritin", "PSA", "procalcitonin",
                "NT-proBNP", "vitamin D", "HbA1c",
            ),
            ("100 tests", "200 tests"),
        ),
        tracking="lot", expiry=True, price=(120, 650),
    ),
    ProductFamily(
        "Laboratory / Reagents", "LR", "Haematology diluent",
        (("5 L", "10 L", "20 L"), ("cube", "canister")), tracking="lot", expiry=True,
        price=(30, 140),
    ),
    ProductFamily(
        "Laboratory / Reagents", "LR", "PCR master mix",
        (
            ("SARS-CoV-2", "influenza A/B", "RSV", "MRSA", "norovirus"),
            ("96 reactions", "384 reactions"),
        ),
        tracking="lot", expiry=True, price=(150, 900),
    ),
    ProductFamily(
        "Laboratory / Reagents", "LR", "Buffer solution",
        (("pH 4.01", "pH 7.00", "pH 10.01"), ("500 mL", "1 L")), uom="L",
        purchase_uoms=("L", "mL"), tracking="lot", expiry=True, price=(8, 40),
    ),
    ProductFamily(
        "Laboratory / Consumables", "LC", "Vacuum blood collection tube",
        (
            (
                "K2 EDTA", "sodium citrate 3.2%", "serum clot activator", "lithium heparin",
                "fluoride oxalate",
            ),
            ("2 mL", "3 mL", "4 mL", "6 mL", "9 mL"),
            ("13 x 75 mm", "13 x 100 mm"),
        ),
        purchase_uoms=("Box of 100", "Pack of 50"), tracking="lot", expiry=True, price=(0.06, 0.4),
    ),
    ProductFamily(
        "Laboratory / Consumables", "LC", "Pipette tips",
        (("10 µL", "200 µL", "1000 µL"), ("filtered", "unfiltered"), ("racked", "bulk")),
        purchase_uoms=("Box of 100", "Pack of 50"), price=(0.01, 0.08),
    ),
    ProductFamily(
        "Laboratory / Consumables", "LC", "Specimen container",
        (("30 mL", "60 mL", "120 mL"), ("sterile", "non-sterile"), ("screw cap", "snap cap")),
        purchase_uoms=("Box of 100", "Pack of 50"), price=(0.05, 0.5),
    ),
    ProductFamily(
        "Facilities / Cleaning", "FC", "Surface disinfectant wipes",
        (
            ("alcohol 70%", "chlorine 1000 ppm", "quaternary ammonium"),
            ("canister of 100", "refill of 200", "flow pack of 80"),
        ),
        purchase_uoms=("Units", "Box of 10"), price=(3, 14),
    ),
    ProductFamily(
        "Facilities / Cleaning", "FC", "Alcohol hand rub",
        (("gel", "liquid", "foam"), ("100 mL", "500 mL", "1 L")),
        purchase_uoms=("Units", "Box of 10"), tracking="lot", expiry=True, price=(1.5, 9),
    ),
    ProductFamily(
        "Facilities / Cleaning", "FC", "Floor cleaner concentrate",
        (("neutral", "alkaline", "disinfecting"), ("1 L", "5 L", "10 L")), uom="L",
        purchase_uoms=("L",), price=(2, 8),
    ),
    ProductFamily(
        "Facilities / Cleaning", "FC", "Laundry detergent powder",
        (("bio", "non-bio"), ("10 kg", "20 kg")), uom="kg", purchase_uoms=("kg", "g"),
        price=(1.5, 4),
    ),
    ProductFamily(
        "Facilities / Linen", "FL", "Patient gown",
        (("XS", "S", "M", "L", "XL"), ("cotton", "polycotton"), ("back-opening", "side-opening")),
        purchase_uoms=("Units", "Box of 10"), price=(3, 12),
    ),
    ProductFamily(
        "Facilities / Linen", "FL", "Bed sheet",
        (("single", "double", "fitted"), ("white", "blue"), ("cotton", "polycotton")),
        purchase_uoms=("Units", "Box of 10"), price=(4, 15),
    ),
    ProductFamily(
        "Office", "OF", "Copier paper A4", (("80 g/m²", "100 g/m²"), ("white", "recycled")),
        purchase_uoms=("Units", "Box of 10"), detailed_type="consu", price=(3, 7),
    ),
    ProductFamily(
        "Office", "OF", "Specimen label roll",
        (("25 x 50 mm", "38 x 25 mm"), ("thermal", "thermal transfer")),
        purchase_uoms=("Units", "Box of 10"), detailed_type="consu", price=(2, 9),
    ),
    ProductFamily(
        "Office", "OF", "Ballpoint pen", (("blue", "black", "red"), ("box of 50",)),
        detailed_type="consu", price=(0.1, 0.6),
    ),
    ProductFamily(
        "Facilities / Services", "SV", "Preventive maintenance visit",
        (
            ("infusion pumps", "ventilators", "autoclaves", "analysers", "monitors"),
            ("on site", "depot"),
        ),
        detailed_type="service", price=(120, 900),
    ),
)

PRODUCT_BRANDS = (
    "Aurelis", "Brevant", "Cyrona", "Dermova", "Elyra", "Fyntec", "Galenor", "Hexamed", "Isovant",
    "Juvara", "Kelmora", "Lumeris", "Medrion", "Novacare", "Orvane", "Pharmalis", "Quorin",
    "Revamed", "Solventa", "Tecora", "Ulvana", "Veridis", "Wexmed", "Zentaris",
)

CATEGORY_NAMES = (
    "All", "Medical Supplies", "Medical Supplies / Critical Care",
    "Medical Supplies / Consumables", "Medical Supplies / Wound Care",
    "Medical Supplies / Surgical", "Pharmacy", "Pharmacy / Controlled Drugs",
    "Pharmacy / Infusions", "Pharmacy / General Medicines", "Laboratory", "Laboratory / Reagents",
    "Laboratory / Consumables", "Facilities", "Facilities / Cleaning", "Facilities / Linen",
    "Facilities / Services", "Office",
)

# --- Equipment ------------------------------------------------------------------------------

#: (category id, category name, device kind, models, share of the fleet)
EQUIPMENT_KINDS = (
    (1, "Infusion pumps", "Volumetric infusion pump", ("Vireo VP-300", "Cadenza IV-7"), 0.26),
    (1, "Infusion pumps", "Syringe driver", ("Vireo SD-20", "Lento S2"), 0.12),
    (2, "Ventilators", "ICU ventilator", ("Aeris V800", "Tidal Pro 5"), 0.05),
    (2, "Ventilators", "Transport ventilator", ("Aeris T200",), 0.02),
    (3, "Patient monitors", "Bedside patient monitor", ("Corvia M12", "Pulsar 9"), 0.18),
    (4, "Sterilisation", "Steam autoclave", ("Sterimax 600", "Clavis A-90"), 0.03),
    (5, "Laboratory analysers", "Clinical chemistry analyser", ("Analyta C-500",), 0.02),
    (5, "Laboratory analysers", "Haematology analyser", ("Hemaxis H-5",), 0.02),
    (5, "Laboratory analysers", "Blood gas analyser", ("Gasola BG-3",), 0.03),
    (5, "Laboratory analysers", "Laboratory centrifuge", ("Rotana 24R",), 0.04),
    (6, "Defibrillators", "Automated external defibrillator", ("Cardion AED+",), 0.08),
    (7, "Imaging", "Mobile X-ray unit", ("Radiant MX-2",), 0.02),
    (7, "Imaging", "Ultrasound system", ("Sonavis U7",), 0.03),
    (8, "Beds and lifts", "Electric hospital bed", ("Restora E4",), 0.06),
    (8, "Beds and lifts", "Patient hoist", ("Liftwell P150",), 0.04),
)
CORRECTIVE_ISSUES = (
    "occlusion alarm", "battery does not hold charge", "display failure", "calibration drift",
    "door seal leaking", "error code on start-up", "pressure sensor fault", "noisy motor",
    "failed electrical safety test", "cracked housing",
)

# --- Odoo groups and modules ----------------------------------------------------------------

#: (res.groups id, external id, full name, category id, implied external ids)
GROUPS = (
    (
        1,
        "base.group_user",
        "User types / Internal User",
        1,
        (
            "base.group_no_one", "product.group_product_variant", "stock.group_production_lot",
            "purchase.group_send_reminder", "mail.group_mail_template_editor",
        ),
    ),
    (2, "base.group_erp_manager", "Administration / Access Rights", 2, ("base.group_user",)),
    (3, "base.group_sanitize_override", "Bypass HTML Field Sanitize", None, ()),
    (
        4,
        "base.group_system",
        "Administration / Settings",
        2,
        (
            "base.group_erp_manager", "base.group_sanitize_override",
            "mail.group_mail_template_editor",
        ),
    ),
    (5, "base.group_multi_company", "Extra Rights / Multi Companies", 3, ()),
    (6, "base.group_multi_currency", "Extra Rights / Multi Currencies", 3, ()),
    (7, "base.group_no_one", "Extra Rights / Technical Features", 3, ()),
    (8, "base.group_allow_export", "Technical / Access to export feature", 4, ()),
    (9, "base.group_partner_manager", "Extra Rights / Contact Creation", 3, ()),
    (10, "base.group_portal", "User types / Portal", 1, ("stock.group_production_lot",)),
    (11, "base.group_public", "User types / Public", 1, ()),
    (12, "uom.group_uom", "Technical / Manage Multiple Units of Measure", 4, ()),
    (13, "mail.group_mail_template_editor", "Technical / Mail Template Editor", 4, ()),
    (
        16,
        "maintenance.group_equipment_manager",
        "Maintenance / Equipment Manager",
        5,
        ("base.group_user",),
    ),
    (20, "product.group_product_variant", "Technical / Manage Product Variants", 4, ()),
    (
        22,
        "sales_team.group_sale_salesman",
        "Sales / User: Own Documents Only",
        6,
        ("base.group_user",),
    ),
    (
        23,
        "sales_team.group_sale_salesman_all_leads",
        "Sales / User: All Documents",
        6,
        ("sales_team.group_sale_salesman",),
    ),
    (
        24,
        "sales_team.group_sale_manager",
        "Sales / Administrator",
        6,
        ("sales_team.group_sale_salesman_all_leads", "mail.group_mail_template_editor"),
    ),
    (
        25,
        "hr.group_hr_user",
        "Employees / Officer: Manage all employees",
        7,
        ("base.group_user", "maintenance.group_equipment_manager"),
    ),
    (26, "hr.group_hr_manager", "Employees / Administrator", 7, ("hr.group_hr_user",)),
    (
        31,
        "account.group_account_readonly",
        "Technical / Show Accounting Features - Readonly",
        4,
        ("base.group_user",),
    ),
    (32, "account.group_account_invoice", "Invoicing / Billing", 8, ("base.group_user",)),
    (
        33,
        "account.group_account_user",
        "Technical / Show Full Accounting Features",
        4,
        ("account.group_account_invoice", "account.group_account_readonly"),
    ),
    (
        34,
        "account.group_account_manager",
        "Invoicing / Billing Administrator",
        8,
        ("account.group_account_invoice",),
    ),
    (42, "project.group_project_user", "Project / User", 9, ("base.group_user",)),
    (
        43,
        "project.group_project_manager",
        "Project / Administrator",
        9,
        ("project.group_project_user", "mail.group_mail_template_editor"),
    ),
    (
        50,
        "stock.group_stock_multi_locations",
        "Technical / Manage Multiple Stock Locations",
        4,
        (),
    ),
    (51, "stock.group_stock_multi_warehouses", "Technical / Manage Multiple Warehouses", 4, ()),
    (52, "stock.group_stock_user", "Inventory / User", 10, ("base.group_user",)),
    (
        53,
        "stock.group_stock_manager",
        "Inventory / Administrator",
        10,
        ("stock.group_stock_user",),
    ),
    (54, "stock.group_production_lot", "Technical / Manage Lots / Serial Numbers", 4, ()),
    (67, "purchase.group_purchase_user", "Purchase / User", 11, ("base.group_user",)),
    (
        68,
        "purchase.group_purchase_manager",
        "Purchase / Administrator",
        11,
        ("purchase.group_purchase_user",),
    ),
    (
        70,
        "purchase.group_send_reminder",
        "Technical / Send an automatic reminder email to confirm delivery",
        4,
        (),
    ),
)

#: (technical name, short description, is an application)
MODULES = (
    ("account", "Invoicing", True),
    ("analytic", "Analytic Accounting", False),
    ("auth_signup", "Signup", False),
    ("auth_totp", "Two-Factor Authentication (TOTP)", False),
    ("barcodes", "Barcode", False),
    ("base", "Base", False),
    ("base_import", "Base import", False),
    ("base_setup", "Initial Setup Tools", False),
    ("bus", "IM Bus", False),
    ("calendar", "Calendar", True),
    ("contacts", "Contacts", True),
    ("crm", "CRM", True),
    ("digest", "KPI Digests", False),
    ("hr", "Employees", True),
    ("hr_maintenance", "Maintenance - HR", False),
    ("hr_org_chart", "HR Org Chart", False),
    ("mail", "Discuss", True),
    ("maintenance", "Maintenance", True),
    ("phone_validation", "Phone Numbers Validation", False),
    ("portal", "Customer Portal", False),
    ("product", "Products & Pricelists", False),
    ("product_expiry", "Product Expiry", False),
    ("project", "Project", True),
    ("purchase", "Purchase", True),
    ("purchase_stock", "Purchase Stock", False),
    ("resource", "Resource", False),
    ("sale", "Sales", False),
    ("sale_management", "Sales", True),
    ("sale_stock", "Sales and Warehouse Management", False),
    ("sales_team", "Sales Teams", False),
    ("stock", "Inventory", True),
    ("stock_account", "WMS Accounting", False),
    ("uom", "Units of measure", False),
    ("utm", "UTM Trackers", False),
    ("web", "Web", False),
    ("web_editor", "Web Editor", False),
)
# fmt: on


# --- Partner name comparison ----------------------------------------------------------------

#: Words that do not tell two organisations apart (legal forms, fillers).
FILLER_WORDS = frozenset(
    (
        *("b", "v", "bv", "nv", "ltd", "limited", "inc", "llc", "gmbh", "ag", "sa", "sas"),
        *("sarl", "plc", "co", "company", "corp", "corporation", "the"),
    )
)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalised_name(name: str) -> str:
    """Name as duplicate detection compares it: no accents, casefolded, no legal forms."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    words = _NON_ALNUM.sub(" ", plain).split()
    return " ".join(word for word in words if word not in FILLER_WORDS)


def normalised_vat(vat: str | None) -> str:
    """VAT number as duplicate detection compares it: capitals and digits only."""
    return re.sub(r"[^A-Z0-9]", "", (vat or "").upper())
