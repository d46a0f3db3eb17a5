"""The publication copy (公示版) of an issued 行政处罚决定书, which the officer publishes on 国家企业信用信息公示系统
(T18, REFERENCE §1.9): the 行政处罚信息摘要 first, then the decision's full text as it was issued with personal
information processed (《市场监督管理行政处罚信息公示规定》 arts. 4, 6, 7: the summary placed before the decision;
personal information processed; otherwise the text the party was served). Written as DOCX (the documents' own
writer) and as plain text to paste into the system's form. A decision that is not published — void, corrected by
another, a warning alone (art. 2 para 2), not a 行政处罚决定书 — is refused with the reason."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from workstation.db import Database
from workstation.documents.addressee import PARTY_KEY
from workstation.documents.blocks import Cell, Document, PageBreak, Paragraph, Row, Run, Table
from workstation.documents.glyphs import printable
from workstation.documents.issuing import (
    IssuedDocument,
    case_documents,
    composed_as_issued,
    correction_of,
    document_name,
    document_pdf,
    party_in_force,
)
from workstation.errors import WorkstationError
from workstation.i18n import _
from workstation.records import Case
from workstation.store.agencies import HAN, PERSON_NAME

DECISION_FORM = "penalty_decision"
#: the title of the summary placed before the decision (art. 4 para 2 names it 行政处罚信息摘要)
SUMMARY_TITLE = "行政处罚信息摘要"
#: art. 4 para 3 lists the summary's contents: 文号, the party's basic particulars (基本情况), the type of violation,
#: the penalty, the deciding authority's name and the date. UNCONFIRMED: the system's own labels and how it splits
#: 当事人基本情况 (here as its form is known from published summaries: name, 统一社会信用代码 or a natural person's
#: ID number, 法定代表人（负责人）); the labels below are those of published summaries, not of a retrieved text.
NUMBER_LABEL = "行政处罚决定书文号"
NAME_LABELS = {"entity": "当事人名称", "person": "当事人姓名"}
CODE_LABELS = {"entity": "统一社会信用代码", "person": "身份证件号码"}
REPRESENTATIVE_LABELS = {"entity": "法定代表人（负责人）", "individual_business": "经营者"}
VIOLATION_LABEL = "违法行为类型"
PENALTY_LABEL = "行政处罚内容"
AUTHORITY_LABEL = "作出行政处罚决定机关名称"
DATE_LABEL = "作出行政处罚决定日期"
#: the item saying a decision was changed on the party's reconsideration or lawsuit (信息公示规定 art. 11: the
#: publication corrected, the penalty item giving the penalty in force). UNCONFIRMED: the system's own label
CHANGE_LABEL = "变更情况"
#: what decided the change, by the kind of challenge it answered
CHANGED_BY = {"reconsideration": "行政复议决定", "litigation": "人民法院判决"}
_LINES = re.compile(r"\n")


@dataclass(frozen=True)
class PublicationCopy:
    """The publication copy of ``document``: its summary items (label, value) in order, the decision as issued
    with personal information processed (``decision``), and the further names masked on request (``names``)."""

    document: IssuedDocument
    summary: tuple[tuple[str, str], ...]
    decision: Document
    #: the further names the officer asked to mask, as checked (``names_to_mask``)
    names: tuple[str, ...] = ()

    def blocks(self) -> Document:
        """The summary on a page of its own (its title and a two-column table), then the decision."""
        rows = tuple(Row((Cell.of(label, "cell_label"), Cell.of(value))) for label, value in self.summary)
        summary = (Paragraph.of(SUMMARY_TITLE, "title"), Table(rows, (0.34, 0.66)), PageBreak())
        return replace(self.decision, title=f"{self.decision.title}（公示版）",
                       blocks=summary + tuple(self.decision.blocks))

    def docx(self) -> bytes:
        from workstation.documents.docx_writer import render_docx

        return render_docx(self.blocks())

    def text(self) -> str:
        """The summary (one ``label：value`` line each) and, after a blank line, the decision's paragraphs, one a line,
        as the system's form takes them pasted (the blank lines kept above its 落款 for the seal left out)."""
        decision = [line for line in self.decision.text.split("\n") if line.strip()]
        lines = [SUMMARY_TITLE, *(f"{label}：{value}" for label, value in self.summary), "", *decision]
        return "\n".join(lines) + "\n"

    def data(self, fmt: str) -> bytes:
        """The copy as ``fmt`` ("docx" or "txt"): the text in UTF-8 with a byte-order mark and Windows line ends,
        which every Windows editor opens as Chinese text."""
        if fmt == "txt":
            return self.text().replace("\n", "\r\n").encode("utf-8-sig")
        return self.docx()


def publication_reminder() -> str:
    """What the processing of a publication copy does (``masker``), no more, and that the officer reads the whole
    text before publishing it: said by the review window above the text and by `docs publication` on stderr."""
    return _("Check the text as it will be published. Processed: ID, passport, permit, telephone and account numbers, "
             "e-mail addresses, dates of birth, vehicle plates, a natural person's address as the party's record "
             "gives it or written after 住址, 地址, 住所 (not a firm's own), 户籍地, 居住地, 家住, 现住, 暂住, 住, 住在 or "
             "居住在, and the names of the other persons the case records. Read the whole text before publishing: a "
             "name, an address or a number written otherwise may remain whole.")


def publication_refusal(db: Database, document: IssuedDocument, on: str | None = None) -> str | None:
    """Why ``document`` has no publication copy, None when it has: only a 行政处罚决定书 in force that imposes more
    than a warning is published (信息公示规定 art. 2) — not a void one, nor one an issued correction replaced (its
    correction is the decision in force), nor one a reconsideration or lawsuit revoked or declared unlawful (art. 11:
    ``unpublished_refusal``; given ``on``, one recorded on or before that day)."""
    from workstation.clocks import PUBLISHED_PENALTIES

    name = document_name(document)
    if document.form_id != DECISION_FORM:
        return _("{document} is not a 行政处罚决定书: only a penalty decision is published on 国家企业信用信息公示系统 "
                 "(市场监督管理行政处罚信息公示规定 art. 2).").format(document=name)
    if document.status == "void":
        return _("{document} is void ({reason}): a voided decision is not published.").format(
            document=name, reason=document.void_reason)
    correction = correction_of(db, document)
    if correction is not None:
        return _("{document} was corrected by {correction}: publish {correction}, the decision in force.").format(
            document=name, correction=document_name(correction))
    if not any(document.values.get(key) for key in PUBLISHED_PENALTIES):
        return _warning_only_reason(name)
    return unpublished_refusal(db, document, on) or _changed_to_unpublished(db, document, on)


