import hashlib
import json
import sqlite3

import pytest

from workstation import audit
from workstation.cli import main
from workstation.documents.drafts import find_form
from workstation.documents.issuing import case_documents, document_pdf, issue_document, void_document
from workstation.documents.numbering import next_number
from workstation.errors import ValidationError, WorkstationError
from workstation.filestore import file_path
from workstation.store import find_case

CASE = "佛南市监立〔2026〕1号"


@pytest.fixture
def case(demo_db):
    return find_case(demo_db, CASE)


def issue(db, data_dir, case, form="penalty_decision", **overrides):
    return issue_document(db, data_dir, case, find_form(form), overrides)


def test_issuing_takes_the_next_number_and_freezes_values_and_pdf(demo_db, data_dir, case):
    first = issue(demo_db, data_dir, case)
    second = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {}, supersedes=first.id)
    assert (first.number, second.number) == ("佛南市监处〔2026〕1号", "佛南市监处〔2026〕2号")
    pdf = document_pdf(demo_db, data_dir, first.id)
    assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == first.pdf_sha256
    assert first.values["party_name"] == case.party_names and first.form_version == find_form("penalty_decision").version
    assert [d.id for d in case_documents(demo_db, case.id)] == [first.id, second.id]
    assert audit.verify(demo_db)["valid"]


def test_an_issued_document_cannot_be_edited_or_deleted(demo_db, data_dir, case):
    issued = issue(demo_db, data_dir, case)
    with pytest.raises(sqlite3.IntegrityError, match="cannot be changed"):
        demo_db.execute("UPDATE documents SET values_json = '{}' WHERE id = ?", [issued.id])
    with pytest.raises(sqlite3.IntegrityError, match="cannot be deleted"):
        demo_db.execute("DELETE FROM documents WHERE id = ?", [issued.id])


def test_an_altered_stored_pdf_is_refused(demo_db, data_dir, case, english):
    issued = issue(demo_db, data_dir, case)
    file_path(data_dir, issued.pdf_sha256).write_bytes(b"%PDF forged")
    with pytest.raises(WorkstationError, match="altered"):
        document_pdf(demo_db, data_dir, issued.id)


def test_bad_values_issue_nothing_and_take_no_number(demo_db, data_dir, case):
    before = next_number(demo_db, case.agency_id, "处", 2026)
    with pytest.raises(ValidationError):
        issue(demo_db, data_dir, case, fine_fen="-100")
    assert next_number(demo_db, case.agency_id, "处", 2026) == before
    assert demo_db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0


def test_a_failure_while_rendering_gives_the_number_back(demo_db, data_dir, case, monkeypatch):
    from workstation.documents import pdf_writer

    def broken(document, fonts=None):
        raise OSError("disk full")

    monkeypatch.setattr(pdf_writer, "render_pdf", broken)
    with pytest.raises(OSError):
        issue(demo_db, data_dir, case)
    assert demo_db.execute("SELECT COUNT(*) FROM doc_numbers").fetchone()[0] == 0
    monkeypatch.undo()
    assert issue(demo_db, data_dir, case).number == "佛南市监处〔2026〕1号"


def test_a_correction_supersedes_and_a_void_keeps_the_number_used(demo_db, data_dir, case):
    wrong = issue(demo_db, data_dir, case)
    fixed = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {}, supersedes=wrong.id)
    assert fixed.supersedes_id == wrong.id
    void = void_document(demo_db, wrong.id, "当事人住所有误，以新决定书更正")
    assert void.status == "void" and void.number == "佛南市监处〔2026〕1号"
    assert issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {},
                          supersedes=fixed.id).number == "佛南市监处〔2026〕3号"


def test_an_internal_form_carries_no_number(demo_db, data_dir, case):
    issued = issue(demo_db, data_dir, case, "delivery_receipt", served_document="行政处罚决定书")
    assert issued.number is None


