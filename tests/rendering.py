"""Drafts and renderings shared by the tests that only read them: every form is drawn from the demo data by some
30 tests (each writer's output read back, compared, searched), and drafting it (0.1 s), writing its DOCX (0.3 s)
and its PDF (0.1 s) again for each of them was most of their time.

``drafted(db, key, make)`` drafts once per session for the shared read-only demo database (``read_demo_db`` in
conftest.py; any other database is drafted anew each time, as its data is the test's own); ``pdf_of`` and
``docx_of`` render a document once per session, keyed by its whole content (so two tests that draft the same
document share it, and a document drafted differently is rendered anew). A draft or rendering that raises is not
kept: every test asking for it raises again, so a broken form fails each of its own tests. What they return is
shared: read it, never change it."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable

from workstation.documents.blocks import Document
from workstation.documents.pdf_writer import RenderedPdf

# id(database) → the key of the demo template it is a copy of; only the session's read-only databases are listed,
# and they live as long as the session, so an id is never reused by another
SHARED: dict[int, tuple] = {}
_DRAFTS: dict[tuple, Document] = {}  # keyed by the repr of what a draft is drawn from (values in order)
_PDFS: dict[tuple, RenderedPdf] = {}
_DOCXS: dict[tuple, bytes] = {}


def _setting() -> tuple:
    """What a rendering depends on besides the document and the code: the language and the environment (fonts)."""
    from workstation import i18n

    env = sorted((k, v) for k, v in os.environ.items() if k.startswith("WORKSTATION_") and k != "WORKSTATION_HOME")
    return i18n.language(), tuple(env)


def drafted(db, key: tuple, make: Callable[[], Document]) -> Document:
    """``make()``'s draft, made once for the shared read-only ``db`` and ``key`` (what it is drawn from: the
    form, case or lead or interview, values, party); for any other database made each time."""
    if id(db) not in SHARED:
        return make()
    full = (SHARED[id(db)], _setting(), repr(key))
    if full not in _DRAFTS:
        _DRAFTS[full] = make()
    return _DRAFTS[full]


def _content(document: Document) -> tuple:
    return _setting(), hashlib.sha256(pickle.dumps(document, protocol=5)).hexdigest()


def pdf_of(document: Document) -> RenderedPdf:
    """``render_pdf(document)``, rendered once per content."""
    from workstation.documents.pdf_writer import render_pdf

    key = _content(document)
    if key not in _PDFS:
        _PDFS[key] = render_pdf(document)
    return _PDFS[key]


def layout_of(document: Document) -> RenderedPdf:
    """The pages ``render_pdf(document)`` draws, laid out without drawing them (``pdf_writer.lay_out``): its page
    count and lines as ``pdf_of`` gives them, without the PDF's bytes — for the checks of where lines fall that
    render a form many times over (the signature sweep)."""
    from workstation.documents.glyphs import printable_document
    from workstation.documents.pdf_writer import lay_out

    _frame, pages = lay_out(printable_document(document))
    return RenderedPdf(b"", len(pages), tuple(line for page in pages for line in page.lines))


def docx_of(document: Document) -> bytes:
    """``render_docx(document)``, rendered once per content."""
    from workstation.documents.docx_writer import render_docx

    key = _content(document)
    if key not in _DOCXS:
        _DOCXS[key] = render_docx(document)
    return _DOCXS[key]


def case_draft(db, case_number: str, form_id: str, values: dict | None = None) -> Document:
    """``draft_document`` of ``form_id`` for the case ``case_number`` with ``values`` typed in, by ``drafted``; a
    立案审批表 with the 案件来源 the officer chose (``helpers.with_source``: the demo's cases come from no lead, and
    nothing is ticked for them by default)."""
    from tests.helpers import with_source
    from workstation.documents.drafts import draft_document, find_form
    from workstation.store import find_case

    values = with_source(form_id, values)
    return drafted(db, ("case", case_number, form_id, values),
                   lambda: draft_document(db, find_case(db, case_number), find_form(form_id), values))
