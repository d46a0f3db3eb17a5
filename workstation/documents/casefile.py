"""The printed case file (卷宗): cover, index of documents, every issued document exactly as issued, and the
remarks sheet, as one PDF. The issued documents' pages carry continuous archive page numbers (卷内页号) in the
top outer corner, as filed case files are numbered, without touching the documents' own numbering. A numbered
document never leaves the file without trace: a voided one is printed in its place, each page stamped 作废 across
it, and keeps its archive pages, as one replaced by a correction does, each page stamped 已更正 with the correction
it points to (（见佛南市监询〔2026〕2号）, or the pages of one without a 文号); the 目录 marks both in its 备注
(``formkit.values.filed_documents``), so its page ranges and the pages printed agree.

The file has one cover, one index and one remarks sheet. Each one issued and in force (卷宗封面, 卷内文件目录, 卷内备考表 are
one per case) takes its place as issued — the cover first, the index after it, the remarks sheet last — and one not
issued is drawn from the case as it is; none of them is ever bound, listed or page-numbered among the documents
(``formkit.values.bound_documents``). An issued one that no longer describes the file (a document issued after
it, fewer documents or pages counted than the file holds, or a cover and remarks sheet counting it differently)
refuses the print naming it: the issued sheet is the signed record of what the file holds, so it is corrected
(更正…), not silently replaced by another nor bound wrong.

Printed from the window it runs in the background (``save_case_file``, through ``tasks.case_file_task``): each
document added is reported (n of N), a Cancel stops it before the next one, and the file is written under a
``.part`` name and renamed only once whole, so that a cancelled or failed print leaves no file behind."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

from workstation.case_reference import UNFILED_SHOWN, case_named
from workstation.db import Database
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.issuing import document_pdf
from workstation.documents.stage_rules import ARCHIVED_STATES
from workstation.errors import WorkstationError
from workstation.formkit.values import (
    ARCHIVE_FORMS,
    FiledDocument,
    archive_pages,
    bound_documents,
    filed_documents,
)
from workstation.i18n import _
from workstation.progress import CancelToken, ProgressFn, check_cancel, no_progress
from workstation.records import Case

MM = 72 / 25.4
# what a file name may not hold, on Windows too (a masked number's stars are written full-width: ＊)
_NOT_IN_FILE_NAME = re.compile(r'[\\/:*?"<>|\s]+')
_PARTY_SHOWN = 30


#: how the case file names a case decided on the spot (简易程序), which by law has no 立案 and so no case number
SIMPLE_PROCEDURE_SHOWN = "简易程序"


def _on_the_spot_number(db: Database, case: Case) -> str:
    """The 文号 (the pre-printed serial) of the 当场行政处罚决定书 in force of a case decided on the spot without a case
    number; "" for any other case, or one whose decision was voided."""
    if case.case_number or case.procedure_kind != "simple":
        return ""
    from workstation.formkit.values import decision_number

    return decision_number(db, case)


def file_case_number(db: Database, case: Case) -> str:
    """What the case file's cover, 卷内文件目录 and 卷内备考表 drawn from the case print as its 案件编号: its case number;
    for a case decided on the spot (简易程序), which has none by law, 简易程序（当场行政处罚决定书No.0012345）— its
    decision names it, and 未立案 would read as a case declined; "" for a case not filed (the sheets print
    未立案)."""
    if case.case_number or case.procedure_kind != "simple":
        return case.case_number
    number = _on_the_spot_number(db, case)
    return f"{SIMPLE_PROCEDURE_SHOWN}（当场行政处罚决定书{number}）" if number else SIMPLE_PROCEDURE_SHOWN


def offered_file_name(text: str) -> str:
    """``text`` (a form's title, a party's name, a 文号) as a file name a save dialog may offer: a slash, which the
    dialog would take for a folder (场所/设施/财物清单), written as 、, and the other characters a file name may not hold
    left out."""
    return _NOT_IN_FILE_NAME.sub("", re.sub(r"\s*[\\/]\s*", "、", text)) or "—"


def case_file_name(db: Database, case: Case) -> str:
    """What the printed case file of ``case`` is called, its PDF title and the name offered to save it (without
    .pdf): 佛南市监立〔2026〕9号 卷宗; for a case decided on the spot (简易程序), which has no number by law,
    简易程序_<its 当场行政处罚决定书's 文号>_卷宗; for a case not filed, which has no number yet, 未立案_<party>_卷宗 —
    the first party (等 after it when there are several), masked as in every list — without a character a file
    name may not hold."""
    if case.case_number:
        return f"{case.case_number} 卷宗"
    simple = case.procedure_kind == "simple"
    if simple and (number := _NOT_IN_FILE_NAME.sub("", _on_the_spot_number(db, case))):
        return f"{SIMPLE_PROCEDURE_SHOWN}_{number}_卷宗"
    from workstation.masking import mask_text
    from workstation.store import parties_of_case

    names = [party.name for party in parties_of_case(db, case.id)] or [case.party_names]
    party = _NOT_IN_FILE_NAME.sub("", mask_text(names[0]).replace("*", "＊"))[:_PARTY_SHOWN]
    if len(names) > 1:
        party += "等"
    return f"{SIMPLE_PROCEDURE_SHOWN if simple else UNFILED_SHOWN}_{party or '—'}_卷宗"


def unbound_materials(db: Database, case: Case) -> str:
    """What the case holds outside the documents bound in its file, for the 卷内备考表's 情况说明
    (``documents.unbound``): its evidence in force by kind (证据：照片2张、客户名单1份（原件另存，见证据登记）) and the
    vouchers of its payments with their days (缴款凭证：PJ001（2026年4月1日）) — those of payments recorded without
    their number by their days alone (缴款凭证（2026年10月25日）), never a dash for a number —, joined by ；; "" when
    it holds neither."""
    from workstation.money import chinese_date
    from workstation.payments import payments_in_order
    from workstation.store.evidence import list_evidence, measure_word
    from workstation.vocabulary import label

    kinds: dict[str, int] = {}
    for item in list_evidence(db, case.id):
        if not item.void_reason:
            kinds[item.kind] = kinds.get(item.kind, 0) + 1
    said = []
    if kinds:
        items = [f"{label('evidence_kinds', kind) if kind != 'other' else '其他证据材料'}{count}{measure_word(kind)}"
                 for kind, count in kinds.items()]
        said.append(f"证据：{'、'.join(items)}（原件另存，见证据登记）")
    paid = payments_in_order(db, case)
    numbered = [f"{item.payment.voucher.strip()}（{chinese_date(item.day)}）" if item.day else item.payment.voucher.strip()
                for item in paid if item.payment.voucher.strip()]
    if numbered:
        said.append(f"缴款凭证：{'、'.join(numbered)}")
    if unnumbered := [chinese_date(item.day) for item in paid if item.day and not item.payment.voucher.strip()]:
        said.append(f"缴款凭证（{'、'.join(unnumbered)}）")  # its number not recorded: the voucher of that day
    return "；".join(said)


@dataclass(frozen=True)
class CaseFile:
    """The case file's PDF, its page count and the archive page range of each document filed (voided ones too)."""

    data: bytes
    pages: int
    numbered: dict[str, tuple[int, int]]


