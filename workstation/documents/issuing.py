"""Issuing a document: its values checked, the next 文号 of its agency, type and year taken, the PDF rendered
with that number and kept in the file store, and the values (with the agency's name, case number and date it
was printed under, ``ISSUED_AS``), form version and PDF sha256 frozen in one transaction with an audit entry. A failure anywhere gives the number back; an issued document is never
edited (a correction is a new document that supersedes it) and is voided only with a reason."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from workstation.audit import AuditWriter, acting_officer
from workstation.case_reference import case_named
from workstation.db import Database
from workstation.db.connection import immediate
from workstation.documents.addressee import PARTY_KEY, choose_party, recorded_party
from workstation.documents.blocks import Document
from workstation.documents.compose import compose
from workstation.documents.drafts import own_amounts_context, refuse_interview_form
from workstation.documents.glyphs import (
    document_missing_glyphs,
    field_texts,
    missing_glyphs,
    refuse_missing_glyphs,
)
from workstation.documents.number_blocks import exhausted_refusal
from workstation.documents.numbering import (
    document_type_code,
    number_year,
    serial_refusal,
    take_number,
    void_number,
)
from workstation.documents.stage_rules import field_refusals, stage_refusal, state_refusal
from workstation.documents.stated_counts import count_refusal, listed_counts
from workstation.errors import NotFound, ValidationError, WorkstationError, join_sentences
from workstation.filestore import StoredFileError, read_file, store_file
from workstation.formkit.measures import numbered_context
from workstation.formkit.spec import FormSpec
from workstation.formkit.template import placeholders
from workstation.formkit.values import (
    case_context,
    checked_values,
    default_values,
    document_date,
    document_reference,
    none_given,
    only_headings,
    recorded_day,
)
from workstation.i18n import N_, _, join_names
from workstation.penalty_terms import NOTICE_FORM, ON_THE_SPOT_FORM
from workstation.read_once import context_reads_once
from workstation.records import Case, new_id, now, today
from workstation.store import parties_of_case
from workstation.store.evidence import list_evidence


class NumberMoved(WorkstationError):
    """The 文号 ``shown`` to the officer before issuing (the next one, or that of the serial typed) is not the one the
    document would take now: nothing was issued; ``number`` the one it would take. ``taken``: another document holds
    ``shown`` (issued from another window or process meanwhile); else the 文号 changed otherwise (the year of its
    date, its sequence), and the message does not say another took it."""

    def __init__(self, shown: str, number: str, taken: bool = True):
        if taken:
            message = _("{shown} was taken meanwhile by another document (issued from another window or "
                        "computer): nothing was issued. The next 文号 is now {number}.")
        else:
            message = _("{shown} is not the 文号 this document would take now: it would take {number} (its date, "
                        "the year or its sequence changed since it was shown). Nothing was issued; check the 文号 "
                        "and issue it again.")
        super().__init__(message.format(shown=shown, number=number))
        self.shown, self.number, self.taken = shown, number, taken


@dataclass(frozen=True)
class IssuedDocument:
    """An issued document as stored."""

    id: str
    case_id: str | None
    form_id: str
    form_version: int
    title: str
    status: str
    number: str | None
    values: dict
    pdf_sha256: str
    pages: int
    supersedes_id: str | None
    issued_at: str
    issued_by: str
    void_reason: str = ""
    interview_id: str | None = None
    lead_id: str | None = None
    #: what it was printed under besides its values ({"agency", "case_number", "date"}, ``ISSUED_AS``); {} for a
    #: document issued by a version that did not keep it
    issued_as: dict = field(default_factory=dict)


#: the key of ``values_json`` that keeps what an issued document was composed under besides its values — the
#: agency's name, the case number and the date it bears, as printed when it was issued — so that a copy made later
#: (its DOCX) reads as issued although the agency was renamed or the case renumbered since. Never a field's name;
#: ``document_from_row`` takes it out of the values into ``IssuedDocument.issued_as``.
ISSUED_AS = "_issued_as"


#: what a field ``required_to_issue`` drawing on the case's records is left empty for, said with its refusal: the
#: 电子数据证据提取笔录's files, when the case's evidence register holds no electronic data (never an invented file)
UNRECORDED_TO_ISSUE = {
    "evidence.electronic_files": N_("The case's evidence register holds no electronic data (客户名单, 聊天记录, "
                                    "短信平台记录, 通话记录, 电子数据): register the files extracted (证据 tab, or evidence "
                                    "add) and the record lists them with their hashes, or type the files extracted."),
}


def missing_to_issue(form: FormSpec, values: dict, db: Database | None = None,
                     case: Case | None = None) -> dict[str, str]:
    """The refusal of the form's ``required_to_issue`` fields the checked ``values`` leave empty (an inquiry
    record's end time, place and the interviewee's identity), {label of the first: message naming them all}: a
    draft may lack them, the document issued may not; {} when all are given. A field drawing on what the case
    records says where to record it (``UNRECORDED_TO_ISSUE``) — but, with ``db`` and ``case``, a record of an
    extraction whose every item is on an issued record already says that instead, naming them
    (``evidence.nothing_new_note``: the register does hold them). A question-and-answer field (the 询问笔录's 询问内容)
    holding a question without its answer is refused under its label too, naming the question (``qa.unanswered``)."""
    from workstation.formkit.qa import unanswered_refusal

    unanswered = {field.label: message for field in form.fields
                  if field.type == "qa" and (message := unanswered_refusal(values.get(field.name)))}
    names = [name for name in form.required_to_issue if values.get(name) in (None, "")]
    if not names:
        return unanswered
    empty = [form.field(name).label for name in names]
    message = _("{labels} must be filled in before issuing (a draft may leave them empty): fill them in, "
                "then issue.").format(labels="、".join(empty))
    unrecorded = [_(UNRECORDED_TO_ISSUE[form.field(name).source]) for name in names
                  if form.field(name).source in UNRECORDED_TO_ISSUE]
    if unrecorded and db is not None and case is not None:
        from workstation.store.evidence import nothing_new_note

        if listed := nothing_new_note(db, case, form.id, values):  # every item on an issued record: not "holds none"
            unrecorded = [listed]
    if unrecorded:
        message = join_sentences([message, *unrecorded])
    # not a field the register fills in, read only (the 指定管辖通知书's 指定管辖的机关): the details do not set it
    if any(form.field(name).source.startswith("agency.") and not form.field(name).read_only for name in names):
        from workstation.agency_details import WHERE

        # the bureau's own details (本局文书信息): say where they are set once for every document
        message = join_sentences([message, _("They are the bureau's document details: set them once in {where}, "
                                             "and every new document takes them.").format(where=WHERE)])
    return {empty[0]: message, **unanswered}


def _date_field(form: FormSpec, values: dict) -> str | None:
    """The field whose date a document bears (``document_date``): its form's ``date_field`` when given, else the
    date its signature block prints; None when it bears the day it is issued."""
    if form.date_field and recorded_day(values.get(form.date_field)):
        return form.date_field
    for block in form.blocks:
        if block.kind == "signature" and isinstance(block.lines, tuple):
            for line in block.lines:
                for name, name_filter, _argument in placeholders(line):
                    if name_filter == "date" and values.get(name):
                        return name
    return None


def future_date_refusal(form: FormSpec, values: dict, date: str | None = None) -> dict[str, str]:
    """{label of its field: why} when the date the document bears (``date``, else ``document_date`` of the checked
    ``values``: its 落款, or the day a record records) is after Beijing's today — its 文号 would be of a year not
    begun, and it would go out before the day it says it was signed; {} when it is not. Every form is issued
    through this (case, lead and interview documents alike); a draft may still be printed beforehand."""
    day = str(date or document_date(form, values, today()))[:10]
    if day <= today():
        return {}
    field = form.field(_date_field(form, values) or "")
    label = field.label if field else _("Date")
    return {label: _("{date} is after today ({today}): a document is issued on or after the day it bears. Correct "
                     "the date, or issue the document on that day (its draft may be printed now).").format(
        date=day, today=today())}


# the case's parties, its evidence register, the forms, the account of the payment and the case's clocks, the legal
# data files read once for all the checks (``case_context``, the defaults, the checks)
@context_reads_once()
def check_issue(db: Database, case: Case, form: FormSpec, overrides: dict | None = None,
                supersedes: str | None = None, party_id: str | None = None,
                serial: int | None = None, *, for_command_line: bool = False,
                today: str | None = None) -> tuple[dict, dict]:
    """Every check that refuses issuing ``form`` for ``case`` (an interview's form, the procedure not reaching
    the decision, a decision of the same kind in force for the party (void it first), a second form of those one
    per case not correcting the one in force (``one_per_case_refusal``), a missing or wrong value,
    the hearing paragraph, a penalty heavier than the notice or above the legal maximum, a number of records in
    its facts that the counted figure it prints contradicts (``stated_counts.count_refusal``), this station's
    number blocks of its 文号 used up (``number_blocks.exhausted_refusal``), an unknown corrected document or one corrected already), run without taking a number or writing
    anything, so the officer is refused before being asked to confirm. Returns the checked values and the case context; raises
    the WorkstationError (ValidationError for a value) that refuses it. A form written for one party is checked
    for ``party_id`` (default: the one ``overrides`` record, else the first party; ``addressee.choose_party``);
    in a case with several parties the values record that party (``addressee.PARTY_KEY``), so that each
    party's notice, decision and 送达回证 are its own, each with its own 文号, and its decision is compared with
    its own notice and waits for that party's own period (``procedure.party_issue_refusal``).
    ``for_command_line``: the refusals saying how to correct or void the document in the way name, after 更正… or
    Void… in the case's documents, the command line's own way too (``--supersedes …``, ``docs void``), as `docs
    issue` asks; the window, which offers those buttons, asks for neither. ``today``: the day (YYYY-MM-DD) the
    values were checked before the officer was asked to confirm, issued after: the context's ``today`` (the values
    a form dates by default, the date a document bearing the day it is issued bears, and so the year of its 文号,
    ``numbering.number_year``) — None: Beijing's today."""
    refuse_interview_form(form)
    from workstation.procedure import issue_refusal, party_issue_refusal, values_refusal

    refusal = issue_refusal(db, case, form.id) or state_refusal(db, case, form.id, for_command_line=for_command_line)
    if refusal:
        raise WorkstationError(refusal)
    superseded = None
    if supersedes:  # of this form and case and in force: a signed record, a void one, one corrected already are not
        superseded = get_document(db, supersedes)
        supersedes = superseded.id  # named by its 文号 typed otherwise (第, other brackets) too
        refusal = superseded_refusal(db, case, form, superseded)
        if refusal:
            raise WorkstationError(refusal)
    refusal = one_per_case_refusal(db, case, form, supersedes, for_command_line=for_command_line) \
        or on_the_spot_in_force_refusal(db, case, form, supersedes, for_command_line=for_command_line)
    if refusal:  # the case's 案件来源登记表, 立案审批表, 当场行政处罚决定书 … in force: a second one only as its correction
        raise WorkstationError(refusal)
    party = choose_party(db, case, form, party_id or (overrides or {}).get(PARTY_KEY))
    refusal = (superseded_party_refusal(db, case, form, superseded, party) if superseded else None) \
        or party_issue_refusal(db, case, form.id, party.id if party else None, supersedes) \
        or one_per_party_refusal(db, case, form, party.id if party else None, supersedes,
                                 for_command_line=for_command_line)
    if refusal:  # the party's decision in force (any case), its own period, or its 告知书 … in force
        raise WorkstationError(refusal)
    context = _dated(case_context(db, case, party.id if party else None), today)
    # an earlier decision named by its 文号: its measure, items…
    context = numbered_context(db, case, form, overrides, party.id if party else None, context)
    given = {**default_values(form, context, overrides), **(overrides or {})}
    if (own := own_amounts_context(db, case, form, party, given, context)) is not None:
        context = _dated(own, today)  # one of several parties: its 处罚依据 that of the amounts it proposes or imposes
        given = {**default_values(form, context, overrides), **(overrides or {})}
    values = checked_values(form, given, context)
    if message := none_given(form, values):  # the penalty of a notice or decision: never a form's default
        raise ValidationError({_("Penalty"): message})  # the group named once, not as its first field
    if missing := missing_to_issue(form, values, db, case) or only_headings(form, values, context):
        raise ValidationError(missing)  # a draft may lack them (or keep its headings), the document issued may not
    values = recorded_party(values, form, party, parties_of_case(db, case.id))
    # a hearing chaired by an investigator of the case; a pre-printed 编号 used already
    if errors := field_refusals(db, case, form.id, values) or printed_serial_refusal(db, case, form, values):
        raise ValidationError(errors)
    refusal = paid_correction_refusal(db, case, form, values, superseded) \
        or values_refusal(db, case, form.id, values) \
        or stage_refusal(db, case, form.id, values, supersedes, for_command_line=for_command_line) \
        or count_refusal(form, values, listed_counts(list_evidence(db, case.id),  # the register read once already
                                                     str(context.get("evidence.proof_stated") or ""))) \
        or number_refusal(
            db, case.agency_id, form, serial, number_year(document_date(form, values, str(context["today"]))),
            serial_offered=True)
    if refusal:
        raise WorkstationError(refusal)
    if future := future_date_refusal(form, values):  # its 落款 after today (said after a form's own date checks)
        raise ValidationError(future)
    if form.id == "file_index":  # its 页号 the pages the 卷宗 stamps: a signed record is never issued wrong
        from workstation.documents.casefile import index_page_refusals

        if wrong := index_page_refusals(db, case, values):
            raise ValidationError({form.field("index").label: "; ".join(wrong)})
    # a character no installed font has would print as a blank box: said before the officer is asked to confirm
    refuse_missing_glyphs(missing_glyphs(field_texts(form, values)), database_folder(db))
    if supersedes:
        get_document(db, supersedes)
    return values, context


