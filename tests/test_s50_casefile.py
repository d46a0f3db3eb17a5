"""The case file (卷宗) of a case not closed prints as a working copy, marked on every page, its 保管期限 not
ticked; its index always keeps blank lines for other materials and the note saying so; its 备考表 says which
evidence and payments are kept outside it; each 送达回证 is titled by the document it served and filed right
after it."""

from __future__ import annotations

import io

from pypdf import PdfReader

from workstation.documents.casefile import print_case_file
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.formkit.values import bound_documents, documents_context
from workstation.store import get_case

MARK = "未结案·工作卷宗（非归档）"
NOTE = "其他卷内材料在空行内逐件填写"


def texts_of(data: bytes) -> list[str]:
    return [page.extract_text().replace(" ", "").replace("\n", "") for page in PdfReader(io.BytesIO(data)).pages]


def _approval(db, data_dir, case):
    return issue_document(db, data_dir, case, find_form("filing_approval"), {
        "source": "举报", "facts": "接群众举报，当事人涉嫌未经消费者同意向其发送商业性信息。", "reason": "符合立案条件",
        "issued_on": "2026-03-02"})


# ---- 1. a case not closed prints as a working copy -----------------------------------------------------------------

def test_a_case_not_closed_prints_a_working_copy_marked_on_every_page(db, data_dir, make_case):
    case = make_case(status="served", filed_on="2026-03-02", evidence=False)
    _approval(db, data_dir, case)
    texts = texts_of(print_case_file(db, data_dir, get_case(db, case.id)).data)
    assert all(MARK in text for text in texts), texts
    assert "☑永久" not in texts[0]


def test_a_closed_case_prints_no_working_copy_mark(db, data_dir, make_case):
    case = make_case(status="closed", filed_on="2026-03-02", closed_on="2026-05-02", evidence=False)
    _approval(db, data_dir, case)
    texts = texts_of(print_case_file(db, data_dir, get_case(db, case.id)).data)
    assert not any(MARK in text for text in texts)
    assert "☑永久" in texts[0]


def test_the_cli_says_on_stderr_that_it_printed_a_working_copy(db, data_dir, make_case, tmp_path, capsys):
    from workstation.cli import main

    case = make_case(status="served", filed_on="2026-03-02", evidence=False)
    _approval(db, data_dir, case)
    db.conn.close()
    assert main(["--data-dir", str(data_dir), "docs", "casefile", case.case_number, "-o",
                 str(tmp_path / "卷宗.pdf")]) == 0
    assert "未结案" in capsys.readouterr().err


# ---- 2. blank index lines, the remarks sheet's 情况说明 --------------------------------------------------------------

def test_the_index_keeps_blank_lines_and_its_note_however_many_documents(db, data_dir, make_case):
    case = make_case(status="closed", filed_on="2026-03-02", closed_on="2026-05-02", evidence=False)
    _approval(db, data_dir, case)
    from tests.test_law_guards import under_investigation

    with under_investigation(db, case) as investigated:  # extracted while investigated: refused once decided
        for _n in range(14):
            issue_document(db, data_dir, investigated, find_form("evidence_extraction"),
                           {"provider": "当事人", "place": "佛山市南海区桂城街道南海大道1号"})
    texts = texts_of(print_case_file(db, data_dir, get_case(db, case.id)).data)
    start = next(at for at, text in enumerate(texts) if "卷内文件目录" in text)
    end = next(at for at, text in enumerate(texts) if "立案审批表" in text and "卷内文件目录" not in text)
    assert NOTE in "".join(texts[start:end]), texts[start:end]


def test_the_remarks_sheet_names_the_evidence_and_payments_kept_outside(db, data_dir, make_case, tmp_path):
    from workstation.store.evidence import add_evidence

    case = make_case(status="closed", filed_on="2026-03-02", closed_on="2026-05-02", evidence=False)
    for n in (1, 2):
        photo = tmp_path / f"photo{n}.png"
        photo.write_bytes(f"photo {n}".encode())
        add_evidence(db, data_dir, case.id, photo, kind="photo", collected_on="2026-03-03", after_closing=True)
    db.execute("INSERT INTO case_events (id, case_id, kind, at, on_date, from_status, to_status, details) "
               "VALUES ('pay1', ?, 'transition', '2026-04-01T10:00:00', '2026-04-01', 'served', 'performed', "
               "'{\"paid_fen\": 500000, \"surcharge_fen\": 0, \"voucher\": \"PJ001\"}')", [case.id])
    _approval(db, data_dir, case)
    texts = texts_of(print_case_file(db, data_dir, get_case(db, case.id)).data)
    assert "照片2张" in texts[-1] and "PJ001" in texts[-1], texts[-1]


