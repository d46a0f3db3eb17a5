"""Conflicts and merged fields as the officer reads them, the same in the window (冲突, the merge preview) and on
the command line (`bundle conflicts`): the kind of record, the field by the case editor's label, amounts in yuan,
phone and ID numbers masked."""

from __future__ import annotations

import json

from workstation.bundle.merge import (
    LEAD_HISTORY_KINDS,
    MISSING,
    SAME_ACTIVITY_FIELD,
    SAME_ACTIVITY_IN_BUNDLE_FIELD,
)
from workstation.bundle.tables import (
    BLOCK_FIELD,
    DELETED_FIELD,
    DELETED_HERE_FIELD,
    DELETION_FIELDS,
    TABLES,
    Link,
)
from workstation.case_reference import filed_number
from workstation.i18n import N_, _
from workstation.masking import mask_field, mask_text
from workstation.money import figures
from workstation.station import station_label, unnamed

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
    "review_on": N_("Sent to case or legal review"), "act_on": N_("Date of the act"),
    # the case's state and its penalty and discretion (the workspace's Penalty and discretion section)
    "status": N_("Case status"), "procedure_kind": N_("Procedure"), "prior_punished": N_("Punished before"),
    "penalty_norm": N_("Penalty basis"), "discretion_tier": N_("Discretion tier"),
    "discretion_factors": N_("Circumstances"), "discretion_reason": N_("Reason of the discretion"),
    "review_grounds": N_("Grounds for legal review"),
    # the names of the case's parties as the case holds them, apart from the parties linked to it (``_parties``): a
    # party added at a station changes both, and the merge preview showed two lines both labelled 当事人
    "party_names": N_("Party names as written on the case"),
    "law_conditions": N_("Facts changing the law applied"),
    # an interview's (m038): each party's follow-up and the case it was escalated to
    "party_results": N_("Each party's follow-up and case"),
}
# the other records' fields that a merge can find changed on both sides, by their table: a lead's conflict named
# "phones" or "first_at" left the analyst reading column names in the Chinese window (and 类型 means a different
# thing for a party, an interview or an evidence item)
TABLE_FIELD_LABELS = {
    "cases": {"_parties": N_("Parties linked to the case")},
    "doc_numbers": {"number": N_("文号"), "void_reason": N_("Reason for voiding")},
    "leads": {
        "source": N_("Lead source"), "received_at": N_("Lead received at"), "description": N_("Lead description"),
        "target_party_id": N_("Party complained of"), "target_name": N_("Business complained of"),
        "target_phone": N_("Number complained of"), "status": N_("Lead status"), "case_id": N_("Case filed from it"),
        "group_key": N_("Grouped by"), "phones": N_("Numbers complained of"),
        "businesses": N_("Businesses complained of"), "category": N_("Personal-information category"),
        "complaint_count": N_("Complaints grouped"), "first_at": N_("First complaint received"),
        "last_at": N_("Last complaint received"), "assigned_on": N_("Assigned on"),
        "decision": N_("Lead decision"), "decided_on": N_("Lead decided on"),
        "decision_reason": N_("Reason of the lead decision"), "referred_to": N_("Referred to"),
        "extension_days": N_("Extension (days)"), "extension_approved_on": N_("Extension approved on"),
        "extension_approved_by": N_("Extension approved by"), "complainant_phone": N_("Complainant's number"),
        "reporter_told_on": N_("Reporter told on"), "reporter_told_how": N_("Reporter told how"),
        "reporter_name": N_("Reporter's name"), "reporter_address": N_("Reporter's address"),
        "reporter_declined_on": N_("Reporter asked not to be told on"),
        "reporter_declined_reason": N_("How the reporter asked not to be told"),
        "received_by": N_("Received by"),
        # a lead referred to an agency of the register, and the lead that agency was handed (m078)
        "referred_agency_id": N_("Agency referred to"), "referred_from": N_("Referred from lead"),
    },
    "parties": {
        "kind": N_("Party kind"), "name": N_("Party name"), "uscc": N_("Unified social credit code"),
        "id_number": N_("ID number"), "address": N_("Address"), "legal_rep": N_("Legal representative"),
        "phone": N_("Phone"),
    },
    "officers": {"name": N_("Officer's name"), "cert_no": N_("Enforcement certificate number"),
                 "active": N_("Officer active")},
    "clock_events": {
        "case_id": N_("Case"), "kind": N_("Deadline event"), "clock": N_("Time limit"), "starts_on": N_("Starts on"),
        "ends_on": N_("Ends on"), "days": N_("Days"), "approved_on": N_("Approved on"),
        "approved_by": N_("Approved by"), "note": N_("Note"), "party_id": N_("Party"),
        "no_fine": N_("Changed to no fine"), "measure_id": N_("Measure extended"),
    },
    "interviews": {  # the interview dialog's labels
        "held_on": N_("Held on"), "held_at": N_("Time of the interview"), "kind": N_("Interview kind"),
        "subject": N_("Subject of the interview"), "summary": N_("Summary of the meeting"),
        "rectification_due": N_("Rectification deadline"), "status": N_("Interview status"), "place": N_("Place"),
        "attendees": N_("Attendees"), "topics": N_("Topics raised"), "provisions": N_("Provisions explained"),
        "commitments": N_("Commitments made"), "follow_up_on": N_("Follow-up on"),
        "follow_up_result": N_("Follow-up result"), "follow_up_outcome": N_("Outcome of the follow-up"),
        "case_id": N_("Case escalated to"), "lead_id": N_("Lead"),
        "contact_phone": N_("Contact phone on the notice"), "void_reason": N_("Reason for cancelling"),
        "deadline_typed": N_("Deadline typed by hand"), "voided_status": N_("Status before voiding"),
    },
    "publication_reviews": {  # the review dialog's words
        "typed": N_("Other names to mask"), "kept_whole": N_("Suggested names left whole"),
        "masked": N_("Names masked"), "reviewed_at": N_("Reviewed at"), "reviewed_by": N_("Reviewed by"),
    },
    "publicity": {
        "held_on": N_("Publicity date"), "title": N_("Publicity title"), "kind": N_("Publicity kind"),
        "flyers": N_("Flyers handed out"), "sms": N_("Reminder text messages"), "participants": N_("Participants"),
    },
    "evidence": {
        "case_id": N_("Case"), "file_name": N_("File name"), "media_type": N_("File type"), "size": N_("File size"),
        "kind": N_("Evidence kind"), "source": N_("Evidence source"), "collected_on": N_("Collected on"),
        "collector": N_("Collected by"), "description": N_("Evidence description"),
        "record_count": N_("Records counted"), "record_category": N_("Record category"),
        "count_note": N_("How the records were counted"), "recipient": N_("Recipient"),
        "void_reason": N_("Reason for voiding"), "voided_at": N_("Voided at"),
    },
}
# the fields holding a key of the vocabulary, by table (None: any table), shown by its label as the lists show it
VALUE_GROUPS = {
    (None, "sector"): ("sectors",), ("cases", "status"): ("statuses",), ("leads", "status"): ("lead_statuses",),
    ("leads", "source"): ("lead_sources",), ("parties", "kind"): ("party_kinds",),
    ("interviews", "kind"): ("interview_kinds",), ("interviews", "status"): ("interview_states",),
    ("interviews", "voided_status"): ("interview_states",),
    ("publicity", "kind"): ("publicity_kinds",), ("evidence", "kind"): ("evidence_kinds",),
    ("evidence", "record_category"): ("record_categories",),
    ("clock_events", "kind"): ("clock_events", "one_off_events"),
}
#: the fields holding the id of another record, by table (None: any table), and the table of that record: shown by
#: its name (``record_names``), else by the id as it is stored — a lead's conflict read 办案机关 as an agency's id
ID_FIELDS = {
    (None, "agency_id"): "agencies", ("leads", "target_party_id"): "parties", ("leads", "case_id"): "cases",
    ("interviews", "case_id"): "cases", ("clock_events", "case_id"): "cases",
    ("clock_events", "party_id"): "parties", ("evidence", "case_id"): "cases",
    # the agency a lead's re-assignment (or late first assignment) gave it to; the lead an interview, a complaint or
    # a document belongs to; the case, interview or document a document belongs to or corrects
    ("lead_history", "to_agency_id"): "agencies", ("leads", "received_by"): "agencies",
    ("leads", "referred_agency_id"): "agencies", ("leads", "referred_from"): "leads",
    ("interviews", "lead_id"): "leads",
    ("complaints", "lead_id"): "leads", ("complaints", "verdict_lead"): "leads", ("documents", "case_id"): "cases",
    ("documents", "interview_id"): "interviews", ("documents", "lead_id"): "leads",
    ("documents", "supersedes_id"): "documents", ("doc_numbers", "document_id"): "documents",
    # the seal-up or seizure an extension of its period (T14) extends (m061): by its kind and the day it began
    ("clock_events", "measure_id"): "clock_events",
}
#: the tables whose records ``record_names`` names by their name: a party, officer or agency by its name, a case by
#: its number (else its party and cause); a record of the others as the merge preview labels it (``merge._label``:
#: a lead by its business complained of or its description, an interview by its subject, a document by its number,
#: a deadline event by its kind and date)
NAMED_TABLES = ("parties", "officers", "agencies", "cases")
LABELLED_TABLES = ("leads", "interviews", "documents", "complaints", "clock_events")