def _dated(context: dict, day: str | None) -> dict:
    """The case ``context`` (``formkit.values.case_context``) of the day ``day`` (YYYY-MM-DD) instead of today —
    its ``today`` and what it set from it (``lead.assigned_on``), changed in place so that what it works out later
    from its ``today`` (``case.review_received_on``) reads that day too; as it is for None."""
    if day and context.get("today") != day:
        if context.get("lead.assigned_on") == context.get("today"):
            context["lead.assigned_on"] = day
        context["today"] = day
    return context


def database_folder(db: Database) -> Path | None:
    """The data directory of ``db`` (the folder of its file), None for a database in memory."""
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2]).parent if row and row[2] else None


def number_refusal(db: Database, agency_id: str, form: FormSpec, serial: int | None = None,
                   year: int | None = None, *, serial_offered: bool = False) -> str | None:
    """Why ``form`` cannot be numbered for ``agency_id``: the numbering hold after a restore (``numbering_hold``),
    this station's number blocks of its sequence used up (``number_blocks.exhausted_refusal``), or, with
    ``serial`` (a number chosen by hand), that 文号 not free (``numbering.serial_refusal``) or the form taking no
    文号. ``year``: the year of its 文号 (``numbering.number_year`` of its date; None: this year). None when it can.
    ``serial_offered``: the officer may still choose a serial (``docs issue --serial``, the window's question before
    issuing), so used-up blocks of a year before last, whose only way out is that choice
    (``number_blocks.past_year_refusal``), are left to the numbering itself."""
    from workstation.numbering_hold import current_hold, refusal_text

    type_code = document_type_code(db, agency_id, form)
    if type_code and (hold := current_hold(db)) is not None:  # after a restore: said before the 文号 is asked for
        return refusal_text(hold)
    if serial is None:
        if serial_offered and year is not None and year < int(today()[:4]) - 1:
            return None
        return exhausted_refusal(db, agency_id, type_code, year)
    if not type_code:
        return _("{title} takes no 文号: leave out the serial.").format(title=form.title)
    return serial_refusal(db, agency_id, type_code, serial, year)


def issue_document(db: Database, data_dir: Path, case: Case, form: FormSpec, overrides: dict | None = None,
                   supersedes: str | None = None, party_id: str | None = None,
                   serial: int | None = None, number_shown: str | None = None, *,
                   for_command_line: bool = False, today: str | None = None) -> IssuedDocument:
    """Issue ``form`` for ``case``; ValidationError (nothing taken) when a value is wrong, WorkstationError when
    ``check_issue`` refuses it (naming the command line's way to correct or void, ``for_command_line``); ``party_id``
    the party a form written for one party is issued to; ``serial`` the serial of its 文号 chosen by hand (one
    already taken on paper or in another system), when free; ``number_shown`` the 文号 the officer was shown and
    confirmed, the next one or that of ``serial`` (``NumberMoved``, nothing issued, when the issue would take
    another). ``today``: the day ``check_issue`` checked the values on before the officer was asked (its context's
    ``today``): they are checked again as of that day, from the same ``overrides`` (never the checked values given
    back as if typed: a fine checked in fen would be read again as yuan), so that the day turning meanwhile (New
    Year's midnight) issues neither another date nor a 文号 of another year than those confirmed (a document dated
    31 December takes a 文号 of that year: ``numbering.number_year``)."""
    values, context = check_issue(db, case, form, overrides, supersedes, party_id, serial,
                                  for_command_line=for_command_line, today=today)
    if supersedes:  # named by its id or its 文号 (``docs issue --supersedes``): the row records its id
        supersedes = get_document(db, supersedes).id
    return issue_values(db, data_dir, form, values, owner={"case_id": case.id}, agency_id=case.agency_id,
                        agency=str(context["agency.name"]), case_number=case.case_number,
                        date=document_date(form, values, str(context["today"])), supersedes=supersedes,
                        serial=serial, number_shown=number_shown)


