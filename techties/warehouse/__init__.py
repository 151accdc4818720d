"""The DuckDB warehouse: schema, upserts, runs and quarantine."""

from techties.warehouse.store import Warehouse

__all__ = ["Warehouse"]
