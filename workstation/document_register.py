"""The register of issued documents (发文登记): every document this station (or, at headquarters, every station
merged) issued — for a case, a lead or an administrative interview — newest first, with its 文号, title, the case or
matter it belongs to, the party, the agency, its pages and whether it stands, was voided (with the reason) or was
replaced by a correction (naming the correction). An officer handed a paper with a 文号 finds its case here; the
register is handed on as CSV (UTF-8 with a byte order mark, which Excel and WPS read). Phone and ID numbers written
in the names are masked, as in every list.

Searching reads the 文号, the title, the case number and the party a document names (``_case_parties_sql``: the one
printed on a document written for one party, the case's for one of the whole case; the lead's target, the
interview's parties) on the base table: a station issues some thousands of documents a year, which a scan answers at
once; at headquarters' hundred thousand it takes about a second for the page and as much for its count.

Every 文号 taken is accounted for (REFERENCE §3.1: a number is never reused; our rule: a gap is explained): a
number taken without a document here — those a restore kept taken, its document lost with the data replaced — is
listed among the documents by when it was taken, with its reason; a serial chosen by hand is noted, with the serials
it passed over.
Pages follow on from the last row listed (its issue time and row), never by counting rows: a document issued
meanwhile neither repeats a row nor hides one."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

from workstation.case_reference import case_named
from workstation.db import Database
from workstation.i18n import N_, _
from workstation.progress import CancelToken, ProgressFn
from workstation.records import short_time
from workstation.sheet_cells import csv_row, csv_value, text_cell

#: the register's columns as exported (Chinese content, as the other registers handed on)
EXPORT_HEADER = ("成文日期", "文号", "文书", "案件或事项", "当事人", "办案机关", "页数", "状态", "备注", "签发时间")
#: the states of a document in the register, with their labels (those of ``docs list``)
STATES = {"issued": N_("Issued"), "void": N_("Void"), "corrected": N_("Corrected"),
          # a 文号 a restore kept taken, its document lost with the data replaced (``backup_restore._carry_numbers``)
          "lost": N_("Taken before a restore, document not here")}
#: the filters of the state: every document, those standing (issued, not voided nor corrected), voided, corrected,
#: the numbers taken before a restore whose document is not here
STATE_FILTERS = ("", "issued", "void", "corrected", "lost")
#: the orders the register is read in (``registered_documents(sort=…)``): by issue time (the numbers taken without
#: a document by when they were taken), by the date a document bears (成文日期; a number without a document has
#: none), by 文号 (its agency's abbreviation, type code, year and serial; a document without one has none)
SORTS = ("issued", "dated", "number")
PAGE = 200
#: the documents made into rows of the exported register between two reports of its progress (and looks at Cancel)
EXPORT_STEP = 500


@dataclass(frozen=True)
class RegisteredDocument:
    """One row of the register. ``subject``: the case number (a case not filed named by its party and cause), or the
    lead or interview it belongs to; ``case_id`` the case it is filed in (a lead's document, once the lead became a
    case, is that case's: its 案件来源登记表); ``note``: the document a correction corrects (as the 卷内文件目录 remarks
    it, ``formkit.values.filed_documents``), then a serial chosen by hand with the serials it passed over
    (``_serial_notes``), then why it was voided, or the correction that replaced it. A row of ``kind`` "number" is a
    文号 taken without a document here (``_NUMBER_GAPS``): ``id`` its row of ``doc_numbers``."""

    id: str
    dated: str
    number: str
    title: str
    case_id: str | None
    lead_id: str | None
    interview_id: str | None
    subject: str
    parties: str
    agency: str
    pages: int
    state: str
    note: str
    issued_at: str
    #: "document", or "number": a 文号 taken that no document here holds (one a restore kept taken: ``NUMBER``), its
    #: reason the note — a gap in the numbering explained
    kind: str = "document"

    @property
    def state_label(self) -> str:
        return _(STATES[self.state])


# the correction in force that replaced a document (the newest issued one naming it)
_CORRECTED_BY = ("(SELECT COALESCE(n.number, n.title) FROM documents n WHERE n.supersedes_id = d.id AND "
                 "n.status = 'issued' ORDER BY n.issued_at DESC, n.rowid DESC LIMIT 1)")
# the document a correction corrects, by its 文号 (the serial printed on a form without one,
# ``formkit.values.document_reference``), else its title
_CORRECTS = ("(SELECT COALESCE(s.number, NULLIF(CASE WHEN json_valid(s.values_json) THEN json_extract(s.values_json, "
             "'$.serial_no') END, ''), s.title) FROM documents s WHERE s.id = d.supersedes_id)")
# an interview's parties; of a document written for one of them (its 约谈通知书, 约谈记录, 送达回证), the party it is
# addressed to, as it prints it: a joint interview's notice to 中国电信 names 中国电信 only
_PER_PARTY_FORMS = "('interview_notice', 'interview_record', 'interview_delivery_receipt')"
_INTERVIEW_PARTIES = (f"(CASE WHEN d.form_id IN {_PER_PARTY_FORMS} AND json_valid(d.values_json) AND "
                      "COALESCE(json_extract(d.values_json, '$.party_name'), '') != '' THEN "
                      "json_extract(d.values_json, '$.party_name') ELSE (SELECT group_concat(p.name, '、') FROM "
                      "interview_parties ip JOIN parties p ON p.id = ip.party_id WHERE ip.interview_id = "
                      "d.interview_id) END)")
_LEAD_TARGET = ("COALESCE(NULLIF((SELECT name FROM parties WHERE id = l.target_party_id), ''), NULLIF(l.target_name, ''), "
                "NULLIF(l.businesses, ''), '')")
# a lead's document is its case's once the lead became a case (its 案件来源登记表, ``formkit.values.OF_CASE``): the
# case it belongs to is the lead's then
_JOINS = (" LEFT JOIN leads l ON l.id = d.lead_id LEFT JOIN cases c ON c.id = COALESCE(d.case_id, l.case_id) "
          "LEFT JOIN interviews i ON i.id = d.interview_id")
# the date a document bears as it was issued under (``issuing.ISSUED_AS``: ``formkit.values.document_date`` of its
# values that day, the date its 文号's year is taken from), else the day it was issued (one issued before that was
# kept). Never after the day it was issued (``issuing.future_date_refusal``), so that a year's documents are among
# those issued since it began, which the index of the issue time finds
_DATED = ("substr(COALESCE(CASE WHEN json_valid(d.values_json) THEN json_extract(d.values_json, "
          "'$._issued_as.date') END, d.issued_at), 1, 10)")


@lru_cache(maxsize=1)
def _case_parties_sql() -> tuple[str, str]:
    """SQL (as listed, as searched) of the party a case's document names: a document written for one party (its
    告知书, 决定书, 送达回证 …: ``addressee.addressed_to_party``) the party as printed on it (the field its form fills
    from ``party.name``, frozen in its values: its own party in a case of several, the name it was issued under after
    a rename), else the party it records (``PARTY_KEY``), else the case's parties; a document of the whole case (立案审批表,
    卷宗封面 …) the case's parties, and searched by the name printed on it too. Only the field of the document's own
    form is read from its values (one JSON path chosen by its form), not every document's values whole."""
    from workstation.documents.addressee import PARTY_KEY, addressed_to_party
    from workstation.formkit.spec import load_forms

    paths, addressed = [], []
    for form_id, form in sorted(load_forms()[0].items()):
        names = [f.name for f in form.fields if f.source == "party.name"] or \
            [f.name for f in form.fields if f.source == "parties.names"]
        quoted = "'" + form_id.replace("'", "''") + "'"
        if names and names[0].isidentifier():
            paths.append(f"WHEN {quoted} THEN '$.{names[0]}'")
        if addressed_to_party(form):
            addressed.append(quoted)
    path = f"CASE d.form_id {' '.join(paths)} END" if paths else "NULL"
    printed = (f"NULLIF(CASE WHEN {path} IS NOT NULL AND json_valid(d.values_json) THEN "
               f"json_extract(d.values_json, {path}) END, '')")
    recorded = (f"(SELECT name FROM parties WHERE id = CASE WHEN json_valid(d.values_json) THEN "
                f"json_extract(d.values_json, '$.{PARTY_KEY}') END)")
    own = f"d.form_id IN ({', '.join(addressed) or 'NULL'})"
    listed = (f"(CASE WHEN c.id IS NULL THEN NULL WHEN {own} THEN COALESCE({printed}, {recorded}, c.party_names) "
              f"ELSE c.party_names END)")
    searched = (f"(CASE WHEN c.id IS NULL THEN NULL WHEN {own} THEN COALESCE({printed}, {recorded}, c.party_names) "
                f"ELSE COALESCE(c.party_names, '') || char(31) || COALESCE({printed}, '') END)")
    return listed, searched


