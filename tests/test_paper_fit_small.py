"""One-sheet approval forms in 小五: a table marked ``fit_page`` whose document still runs past its page in 五号 is
set in 小五 when that keeps it on one page — the 不予立案审批表 of the demo case's own 170-character 简要案情 used to
put 部门负责人审批意见 alone on page 2. A form that fits in 五号 stays in 五号, and one that fits in neither keeps
its ordinary size."""

from __future__ import annotations

import io
from dataclasses import replace

import pypdf
import pytest

from tests.rendering import case_draft, pdf_of
from tests.test_paper_one_sheet import CASE, SHORT_BRIEF
from workstation.documents import fitting
from workstation.documents.blocks import Table
from workstation.formkit.values import case_context
from workstation.store import find_case


def cell_sizes(document) -> set[float]:
    """The font sizes of the table cells the PDF draws."""
    return {line.size for line in pdf_of(document).lines if line.kind == "cell"}


def tables(document) -> list[int]:
    return [index for index, block in enumerate(document.blocks) if isinstance(block, Table)]


def cell_styles(document) -> set[str]:
    return {p.style for block in document.blocks if isinstance(block, Table)
            for row in block.rows for cell in row.cells for p in cell.paragraphs}


def test_the_non_filing_approval_of_the_demo_brief_is_one_sheet_in_small_type(read_demo_db):
    context = case_context(read_demo_db, find_case(read_demo_db, CASE))
    assert len(context["case.filing_facts"]) >= 165  # the lead's own brief, as the demo cases have it
    document = case_draft(read_demo_db, CASE, "non_filing_approval")
    assert len(pypdf.PdfReader(io.BytesIO(pdf_of(document).data)).pages) == 1
    lines = pdf_of(document).lines
    assert {line.page for line in lines if line.text.startswith(("部门负责人", "审批意见"))} == {1}
    assert context["case.filing_facts"][:20] in "".join(pdf_of(document).text_lines())
    assert cell_styles(document) == {"cell_small", "cell_label_small"} and cell_sizes(document) == {9}


@pytest.mark.parametrize(("form_id", "values"), [("non_filing_approval", {"facts": SHORT_BRIEF}),
                                                 ("filing_approval", None)])
def test_a_form_that_fits_in_five_point_is_not_set_smaller(read_demo_db, form_id, values):
    document = case_draft(read_demo_db, CASE, form_id, values)
    assert pdf_of(document).pages == 1
    assert cell_styles(document) == {"cell_compact", "cell_label_compact"} and cell_sizes(document) == {10.5}


def test_a_form_that_fits_in_neither_size_keeps_its_own(read_demo_db):
    document = case_draft(read_demo_db, CASE, "decision_approval")  # 2 pages of facts and evidence even in 小五
    assert pdf_of(document).pages > 1
    assert cell_styles(document) == {"cell", "cell_label"}


def test_a_document_that_fits_is_counted_once_and_one_in_small_type_three_times(read_demo_db, monkeypatch):
    """The pages are counted (the whole document laid out) only as often as the sizes tried need."""
    fits = case_draft(read_demo_db, CASE, "closing_approval")  # one page in 小四 already
    small = case_draft(read_demo_db, CASE, "non_filing_approval")
    real, counted = fitting.page_count, []
    monkeypatch.setattr(fitting, "page_count", lambda document: counted.append(document) or real(document))
    assert cell_styles(fitting.fit_page(fits, tables(fits), "approval")) == {"cell", "cell_label"}
    assert len(counted) == 1
    ordinary = {"cell_small": "cell", "cell_label_small": "cell_label"}
    blocks = tuple(fitting.compact_cells(b, ordinary) if isinstance(b, Table) else b for b in small.blocks)
    refitted = fitting.fit_page(replace(small, blocks=blocks, page_numbers=True), tables(small), "approval")
    assert refitted == small and len(counted) == 5  # 小四, its long cells alone in 五号, 五号, 小五