def _warning_only_reason(name: str, recorded: bool = False) -> str:
    """The reason a decision (``name``) that is a warning alone is not published (信息公示规定 art. 2): as the
    issued decision says; or, ``recorded``, of a case without one issued here, as the case's amounts make it — the
    cases table records a fine and a confiscated amount only, which may not have been entered."""
    if recorded:
        return _("{document} is taken for a warning alone: the case records neither a fine nor a confiscation, and a "
                 "warning alone is not published (市场监督管理行政处罚信息公示规定 art. 2). If the decision imposed "
                 "more, enter its amounts on the case first.").format(document=name)
    return _("{document} imposes a warning only, and a warning alone is not published (市场监督管理行政处罚信息"
             "公示规定 art. 2).").format(document=name)


def decision_change(db: Database, document: IssuedDocument, on: str | None = None):
    """The latest outcome of a reconsideration or lawsuit that changed ``document`` (变更, ``clock_events.CHANGED``:
    of its party or of the whole case, recorded on or after its decision date, and on or before ``on`` when given),
    None when none did: its publication copy gives the penalty as changed (信息公示规定 art. 11)."""
    from workstation.store import get_case
    from workstation.store.clock_events import CHANGED, clock_events_of

    case = get_case(db, document.case_id)
    party = document.values.get(PARTY_KEY) or (case.party_ids[0] if case.party_ids else None)
    since = str(document.values.get("decided_on") or "") or case.decided_on or ""
    changes = [e for e in clock_events_of(db, case.id) if e.kind == CHANGED and since <= e.starts_on
               and (on is None or e.starts_on <= on) and (not e.party_id or e.party_id == party)]
    return changes[-1] if changes else None


def _changed_values(values: dict, change) -> dict | None:
    """The values of a decision as ``change`` left its penalties (its fine as changed), None when the change does
    not say the fine."""
    from workstation.store.clock_events import changed_fen

    fen = None if change is None else changed_fen(change)
    return None if fen is None else {**values, "fine_fen": fen}


def _changed_to_unpublished(db: Database, document: IssuedDocument, on: str | None = None) -> str | None:
    """Why ``document`` changed to no fine on the party's reconsideration or lawsuit, with no other penalty that is
    published left (a warning at most), is not published: its publication is withdrawn, not corrected (信息公示规定
    arts. 2, 11). None otherwise."""
    from workstation.clocks import PUBLISHED_PENALTIES

    change = decision_change(db, document, on)
    values = _changed_values(document.values, change)
    if values is None or any(values.get(key) for key in PUBLISHED_PENALTIES):
        return None
    return _no_fine_reason(document_name(document), change)


def _no_fine_reason(name: str, change) -> str:
    """The reason a decision (``name``) the outcome ``change`` changed to no fine is not published."""
    return _("{document} was changed on {date} ({number}) to no fine, leaving no penalty that is published: its "
             "publication is withdrawn, not corrected (市场监督管理行政处罚信息公示规定 arts. 2, 11).").format(
        document=name, date=change.starts_on, number=change.approved_by.strip())


def unpublished_refusal(db: Database, document: IssuedDocument, on: str | None = None) -> str | None:
    """Why ``document`` is not published after the party's reconsideration or lawsuit, None when it may be: it was
    revoked or declared unlawful (``store.clock_events.unpublished_by``: an outcome of its party's or of the whole
    case, on or after its decision date, and on or before ``on`` when given), which withdraws it from publication
    (信息公示规定 art. 11). The reason names the outcome and the 文号 of the body's decision when recorded."""
    from workstation.store import get_case
    from workstation.store.clock_events import unpublished_by

    case = get_case(db, document.case_id)
    party = document.values.get(PARTY_KEY) or (case.party_ids[0] if case.party_ids else None)
    decided_on = str(document.values.get("decided_on") or "") or None
    outcome = unpublished_by(db, case, party, decided_on, on)
    return None if outcome is None else _unpublished_reason(document_name(document), outcome)


def _unpublished_reason(name: str, outcome) -> str:
    """The reason a decision (``name``) the ``outcome`` of a reconsideration or lawsuit revoked, declared unlawful or
    declared void is not published."""
    from workstation.clocks import UNLAWFUL, VOID
    from workstation.vocabulary import shown_label

    said = shown_label("clock_events", outcome.kind)
    if outcome.approved_by.strip():
        said = _("{outcome}, {number}").format(outcome=said, number=outcome.approved_by.strip())
    if outcome.kind == VOID:
        return _("{document} was declared void on {date} ({outcome}): a decision declared void is withdrawn from "
                 "publication and not published (市场监督管理行政处罚信息公示规定 art. 11).").format(
            document=name, date=outcome.starts_on, outcome=said)
    if outcome.kind == UNLAWFUL:
        return _("{document} was declared unlawful on {date} ({outcome}): a decision declared unlawful is withdrawn "
                 "from publication and not published (市场监督管理行政处罚信息公示规定 art. 11).").format(
            document=name, date=outcome.starts_on, outcome=said)
    return _("{document} was revoked on {date} ({outcome}): a revoked decision is withdrawn from publication and not "
             "published (市场监督管理行政处罚信息公示规定 art. 11).").format(
        document=name, date=outcome.starts_on, outcome=said)


def publication_event_refusal(db: Database, case: Case, on: str) -> str | None:
    """Why a publication of the penalty information of ``case`` dated ``on`` cannot be recorded
    (``store.clock_events.clock_event_errors``), None when it can — the reasoning of ``publication_refusal``: every
    行政处罚决定书 in force issued here refused by it as of that day (a warning alone, revoked or declared unlawful;
    the first reason given); with none issued here (a case recorded from a register), the decision of the whole case,
    or of each of its parties, revoked or declared unlawful on or before that day — as its decision's facts say
    (``clocks.decision_facts``), a warning alone —, or changed on or before that day to no fine with nothing
    confiscated (``store.clock_events.changed_to_nothing``)."""
    from workstation.case_reference import case_named
    from workstation.clocks import DECISION_COLUMNS, decision_facts
    from workstation.store.clock_events import changed_to_nothing, unpublished_by

    parties = list(case.party_ids) or [None]
    decisions = [d for party in parties for d in party_in_force(db, case, DECISION_FORM, party)]
    if decisions:
        refusals = [publication_refusal(db, d, on) for d in decisions]
        return refusals[0] if all(refusals) else None
    name = _("The 行政处罚决定书 of case {case}").format(
        case=case_named(case.case_number, case.party_names, case.cause))
    row = db.execute(f"SELECT {DECISION_COLUMNS} FROM cases WHERE id = ?", [case.id]).fetchone()
    if row is not None and "warning_only" in decision_facts(case.status, *row):
        return _warning_only_reason(name, recorded=True)
    reasons = []
    for party in parties:  # each party's decision not published, the first reason given
        outcome = unpublished_by(db, case, party, on=on)
        if outcome is not None:
            reasons.append(_unpublished_reason(name, outcome))
        elif (change := changed_to_nothing(db, case, party, on)) is not None:
            reasons.append(_no_fine_reason(name, change))
        else:
            return None
    return reasons[0]