def _id_table(table: str | None, field: str) -> str | None:
    """The table whose record the field ``field`` of ``table`` names by its id (``ID_FIELDS``); None for none."""
    return ID_FIELDS.get((table, field)) or ID_FIELDS.get((None, field))


TABLE_LABELS = {
    "officers": N_("Officers"), "parties": N_("Parties"), "cases": N_("Cases"), "case_events": N_("Case events"),
    "clock_events": N_("Deadline events"), "leads": N_("Leads"), "lead_history": N_("Lead history"),
    "interviews": N_("Interviews"),
    "publicity": N_("Publicity"), "complaints": N_("Complaints"),
    # the table's name, not "Files" (the count of files in the exports list, 文件数: the preview read 文件数 — 新增0…)
    "files": N_("Attached files"),
    "documents": N_("Documents"), "doc_numbers": N_("Document numbers"), "evidence": N_("Evidence"),
    "number_blocks": N_("Number blocks"), "publication_reviews": N_("Publication copies"),
}


#: a record left as it is because it was changed here since the version last shared while the bundle still holds
#: that version (a station's re-export of what headquarters has edited since: ``merge.Change.newer_here``), as the
#: merge preview says it, apart from the records unchanged, whose copies say the same
NEWER_HERE_LABEL = N_("Newer here, kept")
#: what the merge does to a field of such a record: the value here stands (``merge.FieldChange`` action "keep")
NEWER_HERE_ACTION = N_("Newer here: kept")
NEWER_HERE_TIP = N_("Changed here since the version last shared, which the bundle still holds: the value here is "
                    "kept (no conflict) and travels in the next bundles.")


