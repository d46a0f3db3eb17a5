"""One very large case (bench/bench_big_case.py): what its size must not multiply. The case file's archive page
numbers are drawn in one PDF, their digits' face embedded once for the whole file, not once per page (a file of
600 pages carried 600 copies of it and took twice as long to print)."""

from __future__ import annotations

from workstation.documents.casefile import print_case_file
from workstation.documents.drafts import find_form
from workstation.documents.issuing import document_pdf, issue_document
from workstation.store import find_case

CASE = "佛南市监立〔2026〕1号"


def _faces(pdf: bytes) -> int:
    """How many font programs ``pdf`` embeds (each font descriptor names its own)."""
    return pdf.count(b"/FontFile2")


def _receipt(db, data_dir, n: int):
    return issue_document(
        db,
        data_dir,
        find_case(db, CASE),
        find_form("delivery_receipt"),
        {"served_document": f"询问通知书（第{n}份）"},
    )


def test_more_pages_in_the_case_file_embed_no_more_faces_for_their_page_numbers(demo_db, data_dir):
    first = [_receipt(demo_db, data_dir, n) for n in (1, 2)]
    before = print_case_file(demo_db, data_dir, find_case(demo_db, CASE))
    more = [_receipt(demo_db, data_dir, n) for n in (3, 4, 5)]
    after = print_case_file(demo_db, data_dir, find_case(demo_db, CASE))

    assert after.pages > before.pages and all(document.id in after.numbered for document in first + more)
    # the faces of the documents added, as issued, and nothing for the archive numbers on their pages
    added = sum(_faces(document_pdf(demo_db, data_dir, document.id)) for document in more)
    assert _faces(after.data) - _faces(before.data) == added
