"""The 卷内文件目录 keeps each 文号, date and page range on one line (its ``one_line`` columns, fitted to their cells).
One entry typed far longer than the others — a 文号 of 72 letters and digits, a date range — left the one-line
columns no room, and the whole table fell back to the form's widths: every 文号 of the index broke after its 〔year〕
(佛南市监处〔2026〕 | 12号) and the page ranges after a digit. Now only the outlying cells wrap, in their own cell."""

from __future__ import annotations

import pytest

from workstation.documents.drafts import draft_document, find_form
from workstation.documents.pdf_writer import render_pdf
from workstation.store import find_case

CASE = "佛南市监立〔2026〕1号"
ROWS = 30
LONG_NUMBER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" * 2
LONG_DATE = "2026年02月01日至2026年12月31日（共计三百三十四天）"


def _index(*extra: str) -> str:
    rows = [f"{i} | 佛南市监处〔2026〕{i}号 | 佛山市南海区市场监督管理局执法稽查科 | 询问笔录（第{i}份） | "
            f"2026年3月{i % 28 + 1}日 | {i * 3}-{i * 3 + 2} | " for i in range(1, ROWS + 1)]
    return "\n".join([*rows, *extra])


@pytest.fixture
def case(read_demo_db):
    return find_case(read_demo_db, CASE)


def _cell_lines(read_demo_db, case, index: str) -> list[str]:
    document = draft_document(read_demo_db, case, find_form("file_index"), {"index": index})
    return render_pdf(document).text_lines(("cell",))


@pytest.mark.parametrize("outlier", [f"{ROWS + 1} | {LONG_NUMBER} | 甲 | 乙 | 2026年3月1日 | 1 | ",
                                     f"{ROWS + 1} | 佛南市监处〔2026〕1号 | 甲 | 乙 | {LONG_DATE} | 1-99999 | "])
def test_one_outlying_entry_leaves_the_other_numbers_dates_and_pages_on_one_line(read_demo_db, case, outlier):
    lines = _cell_lines(read_demo_db, case, _index(outlier))
    for i in range(1, ROWS + 1):
        assert f"佛南市监处〔2026〕{i}号" in lines, i
        assert f"2026年3月{i % 28 + 1}日" in lines and f"{i * 3}-{i * 3 + 2}" in lines, i
    printed = "".join(lines)
    assert LONG_NUMBER in printed or LONG_DATE in printed  # the outlier wraps in its cell, all of it printed


def test_an_index_without_outliers_is_set_as_before(read_demo_db, case):
    lines = _cell_lines(read_demo_db, case, _index())
    assert all(f"佛南市监处〔2026〕{i}号" in lines for i in range(1, ROWS + 1))