def decision_to_publish(db: Database, case: Case, party_id: str | None = None) -> IssuedDocument:
    """The 行政处罚决定书 of ``case`` addressed to ``party_id`` (default: its first party) to publish: the one in
    force, else the last issued (void or corrected: ``publication_refusal`` says why it is not published). Refused
    when none was issued in the workstation — a draft is not published —, and first of all for a case decided on
    the spot (简易程序): its decision is not published at all (信息公示规定 art. 2; thresholds.toml
    ``not_published_simple``), whatever was issued."""
    from workstation.case_reference import case_named
    from workstation.law.data import text
    from workstation.procedure import SIMPLE
    from workstation.store import parties_of_case

    if case.procedure_kind == SIMPLE:
        raise WorkstationError(text("thresholds", "not_published_simple"))
    first = case.party_ids[0] if case.party_ids else None
    party = party_id or first
    issued = [d for d in case_documents(db, case.id)
              if d.form_id == DECISION_FORM and (d.values.get(PARTY_KEY) or first) == party]
    if not issued:
        name = next((p.name for p in parties_of_case(db, case.id) if p.id == party), "") or _("the party")
        named = case_named(case.case_number, case.party_names, case.cause)
        if _spared(db, case, party, first):
            raise WorkstationError(_("In case {case} it was decided not to penalise {party} (不予行政处罚): a decision "
                                     "not to penalise is not published (市场监督管理行政处罚信息公示规定 art. 2).").format(
                case=named, party=name))
        raise WorkstationError(_("No 行政处罚决定书 was issued to {party} in case {case}: only an issued decision is "
                                 "published. Issue it first.").format(party=name, case=named))
    in_force = party_in_force(db, case, DECISION_FORM, party)
    return in_force[-1] if in_force else issued[-1]


def _spared(db: Database, case: Case, party: str | None, first: str | None) -> bool:
    """Whether it was decided not to penalise ``party`` (``first``: the case's first party, whom a document naming
    none is addressed to): a 不予行政处罚决定书 issued to it and not void, or the case decided so (its status, or the
    step to it recorded)."""
    if case.status == "no_penalty" or db.execute(
            "SELECT 1 FROM case_events WHERE case_id = ? AND to_status = 'no_penalty'", [case.id]).fetchone():
        return True
    return any(d.form_id == "no_penalty_decision" and d.status != "void" and (d.values.get(PARTY_KEY) or first) == party
               for d in case_documents(db, case.id))


def publication_copy(db: Database, data_dir: Path, document: IssuedDocument, rules=None,
                     names: tuple[str, ...] = (), kept: tuple[str, ...] = ()) -> PublicationCopy:
    """The publication copy of the issued ``document`` (``publication_refusal`` raised as a ``WorkstationError``):
    the decision composed again as it was issued (``composed_as_issued``: on the version of its form it was issued
    on, kept in forms/earlier; refused, saying what to publish instead, when that version is not kept: composed on
    another it would not be the text served, art. 7), its personal information
    processed (``masker``), and its summary. ``rules``: the screening rules
    that read telephone numbers (default: those in force). ``names``: the names of further natural persons the
    officer asks to mask — written only in the decision's text, no record of the case gives them — checked by
    ``names_to_mask`` (a bad one refused, naming it, before anything is composed), and refused, naming it, when the
    decision and its summary write it nowhere (``names_written_nowhere``: a slip of the keyboard would otherwise
    leave the name meant published whole, unsaid). ``kept``: the names an earlier review masked (``docs
    publication`` masks them again), checked as ``names`` are but left out where this decision writes them nowhere
    (a correction may no longer name them); masked first."""
    from workstation.formkit.spec import earlier_form, load_forms
    from workstation.formkit.values import acting_agency
    from workstation.masking import rules_in_force
    from workstation.store import get_case

    if refusal := publication_refusal(db, document):
        raise WorkstationError(refusal)
    asked = names_to_mask((*kept, *names), document.values)
    form = load_forms()[0].get(document.form_id)
    if form is None:
        raise WorkstationError(_("The form file of {title} ({id}) is missing or broken: fix it on the Documents page "
                                 "first.").format(title=document.title, id=document.form_id))
    if form.version != document.form_version:  # composed on that version, else it would not be the text served
        form = earlier_form(document.form_id, document.form_version) or form  # (art. 7)
    if form.version != document.form_version:
        raise WorkstationError(_(
            "{document} was issued on version {issued} of its form, which has changed since (now version {current}): "
            "its publication copy cannot be composed as issued. Publish the text of its PDF (Save PDF…), with the "
            "personal information processed by hand.").format(
            document=document_name(document), issued=document.form_version, current=form.version))
    case = get_case(db, document.case_id)
    issued_as = document.issued_as
    agency = str(issued_as.get("agency") or "") or acting_agency(db, case).name
    decision = composed_as_issued(document, form, agency=agency, case_number=case.case_number,
                                  issued_pdf=None if issued_as else document_pdf(db, data_dir, document.id))
    change = decision_change(db, document)
    plain = summary_items(case, document, form, agency, lambda text: text, change=change, db=db)
    if refusal := fixed_wording_refusal(asked, decision.text, plain, officer_wording(form, document.values)):
        raise WorkstationError(refusal)
    nowhere = names_written_nowhere(asked, decision.text, plain)
    if missing := [name for name in nowhere if name not in kept or name in names]:
        raise WorkstationError(_("“{name}” is written nowhere in {document} nor in its summary: there is nothing to "
                                 "mask. Check how the decision writes the name (a character typed wrong?) and give "
                                 "it as written, or remove it from the names to mask.").format(
            name=missing[0], document=document_name(document)))
    asked = tuple(name for name in asked if name not in nowhere)
    persons = tuple(sorted(set(persons_named(db, case, document)) | set(asked), key=lambda n: (-len(n), n)))
    mask = masker(document.values, rules or rules_in_force(), persons, institutions_named(db, case, document, agency))
    summary = summary_items(case, document, form, agency, mask, change=change, db=db)
    return PublicationCopy(document, summary, masked(decision, mask), asked)


def _kind(values: dict) -> str:
    """"person" for a decision to a natural person, else "entity" (a company, an individual business, an
    association: registered, published under its name and 统一社会信用代码, 信息公示规定 art. 2 para 3)."""
    return "person" if values.get("party_is_person") else "entity"


def institutions_named(db: Database, case: Case, document: IssuedDocument, agency: str) -> tuple[str, ...]:
    """The names of the institutions a decision states, which its publication copy gives as served (信息公示规定
    art. 7) even when a person's name masked is part of them (证人高明, 佛山市高明区市场监督管理局): the deciding
    bureau (``agency``, as issued), the reconsideration body and the court the decision names, and the case's own
    agency, the bureau it acts for and that bureau's parent, each with its reconsideration body and police. Longest
    first."""
    from workstation.errors import NotFound
    from workstation.formkit.values import acting_agency
    from workstation.store import get_agency

    values = document.values
    names = {agency, values.get("reconsideration_body"), values.get("court")}
    bodies = []
    try:
        bodies = [get_agency(db, case.agency_id), acting_agency(db, case)]
        if bodies[-1].parent_id:
            bodies.append(get_agency(db, bodies[-1].parent_id))
    except NotFound:  # an agency removed since: the names the decision gives are enough
        pass
    for body in bodies:
        names |= {body.name, body.reconsideration_body, body.police}
    found = {printable(str(name)).strip() for name in names if name}
    return tuple(sorted((name for name in found if name), key=lambda n: (-len(n), n)))