def table_label(table: str) -> str:
    return _(TABLE_LABELS[table]) if table in TABLE_LABELS else table


def field_label(field: str, table: str | None = None) -> str:
    """The officer's name of a record field: of ``table``'s own fields (``TABLE_FIELD_LABELS``), else the case
    editor's labels, else the column name."""
    names = {**FIELD_LABELS, "_parties": N_("Parties"), "_officers": N_("Officers"),
             DELETED_FIELD: N_("Deleted at the station"), DELETED_HERE_FIELD: N_("Deleted here"),
             BLOCK_FIELD: N_("Overlapping number block"), SAME_ACTIVITY_FIELD: N_("Same activity held here"),
             SAME_ACTIVITY_IN_BUNDLE_FIELD: N_("Same activity entered twice in the bundle"),
             **TABLE_FIELD_LABELS.get(table or "", {})}
    return _(names[field]) if field in names else field


def _condition_wording() -> dict[str, str]:
    from workstation.law.case_law import condition_labels

    return condition_labels()


def _factor_wording() -> dict[str, str]:
    from workstation.law import discretion

    return {key: factor.text for key, factor in discretion.all_factors().items()}


def _ground_wording() -> dict[str, str]:
    from workstation.law.data import load

    return {ground["key"]: ground["text"] for ground in load("thresholds")["legal_review"]["grounds"]}