def _canvas(buffer: io.BytesIO, size: tuple[float, float]):
    """A reportlab canvas of a page ``size`` drawing what the case file lays over its pages (page numbers, marks,
    stamps) into ``buffer``, its initial font the Chinese face its texts are set in, as ``pdf_writer.render_pdf``'s:
    reportlab's own (Helvetica, never embedded) would be named on every page of the file, which a PDF/A check
    refuses."""
    from reportlab.pdfgen import canvas

    from workstation.documents.fonts import resolve_fonts

    return canvas.Canvas(buffer, pagesize=size, invariant=1, initialFontName=resolve_fonts().name("song"))


def _stamps(sizes: list[tuple[float, float]], first: int = 1, before: int = 0) -> bytes:
    """The archive page numbers ``first``, ``first`` + 1 … in one PDF, a page of each of ``sizes`` (width, height)
    holding its number alone, in the top outer corner of the sheet it is printed on, double-sided and bound on the
    left: top right on a front (an odd page of the whole PDF, ``before`` pages — the cover and the index —
    preceding the first), top left on a back. One PDF for every page of the file, so that the digits' face is
    embedded once, not once per page."""
    from workstation.documents.fonts import DRAWING_LOCK, resolve_fonts

    buffer = io.BytesIO()
    with DRAWING_LOCK:  # its digits are embedded from a face every thread shares
        sheet = _canvas(buffer, sizes[0])
        for number, (width, height) in enumerate(sizes, start=first):
            sheet.setPageSize((width, height))
            sheet.setFont(resolve_fonts().name("song"), 12)
            y = height - 12 * MM
            if (before + number - first) % 2 == 0:  # the PDF's page before + 1, before + 3 …: a front
                sheet.drawRightString(width - 15 * MM, y, str(number))
            else:
                sheet.drawString(15 * MM, y, str(number))
            sheet.showPage()
        sheet.save()
    return buffer.getvalue()


#: what marks each page of the case file of a case not closed nor archived: a working copy, not the file archived
WORKING_COPY_MARK = "未结案·工作卷宗（非归档）"
#: the statuses of a case whose case file is the one archived (立卷归档 follows 结案, or the case's end without a
#: decision of this bureau), as its sheets are issued then
FILED_STATUSES = ARCHIVED_STATES


def working_copy(case: Case) -> bool:
    """Whether the case file of ``case`` prints as a working copy (``WORKING_COPY_MARK``): the case is not closed
    nor archived, so its file is not the one put together for the archive."""
    return case.status not in FILED_STATUSES


