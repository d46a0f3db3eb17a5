"""Session 70's privacy audit: a passport or permit number in a publication copy keeps at most two characters at each
end (a resident ID its region and last four, a company's 统一社会信用代码 whole); a void reason shown in the case's
documents list and in `docs list` (text and --json) has its numbers masked, as the register shows it; and the
complaint import wizard's samples show a complainant's name and address masked as a lead's reporter's are."""

from __future__ import annotations

import pytest

from tests.helpers import run, run_json
from tests.test_publication_copy import decided
from workstation.documents.publication import masked_code, masker, publication_copy
from workstation.masking import rules_in_force

PASSPORT = "E12345678"
REASON = "测试作废，当事人电话13936415126"
PHONE = "13936415126"
MASKED_PHONE = "139****5126"


# ---- 1. a passport or permit number in the publication copy

@pytest.mark.parametrize(("code", "shown"), [
    ("E12345678", "E1*****78"),  # a passport: 9 characters, 5 hidden
    ("H12345678", "H1*****78"),  # 港澳居民来往内地通行证
    ("H1234567801", "H1*******01"),
    ("EA1234567", "EA*****67"),
    ("12345678", "12****78"),  # 台湾居民来往大陆通行证, as before
    ("A12345", "A****5"),  # short: at least half hidden
    ("1234", "****"),
    ("440602199001011234", "4406**********1234"),  # a resident ID as lists show it
    ("44060219900101123X", "4406**********123X"),
    ("440602900101123", "4406*******1123"),  # a 15-digit one
])
def test_a_code_keeps_at_most_two_characters_at_each_end_but_a_resident_id(code, shown):
    assert masked_code(code) == shown
    if len(code) not in (15, 18):
        assert masked_code(code).count("*") * 2 >= len(code)


@pytest.mark.parametrize("written", ["护照号码E12345678", "港澳通行证H12345678", "回乡证号码为M12345678"])
def test_a_published_text_hides_most_of_a_passport_or_permit_number(written):
    values = {"party_is_person": False, "party_name": "佛山市南海区誉嘉房地产代理有限公司",
              "party_code": "91512081MA62K0260E"}
    published = masker(values, rules_in_force())(f"证人陈某（{written}）证实，该公司统一社会信用代码91512081MA62K0260E。")
    code = written[-9:]
    assert code[:3] not in published and code[-3:] not in published
    assert f"{code[:2]}*****{code[-2:]}" in published
    assert "91512081MA62K0260E" in published  # a company's code is published whole


def test_the_copy_of_a_decision_to_a_passport_holder_hides_most_of_the_number(db, data_dir, make_case):
    facts = f"经查，当事人（护照号码{PASSPORT}）向消费者发送商业性短信1,200条。"
    _case, decision = decided(db, data_dir, make_case, person=True, party_code=PASSPORT, party_code_label="护照号码",
                              licence_name="护照", facts=facts)
    copy = publication_copy(db, data_dir, decision)
    assert dict(copy.summary)["护照号码"] == "E1*****78"
    text = copy.text()
    assert "E123" not in text and "5678" not in text
    assert "当事人（护照号码E1*****78）" in text


def test_a_companys_credit_code_is_published_whole_in_the_summary(db, data_dir, make_case):
    _case, decision = decided(db, data_dir, make_case)
    assert "统一社会信用代码：91512081MA62K0260E" in publication_copy(db, data_dir, decision).text()


# ---- 2. a void reason in the case's documents list and in `docs list`

def voided(db, data_dir, make_case):
    from workstation.documents.issuing import void_document

    case, decision = decided(db, data_dir, make_case)
    void_document(db, decision.id, REASON)
    return case, decision


@pytest.mark.gui
def test_the_case_documents_list_masks_the_void_reason(db, data_dir, make_case, english):
    from ui.case_documents import DocumentsModel
    from workstation.documents.issuing import documents_of_case
    from workstation.store import parties_of_case

    case, decision = voided(db, data_dir, make_case)
    documents = documents_of_case(db, case.id)
    model = DocumentsModel(documents, parties_of_case(db, case.id))
    row = [d.id for d in documents].index(decision.id)
    note = model.row_texts(row)[-1]
    assert note == f"void: 测试作废，当事人电话{MASKED_PHONE}"
    assert PHONE not in "".join(model.row_texts(row))


def test_docs_list_masks_the_void_reason_in_text_and_json(db, data_dir, make_case, capsys):
    case, decision = voided(db, data_dir, make_case)
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "list", case.id)
    assert code == 0, err
    [line] = [line for line in out.splitlines() if line.startswith(decision.id)]
    assert f"测试作废，当事人电话{MASKED_PHONE}" in line and PHONE not in out
    rows = run_json(capsys, "--data-dir", data_dir, "docs", "list", case.id)
    [row] = [row for row in rows if row["id"] == decision.id]
    assert row["void_reason"] == f"测试作废，当事人电话{MASKED_PHONE}"  # as `docs register --json` gives its note
    # stored whole
    assert db.execute("SELECT void_reason FROM documents WHERE id = ?", [decision.id]).fetchone()[0] == REASON


# ---- 3. the complaint import wizard's samples

@pytest.fixture
def addressed(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["工单编号", "受理时间", "诉求人", "来电号码", "诉求地址", "内容描述"])
    sheet.append(["GD001", "2026-03-01 09:00:00", "张小红", "13800138000", "佛山市南海区桂城街道海五路28号3座1201",
                  "推销电话骚扰"])
    sheet.append(["GD002", "2026-03-01 10:00:00", "欧阳娜娜", "13900139001", "广东省佛山市禅城区祖庙路3号", "商品过期"])
    path = tmp_path / "12345四月.xlsx"
    workbook.save(path)
    return str(path)


@pytest.mark.gui
def test_the_wizard_shows_a_complainants_name_and_address_masked(db, prompts, qtbot, addressed):
    from ui.complaint_import import ComplaintImportDialog

    dialog = ComplaintImportDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.add_file(addressed)
    assert prompts.errors == []
    name, address = dialog.samples["complainant"], dialog.samples["address"]
    assert name.shown == "张** | 欧***"
    assert address.toolTip().splitlines() == ["佛山市南海区****", "广东省佛山市禅城区****"]
    for label in (name, address):
        for whole in ("小红", "娜娜", "海五路", "祖庙路"):
            assert whole not in label.shown and whole not in label.toolTip()


def test_the_import_stores_the_name_and_address_whole_and_other_fields_keep_their_masking(db, addressed):
    """Masking is for what is shown: the import stores the values whole, and the fields lists mask elsewhere (a
    party's address, a conflict's value) are masked as before."""
    from workstation.importing.complaints import import_complaints
    from workstation.masking import mask_field

    import_complaints(db, [addressed])
    stored = db.execute("SELECT address FROM complaints ORDER BY address").fetchall()
    assert [r[0] for r in stored] == ["佛山市南海区桂城街道海五路28号3座1201", "广东省佛山市禅城区祖庙路3号"]
    assert mask_field("address", "佛山市南海区桂城街道南海大道1号") == "佛山市南海区桂城街道南海大道1号"
    assert mask_field("reporter_name", "张小红") == "张**"
