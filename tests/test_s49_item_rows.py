"""Rows no items table can list, refused on issue (``measures.item_row_errors``, through ``values.field_errors``): a
quantity of 0 or below, a row written with no 名称, a 抽样数量 above its 抽样基数 — in the 先行登记保存证据通知书,
实施行政强制措施决定书, 场所/设施/财物清单 and 抽样记录; a draft holding them is still kept. And the evidence register:
a collection date before the case's lead was received is refused (one between it and the filing is not), the
dialog offering no earlier day; ``evidence add --collector ""`` names the case's officers as when it is left out."""

from __future__ import annotations

import json

import pytest

from tests.helpers import run
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue
from workstation.errors import ValidationError, WorkstationError
from workstation.formkit.values import case_context, field_errors
from workstation.store import get_case, get_party, save_party
from workstation.store.drafts import autosave, open_draft
from workstation.store.evidence import list_evidence

ADDRESS = "佛山市南海区桂城街道南海大道北1号"
BASIS = "《中华人民共和国个人信息保护法》第六十三条第一款第（四）项"
GOOD = "1 | 台式计算机（存有客户名单） | 戴尔OptiPlex 3000 | 2台 | 主机"


@pytest.fixture
def case(db, make_case):
    from dataclasses import replace

    made = make_case(status="investigating", lead_received_on="2026-11-02", filed_on="2026-11-10",
                     facts="经查，当事人出售客户个人信息。")
    party = get_party(db, made.party_ids[0])
    save_party(db, replace(party, address=ADDRESS))
    return get_case(db, made.id)


def _decision_refusal(db, case, items: str) -> str | None:
    try:
        check_issue(db, case, find_form("compulsory_measure_decision"),
                    {"legal_basis": BASIS, "decided_on": "2026-11-20", "items": items})
    except ValidationError as refused:
        return " ".join(f"{label}: {message}" for label, message in refused.errors.items())
    except WorkstationError as refused:
        return refused.message
    return None


@pytest.mark.parametrize("quantity", ["-2台", "0张", "－3部", "0.0千克", "−1台"])
def test_a_quantity_of_zero_or_below_is_refused_naming_line_and_column(db, case, english, quantity):
    message = _decision_refusal(db, case, f"{GOOD}\n2 | 手机 | 华为Mate 60 | {quantity} | ")
    assert message and "查封、扣押的场所、设施、财物" in message
    assert "Line 2" in message and "column 4" in message and "数量" in message and quantity in message


def test_a_row_with_text_but_no_name_is_refused(db, case, english):
    message = _decision_refusal(db, case, "1 |  | 戴尔 | 2台 | 主机")
    assert message and "Line 1" in message and "column 2" in message and "名称" in message


@pytest.mark.parametrize("items", [GOOD, f"{GOOD}\n2 | 客户资料 | 纸质 | 一批 | ", f"{GOOD}\n以下空白",
                                   f"{GOOD}\n2 |  |  |  | ", "1 | 手机 | | 12,500台 | "])
def test_rows_a_document_can_list_pass(db, case, items):
    assert _decision_refusal(db, case, items) is None


