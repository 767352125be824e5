"""Alembic migrations of the store: a store made by any earlier egov-audit opens in this one."""
