"""案卷工作站 core: the Qt-free domain, storage, rules and command line of the case-file workstation."""

__version__ = "0.1.0"


def schema_number(schema: list[str] | None = None) -> str:
    """The number of a database structure: that of its last migration of ``schema`` (the names of the migrations
    applied; None: this program's, ``MIGRATIONS``) (m013_complaint_numbers -> "13"); the name itself when it carries
    none, "?" without any."""
    import re

    if schema is None:
        from workstation.db.schema import MIGRATIONS

        schema = [name for name, *_rest in MIGRATIONS]
    last = str(schema[-1]) if schema else ""
    number = re.match(r"m0*(\d+)_", last)
    return number.group(1) if number else last or "?"


def version_label(app_version: str = __version__, schema: list[str] | None = None) -> str:
    """A program's version as ``--version`` and 帮助 → 关于 show this one's and the refusal of a newer program's bundle
    names both (``bundle.reader._version_label``): the application's ``app_version`` with the number of its database
    structure (``schema_number``; None: this program's), for installs of the same application version can hold
    different structures."""
    from workstation.i18n import _

    return _("{version} (database schema {schema})").format(version=app_version, schema=schema_number(schema))