def test_docs_issue_command(demo_db, data_dir, tmp_path, capsys):
    demo_db.conn.close()
    target = tmp_path / "决定书.pdf"
    assert main(["--data-dir", str(data_dir), "docs", "issue", CASE, "--form", "penalty_decision", "-o",
                 str(target), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["number"] == "佛南市监处〔2026〕1号"
    assert hashlib.sha256(target.read_bytes()).hexdigest() == result["sha256"]
    missing = tmp_path / "nowhere" / "x.pdf"
    correcting = ["--supersedes", result["number"]]  # the party's decision in force is corrected, not doubled
    assert main(["--data-dir", str(data_dir), "docs", "issue", CASE, "--form", "penalty_decision", "-o",
                 str(missing), *correcting]) == 1
    assert "nowhere" in capsys.readouterr().err
    assert main(["--data-dir", str(data_dir), "docs", "issue", CASE, "--form", "penalty_decision", "-o",
                 str(target), "--force", "--json", *correcting]) == 0
    assert json.loads(capsys.readouterr().out)["number"] == "佛南市监处〔2026〕2号"  # nothing taken by the refusal




def test_the_issued_pdf_holds_party_code_number_and_amount_in_words(demo_db, data_dir, case):
    from io import BytesIO

    from pypdf import PdfReader

    from workstation.store import get_party

    issued = issue(demo_db, data_dir, case)
    reader = PdfReader(BytesIO(document_pdf(demo_db, data_dir, issued.id)))
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "").replace(" ", "")
    party = get_party(demo_db, case.party_ids[0])
    assert party.name in text and party.uscc in text
    assert issued.number in text
    assert "人民币叁仟元整" in text


def test_pdf_and_docx_of_a_document_hold_the_same_text(demo_db, case):
    import re
    import zipfile
    from io import BytesIO

    from pypdf import PdfReader

    from workstation.documents.drafts import draft_document, render_document

    document = draft_document(demo_db, case, find_form("penalty_decision"))
    squash = lambda text: re.sub(r"\s+", "", text)  # noqa: E731 - line breaks differ, the characters may not
    pages = PdfReader(BytesIO(render_document(document, "pdf").data)).pages
    # a paragraph may run over a page break, where the page footer ("— 2 —") sits between its characters
    pdf_text = re.sub(r"—\d+—", "", squash("".join(p.extract_text() for p in pages)))
    xml = zipfile.ZipFile(BytesIO(render_document(document, "docx").data)).read("word/document.xml").decode()
    docx_text = squash("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)))
    for paragraph in document.text.splitlines():
        assert squash(paragraph) in pdf_text and squash(paragraph) in docx_text, paragraph


# ---- decisions are issued where the procedure has reached them

def documents_and_next_number(db, case):
    return (db.execute("SELECT COUNT(*) FROM documents WHERE case_id = ?", [case.id]).fetchone()[0],
            next_number(db, case.agency_id, "处", 2026))


@pytest.mark.parametrize(("status", "form", "said"), [
    ("investigating", "penalty_decision", "cannot be issued while the case is"),
    ("pre_notice", "penalty_decision", "cannot be issued while the case is"),
    # decided with a penalty: the two decisions exclude each other (not "issued … after the decision")
    ("served", "no_penalty_decision", "A penalty decision was already made")])
def test_a_decision_is_not_issued_before_the_procedure_reaches_it(db, data_dir, make_case, english, status, form,
                                                                  said):
    case = make_case(status=status, filed_on="2026-09-01", notice_served_on="2026-10-09")
    before = documents_and_next_number(db, case)
    with pytest.raises(WorkstationError, match=said):
        issue(db, data_dir, case, form)
    assert documents_and_next_number(db, case) == before


def test_a_penalty_decision_is_issued_once_the_party_was_heard_and_not_after_a_decision_not_to_penalise(
        db, data_dir, make_case, english):
    from workstation.procedure import apply

    heard = make_case(status="decision_pending", filed_on="2026-09-01", notice_served_on="2026-10-09")
    values = {"party_address": "佛山市南海区桂城街道南海大道1号", "facts": "当事人未经消费者同意发送商业性短信。",
              "decided_on": "2026-11-02", "warning": True}
    assert issue(db, data_dir, heard, **values).number.startswith("佛南市监处〔2026〕")
    spared = make_case(status="decision_pending", filed_on="2026-09-01", notice_served_on="2026-10-09")
    apply(db, spared.id, "decide_no_penalty", on_date="2026-11-02", reason="首次违法且危害后果轻微并及时改正")
    apply(db, spared.id, "close", on_date="2026-11-03")
    before = documents_and_next_number(db, spared)
    with pytest.raises(WorkstationError, match="decision not to penalise was already made"):
        issue(db, data_dir, find_case(db, spared.case_number), **values)
    assert documents_and_next_number(db, spared) == before
