"""The store: every run kept, in SQLite or PostgreSQL.

Owns the schema, the mapping between the model and its rows, the migrations (alembic/) and
every query: the history and trends, the archive's downloads, the scheduler's status. Nothing
above it runs SQL of its own. Imports the crawl's, the render's and the audit's models.
"""
