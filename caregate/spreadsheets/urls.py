from django.urls import path

from caregate.spreadsheets import views

app_name = "spreadsheets"

urlpatterns = [
    path("<slug:key>/import/", views.import_register, name="import"),
    path("<slug:key>/export.xlsx", views.export_xlsx, name="export-xlsx"),
    path("<slug:key>/export.csv", views.export_csv, name="export-csv"),
    path("<slug:key>/template.xlsx", views.template_xlsx, name="template"),
    path("<slug:key>/imports/", views.import_history, name="imports"),
]
