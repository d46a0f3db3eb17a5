"""A 文号 held both by a voided row and by one in force (m041: given twice after a restore, the station's copy
voided, headquarters' original in force) is refused for a serial typed by hand as issued, which it is: the refusal
names the number in force rather than saying it was voided."""

from __future__ import annotations

from workstation.documents.numbering import format_number, numbering_agency, serial_refusal
from workstation.store import agency_id_for_code


def _row(db, row_id: str, owner: str, number: str, status: str) -> None:
    db.execute("INSERT INTO doc_numbers (id, agency_id, type_code, year, serial, number, status, issued_at, voided_at) "
               "VALUES (?, ?, '处', 2026, 3, ?, ?, '2026-05-01T09:00:00+08:00', ?)",
               [row_id, owner, number, status, "2026-05-02T09:00:00+08:00" if status == "void" else None])


def test_a_number_in_force_beside_its_voided_copy_is_said_issued(db, english):
    nanhai = agency_id_for_code("440605")
    owner, abbrev = numbering_agency(db, nanhai)
    number = format_number(abbrev, "处", 2026, 3)
    _row(db, "voided-copy", owner, number, "void")  # the station's copy, voided first
    _row(db, "in-force", owner, number, "issued")  # headquarters' original, in force
    assert serial_refusal(db, nanhai, "处", 3, 2026) == f"{number} is already issued: choose a serial not used yet."