#: a case's fields that list keys of the law data ({field: the wording of each key}), shown by that wording: the facts
#: established (``Case.law_conditions``), the circumstances of discretion, the grounds of legal review (art. 58)
CASE_KEY_LISTS = {"law_conditions": _condition_wording, "discretion_factors": _factor_wording,
                  "review_grounds": _ground_wording}


def _vocabulary_text(table: str | None, field: str, value) -> str | None:
    """A vocabulary key (or a case's list of violation keys, a lead's screening category) as its label; None when
    ``field`` holds no such key or ``value`` is none of them."""
    from workstation.vocabulary import shown_label, vocabulary

    if field == "violations" and table in (None, "cases") and isinstance(value, list) and value \
            and all(isinstance(v, str) for v in value):
        return "、".join(shown_label("violations", v) for v in value)
    if field in CASE_KEY_LISTS and table in (None, "cases"):
        keys = _loaded(value)
        if isinstance(keys, list) and all(isinstance(k, str) for k in keys):
            wording = CASE_KEY_LISTS[field]()
            return "、".join(wording.get(k, k) for k in keys) or _("(empty)")
    if table == "lead_history" and field == "kind" and value in LEAD_HISTORY_KINDS:
        return _(LEAD_HISTORY_KINDS[value])  # as the merge preview labels the step (改派, 核查期限届满后交办 …)
    from workstation.leads_workflow import DECISION_STATUS

    if table == "leads" and field == "decision" and value in DECISION_STATUS:
        # as the leads page says the decision: by the label of the status it gives the lead (不予立案)
        return shown_label("lead_statuses", DECISION_STATUS[value])
    if table == "leads" and field == "reporter_told_how" and isinstance(value, str) and value:
        from workstation.leads_workflow import REPORTER_TOLD_HOW

        if value in REPORTER_TOLD_HOW:
            return _(REPORTER_TOLD_HOW[value])
    if table == "leads" and field == "category" and isinstance(value, str) and value:
        from workstation.masking import rules_in_force

        # named as the rules in force for the data directory in use name it (a category renamed or added in the
        # rules editor), as the leads page does
        return rules_in_force().category_label(value)
    groups = VALUE_GROUPS.get((table, field)) or VALUE_GROUPS.get((None, field)) or ()
    for group in groups:
        if isinstance(value, str) and value in vocabulary().get(group, {}):
            return shown_label(group, value)
    return None


#: the links a record carries as one field ({(table, field): ``bundle.tables.Link``}: rows, the linked record's id
#: first), shown by the names of the records they list: a case's or an interview's parties, a case's officers
LINKS = {(table.name, link.field): link for table in TABLES for link in table.links}
LINKED_RECORDS = frozenset(field for _table, field in LINKS)
#: the role a case's party holds unless another is given (``case_parties.role``'s default): not shown
PARTY_ROLE = "party"
#: the roles of a case's parties (``case_parties.role``) by their labels; a role not here is shown as it is stored
ROLE_LABELS = {PARTY_ROLE: N_("Party")}


def names_records(table: str | None, field: str) -> bool:
    """Whether the field ``field`` of ``table`` holds the ids of other records, which ``show_value`` shows by the
    names ``record_names`` gives them: an interview's ``party_results``, a ``LINKED_RECORDS`` list, an
    ``ID_FIELDS`` field."""
    return field == "party_results" or field in LINKED_RECORDS or _id_table(table, field) is not None