@lru_cache(maxsize=1)
def _columns() -> str:
    return (f"d.id, d.form_id, d.values_json, d.issued_at, d.number, d.title, c.id, d.lead_id, d.interview_id, "
            f"c.case_number, c.party_names, {_case_parties_sql()[0]}, c.cause, {_LEAD_TARGET}, l.category, l.phones, "
            f"l.description, i.held_on, {_INTERVIEW_PARTIES}, (SELECT COALESCE(NULLIF(short_name, ''), name) FROM "
            f"agencies WHERE id = COALESCE(c.agency_id, l.agency_id, i.agency_id)), d.pages, d.status, d.void_reason, "
            f"{_CORRECTED_BY}, {_CORRECTS}")


# the agency a document is the work of (its case's, lead's or interview's), as the 办案机关 column names it
_AGENCY_ID = "COALESCE(c.agency_id, l.agency_id, i.agency_id)"
# the agency's names a search reads (南海区局 finds the Nanhai bureau's documents)
_AGENCY_NAMES = ("(SELECT COALESCE(short_name, '') || char(31) || name FROM agencies WHERE id = {agency})")
#: the 文号 taken that no document here holds (``n``: a row of ``doc_numbers``): those a restore kept taken, voided
#: with the reason, their documents lost with the data it replaced (``backup_restore._carry_numbers``). Case numbers
#: kept taken (type code 立, ``number_blocks.keep_case_numbers``) are no document's; a number a document holds under
#: another row (given twice after a restore, m041) is listed as that document
_NUMBER_GAPS = ("n.document_id IS NULL AND n.type_code != '立' AND NOT EXISTS (SELECT 1 FROM doc_numbers m WHERE "
                "m.number = n.number AND m.document_id IS NOT NULL)")


