"""Give programmes that existed before the training register its seven default roles."""

from django.db import migrations

ROLES = (
    ("buyers", "Buyers", "Raise and approve purchase orders, manage vendor prices."),
    ("warehouse-teams", "Warehouse teams", "Receive, put away, pick and count stock."),
    ("finance-users", "Finance users", "Vendor bills, payments, period close."),
    ("department-coordinators", "Department coordinators",
     "Request supplies for wards and departments, confirm receipts."),
    ("maintenance-teams", "Maintenance teams",
     "Work biomedical and estates maintenance requests."),
    ("hr-administrators", "HR administrators", "Employees, contracts, time off."),
    ("support-desk-agents", "Support-desk agents", "Triage and resolve user tickets."),
)


def add_default_roles(apps, schema_editor):
    programme_model = apps.get_model("programmes", "Programme")
    role_model = apps.get_model("training", "TrainingRole")
    for programme in programme_model.objects.all():
        existing = set(
            role_model.objects.filter(programme=programme).values_list("key", flat=True)
        )
        role_model.objects.bulk_create(
            role_model(programme=programme, key=key, name=name, description=text, order=order)
            for order, (key, name, text) in enumerate(ROLES, start=1)
            if key not in existing
        )


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial"), ("programmes", "0001_initial")]

    operations = [migrations.RunPython(add_default_roles, migrations.RunPython.noop)]
