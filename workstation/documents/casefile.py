"""The printed case file (卷宗): cover, index of documents, every issued document exactly as issued, and the
remarks sheet, as one PDF. The issued documents' pages carry continuous archive page numbers (卷内页号) in the
top outer corner, as filed case files are numbered, without touching the documents' own numbering. A numbered
document never leaves the file without trace: a voided one is printed in its place, each page stamped 作废 across
it, and keeps its archive pages, as one replaced by a correction does; the 目录 marks both in its 备注
(``formkit.values.filed_documents``), so its page ranges and the pages printed agree."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from workstation.db import Database
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.issuing import document_pdf
from workstation.errors import WorkstationError
from workstation.formkit.values import filed_documents
from workstation.i18n import _
from workstation.records import Case

MM = 72 / 25.4


@dataclass(frozen=True)
class CaseFile:
    """The case file's PDF, its page count and the archive page range of each document filed (voided ones too)."""

    data: bytes
    pages: int
    numbered: dict[str, tuple[int, int]]


def _stamp(number: int, width: float, height: float, odd: bool) -> bytes:
    from reportlab.pdfgen import canvas

    from workstation.documents.fonts import DRAWING_LOCK, resolve_fonts

    buffer = io.BytesIO()
    with DRAWING_LOCK:  # its digits are embedded from a face every thread shares
        sheet = canvas.Canvas(buffer, pagesize=(width, height), invariant=1)
        sheet.setFont(resolve_fonts().name("song"), 12)
        y = height - 12 * MM
        if odd:  # the outer corner: top right on the front, top left on the back
            sheet.drawRightString(width - 15 * MM, y, str(number))
        else:
            sheet.drawString(15 * MM, y, str(number))
        sheet.showPage()
        sheet.save()
    return buffer.getvalue()


def _void_stamp(width: float, height: float) -> bytes:
    """One page of ``width`` × ``height`` with 作废 set large and red, slanted across its middle, over the text."""
    from reportlab.lib.colors import Color
    from reportlab.pdfgen import canvas

    from workstation.documents.fonts import DRAWING_LOCK, resolve_fonts

    buffer = io.BytesIO()
    with DRAWING_LOCK:
        sheet = canvas.Canvas(buffer, pagesize=(width, height), invariant=1)
        sheet.setFillColor(Color(0.8, 0, 0, alpha=0.55))
        sheet.setStrokeColor(Color(0.8, 0, 0, alpha=0.55))
        sheet.translate(width / 2, height / 2)
        sheet.rotate(30)
        sheet.setFont(resolve_fonts().name("song"), 96)
        sheet.drawCentredString(0, -32, "作废")
        sheet.setLineWidth(3)
        sheet.rect(-130, -60, 260, 130)
        sheet.showPage()
        sheet.save()
    return buffer.getvalue()


def _pages(data: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data)).pages


def print_case_file(db: Database, data_dir: Path, case: Case) -> CaseFile:
    """The whole case file of ``case`` as one PDF, its voided documents stamped 作废; refused when the case has
    issued no document."""
    from pypdf import PdfReader, PdfWriter

    from workstation.documents.drafts import render_document

    documents = filed_documents(db, case.id)  # voided and corrected ones too: the 目录 lists them the same
    if not documents:
        raise WorkstationError(_("Case {number} has no issued documents to file yet.").format(
            number=case.case_number))
    writer = PdfWriter()
    for form_id in ("file_cover", "file_index"):
        for page in _pages(render_document(draft_document(db, case, find_form(form_id)), "pdf").data):
            writer.add_page(page)
    numbered: dict[str, tuple[int, int]] = {}
    serial = 0
    for document in documents:
        first = serial + 1
        for page in _pages(document_pdf(db, data_dir, document.id)):
            serial += 1
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            added = writer.add_page(page)
            if document.status == "void":
                added.merge_page(PdfReader(io.BytesIO(_void_stamp(width, height))).pages[0])
            added.merge_page(PdfReader(io.BytesIO(_stamp(serial, width, height, serial % 2 == 1))).pages[0])
        numbered[document.id] = (first, serial)
    for page in _pages(render_document(draft_document(db, case, find_form("file_remarks")), "pdf").data):
        writer.add_page(page)
    writer.add_metadata({"/Title": f"{case.case_number} 卷宗", "/Author": "案卷工作站"})
    out = io.BytesIO()
    writer.write(out)
    return CaseFile(out.getvalue(), len(writer.pages), numbered)
