import io
import json

import pytest
from pypdf import PdfReader

from workstation.cli import main
from workstation.documents.casefile import print_case_file
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import WorkstationError
from workstation.store import find_case

CASE = "佛南市监立〔2026〕1号"


def test_the_case_file_holds_cover_index_documents_and_remarks_with_continuous_numbers(demo_db, data_dir):
    case = find_case(demo_db, CASE)
    first = issue_document(demo_db, data_dir, case, find_form("penalty_decision"))
    second = issue_document(demo_db, data_dir, case, find_form("delivery_receipt"),
                            {"served_document": f"行政处罚决定书 {first.number}"})
    case_file = print_case_file(demo_db, data_dir, case)
    pages = PdfReader(io.BytesIO(case_file.data)).pages
    assert case_file.pages == len(pages)
    assert case_file.numbered == {first.id: (1, first.pages), second.id: (first.pages + 1, first.pages + second.pages)}
    texts = [page.extract_text().replace(" ", "") for page in pages]
    assert "行政处罚案卷" in texts[0]  # the cover comes first
    assert any("卷内文件目录" in t for t in texts[1:3])
    assert "卷内备考表" in texts[-1]
    numbered_pages = [t for t in texts if "佛南市监处〔2026〕1号" in t and "行政处罚决定书" in t]
    assert numbered_pages, "the issued decision is in the case file"
    total = first.pages + second.pages
    document_pages = texts[len(texts) - 1 - total:-1]
    for number, text in enumerate(document_pages, start=1):  # the archive number is a line of its own
        assert str(number) in [line.strip() for line in text.splitlines()]


def test_a_case_without_issued_documents_has_no_case_file(demo_db, data_dir, english):
    with pytest.raises(WorkstationError, match="no issued documents"):
        print_case_file(demo_db, data_dir, find_case(demo_db, CASE))


def test_docs_casefile_command(demo_db, data_dir, tmp_path, capsys):
    issue_document(demo_db, data_dir, find_case(demo_db, CASE), find_form("penalty_decision"))
    demo_db.conn.close()
    target = tmp_path / "卷宗.pdf"
    assert main(["--data-dir", str(data_dir), "docs", "casefile", CASE, "-o", str(target), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["pages"] == len(PdfReader(target).pages) >= 4