def working_copy_note(case: Case) -> str | None:
    """What is said before or after printing the case file of a case not closed (the CLI's stderr, the window's
    button), None for a closed one."""
    if not working_copy(case):
        return None
    return _("The case is not closed: its case file prints as a working copy, each page marked {mark}, its "
             "retention period left unticked; the file to archive is printed once the case is closed.").format(
        mark=WORKING_COPY_MARK)


def _working_mark(width: float, height: float, cover: bool = False) -> bytes:
    """One page of ``width`` × ``height`` with ``WORKING_COPY_MARK`` in red at the head and the foot of the sheet,
    and on the cover also stamped large and slanted across its middle, as 作废 is on a voided page."""
    from reportlab.lib.colors import Color

    from workstation.documents.fonts import DRAWING_LOCK, resolve_fonts

    buffer = io.BytesIO()
    with DRAWING_LOCK:
        sheet = _canvas(buffer, (width, height))
        red = Color(0.8, 0, 0, alpha=0.75)
        sheet.setFillColor(red)
        sheet.setStrokeColor(red)
        sheet.setFont(resolve_fonts().name("song"), 10.5)
        sheet.drawCentredString(width / 2, height - 8 * MM, WORKING_COPY_MARK)
        sheet.drawCentredString(width / 2, 6 * MM, WORKING_COPY_MARK)
        if cover:
            sheet.setFillColor(Color(0.8, 0, 0, alpha=0.45))
            sheet.setStrokeColor(Color(0.8, 0, 0, alpha=0.45))
            sheet.translate(width / 2, height / 2)
            sheet.rotate(30)
            sheet.setFont(resolve_fonts().name("song"), 30)
            sheet.drawCentredString(0, -10, WORKING_COPY_MARK)
            sheet.setLineWidth(2)
            sheet.rect(-200, -30, 400, 60)
        sheet.showPage()
        sheet.save()
    return buffer.getvalue()


def _stamp(width: float, height: float, draw) -> bytes:
    """One page of ``width`` × ``height`` with ``draw(sheet, font)`` setting a stamp in red, slanted across its middle
    over the text (the origin at the page's centre)."""
    from reportlab.lib.colors import Color

    from workstation.documents.fonts import DRAWING_LOCK, resolve_fonts

    buffer = io.BytesIO()
    with DRAWING_LOCK:
        sheet = _canvas(buffer, (width, height))
        sheet.setFillColor(Color(0.8, 0, 0, alpha=0.55))
        sheet.setStrokeColor(Color(0.8, 0, 0, alpha=0.55))
        sheet.translate(width / 2, height / 2)
        sheet.rotate(30)
        draw(sheet, resolve_fonts().name("song"))
        sheet.showPage()
        sheet.save()
    return buffer.getvalue()


def _void_stamp(width: float, height: float) -> bytes:
    """One page of ``width`` × ``height`` with 作废 set large and red, slanted across its middle, over the text."""

    def draw(sheet, font):
        sheet.setFont(font, 96)
        sheet.drawCentredString(0, -32, "作废")
        sheet.setLineWidth(3)
        sheet.rect(-130, -60, 260, 130)

    return _stamp(width, height, draw)


def _superseded_stamp(width: float, height: float, reference: str) -> bytes:
    """One page of ``width`` × ``height`` with 已更正 set large and red, slanted across its middle as 作废 is
    (``_void_stamp``), and under it ``reference``, the correction replacing the document: （见佛南市监询〔2026〕2号）."""

    def draw(sheet, font):
        sheet.setFont(font, 72)
        sheet.drawCentredString(0, 8, "已更正")
        size = min(18.0, 300 / max(sheet.stringWidth(reference, font, 1), 1))  # a long 文号 kept inside the frame
        sheet.setFont(font, size)
        sheet.drawCentredString(0, -40, reference)
        sheet.setLineWidth(3)
        sheet.rect(-160, -58, 320, 142)

    return _stamp(width, height, draw)


def _corrected_by(documents: list[FiledDocument], spans: dict[str, tuple[int, int]]) -> dict[str, str]:
    """{id of a document replaced by an issued correction: how its 已更正 stamp names that correction} — the one
    issued last, not void, as the 目录's 备注 names it (已由…更正): （见佛南市监询〔2026〕2号）, or by its archive pages
    when it has no 文号: （见第12页）, （见第12-13页）."""
    latest: dict[str, FiledDocument] = {}
    for document in sorted(documents, key=lambda d: d.issued_rank):
        if document.supersedes_id and document.status == "issued":
            latest[document.supersedes_id] = document
    said = {}
    for corrected, correction in latest.items():
        first, last = spans[correction.id]
        pages = str(first) if first == last else f"{first}-{last}"
        said[corrected] = f"（见{correction.number}）" if correction.number else f"（见第{pages}页）"
    return said


def _pages(data: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data)).pages


