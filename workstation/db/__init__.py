"""The database: ``open_database()`` opens (creating or migrating) the one SQLite file of a data directory."""

from workstation.db.connection import open_database, schema_names

__all__ = ["open_database", "schema_names"]