def _term_tests(search: str, haystack: str) -> tuple[str | None, list]:
    """The condition (None without a search) that ``haystack`` holds every word of ``search`` (``search_terms``, as
    the case list reads it: each word as typed and as numbers are stored — 佛南市监罚(2026)5号 or 2026]5 finds
    〔2026〕5号, and a number with its year typed with spaces, 第 or leading zeros is one word that finds it too), %
    and _ themselves; of several words, the row's text is put together once for all of them."""
    from workstation.store.base import like_contains
    from workstation.store.cases import search_terms

    terms = search_terms(search)
    if not terms:
        return None, []
    tests = " AND ".join("(" + " OR ".join(["{h} LIKE ? ESCAPE '\\'"] * len(term)) + ")" for term in terms)
    clause = tests.format(h=haystack) if len(terms) == 1 else \
        f"EXISTS (SELECT 1 FROM (SELECT {haystack} AS h) WHERE {tests.format(h='h')})"
    return clause, [like_contains(t) for term in terms for t in term]


def _where(search: str, state: str, year: str, form: str = "", agency: str = "") -> tuple[str, str, list]:
    """The joins (those the search and the agency read) and WHERE clause over ``documents d`` of the filters, with
    their values. ``agency``: the documents of that agency as lists filtered by one show them (a district bureau's
    with its town offices', the city bureau's own: ``store.agencies.LISTED_AGENCIES``)."""
    clauses, params, joins = [], [], ""
    if state:  # void read from the row itself; corrected: a correction in force names it
        corrected = ("EXISTS (SELECT 1 FROM documents n WHERE n.supersedes_id = d.id AND n.status = 'issued')")
        clauses.append({"void": "d.status = 'void'", "corrected": f"d.status != 'void' AND {corrected}",
                        "issued": f"d.status != 'void' AND NOT {corrected}", "lost": "0"}[state])
    if year:  # the year of the date it bears; those issued before the year began are passed over on the index
        clauses.append(f"d.issued_at >= ? AND substr({_DATED}, 1, 4) = ?")
        params += [year, year]
    if form:
        clauses.append("d.form_id = ?")
        params.append(form)
    if agency:
        from workstation.store.agencies import listed_agency_condition

        condition, values = listed_agency_condition(agency, _AGENCY_ID)
        clauses.append(condition)
        params += values
        joins = _JOINS
    from workstation.formkit.values import PRINTED_SERIAL_FIELD

    # the serial printed on a form without a 文号 (``document_reference``) is read from the values of such a
    # document only: parsing every document's values would be most of the search's time
    serial = (f"CASE WHEN d.number IS NULL AND instr(d.values_json, '\"{PRINTED_SERIAL_FIELD}\"') > 0 AND "
              f"json_valid(d.values_json) THEN json_extract(d.values_json, '$.{PRINTED_SERIAL_FIELD}') END")
    haystack = (f"COALESCE(d.number, '') || char(31) || d.title || char(31) || COALESCE(c.case_number, '') || "
                f"char(31) || COALESCE({_case_parties_sql()[1]}, '') || char(31) || COALESCE({_LEAD_TARGET}, '') "
                f"|| char(31) || COALESCE({_INTERVIEW_PARTIES}, '') || char(31) || COALESCE({serial}, '') || char(31) "
                f"|| COALESCE({_AGENCY_NAMES.format(agency=_AGENCY_ID)}, '')")
    found, words = _term_tests(search, haystack)
    if found:
        clauses.append(found)
        params += words
        joins = _JOINS
    return joins, (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _form_codes(form: str) -> list[str]:
    """The 文号 type codes documents of ``form`` are numbered with: its own, and those bureaus set for it in
    agencies.toml (``numbering.agency_type_codes``); [] for a form taking none or unknown."""
    from workstation.formkit.spec import load_forms
    from workstation.store.agencies import reference_type_codes

    spec = load_forms()[0].get(form)
    if spec is None or not spec.type_code:
        return []
    return sorted({spec.type_code, *(codes[form] for codes in reference_type_codes().values() if form in codes)})


def _gaps_where(search: str, state: str, year: str, form: str = "", agency: str = "") -> tuple[str, list] | None:
    """The WHERE clause over ``doc_numbers n`` choosing the numbers taken without a document (``_NUMBER_GAPS``) the
    filters find, with its values; None when the filters find none (those corrected, a form taking no 文号). Their
    state is the number's (void, with the reason); their year the 文号's; their agency the numbering bureau's."""
    clauses, params = [_NUMBER_GAPS], []
    if state == "corrected":
        return None
    if state:
        clauses.append("n.status = ?")
        params.append(state)
    if year:
        clauses.append("n.year = ?")
        params.append(int(year) if year.isdigit() else -1)
    if form:
        codes = _form_codes(form)
        if not codes:
            return None
        clauses.append(f"n.type_code IN ({', '.join('?' * len(codes))})")
        params += codes
    if agency:
        from workstation.store.agencies import listed_agency_condition

        condition, values = listed_agency_condition(agency, "n.agency_id")
        clauses.append(condition)
        params += values
    found, words = _term_tests(search, "n.number || char(31) || n.void_reason || char(31) || n.lost_case || char(31) || "
                                       f"COALESCE({_AGENCY_NAMES.format(agency='n.agency_id')}, '')")
    if found:
        clauses.append(found)
        params += words
    return " WHERE " + " AND ".join(clauses), params


# the 文号 row of a document (``dn``), for the order by 文号, found by the index of the number: the first of them (a
# number given twice after a restore, m041, is held by two rows, of the same agency, type, year and serial)
_NUMBER_JOIN = (" LEFT JOIN doc_numbers dn ON dn.rowid = (SELECT MIN(x.rowid) FROM doc_numbers x WHERE x.number = "
                "d.number)")


def _number_key(alias: str) -> list[str]:
    """The order by 文号 of the row ``alias`` of ``doc_numbers``: its agency's abbreviation, type code, year, serial
    ('' and 0 for a document without one)."""
    return [f"COALESCE((SELECT doc_abbrev FROM agencies WHERE id = {alias}.agency_id), '')",
            f"COALESCE({alias}.type_code, '')", f"COALESCE({alias}.year, 0)", f"COALESCE({alias}.serial, 0)"]


def _sort_keys(sort: str) -> tuple[list[str], list[str], str]:
    """(the order's columns over ``documents d``, over ``doc_numbers n`` — the numbers taken without a document —,
    the join the documents' need) of ``sort`` (one of ``SORTS``), before the tie-breakers (1 for a document or 0 for
    a number, then the rowid): the issue time last, so that rows alike follow it."""
    if sort == "dated":
        return [_DATED, "d.issued_at"], ["''", "n.issued_at"], ""
    if sort == "number":
        return [*_number_key("dn"), "d.issued_at"], [*_number_key("n"), "n.issued_at"], _NUMBER_JOIN
    if sort == "issued":
        return ["d.issued_at"], ["n.issued_at"], ""
    raise ValueError(f"unknown sort {sort!r}")


def _cursor(db: Database, after: RegisteredDocument | None, sort: str = "issued") -> tuple | None:
    """The place in the register's order (``sort``) of the row ``after`` (the last one listed): its key there
    (``_sort_keys``: for the issue time, the issue time), 1 for a document or 0 for a number taken without one, its
    rowid — by issue time newest first, a document before a number taken the same instant, the later row first.
    None without one (the first page)."""
    if after is None:
        return None
    documents, numbers, join = _sort_keys(sort)
    query = (f"SELECT {', '.join(numbers)}, 0, n.rowid FROM doc_numbers n WHERE n.id = ?" if after.kind == "number"
             else f"SELECT {', '.join(documents)}, 1, d.rowid FROM documents d{join} WHERE d.id = ?")
    row = db.execute(query, [after.id]).fetchone()
    if row is None:  # never: documents and numbers are never deleted
        from workstation.errors import NotFound

        raise NotFound(_("No issued document {id}.").format(id=after.id))
    return tuple(row)


def _newest_rows(db: Database, joins: str, where: str, params: list, gaps_where: tuple[str, list] | None,
                 cursor: tuple | None, by: str, limit: int | None) -> list[tuple]:
    """(issue time, 1 for a document or 0 for a number taken without one, rowid) of the rows of the register's page,
    newest first, after ``cursor`` (``_cursor``): the documents along the index of the issue time (``by``), the
    numbers without a document (a handful) placed among them by when they were taken."""
    if cursor is not None:  # the rows after it in the order: a document issued since, newer, is not among them
        at, source, rowid = cursor
        where += " AND " if where else " WHERE "
        where += f"{by} <= ? AND ({by} < ? OR d.rowid < ?)" if source else f"{by} < ?"
        params = params + ([at, at, rowid] if source else [at])
        if gaps_where is not None:
            gaps_where = (gaps_where[0] + (" AND n.issued_at <= ?" if source else
                                           " AND n.issued_at <= ? AND (n.issued_at < ? OR n.rowid < ?)"),
                          gaps_where[1] + ([at] if source else [at, at, rowid]))
    page = "" if limit is None else " LIMIT ?"
    found = db.execute(
        f"SELECT d.rowid, d.issued_at FROM documents d{joins}{where} ORDER BY {by} DESC, d.rowid DESC{page}",
        params + ([] if limit is None else [limit])).fetchall()
    gaps = [] if gaps_where is None else db.execute(
        f"SELECT n.issued_at, n.rowid FROM doc_numbers n{gaps_where[0]} ORDER BY n.issued_at DESC, n.rowid DESC{page}",
        gaps_where[1] + ([] if limit is None else [limit])).fetchall()
    if gaps:
        order = sorted([(at, 1, r) for r, at in found] + [(at, 0, r) for at, r in gaps], reverse=True)
    else:
        order = [("", 1, r) for r, _at in found]
    return order if limit is None else order[:limit]


def _sorted_rows(db: Database, joins: str, where: str, params: list, gaps_where: tuple[str, list] | None,
                 cursor: tuple | None, sort: str, descending: bool, limit: int | None) -> list[tuple]:
    """(key…, 1 for a document or 0 for a number taken without one, rowid) of the rows of the register's page in the
    order ``sort`` (``_sort_keys``), ``descending`` or not, after ``cursor`` (``_cursor``, its key in that order):
    the documents and the numbers each sorted by that key, then merged."""
    documents, numbers, join = _sort_keys(sort)
    documents, numbers = [*documents, "1", "d.rowid"], [*numbers, "0", "n.rowid"]
    direction, past = ("DESC", "<") if descending else ("ASC", ">")
    page = "" if limit is None else " LIMIT ?"
    if cursor is not None:  # the rows past it in the order (row values compared term by term)
        marks = ", ".join("?" * len(cursor))
        where += (" AND " if where else " WHERE ") + f"({', '.join(documents)}) {past} ({marks})"
        params = params + list(cursor)
        if gaps_where is not None:
            gaps_where = (gaps_where[0] + f" AND ({', '.join(numbers)}) {past} ({marks})",
                          gaps_where[1] + list(cursor))
    def by(columns: list[str]) -> str:  # the source, the same for each row of a table, left out (a bare 1 is a place)
        return ", ".join(f"{column} {direction}" for column in columns if column not in ("0", "1"))

    found = db.execute(f"SELECT {', '.join(documents)} FROM documents d{joins}{join}{where} ORDER BY "
                       f"{by(documents)}{page}", params + ([] if limit is None else [limit])).fetchall()
    gaps = [] if gaps_where is None else db.execute(
        f"SELECT {', '.join(numbers)} FROM doc_numbers n{gaps_where[0]} ORDER BY {by(numbers)}{page}",
        gaps_where[1] + ([] if limit is None else [limit])).fetchall()
    order = sorted([tuple(row) for row in found] + [tuple(row) for row in gaps], reverse=descending) if gaps \
        else [tuple(row) for row in found]
    # (key, source, rowid): the key folded into one place, as the register's rows are read from the last two
    order = [(row[:-2], row[-2], row[-1]) for row in order]
    return order if limit is None else order[:limit]


def registered_documents(db: Database, search: str = "", state: str = "", year: str = "", limit: int | None = PAGE,
                         *, form: str = "", agency: str = "", after: RegisteredDocument | None = None,
                         sort: str = "issued", descending: bool = True,
                         progress: ProgressFn | None = None, cancel: CancelToken | None = None,
                         message: str = "") -> list[RegisteredDocument]:
    """The documents issued, newest first, whose 文号, title, case number, party names or agency contain ``search``,
    in the ``state`` given (one of ``STATE_FILTERS``; "" for all), dated in ``year`` ("2026"; "" for every year), of
    the ``form`` (a form id) and ``agency`` (an agency id, with its offices as ``_where`` says) given ("" for all),
    with the numbers taken without a document the same filters find among them (``_gaps_where``): a page of ``limit``
    (None: all of them) after the row ``after`` (the last one listed: the next page follows on from it, whatever was
    issued meanwhile), in the order ``sort`` (one of ``SORTS``: ``_sort_keys``), ``descending`` or not. The page's
    documents are chosen first (newest first by issue time, along the index of the issue time, m048; in another
    order, by its key over the documents found, a page following on from the last row's key), and only they are read
    whole: reading and sorting every document's values and correlated columns
    took seconds at a hundred thousand documents. Before the first row and every ``EXPORT_STEP`` rows read and made,
    ``cancel`` (a ``CancelToken``) is looked at and ``progress`` (a ``ProgressFn``) told, with ``message`` (the
    export's progress and Cancel)."""
    from workstation.board_export import label_rules, lead_label
    from workstation.formkit.spec import load_forms
    from workstation.formkit.values import document_date, document_reference
    from workstation.masking import mask_text

    joins, where, params = _where(search, state, year, form, agency)
    # the voided documents, few, are found by their own index (``documents_void``) and sorted: walking the order's
    # index would read every document to find them
    by = "+d.issued_at" if state == "void" else "d.issued_at"
    cursor = _cursor(db, after, sort)
    gaps_where = _gaps_where(search, state, year, form, agency)
    if sort != "issued" or not descending:
        order = _sorted_rows(db, joins, where, params, gaps_where, cursor, sort, descending, limit)
    else:
        order = _newest_rows(db, joins, where, params, gaps_where, cursor, by, limit)
    chosen = [r for _at, source, r in order if source]
    # the work counted in two halves: each document's row read, then made into a row of the register
    total = 2 * len(order)

    def step(done: int) -> None:
        if cancel is not None:
            cancel.check()
        if progress is not None:
            progress(done, total, message)

    rows: dict[int, tuple] = {}
    for start in range(0, len(chosen), EXPORT_STEP):  # within SQLite's limit of parameters
        step(start)
        batch = chosen[start:start + EXPORT_STEP]
        for row in db.execute(f"SELECT d.rowid, {_columns()} FROM documents d{_JOINS} WHERE d.rowid IN "
                              f"({', '.join('?' * len(batch))})", batch):
            rows[row[0]] = row[1:]
    numbers = _gap_rows(db, [r for _at, source, r in order if not source])
    serials = _serial_notes(db, [(row[0], row[4]) for row in rows.values() if row[4]])
    noticed = _noticed_interviews(db, [row[8] for row in rows.values() if row[1] == "interview_notice" and row[8]])
    forms = load_forms()[0]
    rules = label_rules(db)  # a lead's category named as the rules in force name it
    out: list[RegisteredDocument] = []
    for _at, source, rowid in order:
        if len(out) % EXPORT_STEP == 0:
            step(len(chosen) + len(out))
        if not source:
            out.append(numbers[rowid])
            continue
        (doc_id, form_id, values_json, issued_at, number, title, case_id, lead_id, interview_id, case_number,
         case_parties, addressed, cause, target, category, phones, description, held_on, interview_parties, agency_name,
         pages, status, void_reason, corrected_by, corrects) = rows[rowid]
        # as ``issuing.document_list`` reads it: voided, else replaced by a correction in force, else standing
        state_of = "void" if status == "void" else "corrected" if corrected_by is not None else "issued"
        values = json.loads(values_json or "{}")
        if case_id:
            subject, parties = case_named(case_number, case_parties or "", cause or ""), addressed or ""
        elif lead_id:
            subject = _("Lead: {target}").format(target=lead_label(target, "", "", category, phones, description,
                                                                    rules))
            parties = target or ""
        else:
            subject, parties = _("Interview of {date}").format(date=held_on or "—"), interview_parties or ""
        # a correction names the document it corrects, as the 卷内文件目录 does (更正…), before what became of it
        remarks = [_("correcting {number}").format(number=corrects)] if corrects else []
        if doc_id in serials:  # a serial chosen by hand, with the serials it passed over: the gap explained
            remarks.append(serials[doc_id])
        if state_of == "void" and (void_reason or "").strip():  # the state says voided: the note, why
            remarks.append(void_reason.strip())
        elif state_of == "corrected":
            remarks.append(_("replaced by the correction {number}").format(number=corrected_by))
        elif interview_id in noticed:  # a notice summoning to the day its interview was moved from, as the window says
            from workstation.store.interviews import stale_notice_mark

            remarks.append(stale_notice_mark(noticed[interview_id], SimpleNamespace(
                form_id=form_id, status=status, values=values)).strip())
        note = _("; ").join(r for r in remarks if r)
        out.append(RegisteredDocument(
            id=doc_id, dated=document_date(forms.get(form_id), values, issued_at[:10]),
            number=document_reference(number, values) or "", title=title, case_id=case_id, lead_id=lead_id,
            interview_id=interview_id, subject=subject, parties=mask_text(parties), agency=agency_name or "",
            pages=pages, state=state_of, note=mask_text(note), issued_at=issued_at))
    return out


def _noticed_interviews(db: Database, interview_ids: list[str]) -> dict[str, SimpleNamespace]:
    """{interview id: its day, time and status} of the interviews ``interview_ids`` (those of the 约谈通知书 listed),
    as ``store.interviews.stale_notice_mark`` reads them: a notice issued before its interview was moved is marked."""
    found: dict[str, SimpleNamespace] = {}
    ids = list(dict.fromkeys(interview_ids))
    for start in range(0, len(ids), EXPORT_STEP):  # within SQLite's limit of parameters
        batch = ids[start:start + EXPORT_STEP]
        for interview_id, held_on, held_at, status in db.execute(
                f"SELECT id, held_on, held_at, status FROM interviews WHERE id IN ({', '.join('?' * len(batch))})",
                batch):
            found[interview_id] = SimpleNamespace(held_on=held_on, held_at=held_at, status=status)
    return found


def _gap_rows(db: Database, rowids: list[int]) -> dict[int, RegisteredDocument]:
    """The rows of the numbers taken without a document (``_NUMBER_GAPS``) of ``doc_numbers`` rowids ``rowids``: the
    文号 with no date, case or pages, its agency the numbering bureau, its state the number's, its note the reason
    it was kept taken (the restore that lost its document); a number ``lost`` in a restore names the case (its
    ``case_id`` when the case is here) and form its document was for, where the data replaced had them."""
    from workstation.formkit.spec import load_forms
    from workstation.masking import mask_text

    forms = load_forms()[0]

    found: dict[int, RegisteredDocument] = {}
    for start in range(0, len(rowids), EXPORT_STEP):
        batch = rowids[start:start + EXPORT_STEP]
        for rowid, number_id, number, status, reason, issued_at, agency_name, case_id, case, form in db.execute(
                "SELECT n.rowid, n.id, n.number, n.status, n.void_reason, n.issued_at, (SELECT COALESCE(NULLIF("
                "short_name, ''), name) FROM agencies WHERE id = n.agency_id), (SELECT id FROM cases WHERE id = "
                "n.lost_case_id), n.lost_case, n.lost_form FROM doc_numbers n WHERE n.rowid IN "
                f"({', '.join('?' * len(batch))})", batch):
            spec = forms.get(form or "")
            found[rowid] = RegisteredDocument(
                id=number_id, dated="", number=number,
                # the form its lost document was of, where the data a restore replaced named it
                title=_("{form} (文号 taken without a document here)").format(form=spec.title) if spec else
                _("文号 taken without a document here"), case_id=case_id, lead_id=None, interview_id=None,
                subject=case or "", parties="", agency=agency_name or "", pages=0,
                state=status if status in ("void", "lost") else "issued", note=mask_text((reason or "").strip()),
                issued_at=issued_at, kind="number")
    return found


def _serial_notes(db: Database, documents: list[tuple[str, str]]) -> dict[str, str]:
    """{document id: its note} of the ``documents`` (id, 文号) whose serial was chosen by hand (``numbering.
    take_number`` audits it as ``manual_serial``): said so, with the serials of its sequence it passed over — those
    above the highest taken before it, up to it — and whether the officer confirmed that skip when asked to (more
    than ``numbering.SKIP_MARGIN``: ``--skip-serials`` or the issue dialog's box), as its audit entry records it
    (``numbering.manual_serial_entry``, told by its digest). A sequence of number blocks (号段) is left at the
    first: its serials between blocks are other stations'. Read for the page's documents only, by the indexes of
    their 文号 and of the audit log."""
    from workstation.audit import digest
    from workstation.documents.number_blocks import sequence_blocks
    from workstation.documents.numbering import manual_serial_entry

    numbered: dict[str, tuple] = {}
    for start in range(0, len(documents), EXPORT_STEP):
        batch = documents[start:start + EXPORT_STEP]
        wanted = {doc_id for doc_id, _number in batch}
        for row in db.execute("SELECT n.id, n.document_id, n.agency_id, n.type_code, n.year, n.serial, n.issued_at, "
                              f"n.number FROM doc_numbers n WHERE n.number IN ({', '.join('?' * len(batch))})",
                              [number for _id, number in batch]):
            if row[1] in wanted:
                numbered[row[0]] = row[1:]
    manual: dict[str, str] = {}  # {number id: its manual_serial entry's after digest}
    ids = list(numbered)
    for start in range(0, len(ids), EXPORT_STEP):
        batch = ids[start:start + EXPORT_STEP]
        manual.update(db.execute(
            "SELECT entity_id, after_digest FROM audit WHERE entity = 'doc_number' AND action = 'manual_serial' AND "
            f"entity_id IN ({', '.join('?' * len(batch))})", batch).fetchall())
    notes = {}
    for number_id, entry in manual.items():
        doc_id, owner, type_code, year, serial, taken_at, number = numbered[number_id]
        note = _("serial chosen by hand")
        if not sequence_blocks(db, owner, type_code, year):
            before = db.execute("SELECT MAX(serial) FROM doc_numbers WHERE agency_id = ? AND type_code = ? AND "
                                "year = ? AND issued_at < ?", [owner, type_code, year, taken_at]).fetchone()[0] or 0
            if serial > before + 1:
                passed = f"{before + 1}–{serial - 1}" if serial - 1 > before + 1 else str(before + 1)
                confirmed = entry == digest(manual_serial_entry(number, serial, doc_id, skip_confirmed=True))
                note = (_("serial chosen by hand, skipping {serials}号 (the skip confirmed)") if confirmed else
                        _("serial chosen by hand, skipping {serials}号")).format(serials=passed)
        notes[doc_id] = note
    return notes


def count_documents(db: Database, search: str = "", state: str = "", year: str = "", form: str = "",
                    agency: str = "") -> int:
    """How many rows ``registered_documents`` finds for the same filters, all pages together: the documents, and the
    numbers taken without a document (``count_found``, added up)."""
    return sum(count_found(db, search, state, year, form, agency))


def count_found(db: Database, search: str = "", state: str = "", year: str = "", form: str = "",
                agency: str = "") -> tuple[int, int]:
    """(documents, numbers taken without a document) ``registered_documents`` finds for the same filters, all pages
    together: said apart, as the command line's export says them."""
    joins, where, params = _where(search, state, year, form, agency)
    documents = db.execute(f"SELECT COUNT(*) FROM documents d{joins}{where}", params).fetchone()[0]
    gaps = _gaps_where(search, state, year, form, agency)
    numbers = 0 if gaps is None else db.execute(f"SELECT COUNT(*) FROM doc_numbers n{gaps[0]}", gaps[1]).fetchone()[0]
    return documents, numbers


def issue_years(db: Database) -> list[str]:
    """The years of the dates the documents bear (as the register's 成文日期 and their 文号 give them), with those of
    the numbers taken without a document, newest first (the register's year filter)."""
    return [row[0] for row in db.execute(
        f"SELECT substr({_DATED}, 1, 4) FROM documents d UNION SELECT CAST(n.year AS TEXT) FROM doc_numbers n "
        f"WHERE {_NUMBER_GAPS} ORDER BY 1 DESC").fetchall()]


def register_forms() -> list[tuple[str, str]]:
    """(form id, title) of every document type, as the register's type filter offers them (their catalogue's order)."""
    from workstation.formkit.spec import load_forms

    return [(form.id, form.title) for form in load_forms()[0].values()]


def number_cell(number: str) -> str:
    """The 文号 cell of the CSV: a number of digits only (the 编号 printed on a pre-printed 当场处罚决定书, 0012345) as
    ="0012345", which Excel and WPS read as that text (a bare 0012345 they read as the figure 12345, a long one
    rounded); any other as ``sheet_cells.csv_value`` writes it (never taken for a formula)."""
    return text_cell(number) if number.isascii() and number.isdigit() else csv_value(number)


def register_csv(documents: list[RegisteredDocument]) -> bytes:
    """``documents`` as CSV in UTF-8 with BOM: the header, then one row each in the order given."""
    import csv

    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(csv_row(EXPORT_HEADER))
    for d in documents:
        # a title or party worded "=…" written as text, not run as a formula (``csv_row``); the 文号 kept as written
        row = csv_row([d.dated, d.number, d.title, d.subject, d.parties, d.agency,
                       d.pages if d.kind == "document" else "", _(STATES[d.state]), d.note,
                       short_time(d.issued_at)])
        row[1] = number_cell(d.number)
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_register(db: Database, path: str | Path, search: str = "", state: str = "", year: str = "",
                    form: str = "", agency: str = "", *, sort: str = "issued", descending: bool = True,
                    progress: ProgressFn | None = None, cancel: CancelToken | None = None) -> Path:
    """Write every row the filters find (not only the page shown) to ``path`` as CSV, in the order ``sort``,
    ``descending`` or not (``registered_documents``: the window's list as sorted), whole or not at all
    (``export_register_counted``); the file written."""
    return export_register_counted(db, path, search, state, year, form, agency, sort=sort, descending=descending,
                                   progress=progress, cancel=cancel)[0]


def export_register_counted(db: Database, path: str | Path, search: str = "", state: str = "", year: str = "",
                            form: str = "", agency: str = "", *, sort: str = "issued", descending: bool = True,
                            progress: ProgressFn | None = None,
                            cancel: CancelToken | None = None) -> tuple[Path, int, int]:
    """Write every row the filters find (not only the page shown) to ``path`` as CSV, whole or not at all: a task of
    the window's runner or the command line's, ``progress`` told every ``EXPORT_STEP`` rows and ``cancel`` looked at
    as often and once more before the file is written (a city's tens of thousands of documents take a while);
    cancelled, nothing is written. (The file written, how many documents and how many numbers taken without a
    document it holds: the rows written, not counted again.) A name ending in another format's extension
    (发文.xlsx) is refused before anything is read (``output_names.output_format``): CSV under it opens as garbage."""
    from workstation.output import write_output
    from workstation.output_names import output_format

    output_format(path, ("csv",))

    message = _("Writing {file}").format(file=Path(str(path)).name)
    documents = registered_documents(db, search, state, year, limit=None, form=form, agency=agency, sort=sort,
                                     descending=descending, progress=progress, cancel=cancel, message=message)
    data = register_csv(documents)
    if cancel is not None:  # a Cancel pressed while the CSV was made: nothing written
        cancel.check()
    if progress is not None:
        progress(2 * len(documents), 2 * len(documents), message)
    numbers = sum(1 for d in documents if d.kind == "number")
    return write_output(str(path), data), len(documents) - numbers, numbers