def _count(value: object) -> int | None:
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def issued_sheets(db: Database, case: Case, *, voiding: str | None = None) -> tuple[dict[str, str], list[str]]:
    """The case's 卷宗封面, 卷内文件目录 and 卷内备考表 issued and in force, form id → document id, and why each of
    them that no longer describes the case file does not (a sentence each; empty when all do): ``stale_sheets``
    without the sheets each sentence is of."""
    sheets, stale = stale_sheets(db, case, voiding=voiding)
    return sheets, [reason for _forms, reason in stale]


def stale_sheets(db: Database, case: Case, *,
                 voiding: str | None = None) -> tuple[dict[str, str], list[tuple[tuple[str, ...], str]]]:
    """The case's 卷宗封面, 卷内文件目录 and 卷内备考表 issued and in force, form id → document id, and why each of
    them that no longer describes the case file does not, as (the form ids of the sheets it is of, a sentence)
    (empty when all do). The index lists the
    documents it holds: a document of the file not on one of its lines (by 文号, or by title for one without), or
    voided without its line saying so, makes it stale whatever the order the documents were issued in (a laptop's
    clock set ahead, documents merged from a bundle). The cover and the remarks sheet count the file: a document
    issued after one, or a count of documents or pages (as its officer wrote it: other materials may be counted
    in, so more is accepted) below what the file holds; the cover naming a 文号 voided since; and an issued cover
    and remarks sheet counting the file differently (both count the same materials). So too, once the case is
    closed or archived, the 结案审批表 in force issued before a decision now in force that it does not state (a
    行政处罚决定书 corrected after the closing: ``_closing_sheet_before_decision``, of no sheet: ()). Once the case
    is archived, a cover whose 归档日期 is not the day recorded (``cover_archive_date``; one left blank is written by
    hand). With ``voiding`` (a document's id), as the sheets would stand once that document is voided
    (``void_sheets_warning``)."""
    from workstation.formkit.values import archived_on

    filed = [replace(d, status="void") if d.id == voiding else d for d in filed_documents(db, case.id)]
    order = {document.id: document.issued_rank for document in filed}  # issued after: by the order issued
    bound = [d for d in filed if d.form_id not in ARCHIVE_FORMS]
    held, held_pages = len(bound), sum(d.pages for d in bound)
    sheets: dict[str, str] = {}
    stale: list[tuple[tuple[str, ...], str]] = []
    for sheet in _sheets_in_force(db, case):
        form_id = sheet.form_id
        sheets[form_id] = sheet.id
        if form_id == "file_index":
            stale.extend(((form_id,), reason) for reason in _index_refusals(sheet, bound))
            continue
        later = [d for d in bound if order[d.id] > order.get(sheet.id, len(filed))]
        count, pages = _count(sheet.values.get("doc_count")), _count(sheet.values.get("doc_pages"))
        named_void = [d.number for d in bound if d.status == "void" and d.number
                      and d.number in str(sheet.values.get("decision_number") or "")]
        if later:
            stale.append(((form_id,), _("the {title} issued {date} leaves out {documents}, issued after it").format(
                title=sheet.title, date=sheet.issued_at[:10], documents="、".join(_named(d) for d in later))))
        elif (count is not None and count < held) or (pages is not None and pages < held_pages):
            stale.append(((form_id,), _("the {title} issued {date} counts {count} documents and {pages} pages, "
                                        "while the file holds {held} documents and {held_pages} pages").format(
                title=sheet.title, date=sheet.issued_at[:10], count=_shown(count), pages=_shown(pages), held=held,
                held_pages=held_pages)))
        elif named_void:
            stale.append(((form_id,), _("the {title} issued {date} names {numbers}, voided since").format(
                title=sheet.title, date=sheet.issued_at[:10], numbers="、".join(named_void))))
        if form_id == "file_cover":
            given, archived = cover_archive_date(sheet.values), archived_on(db, case)  # None: not archived
            if given and archived and given != archived:
                stale.append(((form_id,), _("the {title} issued {date} gives 归档日期 {given}, while the case was "
                                            "archived on {archived}").format(
                    title=sheet.title, date=sheet.issued_at[:10], given=given, archived=archived)))
    counted = {form_id: (_count(values.get("doc_count")), _count(values.get("doc_pages")))
               for form_id, values in _sheet_values(db, sheets).items() if form_id != "file_index"}
    if not stale and len(counted) == 2 and counted["file_cover"] != counted["file_remarks"]:
        (count, pages), (other_count, other_pages) = counted["file_cover"], counted["file_remarks"]
        stale.append((("file_cover", "file_remarks"), _(
            "the 卷宗封面 counts {count} documents and {pages} pages and the 卷内备考表 {other_count} "
            "documents and {other_pages} pages, while both describe the same file").format(
            count=_shown(count), pages=_shown(pages), other_count=_shown(other_count),
            other_pages=_shown(other_pages))))
    return sheets, stale + [((), reason) for reason in _closing_sheet_before_decision(db, case, filed, order)]