def record_names(db, conflicts, brought: dict[str, list[dict]] | None = None) -> dict[str, str]:
    """{id: name} of the parties and cases the interviews' ``party_results`` of ``conflicts`` (anything with
    ``field``, ``local`` and ``incoming``, and ``table`` when known: conflicts, merged fields) name, of the parties and
    officers a case's or an interview's ``LINKED_RECORDS`` list, and of the records their ``ID_FIELDS`` name — a
    party, officer or agency by its name, a case by its number (else its party and cause), a lead, interview,
    document or complaint as the merge preview labels it — for ``show_value``. A record not held here is named as
    ``brought`` ({table: rows}: a bundle's records) holds it."""
    from workstation.bundle.merge import _label
    from workstation.case_reference import case_named

    ids: set[str] = set()
    labelled: dict[str, set[str]] = {}
    for conflict in conflicts:
        named = _id_table(getattr(conflict, "table", None), conflict.field)
        for value in (conflict.local, conflict.incoming, getattr(conflict, "base", None)):
            if conflict.field == "party_results":
                for party_id, own in _party_results(value).items():
                    ids.add(party_id)
                    if own.get("case_id"):
                        ids.add(own["case_id"])
            elif conflict.field in LINKED_RECORDS:
                ids.update(_linked_ids(value) or ())
            elif named is not None and isinstance(value, str) and value:
                (labelled.setdefault(named, set()) if named in LABELLED_TABLES else ids).add(value)
    if not ids and not labelled:
        return {}

    def name_of(table: str, row: dict) -> str:
        if table == "cases":
            return case_named(row.get("case_number"), str(row.get("party_names") or ""), str(row.get("cause") or ""))
        if table in NAMED_TABLES:
            return str(row.get("name") or "")
        return _label(table, row)

    names = {}
    for table, rows in (brought or {}).items():  # the bundle's, where the record is not held here (yet)
        wanted = ids if table in NAMED_TABLES else labelled.get(table, set()) if table in LABELLED_TABLES else set()
        if wanted:
            names.update({str(row["id"]): name_of(table, row) for row in rows if str(row.get("id")) in wanted})
    for table in (*NAMED_TABLES, *LABELLED_TABLES):
        wanted = sorted(ids if table in NAMED_TABLES else labelled.get(table, ()))
        if not wanted:
            continue
        cursor = db.execute(f"SELECT * FROM {table} WHERE id IN ({', '.join('?' * len(wanted))})", wanted)
        columns = [d[0] for d in cursor.description]
        for row in cursor.fetchall():
            held = dict(zip(columns, row, strict=True))
            names[str(held["id"])] = name_of(table, held)
    return names


def _loaded(value):
    """``value`` read from the JSON text a conflict keeps it as (None for text that is no JSON); else as it is."""
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return None


def _party_results(value) -> dict:
    """The {party id: {case_id, follow_up_on, follow_up_result}} an interview's ``party_results`` holds ({} for
    none or what is not one)."""
    value = _loaded(value)
    return value if isinstance(value, dict) and all(isinstance(v, dict) for v in value.values()) else {}


def _linked_ids(value) -> list[str] | None:
    """The ids of the records a field of ``LINKED_RECORDS`` lists, in its order; None for what is no such list."""
    value = _loaded(value)
    if not isinstance(value, list) or not all(isinstance(row, list) and row and isinstance(row[0], str)
                                              for row in value):
        return None
    return [row[0] for row in value]


def role_label(role: str) -> str:
    """A case's party's role by its label (``ROLE_LABELS``), else as it is stored."""
    return _(ROLE_LABELS[role]) if role in ROLE_LABELS else role


def _linked_text(rows: list[list], names: dict[str, str], link: Link | None) -> str:
    """The records a link field lists, each by its name in ``names`` (else the start of its id), with the role
    (``role_label``) of each of a case's parties once one of them holds another than the usual one (``PARTY_ROLE``):
    a change of role alone reads differently on either side of a conflict."""
    at = link.columns.index("role") if link is not None and "role" in link.columns else None
    roles = [row[at] if at is not None and at < len(row) else None for row in rows]
    shown = any(role and role != PARTY_ROLE for role in roles)
    said = []
    for row, role in zip(rows, roles, strict=True):
        name = names.get(row[0], row[0][:8])
        said.append(_("{name} (role: {role})").format(name=name, role=role_label(role)) if shown and role
                    else name)
    return mask_text("、".join(said))