#: a natural person's name as a record gives it, ahead of what may follow it (王五（某物业公司保安）): Chinese
#: characters, rare ones among them (王䶮明, 王𠮷: ``HAN``), of two or more (乌兰其其格), a minority or foreign name's
#: parts joined by a middle dot (阿依古丽·买买提, 玛丽•安) — the form of ``store.agencies.PERSON_NAME``
_PERSON_NAME = re.compile(rf"^({PERSON_NAME})(?![{HAN}·•])")
#: the middle dots a name's parts are joined by, either of which the text may write (阿依古丽·买买提, 阿依古丽•买买提)
_NAME_DOTS = "·•"


def _is_person_name(name: str) -> bool:
    """Whether ``name`` is a natural person's name as ``_PERSON_NAME`` reads one: two characters or more, a dot
    between two parts."""
    return len(name) >= 2 and _PERSON_NAME.fullmatch(name) is not None


#: the longest name without a middle dot taken unasked from a field of a record (在场人, 见证人): a longer value
#: (当事人拒绝签字, 当事人员工李四) is rarely a name, and masked wherever the text writes it would change the text; a
#: longer name (乌兰其其格) is masked when the officer types it, or when it is another party's recorded name
RECORDED_NAME_LENGTH = 4


def _recorded_name(name: str) -> bool:
    """Whether ``name``, found in a field of a record, is taken for a name to mask unasked: one with a middle dot
    between its parts, or of at most ``RECORDED_NAME_LENGTH`` characters."""
    return any(dot in name for dot in _NAME_DOTS) or len(name) <= RECORDED_NAME_LENGTH


def published_whole(values: dict) -> set[str]:
    """The names a decision with ``values`` publishes as they are: its party's and its legal representative's (or
    operator's), never masked nor offered to be."""
    return {printable(str(values.get(key) or "")).strip() for key in ("party_name", "legal_rep")}


def persons_named(db: Database, case: Case, document: IssuedDocument) -> tuple[str, ...]:
    """The natural persons met in ``case`` other than the party of ``document`` and its representative, whose names
    its publication copy masks (信息公示规定 art. 6; ``masked_name``): the case's other parties that are natural
    persons, and the names the fields marked ``person`` of its documents in force and of the documents of the lead it
    was filed from give (被询问人, 在场人, 见证人, 举报人) — of at most four characters without a middle dot
    (``_recorded_name``: 当事人拒绝签字 is no name). The party itself, its legal representative or operator and
    the officers are published as they are. Longest first."""
    import json

    from workstation.formkit.spec import load_forms
    from workstation.store import parties_of_case

    values = document.values
    own = published_whole(values)
    party_id = values.get(PARTY_KEY) or (case.party_ids[0] if case.party_ids else "")
    names = {party.name.strip() for party in parties_of_case(db, case.id)  # recorded as named: any length
             if party.kind == "person" and party.id != party_id}
    fields = {form.id: [f.name for f in form.fields if f.person] for form in load_forms()[0].values()}
    rows = db.execute("SELECT form_id, values_json FROM documents WHERE status != 'void' AND (case_id = ? OR lead_id "
                      "IN (SELECT id FROM leads WHERE case_id = ?))", [case.id, case.id]).fetchall()
    for form_id, values_json in rows:
        if not fields.get(form_id):
            continue
        given = json.loads(values_json or "{}")
        for name in fields[form_id]:
            found = _PERSON_NAME.match(printable(str(given.get(name) or "")).strip())
            if found and _recorded_name(found.group(1)):
                names.add(found.group(1))
    return tuple(sorted((n for n in names if n and n not in own and _is_person_name(n)),
                        key=lambda n: (-len(n), n)))


def names_to_mask(names, values: dict) -> tuple[str, ...]:
    """The names the officer asks to mask in the publication copy of a decision with ``values`` (``publication_copy``),
    each stripped, without repeats: refused (a ``WorkstationError`` naming it) when one is not a natural person's
    name (``_PERSON_NAME``: two Chinese characters or more, a minority or foreign name's parts joined by a middle dot,
    阿依古丽·买买提), or is the party's own name or its representative's, which are published as they are."""
    own = published_whole(values)
    kept: list[str] = []
    for name in (str(n).strip() for n in names):
        if not name or name in kept:
            continue
        if not _is_person_name(name) or name.endswith("某"):
            raise WorkstationError(_("“{name}” is not a person's name to mask: give each name as written in the "
                                     "decision, in Chinese characters, a middle dot between the parts of a minority "
                                     "or foreign name (李明, 欧阳娜娜, 阿依古丽·买买提).").format(name=name))
        if name in own:
            raise WorkstationError(_("“{name}” is the party or its representative, whose name is published as it is: "
                                     "the penalty published is that party's, and the copy's summary names it. Remove "
                                     "it from the names to mask.").format(name=name))
        kept.append(name)
    return tuple(kept)


#: the title of a law, regulation or rule a decision cites (《中华人民共和国消费者权益保护法》, 《…实施条例》,
#: 《侵害消费者权益行为处罚办法》): given as written, never a person's name
_LAW_TITLE = re.compile(r"《([^《》\n]*(?:法|法典|条例|办法|规定|规则|细则|解释|决定|标准|规范|准则))》")
#: the items of the summary that are the decision's own wording, never a person's: the type of violation, the
#: penalties (警告；罚款¥5,000.00（人民币伍仟元整）) and the change decided on a challenge
_FIXED_ITEMS = (VIOLATION_LABEL, PENALTY_LABEL, CHANGE_LABEL)


def officer_wording(form, values: dict) -> tuple[str, ...]:
    """What the officer wrote into the penalties of a decision with ``values``, as its list prints it: the values of
    the text fields its items print (没收非法财物's 财物, 其他行政处罚), which may name a person (张伟名下手机3部) and
    are no wording of the form's; longest first."""
    from workstation.documents.compose import ITEM_END
    from workstation.formkit.template import PLACEHOLDER, render

    block = next((b for b in form.blocks if b.kind == "list"), None) if form is not None else None
    if block is None:
        return ()
    types = {field.name: field.type for field in form.fields}
    written = {render(f"{{{name}}}", values).strip().rstrip(ITEM_END)
               for item in block.items for name, name_filter, _argument in PLACEHOLDER.findall(item.text)
               if not name_filter and types.get(name, "text") in ("text", "multiline")}
    return tuple(sorted((text for text in written if text), key=lambda text: (-len(text), text)))


