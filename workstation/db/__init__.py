"""The database: ``open_database()`` opens (creating or migrating) the one SQLite file of a data directory."""

from workstation.db.connection import Database, open_database, schema_names

__all__ = ["Database", "open_database", "schema_names"]
