"""Operational KPIs read from a snapshot."""