def fixed_wording_refusal(names, decision_text: str, summary, officer_texts: tuple[str, ...] = ()) -> str | None:
    """Why one of ``names`` (typed by the officer to mask) is no person's name, None when none is: it is part of the
    title of a law the decision cites (in ``decision_text`` or the ``summary``, unmasked), or of a summary item that
    is the decision's own wording (``_FIXED_ITEMS``: the penalty, the type of violation) — masked, it would turn
    《中华人民共和国消费者权益保护法》 into 《中华人民共和国消某某权益保护法》 and 罚款 into 罚某 wherever written. What
    the officer wrote into those items (``officer_texts``: ``officer_wording``, 没收非法财物：张伟名下手机3部) is no
    wording of the decision's: a name in it is masked."""
    titles = [m.group(0) for text in (decision_text, *(value for _label, value in summary))
              for m in _LAW_TITLE.finditer(text)]
    officers = re.compile("|".join(re.escape(text) for text in officer_texts)) if officer_texts else None
    for name in names:
        if title := next((t for t in titles if name in t), None):
            return _("“{name}” is part of the title {title}, which the publication copy gives word for word: it is "
                     "not a person's name to mask. Remove it from the names to mask.").format(name=name, title=title)
        for label, value in summary:
            fixed = officers.split(value) if officers else [value]  # the item with the officer's words left out
            if label in _FIXED_ITEMS and any(name in piece for piece in fixed):
                return _("“{name}” is part of the summary's {item} ({value}), which the publication copy gives "
                         "word for word: it is not a person's name to mask. Remove it from the names to mask.").format(
                    name=name, item=label, value=value)
    return None


#: the surnames a name found in a decision's text must begin with for ``unmasked_names`` to suggest it (the common
#: single surnames, and the compound ones first): a word after 员工 or 消费者 is rarely a name otherwise
_COMPOUND_SURNAMES = "欧阳 司马 诸葛 上官 东方 皇甫 令狐 慕容 司徒 夏侯 尉迟 公孙 长孙 宇文 端木".split()
_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
             "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
             "冼区麦关伍岑甘欧植霍温庞招赖卓简柯邝容")
_SURNAME = "(?:" + "|".join(_COMPOUND_SURNAMES) + f"|[{_SURNAMES}])"
#: what may follow a name after a word for a person: a stop, or a word that goes on the sentence (its verb among
#: those a decision's facts use of a person), its 的 or its address (业主王五家庭住址…)
_STOP = ("[，,、。；;：:（(）)]|的|家庭住址|住址|等|与|和|及|向|称|在|于|使用|负责|通过|提供|出售|发送|安排|组织|购买|收集|获取|"
         "拨打|介绍|签收|表示|证实|承认|陈述|交代|出具|提交|知情|知晓|陪同|协助|参与|帮助|代为|"
         # the verbs by which a complainant or reporter is named (消费者王小红投诉称…, 业主李四举报…)
         "投诉|举报|反映|反馈|诉称|来电|致电|来信|来访|报案|报警|咨询|申诉|检举|控告|告知|提出|要求")
#: the punctuation that ends a name (the first of ``_STOP``)
_PUNCTUATION = _STOP.split("|")[0]
#: the stops of more than one character (投诉, 负责 …), and 等 or 称 before punctuation (消费者李四等，; 员工王五称：):
#: a word after a name, never the end of one
_WORD_STOP = "|".join([*(word for word in _STOP.split("|") if len(word) > 1 and not word.startswith("[")),
                       f"[等称]{_PUNCTUATION}"])
#: (的 ends a name, never is in it: 业主刘洋的房屋, 刘洋的手机号码 name 刘洋). A given name of one character before a
#: word that goes on the sentence is not extended into it (消费者李娜投诉称: 李娜, not 李娜投 before 诉称; 消费者李四等，:
#: 李四, not 李四等; 员工王五称，: 王五); else two characters where a stop follows them (员工王小于负责: 王小于, 于 a
#: stop only where the name ends)
_NAME = rf"{_SURNAME}(?:(?!的)[{HAN}](?=(?:{_WORD_STOP}))|(?:(?!的)[{HAN}]){{1,2}})"
#: the cues that a natural person is named: the name before its sex (张三，男，…), its ID number (张三（身份证号码
#: …）, 张三的身份证号码) or its telephone number (张三（手机号码…）, 张三，联系电话…), or after a word for a person
#: (员工张三，; 消费者李四等; 联系人王五向…; 业主刘洋的) or a verb by which the party had a person act (雇佣王五、…) before a
#: stop
_NAME_CUES = re.compile(
    rf"(?P<a>{_NAME})(?=[（(，,]\s*[男女][，,）)]|的?[（(，,：:]?\s*(?:公民)?身份(?:证|号码)"
    r"|的?[（(，,：:]?\s*(?:手机|电话|联系电话|移动电话)(?:号码)?[：:]?\s*\d)"
    r"|(?:员工|职工|业务员|销售员|销售人员|客服人员|工作人员|店员|店长|经理|主管|股东|消费者|投诉人|举报人|证人|见证人|客户|"
    r"业主|房东|租客|"
    # a relative, a colleague or a friend of the party's or of a person named (其同事王小明介绍, 其妻李娜知情)
    r"同事|同学|朋友|邻居|亲属|亲戚|配偶|妻子|丈夫|其妻|其夫|父亲|母亲|其父|其母|儿子|女儿|其子|其女|哥哥|姐姐|弟弟|妹妹|"
    # the verbs by which a decision's facts name the persons the party had act for it (当事人雇佣王小明、李娜拨打…)
    r"雇佣|雇用|聘用|聘请|招聘|指使|唆使|授意|指派|委派|委托|安排|组织|"
    r"被询问人|当事人|联系人|收件人|签收人|委托代理人|代理人|法定代表人|负责人|经营者)"
    # the word a relationship is said with (系朋友关系, 同事关系) is no name, though 关 is a surname
    rf"(?!关系)(?P<b>{_NAME})(?={_STOP})")
#: a further name joined to one found (员工王小明与陈静使用 …: 陈静)
_JOINED = re.compile(rf"(?:与|和|及|、)(?P<c>{_NAME})(?={_STOP})")


#: how many characters ``unmasked_names`` shows on each side of a name found
CONTEXT = 8
#: surnames that are also words a name follows (向陈明，男 …: 陈明 is the name)
_LEADING_WORDS = frozenset("向于和同将")
#: the words for persons unnamed that follow one of those (当事人向他人（…）提供, 其朋友向其购买: 向 the word, not a
#: surname)
_UNNAMED = frozenset("他人 别人 其他 本人 他们 她们 对方 外人 公众 其".split())


@dataclass(frozen=True)
class UnmaskedName:
    """A name ``unmasked_names`` found in a publication copy: the name, and the words around it where first found."""

    name: str
    context: str


