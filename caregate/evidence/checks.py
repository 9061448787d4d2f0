"""Evidence checks: master-data quality and access controls read from a snapshot."""
