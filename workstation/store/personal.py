"""The personal fields a view may reveal on purpose (``workstation.masking.reveal``): which record kinds and
fields there are, and reading one stored value. Nothing else is readable through here."""

from __future__ import annotations

from workstation.db import Database
from workstation.errors import NotFound, WorkstationError
from workstation.i18n import _

#: entity → (table, fields that hold personal numbers or free text with them)
REVEALABLE = {
    "party": ("parties", ("phone", "id_number", "name")),  # a party known only by its number is named after it
    "complaint": ("complaints", ("complainant_phone", "text")),
    "lead": ("leads", ("phones", "target_phone", "description", "complainant_phone", "reporter_name",
                       "reporter_address")),
    "case": ("cases", ("facts",)),
    "evidence": ("evidence", ("file_name", "source", "description")),
}


def personal_value(db: Database, entity: str, entity_id: str, field: str) -> str:
    """The stored value of ``field`` of one record ('' when empty); an entity or field that is not revealable
    raises WorkstationError, a missing record NotFound."""
    table, fields = REVEALABLE.get(entity, ("", ()))
    if field not in fields:
        raise WorkstationError(_("The field {field} of {entity} cannot be shown.").format(field=field, entity=entity))
    row = db.execute(f"SELECT {field} FROM {table} WHERE id = ?", [entity_id]).fetchone()
    if row is None:
        raise NotFound(_("No record {id}.").format(id=entity_id))
    return row[0] or ""