def issue_values(db: Database, data_dir: Path, form: FormSpec, values: dict, *, owner: dict, agency_id: str,
                 agency: str, date: str, case_number: str = "", supersedes: str | None = None,
                 serial: int | None = None, number_shown: str | None = None) -> IssuedDocument:
    """Freeze checked ``values`` of ``form`` for their ``owner`` ({"case_id": …}, {"interview_id": …} or
    {"lead_id": …}): the
    next 文号 taken (its type code the numbering bureau's, ``numbering.document_type_code``; the serial ``serial``
    when given), the PDF rendered and stored, the row and its audit entry written in one transaction.
    ``number_shown``: the 文号 the officer confirmed (the next one, or that of ``serial``); another taken instead (the
    shown one issued meanwhile by another process, or the year of its date not the one shown) raises ``NumberMoved``
    and the transaction is rolled back, nothing issued."""
    from workstation.documents.pdf_writer import render_pdf

    if future := future_date_refusal(form, values, date):  # whoever calls: never a document dated after today
        raise ValidationError(future)
    document_id = new_id()
    with immediate(db):
        type_code = document_type_code(db, agency_id, form)
        # the 文号's year is the year of the date the document bears (its 落款), as a case number's is its filing's
        number = take_number(db, agency_id, type_code, number_year(date), document_id=document_id,
                             serial=serial, case_id=owner.get("case_id")).number if type_code else None
        if number_shown and number != number_shown:  # given back with the transaction
            taken = db.execute("SELECT 1 FROM doc_numbers WHERE number = ?", [number_shown]).fetchone() is not None
            raise NumberMoved(number_shown, number or "", taken)
        document = compose(form, values, agency=agency, case_number=case_number, number=number, date=date)
        # never a 文号 on blank boxes: refused (the number given back with the transaction) whoever issues it
        refuse_missing_glyphs(document_missing_glyphs(document), data_dir)
        rendered = render_pdf(document)
        digest = store_file(db, data_dir, rendered.data, "application/pdf")
        audit = AuditWriter(db)
        row = {"id": document_id, **owner, "form_id": form.id, "form_version": form.version,
               "title": document.title, "status": "issued", "number": number,
               # with what it was composed under: a copy composed again later prints the same (``issued_docx``)
               "values_json": json.dumps({**values, ISSUED_AS: {"agency": agency, "case_number": case_number,
                                                                "date": date}}, ensure_ascii=False, sort_keys=True),
               "pdf_sha256": digest,
               "pages": rendered.pages, "supersedes_id": supersedes, "issued_at": now(),
               # the officer issuing it (the register's name), never the computer's account: "" with nobody signed in
               "issued_by": acting_officer(db, audit.actor)}
        db.execute(f"INSERT INTO documents ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                   list(row.values()))
        audit.add("issue", "document", document_id, None, row)
        audit.flush()
        if form.id == ON_THE_SPOT_FORM and owner.get("case_id"):  # a correction: its fine, day, payment the case's
            from workstation.procedure import follow_on_the_spot_fine

            follow_on_the_spot_fine(db, owner["case_id"])
    return get_document(db, document_id)


#: the columns of ``documents`` an ``IssuedDocument`` is read from, in its fields' order
DOCUMENT_COLUMNS = ("id, case_id, form_id, form_version, title, status, number, values_json, pdf_sha256, pages, "
                    "supersedes_id, issued_at, issued_by, void_reason, interview_id, lead_id")


def document_from_row(row) -> IssuedDocument:
    """The ``IssuedDocument`` of a row selected as ``DOCUMENT_COLUMNS``."""
    values = list(row)
    values[7] = json.loads(values[7])
    issued_as = values[7].pop(ISSUED_AS, None) if isinstance(values[7], dict) else None
    return IssuedDocument(*values, issued_as=issued_as if isinstance(issued_as, dict) else {})


def get_document(db: Database, document_id: str) -> IssuedDocument:
    """The issued document of the id or 文号 ``document_id``: a 文号 however it was typed (other brackets, full-width
    digits, spaces, 第 or leading zeros: 佛南市监询[2026]第021号 is 佛南市监询〔2026〕21号), as case numbers are read."""
    row = db.execute(f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ? OR number = ?",
                     [document_id, document_id]).fetchone()
    if row is None:
        from workstation.case_reference import number_key, search_key

        number = number_key(search_key(document_id.strip()))
        if number and number != document_id:
            row = db.execute(f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE number = ?", [number]).fetchone()
    if row is None:
        row = _printed_serial_row(db, document_id)
    if row is None:
        raise NotFound(_("No issued document {id}.").format(id=document_id))
    return document_from_row(row)


def _printed_serial_row(db: Database, serial: str):
    """The row of the document without a 文号 known by the pre-printed 编号 ``serial`` (the 当场行政处罚决定书's, which
    `docs list` shows as its 文号: ``document_reference``), compared as ``printed_serial_refusal`` compares them; None
    when none (or, in data issued before 编号 were checked, several: which one is meant cannot be told)."""
    from workstation.formkit.values import PRINTED_SERIAL_FIELD

    key = _serial_key(serial)
    if not key:
        return None
    rows = [row for row in db.execute(
        f"SELECT {DOCUMENT_COLUMNS}, json_extract(values_json, '$.{PRINTED_SERIAL_FIELD}') FROM documents WHERE "
        f"COALESCE(number, '') = '' AND json_valid(values_json) AND json_extract(values_json, "
        f"'$.{PRINTED_SERIAL_FIELD}') IS NOT NULL").fetchall() if _serial_key(row[-1]) == key]
    return rows[0][:-1] if len(rows) == 1 else None


def case_documents(db: Database, case_id: str) -> list[IssuedDocument]:
    """The case's issued documents, oldest first (in one query: a case may hold hundreds)."""
    rows = db.execute(f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE case_id = ? ORDER BY issued_at, rowid",
                      [case_id]).fetchall()
    return [document_from_row(row) for row in rows]


#: the states of a case's document as ``docs list`` gives them, with their labels
DOCUMENT_STATES = {"draft": N_("Draft"), "issued": N_("Issued"), "void": N_("Void"), "corrected": N_("Corrected")}


def document_list(db: Database, case_id: str) -> list[dict]:
    """The case's documents for a listing (``docs list``): its kept drafts first (state ``draft``: no 文号, not issued;
    the working copies of an editor still open or closed by a crash too), then every document issued, oldest first,
    as ``issued``, ``void`` (with its reason) or ``corrected`` (an issued correction replaces it, ``corrected_by``).
    Each a dict: id, form_id, form (its title), number, status, status_label, issued_on (the date the document
    bears — its signature's, a record's own day — as the 卷内文件目录 dates it; None for a draft), issued_at (when it
    was issued; None for a draft), saved_at (a draft's), void_reason, supersedes_id, corrected_by."""
    from workstation.formkit.spec import load_forms

    forms, listed = load_forms()[0], []
    for draft_id, form_id, title, saved_at in db.execute(
            "SELECT id, form_id, title, saved_at FROM drafts WHERE case_id = ? AND status IN ('open', 'saved') "
            "ORDER BY saved_at, rowid", [case_id]).fetchall():
        listed.append({"id": draft_id, "form_id": form_id, "number": None,
                       "form": forms[form_id].title if form_id in forms else title or form_id,
                       "status": "draft", "status_label": _(DOCUMENT_STATES["draft"]), "issued_on": None,
                       "issued_at": None, "saved_at": saved_at, "void_reason": "", "supersedes_id": None, "corrected_by": None})
    documents = documents_of_case(db, case_id)  # the lead's 案件来源登记表 too, the case's own
    corrected_by = {d.supersedes_id: d.id for d in documents if d.supersedes_id and d.status == "issued"}
    for d in documents:
        status = "void" if d.status == "void" else "corrected" if d.id in corrected_by else "issued"
        listed.append({"id": d.id, "form_id": d.form_id, "form": d.title,
                       "number": document_reference(d.number, d.values), "status": status,
                       "status_label": _(DOCUMENT_STATES[status]),
                       # the date the document bears (its 落款, a record's day), as the 卷内文件目录 lists it
                       "issued_on": document_date(forms.get(d.form_id), d.values, d.issued_at[:10]),
                       "issued_at": d.issued_at, "saved_at": None, "void_reason": d.void_reason, "supersedes_id": d.supersedes_id,
                       "corrected_by": corrected_by.get(d.id) if status == "corrected" else None})
    return listed


def document_pdf(db: Database, data_dir: Path, document_id: str) -> bytes:
    """The frozen PDF of an issued document, exactly as issued. Gone from the data folder or altered: refused naming
    the document (its 文号 and title) and its case, not only the file's hash, with what to do (``stored_pdf_refusal``)."""
    document = get_document(db, document_id)
    try:
        return read_file(data_dir, document.pdf_sha256)
    except StoredFileError as exc:
        raise WorkstationError(stored_pdf_refusal(db, document, exc)) from exc


def stored_pdf_refusal(db: Database, document: IssuedDocument, exc: StoredFileError) -> str:
    """Why the stored PDF of ``document`` cannot be read (``exc``: gone from the data folder or altered): the document
    by its 文号 and title, of its case, and what to do — restore the data folder from a backup made after it was issued
    (an issued document cannot be issued again as it was); the quick `backup check` lists every stored file gone."""
    row = db.execute("SELECT case_number FROM cases WHERE id = ?", [document.case_id]).fetchone() \
        if document.case_id else None
    said = stored_pdf_said(exc, document_reference(document.number, document.values), document.title,
                           row[0] if row and row[0] else "")
    return join_sentences([said, _(
        "Restore the data folder from a backup made after the document was issued, copying the data folder first "
        "(the work done since that backup would be lost). The quick check (`backup check`) lists every stored file "
        "missing from the data folder.")])


def stored_pdf_said(exc: StoredFileError, number: str | None, title: str | None, case: str) -> str:
    """The stored PDF of an issued document — its 文号 ``number`` (— without one) and ``title``, of the case numbered
    ``case`` when it has one — said missing from or altered in the data folder, as ``exc`` found it: the first
    sentence of ``stored_pdf_refusal`` and of an export's (``bundle.writer.stored_file_refusal``), each with its own
    advice."""
    what = _("The stored PDF of document {document} ({title}) of case {case}").format(
        document=number or "—", title=title or "", case=case) if case else _(
        "The stored PDF of document {document} ({title})").format(document=number or "—", title=title or "")
    return stored_file_said(exc, what)


def stored_file_said(exc: StoredFileError, what: str) -> str:
    """``what`` (a stored file named) said missing from or altered in the data folder, as ``exc`` found it."""
    return (_("{what} is missing from the data folder.") if exc.missing else
            _("{what} was altered in the data folder.")).format(what=what)


def issued_docx(document: IssuedDocument, form: FormSpec, *, agency: str = "", case_number: str = "",
                issued_pdf: bytes | None = None) -> bytes:
    """A DOCX copy of the issued ``document`` (of ``form``): composed again from what it was frozen with — its values
    (the party, officers, facts and the bureau's document details as they were then), and the agency's name, case
    number and date it was printed under (``issued_as``) — carrying its 文号, for the officer who edits a copy in a
    word processor: a bureau renamed, a case renumbered, a party or officer edited since change nothing in it. The
    frozen record (its PDF) is neither changed nor replaced. Refused, naming the document, when the form has been
    changed since it was issued and its earlier version is not kept: its DOCX would no longer read as issued (its
    PDF still does).

    ``agency`` and ``case_number`` (what the document would print now) serve only a document issued by an earlier
    version, which kept no ``issued_as``: its copy is refused when ``issued_pdf`` (its frozen PDF) shows that it
    was not printed under them (``_unlike_issued``). A document issued on an earlier version of its form is composed
    on that version, kept in forms/earlier (``spec.earlier_form``)."""
    from workstation.documents.docx_writer import render_docx

    return render_docx(composed_as_issued(document, form, agency=agency, case_number=case_number,
                                          issued_pdf=issued_pdf))


def composed_as_issued(document: IssuedDocument, form: FormSpec, *, agency: str = "", case_number: str = "",
                       issued_pdf: bytes | None = None) -> Document:
    """The blocks of the issued ``document`` composed again as it was issued, which its DOCX copy (``issued_docx``)
    and its publication copy (``publication.publication_copy``) write; refused as ``issued_docx`` says. A document
    issued on an earlier version of its form is composed on that version (``spec.earlier_form``), refused only when
    that version is not kept."""
    from workstation.documents.docx_writer import render_docx
    from workstation.formkit.spec import earlier_form

    if form.id == document.form_id and form.version != document.form_version:
        form = earlier_form(document.form_id, document.form_version) or form
    if form.id != document.form_id or form.version != document.form_version:
        raise WorkstationError(_(
            "{document} was issued on version {issued} of its form, which has changed since (now version {current}): "
            "a DOCX made now would not read as issued. Save it as PDF: that is the copy as issued.").format(
            document=document_name(document), issued=document.form_version, current=form.version))
    kept = document.issued_as
    if kept:
        agency, case_number = str(kept.get("agency") or ""), str(kept.get("case_number") or "")
    date = str(kept.get("date") or "") or document_date(form, document.values, document.issued_at[:10])
    composed = compose(form, document.values, agency=agency, case_number=case_number, number=document.number,
                       date=date)
    if not kept and issued_pdf is not None and (
            unlike := _unlike_issued(render_docx(composed), issued_pdf, agency, case_number)):
        raise WorkstationError(_(
            "{document} was issued by an earlier version of the workstation, which did not keep the {what} it was "
            "printed under, and its PDF does not show today's ({value}): a DOCX made now would not read as issued. "
            "Save it as PDF: that is the copy as issued.").format(document=document_name(document), what=unlike[0],
                                                                  value=unlike[1]))
    return composed


def _unlike_issued(docx: bytes, pdf: bytes, agency: str, case_number: str) -> tuple[str, str] | None:
    """(what, value) of the agency's name or the case number a DOCX composed now prints (``docx``) and the issued
    ``pdf`` does not — it was printed under another, since renamed or renumbered —, None when both agree. Spaces and
    line breaks are ignored, as a reader of the page ignores them."""
    import io

    import docx as word
    from pypdf import PdfReader

    def flat(text: str) -> str:
        return "".join(text.split())

    body = word.Document(io.BytesIO(docx)).element.body
    copy = flat("".join(t.text or "" for t in body.iter() if t.tag.endswith("}t")))
    issued = flat("".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages))
    for what, value in ((_("agency's name"), agency), (_("case number"), case_number)):
        if flat(value) and flat(value) in copy and flat(value) not in issued:
            return what, value
    return None


def issue_to_file(db: Database, data_dir: Path, output: str, issue) -> tuple[IssuedDocument, Path]:
    """Issue a document (``issue()``, which takes its 文号) and write its PDF to ``output``. The PDF is written whole
    before the issue is saved: a disk that cannot take it gives the 文号 back, so issuing again once there is room
    takes the same number instead of leaving one issued that was never printed. Returns the issued document and the
    file written."""
    from workstation.output import StagedOutput

    staged, added = StagedOutput(output), []  # the parts of programs gone swept (``output.remove_stale_parts``)
    try:
        try:
            with immediate(db):  # issue() nests in it: nothing is saved until the PDF is written
                since = db.execute("SELECT max(rowid) FROM files").fetchone()[0] or 0
                try:
                    issued = issue()
                    staged.write(document_pdf(db, data_dir, issued.id))
                finally:  # read before the commit or the rollback: the files this issue put in the store
                    added = _files_added(db, since)
        except BaseException:
            remove_unnamed(db, Path(data_dir), added)  # rolled back: no record names them
            raise
        try:
            return issued, staged.finish()
        except WorkstationError as exc:
            raise WorkstationError(_("{number} was issued and is kept by the workstation, but {reason}").format(
                number=issued.number or issued.title, reason=exc.message)) from None
    finally:
        staged.discard()


def _files_added(db: Database, since: int) -> list[str]:
    """The sha256 of the files registered in the transaction under way after the row ``since`` of ``files`` (none
    when the database cannot be read: the start's sweep and ``backup check`` find them then)."""
    try:
        return [row[0] for row in db.execute("SELECT sha256 FROM files WHERE rowid > ?", [since])]
    except Exception:  # noqa: BLE001 - a database refusing even this: the refusal being raised matters more
        return []


def remove_unnamed(db: Database, data_dir: Path, digests: list[str]) -> None:
    """Remove from the store the files ``digests`` that a transaction rolled back put there and no record names now
    (``filestore.named_files``): an issue refused after its PDF was stored (a full disk for the copy asked for) leaves
    no file that every backup would carry and ``backup check`` would report. One a record names — the same PDF
    stored before — stays; one that cannot be removed is left for the start's sweep."""
    from workstation.filestore import file_path, named_files, remove_stored

    if not digests:
        return
    try:
        named = named_files(db)
    except Exception:  # noqa: BLE001 - what the records name cannot be read: nothing is removed
        return
    for digest in digests:
        if digest not in named:
            remove_stored(file_path(data_dir, digest))


def document_name(document: IssuedDocument) -> str:
    """An issued document as messages name it: its title and 文号 (the serial printed on a 当场行政处罚决定书,
    ``document_reference``; its title alone when it has none)."""
    number = document_reference(document.number, document.values)
    return f"{document.title} {number}" if number else document.title


def correction_of(db: Database, document: IssuedDocument) -> IssuedDocument | None:
    """The issued (not void) document that corrects ``document``, None when none does."""
    row = db.execute("SELECT id FROM documents WHERE supersedes_id = ? AND status = 'issued' ORDER BY issued_at DESC, "
                     "rowid DESC LIMIT 1", [document.id]).fetchone()
    return get_document(db, row[0]) if row else None


def withdrawn_state(db: Database, document: IssuedDocument, correction: IssuedDocument | None = None) -> str:
    """Why an issued ``document`` is no longer in force, as a title's brackets say it: void (with its reason) or
    replaced by an issued correction (naming it; ``correction`` when the caller read it already); "" while it is in
    force."""
    if document.status == "void":
        return _("void: {reason}").format(reason=document.void_reason)
    if correction is None and document.status == "issued":
        correction = correction_of(db, document)
    if correction is not None:
        return _("corrected by {document}").format(document=correction.number or correction.title)
    return ""


def withdrawn_copy_warning(document: IssuedDocument, state: str) -> str:
    """What a copy (PDF, DOCX) of ``document``, no longer in force for ``state`` (``withdrawn_state``), is warned of:
    it bears the 文号 and no mark of that. The window asks with it; the command line warns with it."""
    return _("{document} is no longer in force ({state}), but its copy bears its 文号 with no mark of that: it must "
             "not be served or relied on as a valid document.").format(document=document_name(document), state=state)


def signed_record_refusal(document: IssuedDocument) -> str | None:
    """Why ``document`` is never corrected, None when it may be: its form is a record the other side signs
    (``signed_record`` in the form's file: 询问笔录, 现场笔录, 听证笔录 …). A new document would put words under a
    signature given to other ones; what changed goes into a further record, and a wrong one is voided."""
    from workstation.formkit.spec import load_forms

    form = load_forms()[0].get(document.form_id)
    if form is None or not form.signed_record:
        return None
    return _("{document} is a record the other side signed: it cannot be replaced by a new document they did not "
             "sign. Write what changed in a further {title} for them to sign, and void this one with its reason if "
             "it must not stand.").format(document=document_name(document), title=form.title)


def corrected_refusal(db: Database, document: IssuedDocument) -> str | None:
    """Why ``document`` is not corrected, None when it can be: a record the other side signed is never corrected
    (``signed_record_refusal``); an issued correction of it replaces it already (a second one would stand beside
    the first), and that correction is the one to correct."""
    refusal = signed_record_refusal(document)
    if refusal:
        return refusal
    correction = correction_of(db, document)
    if correction is None:
        return None
    return _("{document} was already corrected by {correction}: correct {correction} instead.").format(
        document=document_name(document), correction=document_name(correction))


def superseded_refusal(db: Database, case: Case, form: FormSpec, document: IssuedDocument) -> str | None:
    """Why a new ``form`` of ``case`` cannot be issued as the correction of ``document``, None when it can: a
    correction replaces a document of its own type (the window's 更正… copies the corrected one into its own form),
    of the same case (its own or the lead's it was filed from: ``documents_of_case``), and in force — a void one
    is replaced by a new document, a record the other side signed never is, and one corrected already is corrected
    through its correction (``corrected_refusal``). Checked before a 文号 is taken: a wrong correction would mark a
    document in force 已更正, in another case too."""
    if document.case_id != case.id and document.id not in {d.id for d in lead_documents_of_case(db, case.id)}:
        named = case_named(case.case_number, case.party_names, case.cause)
        row = db.execute("SELECT case_number, cause FROM cases WHERE id = ?", [document.case_id]).fetchone() \
            if document.case_id else None
        if row is not None:
            return _("{document} is a document of case {other}, not of case {case}: a correction is issued in the "
                     "case of the document it corrects. Correct it there, or issue this one without naming a "
                     "document it corrects.").format(document=document_name(document), other=case_named(
                         row[0], "", row[1]), case=named)
        return _("{document} is not a document of case {case} (it was issued for a lead or an interview): a "
                 "correction is issued where the document it corrects was issued. Issue this one without naming a "
                 "document it corrects.").format(document=document_name(document), case=named)
    if document.form_id != form.id:
        return _("{document} cannot be corrected by a {title}: a correction replaces a document of its own type. "
                 "To correct it, issue a new {old} as its correction; to issue this {title}, do not name a document "
                 "it corrects.").format(document=document_name(document), old=document.title, title=form.title)
    if document.status == "void":
        return _("{document} is void: write a new document instead of correcting it.").format(
            document=document_name(document))
    return corrected_refusal(db, document)


def superseded_party_refusal(db: Database, case: Case, form: FormSpec, document: IssuedDocument,
                             party) -> str | None:
    """Why the new ``form`` written for ``party`` (``addressee.choose_party``) cannot correct ``document``, None
    when it can: in a case with several parties each party's document is its own, and a correction is addressed to
    the party of the document it corrects (one recording no party was addressed to the case's first)."""
    if party is None or len(case.party_ids) < 2:
        return None
    from workstation.documents.addressee import addressed_to_party

    if not addressed_to_party(form):
        return None
    old = document.values.get(PARTY_KEY) or case.party_ids[0]
    if old == party.id:
        return None
    old_name = next((p.name for p in parties_of_case(db, case.id) if p.id == old), "") or _("another party")
    return _("{document} was issued to {old}, not to {party}: a correction is addressed to the party of the "
             "document it corrects. Correct it for {old}, or issue this one to {party} without naming a document "
             "it corrects.").format(document=document_name(document), old=old_name, party=party.name)


def lead_documents_of_case(db: Database, case_id: str) -> list[IssuedDocument]:
    """The documents issued for the lead (or leads) the case was filed from, oldest first: the lead's 案件来源登记表
    is the case's own once the lead became the case."""
    from workstation.formkit.values import OF_CASE_LEADS

    ids = [r[0] for r in db.execute(f"SELECT d.id FROM documents d WHERE {OF_CASE_LEADS} ORDER BY d.issued_at, "
                                    "d.rowid", [case_id])]
    return [get_document(db, i) for i in ids]


def documents_of_case(db: Database, case_id: str) -> list[IssuedDocument]:
    """The documents the case holds as its own, oldest first: those it issued and those issued for the lead it was
    filed from (``lead_documents_of_case``: its 案件来源登记表), as its case file files them and its window lists
    them."""
    from workstation.formkit.values import OF_CASE

    rows = db.execute(f"SELECT {DOCUMENT_COLUMNS} FROM documents d WHERE {OF_CASE} ORDER BY d.issued_at, d.rowid",
                      [case_id, case_id]).fetchall()
    return [document_from_row(row) for row in rows]


def kept_of_form(db: Database, case_id: str, form_id: str) -> list[IssuedDocument]:
    """The documents of ``form_id`` a case keeps one of: the case's own and those issued for the lead it was filed
    from, oldest first."""
    documents = [*lead_documents_of_case(db, case_id), *case_documents(db, case_id)]
    return sorted((d for d in documents if d.form_id == form_id), key=lambda d: d.issued_at)


def in_force_of_form(db: Database, case_id: str, form_id: str) -> list[IssuedDocument]:
    """The case's issued documents of ``form_id`` in force, oldest first: neither voided nor corrected by an issued
    correction (those issued for the lead the case was filed from count as the case's: ``kept_of_form``)."""
    return _in_force(kept_of_form(db, case_id, form_id))


def _in_force(documents: list[IssuedDocument]) -> list[IssuedDocument]:
    corrected = {d.supersedes_id for d in documents if d.supersedes_id and d.status == "issued"}
    return [d for d in documents if d.status == "issued" and d.id not in corrected]


def lead_one_per_case_refusal(db: Database, lead: dict, form: FormSpec) -> str | None:
    """Why a further ``form`` cannot be issued for ``lead`` (its row), None when it can: the form is one a case
    keeps one of (the 案件来源登记表), and one is in force for the lead or for the case opened from it — the lead's
    is that case's own. A lead's document is not corrected: the wrong one is voided first."""
    if not form.one_per_case:
        return None
    if lead.get("case_id"):  # the lead's own documents among them
        documents = kept_of_form(db, lead["case_id"], form.id)
    else:
        documents = [get_document(db, r[0]) for r in db.execute(
            "SELECT id FROM documents WHERE lead_id = ? AND form_id = ? ORDER BY issued_at, rowid",
            [lead["id"], form.id])]
    in_force = _in_force(documents)
    if not in_force:
        return None
    named = "、".join(_("{document} (issued {date})").format(document=document_name(d), date=d.issued_at[:10])
                      for d in in_force)
    return _("{documents} is already in force for this lead or the case opened from it, and a case keeps one "
             "{title}. If it must not stand, void it first, saying why; once the case is opened, correct it from "
             "the case's documents (更正…).").format(documents=named, title=form.title)


def or_supersedes(reference: str | None, for_command_line: bool) -> str:
    """The clause a refusal adds after 更正… in the case's documents for the command line, which corrects a document
    with ``docs issue --supersedes`` naming it (``reference``, its 文号 or id; None: the document is the officer's to
    name); "" for the window, whose 更正… is the way."""
    if not for_command_line:
        return ""
    return _(", or --supersedes {reference}").format(reference=reference) if reference else _(", or --supersedes")


def one_per_case_refusal(db: Database, case: Case, form: FormSpec, supersedes: str | None = None, *,
                         for_command_line: bool = False) -> str | None:
    """Why a further ``form`` cannot be issued in ``case``, None when it can: its form is one a case has one of in
    force (``one_per_case`` in the form's file: 案件来源登记表, 立案审批表, 结案审批表 and the 卷宗封面, 卷内文件目录
    and 卷内备考表 of its case file), one is in force (the lead's 案件来源登记表 of a case filed from a lead counts), and
    the new one does not correct it (``supersedes``, its id or 文号). A second one would stand beside the first in
    the case file; a correction replaces it openly, and a wrong one is voided with its reason. The refusal names
    更正… in the case's documents and, ``for_command_line``, ``--supersedes`` (``or_supersedes``)."""
    if not form.one_per_case:
        return None
    in_force = in_force_of_form(db, case.id, form.id)
    if not in_force or (supersedes and any(supersedes in (d.id, d.number) for d in in_force)):
        return None
    last = in_force[-1]
    documents = "、".join((_("{document} (issued {date} for the lead the case was filed from)") if d.lead_id else
                          _("{document} (issued {date})")).format(document=document_name(d), date=d.issued_at[:10])
                         for d in in_force)
    return _("The case already has {documents} in force, and a case keeps one {title}. To change it, issue the new "
             "one as its correction (更正… in the case's documents{or_supersedes}); if it must not stand, void it "
             "first, saying why.").format(documents=documents, title=form.title,
                                          or_supersedes=or_supersedes(last.number or last.id, for_command_line))


def on_the_spot_in_force_refusal(db: Database, case: Case, form: FormSpec, supersedes: str | None = None, *,
                                 for_command_line: bool = False) -> str | None:
    """Why a further 当场行政处罚决定书 cannot be issued in ``case``, None when it can: one is in force (issued, neither
    voided nor corrected) and the new one does not correct it (``supersedes``). The party holds that paper: a second
    one would be a second decision for one act (一事不再罚), and its fine would silently become the case's. The way
    to change it is its correction (a new pre-printed form replacing it openly), or voiding it with the reason and
    issuing a new one in its place (``--supersedes`` named ``for_command_line``: ``or_supersedes``)."""
    if form.id != ON_THE_SPOT_FORM:
        return None
    in_force = in_force_of_form(db, case.id, form.id)
    if not in_force or (supersedes and any(supersedes in (d.id, d.number) for d in in_force)):
        return None
    last = in_force[-1]  # several only in data issued before this refusal: each named
    named = "、".join(_("{document} (issued {date})").format(document=document_name(d), date=d.issued_at[:10])
                     for d in in_force)
    return _("{documents} is in force in this case: the party holds it, and one act is decided once. To change it, "
             "issue the new one as its correction (更正… in the case's documents{or_supersedes}); if it must not "
             "stand, void it first, saying why, then issue a new one in its place.").format(
        documents=named, or_supersedes=or_supersedes(last.id, for_command_line))


def _serial_key(serial: object) -> str:
    """A pre-printed 编号 as compared: full-width characters, letter case and spaces aside."""
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", str(serial or "")).split()).casefold()


def printed_serial_refusal(db: Database, case: Case, form: FormSpec, values: dict) -> dict[str, str]:
    """{label of its field: why} when the pre-printed 编号 (``PRINTED_SERIAL_FIELD``) of the 当场行政处罚决定书 in
    ``values`` was used already by another one, issued or voided, of this case or any other: each printed form bears
    its own number, and a spoiled one is not used again. {} when it was not (or for another form)."""
    from workstation.formkit.values import PRINTED_SERIAL_FIELD

    key = _serial_key(values.get(PRINTED_SERIAL_FIELD))
    if form.id != ON_THE_SPOT_FORM or not key:
        return {}
    for case_id, serial, status in db.execute(
            f"SELECT case_id, json_extract(values_json, '$.{PRINTED_SERIAL_FIELD}'), status FROM documents WHERE "
            "form_id = ? AND json_valid(values_json) ORDER BY issued_at, rowid", [form.id]).fetchall():
        if _serial_key(serial) != key:
            continue
        if case_id == case.id:
            where = _("this case")
        else:
            row = db.execute("SELECT case_number, party_names, cause FROM cases WHERE id = ?", [case_id]).fetchone()
            where = _("case {case}").format(case=case_named(row[0], row[1] or "", row[2] or "")) if row else "—"
        message = (_("The 编号 {serial} was used by a 当场行政处罚决定书 of {case}, voided since: a spoiled pre-printed form "
                     "is not used again. Type the number printed on this form.") if status == "void" else
                   _("The 编号 {serial} was used by a 当场行政处罚决定书 of {case}: each pre-printed form bears its own "
                     "number. Type the number printed on this form."))
        return {form.field(PRINTED_SERIAL_FIELD).label: message.format(serial=str(serial).strip(), case=where)}
    return {}


def payment_events(db: Database, case_id: str | None) -> list[tuple[str, str, str | None]]:
    """(id, day, details) of each payment recorded in the case, oldest first: the fine collected on the spot,
    recorded with 当场处罚 as 履行, or paid at the bank (履行 or a payment of part)."""
    from workstation.party_decisions import PAID

    if not case_id:
        return []
    return [tuple(row) for row in db.execute(
        "SELECT id, COALESCE(on_date, substr(at, 1, 10)) AS day, details FROM case_events WHERE case_id = ? AND "
        "(kind = ? OR (kind = 'transition' AND to_status = 'performed')) ORDER BY day, at", [case_id, PAID])]


def on_the_spot_paid_on(db: Database, case_id: str | None) -> str | None:
    """The day of the last payment recorded in the case (``payment_events``), None when none is."""
    days = [day for _id, day, _details in payment_events(db, case_id) if day]
    return max(days) if days else None


def paid_correction_refusal(db: Database, case: Case, form: FormSpec, values: dict,
                            superseded: IssuedDocument | None) -> str | None:
    """Why the 当场行政处罚决定书 in ``values`` cannot correct ``superseded`` once a payment is recorded in the case,
    None when it can: the correction would change the fine paid or how it was paid (collected on the spot, its
    receipt), leaving the money recorded under a decision that no longer imposes it. A correction of anything else
    (a name, the facts' wording) is issued as before."""
    if form.id != ON_THE_SPOT_FORM or superseded is None or not (paid := on_the_spot_paid_on(db, case.id)):
        return None
    from workstation.money import figures
    from workstation.on_the_spot_payment import RECEIPT, collected

    old = superseded.values

    def terms(v: dict) -> tuple:
        return int(v.get("fine_fen") or 0), collected(v), str(v.get(RECEIPT) or "").strip() if collected(v) else ""

    if terms(old) == terms(values):
        return None
    receipt = terms(old)[2]
    if collected(old):  # recorded paid with 当场处罚, which is not undone (``step_undo``): no step to undo first
        return _("A payment was recorded in this case on {date} under {document}, the fine of {amount} collected on "
                 "the spot{receipt}: its correction may change what it says (its date, its wording), not the fine or "
                 "how it was paid. A fine or receipt number written wrongly stays as recorded: note what was wrong in "
                 "the case file.").format(
            date=paid, document=document_name(superseded), amount=figures(terms(old)[0]),
            receipt=_(", receipt {number}").format(number=receipt) if receipt else "")
    return _("A payment was recorded in this case on {date} under {document} (a fine of {amount}{receipt}): its "
             "correction may change what it says, not the fine or how it was paid. If the payment was recorded in "
             "error, undo that step first (撤销上一步).").format(
        date=paid, document=document_name(superseded), amount=figures(terms(old)[0]),
        receipt=_(", receipt {number}").format(number=receipt) if receipt else "")


def party_in_force(db: Database, case: Case, form_id: str, party_id: str | None) -> list[IssuedDocument]:
    """The case's issued documents of ``form_id`` in force addressed to ``party_id``, oldest first: neither voided nor
    corrected; one recording no party was addressed to the case's first party (``addressee``)."""
    first = case.party_ids[0] if case.party_ids else None
    return [d for d in in_force_of_form(db, case.id, form_id) if (d.values.get(PARTY_KEY) or first) == party_id]


def one_per_party_refusal(db: Database, case: Case, form: FormSpec, party_id: str | None,
                          supersedes: str | None = None, *, for_command_line: bool = False) -> str | None:
    """Why a further ``form`` cannot be issued to the party ``party_id`` of ``case``, None when it can: its form is
    one a party receives once (``one_per_party`` in the form's file: the 行政处罚告知书, the 催告书 …), one addressed
    to that party is in force, and the new one does not correct it (``supersedes``, its id or 文号). A second one
    would stand beside the first, each with its own 文号 and its own dates; a correction replaces it openly, and a
    wrong one is voided with its reason (``--supersedes`` named ``for_command_line``: ``or_supersedes``). Forms
    legitimately repeated (询问笔录, 送达回证, evidence) are not marked. One dated on or before the latest order
    to decide anew (撤销并责令重新作出: ``challenge_redo`` of the whole case or of that party, as
    ``clock_events.annulled_by`` reads it) belongs to the revoked decision's round and stands in no new one's way."""
    if not form.one_per_party:
        return None
    from workstation.store.clock_events import redo_orders, redone_since

    orders = redo_orders(db, case)
    in_force = [d for d in party_in_force(db, case, form.id, party_id)
                if redone_since(db, case, document_date(form, d.values, d.issued_at[:10]), party_id, orders) is None]
    if not in_force or (supersedes and any(supersedes in (d.id, d.number) for d in in_force)):
        return None
    last = in_force[-1]
    name = next((p.name for p in parties_of_case(db, case.id) if p.id == party_id), "")
    documents = "、".join(_("{document} (issued {date})").format(document=document_name(d), date=d.issued_at[:10])
                         for d in in_force)
    return _("{party} already has {documents} in force, and a party receives one {title}. To change or replace "
             "it, issue the new one as its correction (更正… in the case's documents{or_supersedes}); if it must not "
             "stand, void it first, saying why.").format(
        party=name or _("The party"), documents=documents, title=form.title,
        or_supersedes=or_supersedes(last.number or last.id, for_command_line))


# a second one may correct the first instead (the 当场行政处罚决定书: ``on_the_spot_in_force_refusal``)
CORRECTABLE_DECISIONS = ("penalty_decision", "no_penalty_decision", ON_THE_SPOT_FORM)


def decision_to_correct(db: Database, case: Case, form: FormSpec, values: dict, party_id: str | None = None,
                        case_party: str | None = None) -> IssuedDocument | None:
    """The issued document a refused ``form`` with ``values`` may be issued as the correction of instead, None when
    there is none: a 行政处罚决定书 or 不予行政处罚决定书, of the decisions of that kind issued to the party
    (``case_party``, else the case's first), or of a form a party receives once (``one_per_party``) those issued to
    that party, or of a form the case keeps one of (``one_per_case``) those issued in the case, the last for which ``check_issue`` with ``supersedes`` passes (the one in force; one corrected already
    is corrected through its correction)."""
    if form.id not in CORRECTABLE_DECISIONS and not form.one_per_case and not form.one_per_party:
        return None
    first = case.party_ids[0] if case.party_ids else None
    party = case_party or first
    kept = kept_of_form(db, case.id, form.id) if form.one_per_case else case_documents(db, case.id)
    candidates = [d for d in kept if d.form_id == form.id and d.status == "issued"
                  and (form.one_per_case or (d.values.get(PARTY_KEY) or first) == party)]
    for document in reversed(candidates):  # the one issued last is the one in force
        try:
            check_issue(db, case, form, values, party_id=party_id, supersedes=document.id)
        except WorkstationError:
            continue
        return document
    return None


def void_refusal(db: Database, document: IssuedDocument, *, for_command_line: bool = False) -> str | None:
    """Why ``document`` cannot be voided, None when it can: it is void already. A document of a closed (结案) or
    archived case is voided as any other (the law freezes no case's documents; its decision is corrected or voided
    and issued again there too: ``procedure.DECISION_STATES``). A refusal pointing to its correction names 更正… in
    the case's documents and, ``for_command_line`` (`docs void`), ``--supersedes``."""
    if document.status == "void":
        return _("{document} is already void ({reason}).").format(document=document_name(document),
                                                                  reason=document.void_reason)
    if document.form_id in VOIDED_LAST and document.case_id:
        return _later_in_force_refusal(db, document, for_command_line)
    if document.form_id == ON_THE_SPOT_FORM and document.case_id:
        return _paid_on_the_spot_refusal(db, document) or _back_in_force_day_refusal(db, document)
    if document.form_id == "case_transfer_letter":  # the referral its case's 不予立案 recorded: that step undone first
        from workstation.leads_workflow import referral_letter_void_refusal

        return referral_letter_void_refusal(db, document, for_command_line)
    return None


def _back_in_force(db: Database, document: IssuedDocument) -> tuple[str, dict] | None:
    """(serial, values) of the 当场行政处罚决定书 that comes back into force when ``document``, the last one issued in
    its case, is voided (``procedure.follow_on_the_spot_fine``): the one issued before it; None when ``document`` is
    not the last, or none was issued before it."""
    return _earlier_in_force(_last_in_force(db, document))


def _last_in_force(db: Database, document: IssuedDocument) -> list | None:
    """The (id, values_json) rows of the last two 当场行政处罚决定书 in force in ``document``'s case, latest first, when
    ``document`` is the last of them; None when it is not (or none is in force)."""
    rows = db.execute("SELECT id, values_json FROM documents WHERE case_id = ? AND form_id = ? AND status = 'issued' "
                      "ORDER BY issued_at DESC, rowid DESC LIMIT 2", [document.case_id, ON_THE_SPOT_FORM]).fetchall()
    return rows if rows and rows[0][0] == document.id else None


def _earlier_in_force(rows: list | None) -> tuple[str, dict] | None:
    """(serial, values) of the one before the last in ``_last_in_force``'s rows; None when there is none."""
    if not rows or len(rows) < 2:
        return None
    values = json.loads(rows[1][1] or "{}")
    return str(values.get("serial_no") or ""), values


def _back_in_force_day_refusal(db: Database, document: IssuedDocument) -> str | None:
    """Why the correction ``document`` cannot be voided: the decision it corrected comes back into force with its
    day, which the case cannot take as its decision's (``procedure.on_the_spot_day_refusals``, as at issue), or with
    its 专用票据, given since in another case once the correction gave it up (``on_the_spot_payment.receipt_refusals``,
    as at issue: one receipt is one payment's). None when it can."""
    from workstation.on_the_spot_payment import receipt_refusals
    from workstation.procedure import on_the_spot_day_refusals
    from workstation.store import get_case

    back = _back_in_force(db, document)
    if back is None:
        return None
    serial, values = back
    case = get_case(db, document.case_id)
    refused = on_the_spot_day_refusals(db, case, ON_THE_SPOT_FORM, values)
    if refused:
        return _("{document} cannot be voided: the 当场行政处罚决定书 {serial} would be in force again with its day. "
                 "{why}").format(document=document_name(document), serial=serial or "—",
                                 why=next(iter(refused.values())))
    refused = receipt_refusals(db, case, ON_THE_SPOT_FORM, values)
    if refused:
        return _("{document} cannot be voided: the 当场行政处罚决定书 {serial} would be in force again with its "
                 "专用票据. {why}").format(document=document_name(document), serial=serial or "—",
                                         why=next(iter(refused.values())))
    return None


def _paid_on_the_spot_refusal(db: Database, document: IssuedDocument) -> str | None:
    """Why the 当场行政处罚决定书 in force ``document`` cannot be voided: a payment is recorded in its case (the fine
    collected on the spot, or paid at the bank), which voiding it would leave without a decision — the case's fine
    gone from the counts, the money collected still to hand over and bank. None for one not in force, or with no
    payment recorded."""
    if document.id not in {d.id for d in in_force_of_form(db, document.case_id, ON_THE_SPOT_FORM)}:
        return None
    paid = on_the_spot_paid_on(db, document.case_id)
    if not paid:
        return None
    from workstation.on_the_spot_payment import collected

    if collected(document.values):  # recorded paid with 当场处罚, which is not undone (``step_undo``)
        return _("{document} cannot be voided: the fine collected on the spot with it was recorded paid on {date}, "
                 "and voiding it would leave the money paid without a decision. To change what it says, issue its "
                 "correction keeping its fine and its 专用票据 (更正… in the case's documents).").format(
            document=document_name(document), date=paid)
    return _("{document} cannot be voided: a payment was recorded under it on {date}, and voiding it would leave the "
             "money paid without a decision. To change what it says, issue its correction (its fine and payment "
             "unchanged); if the payment was recorded in error, undo that step first (撤销上一步).").format(
        document=document_name(document), date=paid)


#: the forms of a case voided only once no later document of the case is in force: the 立案审批表, on which the
#: case's investigation and everything after it stand
VOIDED_LAST = ("filing_approval",)
#: how many of the later documents in force a refusal names (the rest counted)
NAMED_AT_MOST = 5


def _later_in_force_refusal(db: Database, document: IssuedDocument, for_command_line: bool = False) -> str | None:
    """Why ``document`` (a ``VOIDED_LAST`` form in force) cannot be voided: documents of its case issued after it are
    in force (neither voided nor corrected), which it would leave standing on a void filing; None when none is, or
    when it is corrected already (its correction stays in force). The way out: void those first, or correct it."""
    documents = case_documents(db, document.case_id)  # oldest first
    ids = [d.id for d in documents]
    if document.id not in ids or correction_of(db, document) is not None:
        return None
    after = set(ids[ids.index(document.id) + 1:])
    later = [d for d in _in_force(documents) if d.id in after]
    if not later:
        return None
    named = "、".join(document_name(d) for d in later[:NAMED_AT_MOST])
    if len(later) > NAMED_AT_MOST:
        named = _("{documents} and {count} more").format(documents=named, count=len(later) - NAMED_AT_MOST)
    return _("{document} cannot be voided while later documents of the case are in force: {documents}. Void them "
             "first (请先作废), saying why; or, to change {document}, issue its correction (更正… in the case's "
             "documents{or_supersedes}).").format(document=document_name(document), documents=named,
                                                  or_supersedes=or_supersedes(document.number or document.id,
                                                                              for_command_line))


def void_consequences(db: Database, document: IssuedDocument, *, for_command_line: bool = False) -> list[str]:
    """What voiding ``document`` changes besides it, as sentences for the officer's confirmation: its 文号 void and
    never given again; for a 行政处罚决定书 in force, the decision in force for its party afterwards (the earlier one
    it corrected, else none: the party undecided again and, once no decision is in force, the case's fine and
    confiscation typed again); for a 不予行政处罚决定书, its party undecided again; for a 行政处罚决定书 whose case's
    penalty information stands published, the withdrawal of that publication it makes due (T19); for a document
    served, the 送达回证 in force naming it, which stay (``stage_rules.standing_receipts``; an interview's 约谈通知书:
    ``store.interviews.notice_receipts_standing``, with ``for_command_line`` the commands voiding them); in a case
    whose file is put together (closed, archived), its 卷宗封面, 卷内文件目录 or 卷内备考表 the void leaves out of date
    (``casefile.void_sheets_warning``)."""
    from workstation.documents.stage_rules import standing_receipts
    from workstation.store.interviews import notice_receipts_standing

    said = _void_effects(db, document) + standing_receipts(db, document) + notice_receipts_standing(
        db, document, command_line=for_command_line)
    if document.case_id and document.status == "issued":
        from workstation.documents.casefile import void_sheets_warning
        from workstation.store import get_case

        sheets = void_sheets_warning(db, get_case(db, document.case_id), document,
                                     for_command_line=for_command_line)
        said.extend([sheets] if sheets else [])
    if document.lead_id:  # the lead reopened when its referral is withdrawn with the letter
        from workstation.leads_workflow import void_effects

        said.extend(void_effects(db, document))
    if _starts_withdrawal(db, document):
        from workstation.clocks import rule

        said.append(_("The case's penalty information is published: voiding this decision starts the {period} to "
                      "withdraw the publication (T19, {source}); record the withdrawal once it is done.").format(
            period=rule("T19").unit_text(), source=rule("T19").source))
    return said


def _starts_withdrawal(db: Database, document: IssuedDocument) -> bool:
    """Whether voiding ``document`` today starts T19 (as ``clocks.changed_decisions`` will read it): a 行政处罚决定书
    not already corrected by another, of a case whose penalty information stands published today
    (``clocks.publication_standing``: recorded, not withdrawn nor stopped early, its publication period T20 of 3
    months or 3 years not over) and not withdrawn nor stopped early today either, nor overturned since on a
    reconsideration or lawsuit (whose T19 already runs)."""
    from workstation.clocks import overturned_since, publication_standing
    from workstation.penalty_terms import DECISION_FORM
    from workstation.records import today
    from workstation.store import get_case

    if document.form_id != DECISION_FORM or not document.case_id:
        return False
    day = today()
    published = publication_standing(db, get_case(db, document.case_id), day)
    if published is None:
        return False
    return db.execute(
        "SELECT 1 FROM clock_events p WHERE p.case_id = ? AND p.kind = 'publication' AND p.starts_on = ? AND NOT "
        "EXISTS (SELECT 1 FROM clock_events w WHERE w.case_id = p.case_id AND w.kind IN ('publication_withdrawn', "
        "'publication_stopped') AND w.starts_on >= p.starts_on AND w.starts_on <= ?) AND NOT EXISTS (SELECT 1 FROM documents n WHERE "
        f"n.case_id = p.case_id AND n.supersedes_id = ?) AND NOT {overturned_since('p', '?', '?')} "
        # a correction issued once the publication stood started T19 then, and it runs still: voiding it starts none
        "AND NOT (? IS NOT NULL AND substr(?, 1, 10) >= p.starts_on)",
        [document.case_id, published, day, document.id, document.id, day, document.supersedes_id,
         document.issued_at]).fetchone() is not None


def _void_effects(db: Database, document: IssuedDocument) -> list[str]:
    """The sentences of ``void_consequences`` about the 文号 and the document in force: a correction voided puts the
    document it corrected back in force (``_corrected_back``), said for every form — once, where the form's own
    sentences (a 决定书's, a 告知书's, a 当场决定书's, with what comes back with it) do not name it already."""
    back = _corrected_back(db, document)
    said = _form_void_effects(db, document, back)
    if back is not None:
        reference = document_reference(back.number, back.values)
        if not (reference and any(reference in each for each in said)):
            said.append(_("The document it corrected, {document}, is in force again.").format(
                document=document_name(back)))
    return said


def _corrected_back(db: Database, document: IssuedDocument) -> IssuedDocument | None:
    """The document ``document`` corrects, when voiding ``document`` (issued, itself not corrected) puts it back in
    force: issued, and corrected by no other document in force; None otherwise."""
    if document.status != "issued" or not document.supersedes_id or correction_of(db, document) is not None:
        return None
    if db.execute("SELECT 1 FROM documents WHERE supersedes_id = ? AND status = 'issued' AND id != ?",
                  [document.supersedes_id, document.id]).fetchone():
        return None
    try:
        back = get_document(db, document.supersedes_id)
    except NotFound:
        return None
    return back if back.status == "issued" else None


def _form_void_effects(db: Database, document: IssuedDocument, back: IssuedDocument | None) -> list[str]:
    """``_void_effects`` but the document corrected back in force (``back``, ``_corrected_back``): the 文号 void, and
    what the form's void does."""
    from workstation.penalty_terms import DECISION_FORM, _party_of, decisions_in_force

    said = []
    if document.number:
        said.append(_("Its 文号 {number} becomes void too and is never given again.").format(number=document.number))
    if document.form_id == ON_THE_SPOT_FORM and document.case_id:
        return said + _on_the_spot_void_effects(db, document)
    if document.form_id == NOTICE_FORM and document.case_id and document.status == "issued":
        return said + _notice_void_effects(db, document)
    if document.form_id not in (DECISION_FORM, "no_penalty_decision") or not document.case_id:
        return said
    party = db.execute(f"SELECT {_party_of('d')}, (SELECT name FROM parties WHERE id = {_party_of('d')}) "
                       "FROM documents d WHERE d.id = ?", [document.id]).fetchone()
    party_id, name = party[0], party[1] or party[0] or "—"
    # ``back`` in force again, said so (``_void_effects``): the party is not undecided
    if document.form_id != DECISION_FORM:
        if back is None:
            said.append(_("{party} is no longer decided not to be penalised: it is undecided again until a new "
                          "decision is issued to it.").format(party=name))
        return said
    from workstation.store import get_case

    in_force = decisions_in_force(db, get_case(db, document.case_id))
    if document.number not in [d.number for d in in_force]:
        said.append(_("A later 行政处罚决定书 to {party} is in force; that does not change.").format(party=name))
        return said
    earlier = (back.number,) if back is not None and back.form_id == DECISION_FORM and back.number else db.execute(
        f"SELECT d.number FROM documents d WHERE d.case_id = ? AND d.form_id = ? AND d.status = 'issued' AND d.id != ? "
        f"AND {_party_of('d')} = ? ORDER BY d.issued_at DESC, d.rowid DESC LIMIT 1",
        [document.case_id, DECISION_FORM, document.id, party_id]).fetchone()  # the corrected one first: named once
    if earlier is not None:
        said.append(_("The earlier 行政处罚决定书 {number} to {party} is in force again, with its amounts.").format(
            number=earlier[0], party=name))
    else:
        said.append(_("{party} has no 行政处罚决定书 in force any more: it is undecided again until a new decision is "
                      "issued to it.").format(party=name))
        if len(in_force) == 1:  # the case's last decision in force: its amounts are typed on the case again
            said.append(_("The case's fine and confiscation can be typed again."))
            said.extend(_case_after_void(get_case(db, document.case_id)))
    return said


def _notice_void_effects(db: Database, document: IssuedDocument) -> list[str]:
    """What voiding a 行政处罚告知书 of a case at its notice stage (served, not yet decided) does
    (``procedure.voided_notice_refusal``): with no other notice in force, the case stays where it is and the steps after
    the notice and the decision wait for a corrected notice and its service; with an earlier one in force again while
    the service recorded was of this one (a case with one party), they wait for that one's service. Nothing for a
    notice not yet served, nor once the case is decided."""
    from workstation.penalty_terms import served_proposal
    from workstation.procedure import NOTICE_STAGE
    from workstation.store import get_case
    from workstation.vocabulary import shown_label

    case = get_case(db, document.case_id)
    if case.status not in NOTICE_STAGE or not case.notice_served_on:
        return []
    others = [d for d in _in_force(case_documents(db, case.id)) if d.form_id == NOTICE_FORM and d.id != document.id]
    steps = join_names(f"“{shown_label('transitions', step)}”" for step in (
        "waive_statement", "end_statement_period", "request_hearing", "decide_penalty"))
    serve = shown_label("transitions", "send_pre_notice")
    status = shown_label("statuses", case.status)
    if not others:
        return [_("No 行政处罚告知书 is in force afterwards: the case stays “{status}”, and {steps} and the "
                  "行政处罚决定书 are refused until a corrected 行政处罚告知书 is issued and its service recorded "
                  "(“{serve}”); the party's period to state, defend and request a hearing then counts from that "
                  "service.").format(status=status, steps=steps, serve=serve)]
    served = served_proposal(db, case) if len(case.party_ids) < 2 else None
    if served is None or served.number != document.number:
        return []
    return [_("The 行政处罚告知书 {number} is in force again, but the service recorded was of this one: record its "
              "service (“{serve}”) before {steps}; the party's period then counts from that service.").format(
        number=others[-1].number, serve=serve, steps=steps)]


def _on_the_spot_void_effects(db: Database, document: IssuedDocument) -> list[str]:
    """What voiding the 当场行政处罚决定书 in force of a case decided on the spot does (``procedure.
    follow_on_the_spot_fine``): the one issued before it is in force again with its fine, else none is — the case
    records no fine, and the step after the decision waits for a corrected one (``procedure.
    _voided_on_the_spot_refusal``). Nothing for one not in force, or in a case not yet decided on the spot."""
    from workstation.procedure import DECIDED_STEPS, SIMPLE
    from workstation.store import get_case
    from workstation.vocabulary import shown_label

    case = get_case(db, document.case_id)
    if case.procedure_kind != SIMPLE:
        return []
    rows = _last_in_force(db, document)
    if rows is None:
        return []
    back = _earlier_in_force(rows)
    if back is not None:
        serial, values = back
        dated = str(values.get("decided_at") or "")[:10]
        return [_("The earlier 当场行政处罚决定书 {serial} is in force again, with its fine and its day ({date}).").format(
            serial=serial, date=dated or "—")]
    said = [_("No 当场行政处罚决定书 is in force afterwards: the case records no fine until a corrected one is issued.")]
    if case.status in DECIDED_STEPS and DECIDED_STEPS[case.status] != "serve_decision":
        said.append(_("The case stays “{status}”: “{action}” is refused until then.").format(
            status=shown_label("statuses", case.status), action=shown_label("transitions", DECIDED_STEPS[case.status])))
    return said


def _case_after_void(case) -> list[str]:
    """What voiding the case's last 行政处罚决定书 in force does to the case: nothing to its status (no transition
    takes a case back); the step after the decision waits for a corrected one (``procedure.voided_decision_refusal``),
    and a case already closed stays closed (it is not reopened: a new decision is issued in it if it is decided
    again)."""
    from workstation.procedure import DECIDED_STEPS
    from workstation.vocabulary import shown_label

    status = shown_label("statuses", case.status)
    if case.status in ("closed", "archived"):
        return [_("The case is closed and no penalty decision is in force after the void: to decide it again, issue "
                  "a new 行政处罚决定书. The case is not reopened: it stays “{status}”.").format(status=status)]
    if case.status in DECIDED_STEPS:
        return [_("The case stays “{status}”: issue a corrected 行政处罚决定书; “{action}” is refused until "
                  "then.").format(status=status, action=shown_label("transitions", DECIDED_STEPS[case.status]))]
    return []




def void_document(db: Database, document_id: str, reason: str, *, for_command_line: bool = False) -> IssuedDocument:
    """Withdraw an issued document with its reason; its 文号 is voided too and never given again. Refused, changing
    nothing, when ``void_refusal`` says why not (``for_command_line`` as it says), or without a reason (a
    ValidationError of ``reason``)."""
    document = get_document(db, document_id)
    refusal = void_refusal(db, document, for_command_line=for_command_line)
    if refusal:
        raise WorkstationError(refusal)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why {document} is void: the reason is kept with it.").format(
            document=document_name(document))})
    with db.atomic():
        if document.number:
            void_number(db, document.number, reason)
        db.execute("UPDATE documents SET status = 'void', void_reason = ? WHERE id = ?",
                   [reason.strip(), document.id])
        audit = AuditWriter(db)
        audit.add("void", "document", document.id, {"status": "issued"}, {"status": "void"})
        audit.flush()
        if document.form_id == ON_THE_SPOT_FORM and document.case_id:  # the case's fine: the one left in force
            from workstation.procedure import follow_on_the_spot_fine

            follow_on_the_spot_fine(db, document.case_id)
        if document.lead_id:  # a lead's 案件移送函: the referral it recorded withdrawn with it
            from workstation.leads_workflow import follow_voided_document

            follow_voided_document(db, document, reason)
    return get_document(db, document.id)
