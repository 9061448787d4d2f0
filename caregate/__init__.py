"""Caregate: evidence-based governance for Odoo rollouts in healthcare organisations."""

__version__ = "0.1.0"