def unmasked_names(copy: PublicationCopy) -> tuple[UnmaskedName, ...]:
    """The names of natural persons the publication copy still gives whole, as the decision's wording suggests them
    (``_NAME_CUES``: before a sex or an ID number, after 员工, 消费者 …), for the officer to mask
    (``publication_copy(names=...)``): written only in the facts, no record of the case gives them. The party and its
    representative are left out (published as they are); a suggestion is for the officer to confirm, never masked
    unasked; a name merely inside theirs (证人高明, 佛山市高明区…有限公司) is suggested."""
    values = copy.document.values
    own = published_whole(values)
    text = "\n".join([*(value for _label, value in copy.summary), copy.decision.text])
    found: dict[str, UnmaskedName] = {}
    matches = []  # (name, where it starts)
    for match in _NAME_CUES.finditer(text):
        group = "a" if match.group("a") else "b"
        name, start = match.group(group), match.start(group)
        if name[0] in _LEADING_WORDS and name[1:] in _UNNAMED:
            continue
        if name[0] in _LEADING_WORDS and len(name) > 2 and re.match(_SURNAME, name[1:]):  # 向陈明，男: 陈明
            name, start = name[1:], start + 1
        matches.append((name, start))
        if group == "b":  # 员工王小明与陈静: each name joined to the one found
            joined = _JOINED.match(text, match.end())
            while joined:
                matches.append((joined.group("c"), joined.start("c")))
                joined = _JOINED.match(text, joined.end())
    for name, start in matches:
        if name in found or "某" in name or name in own:  # a name inside the party's own (佛山市高明区…公司) is found
            continue
        context = text[max(0, start - CONTEXT):start + len(name) + CONTEXT].replace("\n", " ").strip()
        found[name] = UnmaskedName(name, context)
    return tuple(found.values())


#: a name as ``masked_name`` gives it, for what shows the processing to find (王某某, 欧阳某某, 阿某某某·某某某)
MASKED_NAME = "(?:" + "|".join(_COMPOUND_SURNAMES) + rf"|[{HAN}])某+(?:[{_NAME_DOTS}]某+)*"


def masked_name(name: str) -> str:
    """A natural person's name as a published decision gives it: the surname kept — a compound one whole
    (``_COMPOUND_SURNAMES``: 欧阳娜娜 → 欧阳某某, 司马懿 → 司马某) — each other character 某 (李明 → 李某); a
    minority or foreign name's first character kept, every other character of each of its parts 某, the middle dots
    between them kept (阿依古丽·买买提 → 阿某某某·某某某, 约翰·史密斯 → 约某·某某某)."""
    kept = 2 if len(name) > 2 and name[:2] in _COMPOUND_SURNAMES else 1
    return name[:kept] + "".join(ch if ch in _NAME_DOTS else "某" for ch in name[kept:])


#: a resident ID number as stored: 18 characters (17 digits and a check digit or X) or an old one of 15 digits
RESIDENT_ID = re.compile(r"\d{17}[\dXx]|\d{15}")