# ---- 3. 送达回证 titled and placed by what they served ------------------------------------------------------------

def test_each_receipt_is_titled_by_and_filed_after_the_document_it_served(db, data_dir, make_case):
    case = make_case(status="investigating", filed_on="2026-03-02")
    day = "2026-03-05"
    inquiry = issue_document(db, data_dir, case, find_form("inquiry_notice"), {
        "signed_on": day, "appear_on": "2026-03-10", "appear_time": "09:30", "appear_place": "本局301室"})
    order_ = issue_document(db, data_dir, case, find_form("materials_order"), {
        "signed_on": day, "materials": "营业执照复印件", "deadline": "2026-03-12"})
    first = issue_document(db, data_dir, case, find_form("delivery_receipt"),
                           {"served_document": f"{inquiry.title}（{inquiry.number}）", "served_on": day, "place": "佛山市南海区桂城街道南海大道1号"})
    second = issue_document(db, data_dir, case, find_form("delivery_receipt"),
                            {"served_document": f"{order_.title}（{order_.number}）", "served_on": day, "place": "佛山市南海区桂城街道南海大道1号"})
    order = [d.id for d in bound_documents(db, case.id)]
    assert order == [inquiry.id, first.id, order_.id, second.id]
    rows = documents_context(db, get_case(db, case.id))["documents.rows"]
    # named by the 文号 it served alone: a title naming the document too wrapped the row, and its 文号, in the
    # narrow 题名 column of a two-party index
    assert f"送达回证（{inquiry.number}）" in rows
    assert f"送达回证（{order_.number}）" in rows


def test_a_receipt_of_a_corrected_document_stays_in_the_index_after_the_correction(db, data_dir, make_case):
    # the receipt names the correction's 文号: it is filed after it, never dropped from the index and the 卷宗
    case = make_case(status="investigating", filed_on="2026-03-02")
    day = "2026-03-05"
    values = {"signed_on": day, "appear_on": "2026-03-10", "appear_time": "09:30", "appear_place": "本局301室"}
    notice = issue_document(db, data_dir, case, find_form("inquiry_notice"), values)
    correction = issue_document(db, data_dir, case, find_form("inquiry_notice"), values, supersedes=notice.id)
    receipt = issue_document(db, data_dir, case, find_form("delivery_receipt"), {
        "served_document": f"{correction.title}（{correction.number}）", "served_on": day,
        "place": "佛山市南海区桂城街道南海大道1号"})
    assert [d.id for d in bound_documents(db, case.id)] == [notice.id, correction.id, receipt.id]
    context = documents_context(db, get_case(db, case.id))
    assert context["documents.count"] == 3
    assert f"送达回证（{correction.number}）" in context["documents.rows"]


def test_a_receipt_is_titled_by_the_number_it_served_or_else_by_what_it_names():
    from workstation.formkit.values import receipt_title

    assert receipt_title("送达回证", "行政处罚告知书（佛南市监告〔2026〕1号）") == "送达回证（佛南市监告〔2026〕1号）"
    assert receipt_title("送达回证", "《行政处罚决定书》 佛南市监处〔2026〕12号") == "送达回证（佛南市监处〔2026〕12号）"
    assert receipt_title("送达回证", "决定书") == "送达回证（决定书）"
    assert receipt_title("送达回证", "") == "送达回证"


def test_the_index_note_never_stands_alone_on_a_page_of_its_own(read_demo_db):
    # the three blank rows kept fit at the foot of the page but their note does not: rows go over with it
    from tests.rendering import pdf_of
    from tests.test_doc_index import full_page, listed_index

    full = full_page(read_demo_db)
    for count in range(full - 3, full + 1):
        lines = pdf_of(listed_index(read_demo_db, count)).lines
        note = next(line for line in lines if line.kind == "text" and line.text.startswith("注："))
        assert any(line.kind == "cell" and line.page == note.page for line in lines), count
        assert NOTE in "".join(line.text for line in lines if line.kind == "text")


def test_the_sheets_and_the_working_copy_agree_on_when_a_case_file_is_final():
    """A case ended without a decision (not filed, terminated, transferred to the police) has its sheets issued, as a
    closed one does: its file is the one archived, not a working copy."""
    from workstation.documents import stage_rules
    from workstation.documents.casefile import FILED_STATUSES

    assert set(FILED_STATUSES) == {"closed", "archived", *stage_rules.ENDED_STATES}