def cover_archive_date(values: dict) -> str:
    """The 归档日期 an issued 卷宗封面's ``values`` give (YYYY-MM-DD), "" when left blank (written by hand)."""
    return str(values.get("archived_on") or "").strip()[:10]


def _sheets_in_force(db: Database, case: Case) -> list:
    """The case's 卷宗封面, 卷内文件目录 and 卷内备考表 in force (``IssuedDocument``, the latest of each), in that
    order."""
    from workstation.documents.issuing import in_force_of_form

    return [in_force[-1] for form_id in ARCHIVE_FORMS if (in_force := in_force_of_form(db, case.id, form_id))]


def _sheets_concerned(db: Database, case: Case, form_id: str) -> list:
    """The sheets in force (``_sheets_in_force``) that issuing or voiding a document of ``form_id`` may leave out of
    date: none for a sheet itself (its correction is what is asked), in a case whose file is not put together
    (``ARCHIVED_STATES``), or in one whose sheets were not issued here (written on paper: archiving warned of it)."""
    if form_id in ARCHIVE_FORMS or case.status not in ARCHIVED_STATES:
        return []
    return _sheets_in_force(db, case)


def issue_sheets_warning(db: Database, case: Case, form_id: str, *, for_command_line: bool = False) -> str | None:
    """What issuing a document of ``form_id`` in a case whose file is put together (``ARCHIVED_STATES``) does to its
    卷宗封面, 卷内文件目录 and 卷内备考表 issued: they describe the file without it, so are out of date once it is
    issued (``issued_sheets``), named with their days, their corrections asked for (更正…, with ``--supersedes``
    ``for_command_line``). None when no sheet is concerned (``_sheets_concerned``)."""
    from workstation.documents.issuing import or_supersedes
    from workstation.vocabulary import shown_label

    sheets = _sheets_concerned(db, case, form_id)
    if not sheets:
        return None
    title, status = find_form(form_id).title, shown_label("statuses", case.status)
    named = "、".join(_("{title} (issued {date})").format(title=sheet.title, date=sheet.issued_at[:10])
                     for sheet in sheets)
    return _("The case is “{status}”: its {sheets} describe the file without this {title}, so they are out of date "
             "once this {title} is issued. Issue the correction of each (更正… in the case's "
             "documents{or_supersedes}) so that they count and list it; the case file is not printed until "
             "then.").format(status=status, sheets=named, title=title,
                             or_supersedes=or_supersedes(None, for_command_line))


def void_sheets_warning(db: Database, case: Case, document, *, for_command_line: bool = False) -> str | None:
    """What voiding ``document`` (an ``IssuedDocument`` of ``case``, still in force) does to the case's 卷宗封面,
    卷内文件目录 and 卷内备考表 issued, once its file is put together (``ARCHIVED_STATES``): the reasons
    ``issued_sheets`` would give once it is voided that it does not give now, naming each sheet (the index not
    marking it 作废, the cover naming its 文号), their corrections asked for (更正…, with ``--supersedes``
    ``for_command_line``). None when the void leaves them as they are (the remarks sheet counts a voided document
    still) or no sheet is concerned (``_sheets_concerned``)."""
    from workstation.documents.issuing import document_name, or_supersedes
    from workstation.vocabulary import shown_label

    if not _sheets_concerned(db, case, document.form_id):
        return None
    now = set(issued_sheets(db, case)[1])
    after = [reason for reason in issued_sheets(db, case, voiding=document.id)[1] if reason not in now]
    if not after:
        return None
    return _("The case is “{status}”: once {document} is voided, {reasons}. Issue the correction of each (更正… in the "
             "case's documents{or_supersedes}); the case file is not printed until then.").format(
        status=shown_label("statuses", case.status), document=document_name(document), reasons=_("; ").join(after),
        or_supersedes=or_supersedes(None, for_command_line))


#: the decisions a 结案审批表 states (处理决定内容, the amounts it lists and the payment made under them)
_DECIDING_FORMS = ("penalty_decision", "no_penalty_decision")


def _closing_sheet_before_decision(db: Database, case: Case, filed: list[FiledDocument],
                                   order: dict[str, int]) -> list[str]:
    """The 结案审批表 in force issued before a decision now in force (a 行政处罚决定书 corrected after the closing, a
    decision made anew): it states the decision and amounts it replaced, so, as the cover and remarks sheet that a
    later document leaves out, it no longer describes the file — corrected (更正…), not bound as it is. Not a decision
    the sheet states all the same, its 文号 and amounts (``_states_decision``: one given on paper, the sheet naming it,
    entered here afterwards under that 文号). Only once the file is put together (``ARCHIVED_STATES``): a case reopened and decided anew prints its working copy with the old
    sheet, whose correction waits for the new decision's end."""
    from workstation.documents.issuing import in_force_of_form

    if case.status not in ARCHIVED_STATES:
        return []
    sheets = in_force_of_form(db, case.id, "closing_approval")
    if not sheets or sheets[-1].id not in order:
        return []
    sheet = sheets[-1]
    deciding = {doc.id for form_id in _DECIDING_FORMS for doc in in_force_of_form(db, case.id, form_id)}
    later = [d for d in filed if d.id in deciding and order[d.id] > order[sheet.id]
             and not _states_decision(case, sheet, d)]
    if not later:
        return []
    return [_("the {title} issued {date} states the decision as it stood before {documents}, issued after it and "
              "now in force").format(title=sheet.title, date=sheet.issued_at[:10],
                                     documents="、".join(_named(d) for d in later))]