def masked_code(code: str) -> str:
    """A natural person's identity document number as published: a resident ID (15 digits, or 17 and a check
    character: ``RESIDENT_ID``) as ``masking.mask_id`` gives it (4406**********1234); any other — a passport or a
    permit number — its first two and last two characters kept, at least half of it stars (港澳居民来往内地通行证
    H12345678 → H1*****78, 台湾居民来往大陆通行证 12345678 → 12****78, A12345 → A****5); four characters or fewer all
    stars."""
    from workstation.masking import STAR, mask_id

    text = code.strip()
    if RESIDENT_ID.fullmatch(text):
        return mask_id(text)
    kept = min(2, len(text) // 4) if len(text) > 4 else 0  # at each end: never more than a quarter of it
    return text[:kept] + STAR * (len(text) - 2 * kept) + text[len(text) - kept:]  # kept 0: all stars


#: a passport or permit number written after the document's name (护照号码E12345678, 港澳通行证H12345678, 往来港澳通行证
#: C12345678, 港澳居民来往内地通行证号码：H1234567801, 台湾居民来往大陆通行证12345678, 台胞证12345678, 回乡证
#: M12345678): up to two letters, then 6 to 12 digits, a letter after them or not; whoever's it is, published as
#: ``masked_code`` masks the party's own (``mask_permits``). 通行证 alone (a vehicle's) is none of them.
_PERMIT_CODES = re.compile(r"(?P<label>(?:护照|(?:港澳|台湾)(?:居民来往(?:内地|大陆))?通行证|台胞证|回乡证)"
                           r"(?:号码|证号|编号|号)?\s*(?:[：:]|为|是)?\s*)"
                           r"(?P<code>(?<![0-9A-Za-z])[A-Za-z]{0,2}\d{6,12}[A-Za-z]?(?![0-9A-Za-z]))")


def mask_permits(text: str) -> str:
    """``text`` with every passport or permit number written after its document's name (``_PERMIT_CODES``) as
    ``masked_code`` gives it: 港澳通行证H12345678 → 港澳通行证H1*****78, 台胞证12345678 → 台胞证12****78."""
    return _PERMIT_CODES.sub(lambda m: m.group("label") + masked_code(m.group("code")), text)


#: the account of a person on WeChat or QQ written after its label (微信号：zhuzixuan1993, QQ号：123456789, 微信为
#: wxid_abc123), one or several (、 or / between them): published masked (``_masked_account``). A label followed by
#: no account (微信群, QQ群, 微信支付) leaves the text as it is.
_ACCOUNT = r"[A-Za-z0-9][A-Za-z0-9_\-]{4,29}(?![A-Za-z0-9_\-])"
#: a label that says an account follows (号, 账号, ID, a colon, 为/是); after a bare 微信 only a value with a letter
#: in it is an account, after a bare QQ a number of 5 to 12 digits: 通过微信20000元, 微信2023-03-15向… give an amount
#: or a date, published as they are
_LABELLED = r"(?:号码|号|账号|帐号|[Ii][Dd])\s*(?:[：:]|为|是)?|\s*(?:[：:]|为|是)"
_BARE_ACCOUNT = r"(?=[A-Za-z0-9_\-]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9_\-]{4,29}(?![A-Za-z0-9_\-])"
_BARE_QQ = r"\s*(?=\d{5,12}(?![0-9A-Za-z_\-.元年月日万]))"  # QQ 123456789: a QQ number, not an amount
_ACCOUNTS = re.compile(rf"(?P<label>(?:微信|[Qq][Qq])(?:(?:{_LABELLED})\s*(?=[A-Za-z0-9])|(?={_BARE_ACCOUNT}))"
                       rf"|[Qq][Qq]{_BARE_QQ})"
                       rf"(?P<values>{_ACCOUNT}(?:\s*[、/，,]\s*{_ACCOUNT})*)")
_ONE_ACCOUNT = re.compile(_ACCOUNT)


def _masked_account(account: str) -> str:
    """A WeChat ID or QQ number as published: its first two and last two characters kept (zh*********93), one of
    five characters all stars."""
    return account[:2] + "*" * (len(account) - 4) + account[-2:] if len(account) > 5 else "*" * len(account)


def mask_accounts_named(text: str) -> str:
    """``text`` with the WeChat IDs and QQ numbers written after their labels masked (``_ACCOUNTS``)."""
    return _ACCOUNTS.sub(lambda m: m.group("label") + _ONE_ACCOUNT.sub(
        lambda a: _masked_account(a.group()), m.group("values")), text)


#: the ends of the divisions a place name is made of: a name masked met between two of them (佛山市高明区, 禅城区
#: 高明路) is a place's, kept
_DIVISION_BEFORE = frozenset("省市区县州盟旗镇乡")
_DIVISION_AFTER = re.compile(r"市|区|县|镇|乡|街道|旗|自治|村|社区|路|街|大道")


def _names_masked(piece: str, names: re.Pattern, institutions: tuple[str, ...]) -> str:
    """``piece`` with each name ``names`` finds as ``masked_name`` gives it, but where it is part of an institution's
    name (``institutions``) or of a place name (``_DIVISION_BEFORE``, ``_DIVISION_AFTER``)."""
    spans = [(m.start(), m.end()) for name in institutions for m in re.finditer(re.escape(name), piece)]

    def masked_unless_a_place(found: re.Match) -> str:
        start, end = found.span()
        if any(first <= start and end <= last for first, last in spans):
            return found.group()
        if start and piece[start - 1] in _DIVISION_BEFORE and _DIVISION_AFTER.match(piece, end):
            return found.group()
        return masked_name(found.group())

    return names.sub(masked_unless_a_place, piece)


def masker(values: dict, rules, persons: tuple[str, ...] = (), institutions: tuple[str, ...] = ()):
    """The processing of a decision's text for publication (信息公示规定 art. 6), as a function of one text: every
    ID, telephone and bank account number and e-mail address masked, and the address written after 住址, 地址,
    住所, 户籍地 … (of a decision to a firm, not its own 住所: ``masking.mask_published``), every WeChat ID and QQ number after its
    label (``mask_accounts_named``), every passport or permit number after its document's name as ``masked_code``
    gives it (``mask_permits``), the names of the other natural persons met in the case (``persons``,
    ``persons_named``) as ``masked_name`` gives them — but inside an institution's name the decision states
    (``institutions``, ``institutions_named``) or a place name — and, for a natural person, its identity document number wherever the text gives it (a passport or a permit
    too, ``masked_code``) and the address the decision prints as ``mask_address`` words it, wherever the text gives
    it, with or without its province (``_without_province``). Kept whole: the 统一社会信用代码 and the address (住所,
    with or without its province) of a party that is no natural person (its register entry is public) and the
    bureau's own account (``payment_details``)."""
    from workstation.masking import mask_address, mask_published

    person = _kind(values) == "person"
    kept = [line for line in printable(str(values.get("payment_details") or "")).split("\n") if line.strip()]
    if not person and str(values.get("party_code") or "").strip():
        kept.append(printable(str(values["party_code"])).strip())
    given = printable(str(values.get("party_address") or "")).strip()
    # the address as recorded, and as a text may write it without its province (广东省佛山市… written 佛山市…)
    addresses = [a for a in dict.fromkeys((given, _without_province(given))) if a]
    if not person:  # a firm's 住所 is published as it is
        kept += addresses
    code = printable(str(values.get("party_code") or "")).strip() if person else ""
    # the number alone, not the same digits inside a longer one (a telephone number, an account)
    code_rx = re.compile(rf"(?<![0-9A-Za-z]){re.escape(code)}(?![0-9A-Za-z])", re.IGNORECASE) if code else None
    if persons and str(values.get("party_name") or "").strip():  # a name inside the party's own stays (李明贸易有限公司)
        kept.append(printable(str(values["party_name"])).strip())
    split = re.compile("(" + "|".join(re.escape(k) for k in sorted(kept, key=len, reverse=True)) + ")") if kept else None

    names = re.compile("|".join(_written(n) for n in persons)) if persons else None

    def processed(piece: str) -> str:
        for address in addresses if person else ():  # the longest first: the province kept where written
            piece = piece.replace(address, mask_address(address))
        if code_rx is not None:
            piece = code_rx.sub(lambda m: masked_code(m.group()), piece)
        piece = mask_permits(piece)  # anyone's passport or permit, before its digits are read as a telephone number
        if names is not None:
            piece = _names_masked(piece, names, institutions)
        return mask_accounts_named(mask_published(piece, rules, person, "" if person else given))

    def mask(text: str) -> str:
        pieces = split.split(text) if split else [text]
        return "".join(piece if n % 2 else processed(piece) for n, piece in enumerate(pieces))

    return mask


def _without_province(address: str) -> str:
    """``address`` without the province it begins with (广东省佛山市南海区桂城街道海八路1号 → 佛山市南海区桂城街道海八路
    1号), as a decision's text may write it; "" when it names none, or when what is left is no address of a place
    (its divisions alone: 广东省佛山市)."""
    from workstation.masking import _PROVINCE_FIRST, mask_address

    province = _PROVINCE_FIRST.match(address)
    rest = address[province.end():].strip() if province else ""
    return rest if rest and mask_address(rest) != rest else ""


def names_written_nowhere(names, decision_text: str, summary) -> tuple[str, ...]:
    """The ``names`` that neither ``decision_text`` nor the values of ``summary`` (both as composed, not yet masked)
    write, either middle dot between a name's parts (``_written``)."""
    text = "\n".join([decision_text, *(value for _label, value in summary)])
    return tuple(name for name in names if not re.search(_written(name), text))


def _written(name: str) -> str:
    """A pattern of ``name`` as a text may write it: either middle dot between its parts (``_NAME_DOTS``)."""
    return "".join(f"[{_NAME_DOTS}]" if ch in _NAME_DOTS else re.escape(ch) for ch in name)


def _masked_paragraph(paragraph: Paragraph, mask) -> Paragraph:
    """``paragraph`` masked run by run (its underlines kept), or as one run when a number spans runs."""
    whole = mask(paragraph.text)
    runs = tuple(replace(run, text=mask(run.text)) for run in paragraph.runs)
    if "".join(run.text for run in runs) != whole:
        runs = (Run(whole),)
    return replace(paragraph, runs=runs)


def masked(document: Document, mask) -> Document:
    """``document`` with the text of every paragraph and table cell through ``mask``."""
    blocks = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            block = _masked_paragraph(block, mask)
        elif isinstance(block, Table):
            block = replace(block, rows=tuple(replace(row, cells=tuple(
                replace(cell, paragraphs=tuple(_masked_paragraph(p, mask) for p in cell.paragraphs))
                for cell in row.cells)) for row in block.rows))
        blocks.append(block)
    return replace(document, blocks=tuple(blocks), fields=())


def summary_items(case: Case, document: IssuedDocument, form, agency: str, mask, change=None,
                  db: Database | None = None) -> tuple[tuple[str, str], ...]:
    """The 行政处罚信息摘要 of ``document`` as (label, value), in order: 文号; the party's name, its 统一社会信用代码
    (a natural person's ID number, masked) and, for a party that is no natural person, its 法定代表人（负责人）
    or 经营者; the type of violation; the penalties; the deciding bureau; the date of the decision. Each from the
    decision's frozen values, the type of violation from the case (``violation_type``). A decision changed on the
    party's reconsideration or lawsuit (``change``, ``decision_change``) gives the penalty in force, then what changed
    it (``CHANGE_LABEL``: 经…（文号）于…变更为…; 信息公示规定 art. 11, Penalty Law art. 48), the decision's text
    following as it was served."""
    from workstation.formkit.values import decision_text, document_reference
    from workstation.money import chinese_date

    values, kind = document.values, _kind(document.values)

    def value(name: str) -> str:
        return printable(str(values.get(name) or "")).strip()

    code = value("party_code")
    items = [(NUMBER_LABEL, document_reference(document.number, values) or ""),
             (NAME_LABELS[kind], value("party_name")),
             (value("party_code_label") or CODE_LABELS[kind], masked_code(code) if kind == "person" else code)]
    if kind == "entity":
        representative = "individual_business" if values.get("party_is_individual_business") else "entity"
        items.append((REPRESENTATIVE_LABELS[representative], value("legal_rep")))
    items += [(VIOLATION_LABEL, mask(violation_type(case, values))),
              (PENALTY_LABEL, mask(decision_text(form, values))),
              (AUTHORITY_LABEL, agency),
              (DATE_LABEL, chinese_date(values.get("decided_on")))]
    if change is not None:
        changed = _changed_values(values, change)
        body = CHANGED_BY.get(_challenge_kind(db, change), "行政复议决定或人民法院判决")
        number = printable(change.approved_by or "").strip()
        by = f"经{body}（{number}）" if number else f"经{body}"
        if changed is not None:
            penalty = mask(decision_text(form, changed))
            items[items.index((PENALTY_LABEL, mask(decision_text(form, values))))] = (PENALTY_LABEL, penalty)
            said = f"本行政处罚决定{by}于{chinese_date(change.starts_on)}变更为：{penalty}"
        else:  # the change does not say the fine: the penalty in force is the changing decision's
            said = f"本行政处罚决定{by}于{chinese_date(change.starts_on)}变更，处罚内容以变更后的决定为准"
        items.insert(len(items) - 2, (CHANGE_LABEL, said))
    return tuple(items)


def _challenge_kind(db: Database | None, change) -> str:
    """The kind of challenge ("reconsideration" or "litigation") the outcome ``change`` answered, "" when unknown."""
    if db is None or not change.clock:
        return ""
    row = db.execute("SELECT kind FROM clock_events WHERE id = ?", [change.clock]).fetchone()
    return row[0] if row else ""


def violation_type(case: Case, values: dict) -> str:
    """The type of violation the summary gives: the case's violation types (未经同意发送商业性信息 …, joined by 、),
    each as the facts the case records say it (``violation_label``: a case of calls 未经同意拨打商业性电话), else the
    provisions the decision says were violated. UNCONFIRMED: the system may offer a list of its own types to choose
    from; the officer then chooses the one these name."""
    from workstation.vocabulary import labels

    known = labels("violations")
    kinds = "、".join(violation_label(key, case.law_conditions) for key in case.violations if key in known)
    return kinds or _LINES.sub("", printable(str(values.get("violated") or ""))).strip()


def violation_label(key: str, conditions) -> str:
    """The label of the violation type ``key`` as the facts ``conditions`` a case records say it: vocabulary.toml
    [violation_facts.<key>] names the facts (one key, or several joined by +) that word it otherwise — calls are no
    信息 (REFERENCE §4.4): a case of calls alone 未经同意拨打商业性电话, of calls and messages both; the most facts
    matched win. Else its label in [violations]."""
    from workstation.vocabulary import label, vocabulary

    held = set(conditions or ())
    worded = {frozenset(facts.split("+")): text for facts, text in
              (vocabulary().get("violation_facts", {}).get(key) or {}).items() if isinstance(text, str)}
    matched = [facts for facts in worded if facts <= held]
    return worded[max(matched, key=len)] if matched else label("violations", key)


def write_publication_copy(db: Database, copy: PublicationCopy, typed: str, kept_whole, path: str, fmt: str) -> Path:
    """Write ``copy`` to ``path`` as ``fmt`` (``PublicationCopy.data``, ``output.write_output``) and keep the review
    it was written with (``publication_review.record_review``: what the officer typed, the suggestions left whole
    ``kept_whole``, the names the copy masked), in one transaction — the review window's save and ``docs
    publication`` with names chosen both write so: the review is kept, and audited, only once the file is written; a
    file that cannot be written (a missing folder, a full disk) keeps none, and a review refused writes no file.
    Returns the file written."""
    from workstation.documents.publication_review import record_review
    from workstation.output import write_output

    with db.atomic():
        record_review(db, copy.document, typed, kept_whole, copy.names)
        return write_output(path, copy.data(fmt))


def publication_file_name(document: IssuedDocument, fmt: str) -> str:
    """The name a publication copy is offered under: its 文号 (else its title) and （公示版）, without a character a
    file name may not hold (``casefile.offered_file_name``: a 文号 typed by hand may hold a slash)."""
    from workstation.documents.casefile import offered_file_name

    return f"{offered_file_name(document.number or document.title)}（公示版）.{fmt}"


#: the extensions of the other formats of documents and tables, which a publication copy is not written under (a
#: .pdf holding DOCX opens nowhere): as ``docs publication`` refuses them
_OTHER_FORMATS = frozenset({"pdf", "doc", "wps", "xlsx", "xls", "et", "csv", "odt", "ods", "rtf"})


def publication_target(path: str) -> tuple[str, str]:
    """The format ("docx" or "txt") and the file a publication copy the officer saves as ``path`` is written in: a
    name ending in .txt as text, in .docx as DOCX, any other name as DOCX with .docx added (a dot in the name,
    公示版（2026.8）, is part of it); refused (a ``WorkstationError`` saying what to do) for a name ending in another
    format's extension (.pdf, .doc …)."""
    suffix = Path(path).suffix.lower().removeprefix(".")
    if suffix in ("txt", "docx"):
        return suffix, path
    if suffix in _OTHER_FORMATS:
        raise WorkstationError(_("{file} ends in .{suffix}: the publication copy is written as DOCX or as text only. "
                                 "Save it again under a name ending in .docx or .txt.").format(file=path,
                                                                                               suffix=suffix))
    return "docx", f"{path}.docx"