def _party_results_text(value, names: dict[str, str]) -> str:
    """An interview's ``party_results`` party by party, in the order of their names: 佛山市某公司：2026-06-20跟进：未整改，
    转立案查处：佛南市监立〔2026〕9号；佛山市另一公司：同本次约谈整体跟进情况 (a party or case not in ``names`` by the
    start of its id)."""
    parts = []
    for party_id, own in sorted(_party_results(value).items(), key=lambda item: names.get(item[0], item[0])):
        said = []
        if "follow_up_result" in own:
            said.append(_("followed up on {day}: {result}").format(
                day=own.get("follow_up_on") or _("(empty)"), result=own.get("follow_up_result") or _("(empty)")))
        if own.get("case_id"):
            said.append(_("escalated to case {case}").format(case=names.get(own["case_id"], own["case_id"][:8])))
        if not said:
            said.append(_("as the whole interview"))
        parts.append(_("{party}: {result}").format(party=names.get(party_id, party_id[:8]),
                                                   result=_(", ").join(said)))
    return mask_text(_("; ").join(parts))


def show_value(field: str, value, names: dict[str, str] | None = None, table: str | None = None) -> str:
    """A field value as the officer reads it: amounts in yuan, vocabulary keys (sector, status, kinds of
    ``table``'s records, a lead's decision) by their labels, lists and records as compact text, phone and ID numbers
    masked (in free text too); an interview's ``party_results`` party by party, the parties (officers) a case or an
    interview lists, and the agency (party, case …) an ``ID_FIELDS`` field names, each named by ``names``
    (``record_names``)."""
    if value is MISSING:
        return "—"
    if (said := _vocabulary_text(table, field, value)) is not None:
        return said
    if field == "party_results" and _party_results(value):
        return _party_results_text(value, names or {})
    if field in LINKED_RECORDS and _linked_ids(value):  # the parties (officers) by name, in their order
        return _linked_text(_loaded(value), names or {}, LINKS.get((table, field)))
    if _id_table(table, field) is not None and isinstance(value, str) and value in (names or {}):
        return mask_text(names[value])  # the agency (party, case …) by its name; else the id, as it is stored
    if field in DELETION_FIELDS and isinstance(value, bool):  # a deletion in conflict: whether the record is gone
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


def conflict_station(conflict) -> str:
    """The station whose bundle brought a conflict's incoming value as the 冲突 tab's Station column shows it: its
    name (南海区局), 未命名 for one never named (``station_label``), the start of its id when no station held here
    has it."""
    return station_label(conflict.station_name) if conflict.station_name else conflict.station_id[:8]


def sender_text(conflict) -> str:
    """``conflict_station`` as a conflict's line says it: a name as it is (南海区局), the other two after the word
    "station" (站点未命名, 站点0f3c9a2b)."""
    said = conflict_station(conflict)
    return said if not unnamed(conflict.station_name) else _("station {station}").format(station=said)


def conflict_text(conflict, names: dict[str, str] | None = None) -> str:
    """One open conflict as ``bundle conflicts`` lists it, each value said whose it is as the 冲突 tab's column heads
    say it: 案件 佛南市监立〔2026〕203号 罚款（元） 本机：12,000.00；南海区局：11,000.00 (the value here, then the
    station that sent the other, by name: at a station, headquarters); ``names`` as ``show_value`` takes them."""
    table = conflict.table
    sides = (_("{column}: {value}").format(column=_("this installation"),
                                           value=show_value(conflict.field, conflict.local, names, table)),
             _("{column}: {value}").format(column=sender_text(conflict),
                                           value=show_value(conflict.field, conflict.incoming, names, table)))
    both = _("; ").join(sides)
    return f"{table_label(table)} {conflict.label} {field_label(conflict.field, table)} {both}"