def _states_decision(case: Case, sheet, decision: FiledDocument) -> bool:
    """Whether the 结案审批表 ``sheet`` states ``decision`` (a decision in force issued after it) already: in a case with
    one party, its 文号 as the sheet's 决定书文号 and its fine and confiscated gains as the sheet's (a decision given on
    paper, the sheet naming it, then entered here under that 文号); in a case with several, its party's row naming its
    文号 with what it decided (``party_rows.closing_context``), as a cell of the rows holds it (``party_rows._clean``:
    spaces run together, "|" written "／")."""
    from workstation.formkit.party_rows import _clean as cell_text
    from workstation.formkit.spec import load_forms
    from workstation.formkit.values import decision_text

    if not decision.number:
        return False
    values = json.loads(decision.values_json or "{}")
    if len(case.party_ids) > 1:
        stated = cell_text(f"{decision.number}：{decision_text(load_forms()[0].get(decision.form_id), values)}")
        return stated in str(sheet.values.get("party_rows") or "")
    amounts = [(int(v.get("fine_fen") or 0), int(v.get("confiscated_fen") or 0)) for v in (values, sheet.values)]
    return str(sheet.values.get("decision_number") or "").strip() == decision.number and amounts[0] == amounts[1]


def _index_lines(text: str, bound: list[FiledDocument]) -> tuple[dict[str, list[str]], list, list]:
    """The lines of a 卷内文件目录's table ``text`` that list the documents ``bound`` (document id → its line's
    cells), and the documents on none of its lines and those voided whose lines do not say 作废 (the officer's own
    lines, for other materials, are left as written): a line giving a document's 文号 in its 文号 column lists it;
    one without a 文号 is listed by a line without one whose 题名 holds its title, as many lines as such
    documents."""
    from workstation.formkit.template import row_cells

    # its table's lines as the sheet prints them (| or ｜ between the columns); a line of one cell is no document's
    lines = [cells for line in text.splitlines() if len(cells := row_cells(line)) > 1]
    by_number: dict[str, list[list[str]]] = {}
    unnumbered: list[tuple[str, list[str]]] = []  # (题名, the line's cells) of the lines without a 文号
    for cells in lines:
        number = cells[1] if len(cells) > 1 else ""
        if number:
            by_number.setdefault(number, []).append(cells)
        else:
            unnumbered.append((cells[3] if len(cells) > 3 else "", cells))
    listed: dict[str, list[str]] = {}
    missing, unmarked = [], []
    for document in bound:
        void = document.status == "void"
        if document.number:
            candidates = by_number.get(document.number, [])
            if not candidates:
                missing.append(document)
                continue
            marked = [cells for cells in candidates if ("作废" in "|".join(cells)) == void]
            if void and not marked:
                unmarked.append(document)
            listed[document.id] = (marked or candidates)[0]
            continue
        # the line that lists it is taken, so that two documents of one title want two lines
        at = next((i for i, (title, cells) in enumerate(unnumbered) if document.title in title
                   and (not void or "作废" in "|".join(cells))), None)
        if at is None and void and any(document.title in title for title, _cells in unnumbered):
            unmarked.append(document)
            at = next(i for i, (title, _cells) in enumerate(unnumbered) if document.title in title)
        if at is None:
            missing.append(document)
        else:
            listed[document.id] = unnumbered.pop(at)[1]
    return listed, missing, unmarked


def _span_given(text: str) -> tuple[int, int] | None:
    """The page range a 页号 cell gives (12, 12-14, 12－14, 12至14), None when it gives none."""
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    if len(numbers) == 1:
        return numbers[0], numbers[0]
    return (numbers[0], numbers[1]) if len(numbers) == 2 else None


def _wrong_pages(listed: dict[str, list[str]], bound: list[FiledDocument]) -> list[str]:
    """Each line of ``listed`` whose 页号 differs from the archive pages the case file stamps on its document
    (``archive_pages``), said naming the line, the document, the pages given and those stamped."""
    stamped = archive_pages(bound)
    wrong = []
    for position, document in enumerate(bound, start=1):
        cells = listed.get(document.id)
        if cells is None:
            continue
        given = cells[5].strip() if len(cells) > 5 else ""
        first, last = stamped[document.id]
        if _span_given(given) != (first, last):
            wrong.append(_("line {line} ({document}) gives 页号 {given}, while the case file stamps {pages}").format(
                line=cells[0].strip() or position, document=_named(document), given=given or "—",
                pages=str(first) if first == last else f"{first}-{last}"))
    return wrong


