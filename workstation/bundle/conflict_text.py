"""Conflicts and merged fields as the officer reads them, the same in the window (冲突, the merge preview) and on
the command line (`bundle conflicts`): the kind of record, the field by the case editor's label, amounts in yuan,
phone and ID numbers masked."""

from __future__ import annotations

import json

from workstation.bundle.merge import MISSING
from workstation.bundle.tables import BLOCK_FIELD, DELETED_FIELD
from workstation.case_reference import filed_number
from workstation.i18n import N_, _
from workstation.masking import mask_field, mask_text
from workstation.money import figures

# the case editor's labels of a case's fields (新建/编辑案件)
FIELD_LABELS = {
    "case_number": N_("Case number"), "cause": N_("Cause"), "sector": N_("Sector"), "agency_id": N_("Agency"),
    "violations": N_("Violations"), "party_ids": N_("Parties"), "officer_ids": N_("Officers"),
    "lead_received_on": N_("Lead received"), "filing_proposed_on": N_("Filing proposed on"), "filed_on": N_("Filed"),
    "notice_served_on": N_("Pre-penalty notice served"),
    "decided_on": N_("Decided"), "served_on": N_("Decision served on"), "closed_on": N_("Closed"),
    "records_trace": N_("Records: trace, communication, credit, property"),
    "records_sensitive": N_("Records: lodging, call records, health, transactions"),
    "records_other": N_("Records: other personal information"), "duty_related": N_("Obtained in performing duties"),
    "illegal_gains_fen": N_("Illegal gains (yuan)"), "fine_fen": N_("Fine (yuan)"),
    "confiscated_fen": N_("Confiscated (yuan)"),
    "facts": N_("Facts"), "district": N_("District"), "notice_waived": N_("Statement waived"),
    "review_on": N_("Sent to legal review"), "act_on": N_("Date of the act"),
}
TABLE_LABELS = {
    "officers": N_("Officers"), "parties": N_("Parties"), "cases": N_("Cases"), "case_events": N_("Case events"),
    "clock_events": N_("Deadline events"), "leads": N_("Leads"), "lead_history": N_("Lead history"),
    "interviews": N_("Interviews"),
    "publicity": N_("Publicity"), "complaints": N_("Complaints"), "files": N_("Files"),
    "documents": N_("Documents"), "doc_numbers": N_("Document numbers"), "evidence": N_("Evidence"),
    "number_blocks": N_("Number blocks"),
}


def table_label(table: str) -> str:
    return _(TABLE_LABELS[table]) if table in TABLE_LABELS else table


def field_label(field: str) -> str:
    """The officer's name of a record field (the case editor's labels), else the column name."""
    names = {**FIELD_LABELS, "_parties": N_("Parties"), "_officers": N_("Officers"),
             DELETED_FIELD: N_("Deleted at the station"), BLOCK_FIELD: N_("Overlapping number block")}
    return _(names[field]) if field in names else field


def show_value(field: str, value) -> str:
    """A field value as the officer reads it: amounts in yuan, lists and records as compact text, phone and ID
    numbers masked (in free text too)."""
    if value is MISSING:
        return "—"
    if field == DELETED_FIELD and isinstance(value, bool):  # a deletion in conflict: whether the record is gone
        return _("Deleted") if value else _("Not deleted")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field == "case_number" and isinstance(value, str) and value and not filed_number(value):
        return _("not filed")  # the mark a case not filed holds in place of a number (case_reference)
    if value is None or value == "":
        return _("(empty)")
    if field.endswith("_fen") and isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return figures(value)
    if isinstance(value, list | dict):
        return mask_text(json.dumps(value, ensure_ascii=False))
    return mask_field(field, str(value))


def conflict_text(conflict) -> str:
    """One open conflict as the 冲突 tab lists it: 案件 佛南市监立〔2026〕203号 罚款（元） 12,000.00 ≠ 11,000.00 (the
    value here, then the station's)."""
    return f"{table_label(conflict.table)} {conflict.label} {field_label(conflict.field)} " \
           f"{show_value(conflict.field, conflict.local)} ≠ {show_value(conflict.field, conflict.incoming)}"