def test_the_cli_issues_nothing_for_the_audited_row(db, data_dir, case, tmp_path, capsys, english):
    values = tmp_path / "m1.json"
    values.write_text(json.dumps({"decided_on": "2026-11-20", "legal_basis": BASIS,
                                  "items": "1 |  | 戴尔 | -2台 | 主机"}, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", case.case_number, "--form",
                         "compulsory_measure_decision", "--values", values, "-o", tmp_path / "m1.pdf")
    assert code != 0 and "Line 1" in err and "名称" in err
    assert db.execute("SELECT COUNT(*) FROM documents WHERE status = 'issued'").fetchone()[0] == 0
    assert not (tmp_path / "m1.pdf").exists()


@pytest.mark.parametrize("form_id", ["preservation_notice", "seized_items_list"])
def test_the_other_item_tables_refuse_a_zero_quantity(db, case, english, form_id):
    form = find_form(form_id)
    _out, errors = field_errors(form, {"items": "1 | 笔记本电脑 | 联想 | 0台 | 经营场所"}, case_context(db, case))
    assert "Line 1" in errors.get("items", "") and "column 4" in errors["items"]
    _out, errors = field_errors(form, {"items": "1 | 笔记本电脑 | 联想 | 1台 | 经营场所"}, case_context(db, case))
    assert "items" not in errors


def test_a_sample_larger_than_its_base_is_refused(db, case, english):
    form, context = find_form("sampling_record"), case_context(db, case)
    _out, errors = field_errors(form, {"samples": "1 | 充电器 | 48V2A | 20260105 | 200个 | 400个 | "}, context)
    assert "Line 1" in errors.get("samples", "") and "column 6" in errors["samples"]
    assert "抽样数量" in errors["samples"] and "抽样基数" in errors["samples"]
    _out, errors = field_errors(form, {"samples": "1 | 充电器 | 48V2A | 20260105 | 200个 | 4个（含备份样品2个） | "},
                                context)
    assert "samples" not in errors
    _out, errors = field_errors(form, {"samples": "1 | 充电器 | 48V2A | 20260105 | 0个 | 4个 | "}, context)
    assert "column 5" in errors.get("samples", "")


def test_a_draft_holding_such_a_row_is_still_kept(db, case):
    values = {"legal_basis": BASIS, "items": "1 |  | 戴尔 | -2台 | 主机"}
    draft = open_draft(db, "compulsory_measure_decision", values, case_id=case.id)
    autosave(db, draft.id, values)
    row = db.execute("SELECT values_json FROM drafts").fetchone()
    assert json.loads(row[0])["items"] == values["items"]


# ---- the evidence register ----------------------------------------------------------------------------------------

def _photo(tmp_path):
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 photo")
    return photo


def test_evidence_dated_before_the_lead_is_refused(db, data_dir, case, tmp_path, capsys, english):
    code, _out, err = run(capsys, "--data-dir", data_dir, "evidence", "add", case.id, _photo(tmp_path),
                          "--kind", "customer_list", "--date", "2020-01-01")
    assert code == 1 and "2020-01-01" in err and "2026-11-02" in err
    assert list_evidence(db, case.id) == []


def test_evidence_collected_during_the_check_before_filing_passes(db, data_dir, case, tmp_path, capsys):
    code, _out, err = run(capsys, "--data-dir", data_dir, "evidence", "add", case.id, _photo(tmp_path),
                          "--kind", "customer_list", "--date", "2026-11-02")
    assert code == 0, err
    assert [item.collected_on for item in list_evidence(db, case.id)] == ["2026-11-02"]


def test_a_blank_collector_names_the_case_officers(db, data_dir, case, tmp_path, capsys):
    code, _out, err = run(capsys, "--data-dir", data_dir, "evidence", "add", case.id, _photo(tmp_path),
                          "--kind", "customer_list", "--date", "2026-11-12", "--collector", "  ")
    assert code == 0, err
    assert [item.collector for item in list_evidence(db, case.id)] == ["陈志强、黄丽娟"]


def test_the_evidence_dialog_offers_no_day_before_the_lead(db, data_dir, case, prompts, qtbot, tmp_path):
    from PySide6.QtCore import QDate

    from ui.case_evidence import EvidenceDialog

    dialog = EvidenceDialog(db, data_dir, case, prompts, path=str(_photo(tmp_path)))
    qtbot.addWidget(dialog)
    assert dialog.collected_on.minimumDate() == QDate(2026, 11, 2)


def test_an_item_dated_before_a_corrected_lead_day_can_still_be_described(db, data_dir, case, tmp_path, english):
    """The first day is checked of a date given, not of one stored: an item dated before the lead's receipt day was
    corrected later keeps being described (its date is not made wrong by another edit)."""
    from dataclasses import replace as replaced

    from workstation.store import update_case
    from workstation.store.evidence import add_evidence, update_evidence

    item = add_evidence(db, data_dir, case.id, _photo(tmp_path), kind="customer_list", collected_on="2026-11-03")
    update_case(db, replaced(get_case(db, case.id), lead_received_on="2026-11-05"))
    described = update_evidence(db, item.id, description="客户名单（U盘复制）")
    assert (described.description, described.collected_on) == ("客户名单（U盘复制）", "2026-11-03")
    with pytest.raises(ValidationError) as refused:  # a date given anew is still checked
        update_evidence(db, item.id, collected_on="2026-11-04")
    assert "2026-11-05" in refused.value.errors["collected_on"]


def test_a_case_knowing_only_its_filing_date_takes_evidence_of_the_check_before_it(db, data_dir, make_case,
                                                                                   tmp_path, capsys):
    """A case imported from a register knows no lead's receipt day: evidence of the check before filing (核查) is
    not refused by the filing date."""
    made = make_case(status="investigating", filed_on="2026-11-10", evidence=False)
    code, _out, err = run(capsys, "--data-dir", data_dir, "evidence", "add", made.id, _photo(tmp_path),
                          "--kind", "customer_list", "--date", "2026-11-06")
    assert code == 0, err