def index_page_refusals(db: Database, case: Case, values: dict) -> list[str]:
    """Why the 卷内文件目录 of ``values`` about to be issued for ``case`` gives 页号 other than the pages the case
    file stamps on the documents its lines list (one sentence a line; empty when they agree): the signed record of
    the file is not issued wrong."""
    bound = bound_documents(db, case.id)
    listed, _missing, _unmarked = _index_lines(str(values.get("index") or ""), bound)
    return _wrong_pages(listed, bound)


def _index_refusals(sheet, bound: list[FiledDocument]) -> list[str]:
    """Why the issued 卷内文件目录 ``sheet`` no longer lists the documents ``bound`` in the file as the case file
    holds them (empty when it does): those on none of its lines (``_index_lines``), those voided whose lines do
    not say 作废, and (all of them listed) the lines whose 页号 differ from the pages the case file stamps
    (``_wrong_pages``)."""
    listed, missing, unmarked = _index_lines(str(sheet.values.get("index") or ""), bound)
    date = sheet.issued_at[:10]
    refusals = []
    if missing:
        refusals.append(_("the {title} issued {date} does not list {documents}").format(
            title=sheet.title, date=date, documents="、".join(_named(d) for d in missing)))
    if unmarked:
        refusals.append(_("the {title} issued {date} does not mark {documents} voided").format(
            title=sheet.title, date=date, documents="、".join(_named(d) for d in unmarked)))
    # pages counted wrong because a document is not listed are said by correcting its listing
    if not missing and (wrong := _wrong_pages(listed, bound)):
        refusals.append(_("the {title} issued {date}: {lines}").format(
            title=sheet.title, date=date, lines=_("; ").join(wrong)))
    return refusals


def _shown(number: int | None) -> str:
    return "—" if number is None else str(number)


def _sheet_values(db: Database, sheets: dict[str, str]) -> dict[str, dict]:
    from workstation.documents.issuing import get_document

    return {form_id: get_document(db, document_id).values for form_id, document_id in sheets.items()}


def _named(document: FiledDocument) -> str:
    return f"{document.title}{document.number}" if document.number else document.title


def no_documents_refusal(db: Database, case: Case) -> str | None:
    """Why the case file of ``case`` cannot be printed yet, said before anything is asked (the 打印卷宗PDF… button's
    tooltip, Ctrl+P's status bar): it has issued no document to bind. None once it has issued one."""
    if bound_documents(db, case.id):
        return None
    return _("The case has no issued document to file yet: issue one first (“{issue}” in {documents}), then print "
             "the case file.").format(issue=_("Issue…"), documents=_("Documents"))


def case_file_refusal(db: Database, case: Case) -> str | None:
    """Why the case file of ``case`` cannot be printed as it stands (no document issued, or an issued cover, index
    or remarks sheet that no longer describes the file, or a 结案审批表 out of date — issued before a decision now in
    force that it does not state —, each named: ``issued_sheets``), said before asking where to save it; None when
    it can be printed."""
    if not bound_documents(db, case.id):
        return _("Case {number} has no issued documents to file yet.").format(
            number=case_named(case.case_number, case.party_names, case.cause))
    _sheets, stale = issued_sheets(db, case)
    if stale:
        return _stale_refusal(stale)
    return None


def _stale_refusal(stale: list[str]) -> str:
    return _("The case file is not printed: {reasons}. Issue each of them again as the correction of the one in "
             "force (更正… in the case's documents), so that it describes the file as it is now, then print the "
             "case file.").format(reasons=_("; ").join(stale))


