"""Storage: the Parquet lake with DuckDB views (analytics) and SQLAlchemy (workflow data)."""
