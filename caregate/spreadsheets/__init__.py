"""Spreadsheet round-trip for Caregate's registers: import and export XLSX/CSV without retyping.

Adding a register
-----------------
1. Declare a :class:`~caregate.spreadsheets.schema.SheetSchema` in the register app's
   ``sheets.py`` (see ``caregate/programmes/sheets.py`` for the people register, and
   the module docstring of ``schema.py`` for what ``stored``/``apply``/``write`` do;
   a single-model register only needs ``rows`` and its columns).
2. Call ``register_schema(schema)`` there and import that module from the app's
   ``AppConfig.ready()``.
3. The register then has ``caregate import|export <key>`` and the pages under
   ``/registers/<key>/`` (import, export.xlsx, export.csv, template.xlsx, imports).

The engine reads every row before writing (reader.py, importer.validate), rejects the
whole file on any problem (ImportRejected), and otherwise upserts by the stable key
in one transaction with bulk writes and one query per lookup kind.
"""