def print_case_file(db: Database, data_dir: Path, case: Case, *, progress: ProgressFn | None = None,
                    cancel: CancelToken | None = None) -> CaseFile:
    """The whole case file of ``case`` as one PDF, its voided documents stamped 作废 and those replaced by a
    correction 已更正 (``_corrected_by``), with one cover, one index and
    one remarks sheet: those issued and in force as issued, the others drawn from the case (``issued_sheets``).
    A case not closed nor archived prints as a working copy (``working_copy``): each page marked
    ``WORKING_COPY_MARK`` at its head and foot, the cover stamped with it, a cover or remarks sheet drawn from the
    case with no 立卷人 and no 保管期限 ticked.
    Refused when the case has issued no document, or when an issued cover, index or remarks sheet no longer
    describes the file, or the 结案审批表 in force is out of date (issued before a decision now in force that it
    does not state), naming each to correct (``issued_sheets``). ``progress`` hears of the cover and index, of each document as it
    is added (n of N) and of the remarks sheet; ``cancel`` set meanwhile raises ``Cancelled`` before the next
    step."""
    from pypdf import PdfWriter

    from workstation.documents.drafts import render_document

    report = progress or no_progress
    documents = bound_documents(db, case.id)  # voided and corrected ones too: the 目录 lists them the same
    if not documents:
        raise WorkstationError(_("Case {number} has no issued documents to file yet.").format(
            number=case_named(case.case_number, case.party_names, case.cause)))
    sheets, stale = issued_sheets(db, case)
    if stale:
        raise WorkstationError(_stale_refusal(stale))

    working = working_copy(case)
    drawn: dict[str, dict] = {}  # the case's context, built once for the sheets drawn from the case (each ~0.1 s)

    def sheet_pages(form_id: str):
        if form_id in sheets:
            return _pages(document_pdf(db, data_dir, sheets[form_id]))
        if not drawn:  # the three are written for the whole case: the context of its first party, as each builds it
            from workstation.formkit.values import case_context

            drawn.update(case_context(db, case))
        # a sheet not issued is drawn as the case stands: a required field still empty (立卷人 of a case with no
        # officers) prints as a ruled blank to be written in by hand, as the editor's sheet does
        # a case decided on the spot is named by its decision where its number would be (``file_case_number``)
        named = replace(case, case_number=file_case_number(db, case))
        # a working copy (a case not closed) names no 立卷人 and ticks no 保管期限: the file is not put together yet
        unfiled = {"filer": "", **({"retention": ""} if form_id == "file_cover" else {})} if working else None
        draft = draft_document(db, named, find_form(form_id), unfiled, blanks=[], context=dict(drawn))
        return _pages(render_document(draft, "pdf").data)

    steps = len(documents) + 2  # the cover and index, each document, the remarks sheet
    check_cancel(cancel)
    report(0, steps, _("Adding the cover and the index"))
    writer = PdfWriter()
    for form_id in ("file_cover", "file_index"):
        for page in sheet_pages(form_id):
            writer.add_page(page)
    filed = []  # each document with its pages, read first: their archive numbers are then drawn in one go
    for n, document in enumerate(documents, start=1):
        check_cancel(cancel)
        report(n, steps, _("Adding {document} ({n} of {count})").format(document=_named(document), n=n,
                                                                         count=len(documents)))
        filed.append((document, _pages(document_pdf(db, data_dir, document.id))))
    sizes = [(float(page.mediabox.width), float(page.mediabox.height)) for _document, pages in filed
             for page in pages]
    stamps = _pages(_stamps(sizes, before=len(writer.pages))) if sizes else []
    void_stamps: dict[tuple[float, float], object] = {}  # one 作废 page per page size, merged on each voided page
    corrected = _corrected_by(documents, archive_pages(documents))
    corrected_stamps: dict[tuple[float, float, str], object] = {}  # one 已更正 page per size and correction
    numbered: dict[str, tuple[int, int]] = {}
    serial = 0
    for document, pages in filed:
        first = serial + 1
        for page in pages:
            size = sizes[serial]
            added = writer.add_page(page)
            if document.status == "void":
                if size not in void_stamps:
                    void_stamps[size] = _pages(_void_stamp(*size))[0]
                added.merge_page(void_stamps[size])
            elif document.id in corrected:
                key = (*size, corrected[document.id])
                if key not in corrected_stamps:
                    corrected_stamps[key] = _pages(_superseded_stamp(*key))[0]
                added.merge_page(corrected_stamps[key])
            added.merge_page(stamps[serial])
            serial += 1
        numbered[document.id] = (first, serial)
    check_cancel(cancel)
    report(steps - 1, steps, _("Adding the remarks sheet"))
    for page in sheet_pages("file_remarks"):
        writer.add_page(page)
    if working:  # every page marked, the cover stamped too: a working copy is never taken for the archived file
        marks: dict[tuple[float, float, bool], object] = {}
        for at, page in enumerate(writer.pages):
            key = (float(page.mediabox.width), float(page.mediabox.height), at == 0)
            if key not in marks:
                marks[key] = _pages(_working_mark(*key))[0]
            page.merge_page(marks[key])
    title = case_file_name(db, case) + ("（工作卷宗）" if working else "")
    writer.add_metadata({"/Title": title, "/Author": "案卷工作站"})
    out = io.BytesIO()
    writer.write(out)
    return CaseFile(out.getvalue(), len(writer.pages), numbered)


def save_case_file(db: Database, data_dir: Path, case: Case, path: str | Path, *,
                   progress: ProgressFn | None = None, cancel: CancelToken | None = None) -> tuple[Path, CaseFile]:
    """Print the case file of ``case`` (``print_case_file``) to ``path``, whole or not at all: the folder is checked
    before any page is made, the PDF is written under a ``.part`` name and renamed once whole; cancelled
    (``cancel``) or refused, no file is left, not even in part. The path written and the case file."""
    from workstation.output import StagedOutput

    staged = StagedOutput(str(path))
    try:
        case_file = print_case_file(db, data_dir, case, progress=progress, cancel=cancel)
        return staged.put(case_file.data, cancel), case_file
    finally:
        staged.discard()
