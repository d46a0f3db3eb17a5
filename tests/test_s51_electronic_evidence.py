"""The 电子数据证据提取笔录 of a case whose evidence register holds no electronic data (session 51): it never names an
invented file (客户信息表.xlsx, the example version 5 gave), prints its number of records as a blank to fill by hand
— not 0 条, a figure read to judge a transfer to the police — and is refused at issue until the files extracted are
registered or typed; a real 0 still prints 0. After a restore or a put-back the work said lost names the evidence
registered too."""

from __future__ import annotations

import json

import pytest

from tests.helpers import open_db, run
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.issuing import check_issue
from workstation.errors import ValidationError
from workstation.formkit.template import render
from workstation.store import get_case, get_party, save_party
from workstation.store.evidence import add_evidence

CASE9 = "佛南市监立〔2026〕9号"  # the demo's case under investigation, with no evidence registered
TIMES = {"time_from": "2026年3月10日9时30分", "time_to": "11时05分"}
WRITTEN = ("documents", "doc_numbers", "audit")


@pytest.fixture
def investigating(db, make_case):
    from dataclasses import replace

    case = make_case(status="investigating", lead_received_on="2026-02-20", filed_on="2026-03-02",
                     act_on="2026-02-10", facts="当事人未经消费者同意，通过外呼平台向消费者拨打楼盘推销电话。")
    party = get_party(db, case.party_ids[0])
    save_party(db, replace(party, address="佛山市南海区桂城街道南海大道1号"))
    return get_case(db, case.id)


def _issue_errors(db, case, values) -> dict:
    with pytest.raises(ValidationError) as refused:
        check_issue(db, get_case(db, case.id), find_form("electronic_evidence_record"), values)
    return refused.value.errors


# 1. no invented file, no 0 条 ---------------------------------------------------------------------------------------

def test_a_case_without_electronic_data_prints_no_invented_file_and_no_zero_records(db, investigating):
    form = find_form("electronic_evidence_record")
    assert form.version == 7  # v7: the items of its day only (s53)
    text = draft_document(db, investigating, form, {"place": "南海区桂城街道", **TIMES}).text.replace("\n", "")
    assert "客户信息表.xlsx" not in text
    assert "0 条" not in text and "＿＿＿＿＿＿ 条" in text  # a blank for the count, to fill by hand


def test_issuing_it_is_refused_until_the_files_are_registered_or_typed(db, investigating, english):
    errors = _issue_errors(db, investigating, dict(TIMES))
    assert list(errors) == ["提取的文件名称"]
    assert "evidence register" in errors["提取的文件名称"]
    typed = check_issue(db, investigating, find_form("electronic_evidence_record"),
                        {**TIMES, "file_names": "通话记录.xlsx（XLSX格式，12.5 KB）"})[0]
    assert typed["file_names"] == "通话记录.xlsx（XLSX格式，12.5 KB）" and typed["records"] is None


def test_a_registered_electronic_file_lets_it_issue_and_a_non_electronic_one_does_not(db, data_dir, investigating,
                                                                                      tmp_path, english):
    licence = tmp_path / "营业执照.pdf"
    licence.write_bytes(b"%PDF a licence")
    add_evidence(db, data_dir, investigating.id, licence, kind="documentary", source="当事人")
    assert list(_issue_errors(db, investigating, dict(TIMES))) == ["提取的文件名称"]  # a 书证 is no electronic data
    chats = tmp_path / "聊天记录.txt"
    chats.write_bytes("与客户的聊天".encode())
    # extracted in the session the record records (a file of another day is refused: tests/test_s53_evidence.py)
    add_evidence(db, data_dir, investigating.id, chats, kind="chat_export", source="当事人手机",
                 collected_on="2026-03-10")
    values = check_issue(db, investigating, find_form("electronic_evidence_record"), dict(TIMES))[0]
    assert "聊天记录.txt" in values["file_names"]


# 2. the count filter ----------------------------------------------------------------------------------------------

def test_the_count_filter_prints_a_blank_for_nothing_and_zero_for_zero():
    assert render("{n|count} 条", {"n": None}) == "＿＿＿＿＿＿ 条"
    assert render("{n|count} 条", {"n": ""}) == "＿＿＿＿＿＿ 条"
    assert render("{n|count:3}", {}) == "＿＿＿"
    assert render("{n|count} 条", {"n": 0}) == "0 条"  # a real 0 is a figure
    assert render("{n|count}", {"n": 18176}) == "18,176"


def test_a_counted_zero_prints_zero_in_the_record(db, investigating):
    text = draft_document(db, investigating, find_form("electronic_evidence_record"),
                          {"place": "南海区桂城街道", "file_names": "空白名单.csv", "records": 0}).text
    assert "0 条" in text.replace("\n", "") and "＿＿＿＿＿＿ 条" not in text


def test_the_transfer_letter_prints_a_blank_total_not_zero_beside_its_categories(db, investigating):
    text = draft_document(db, investigating, find_form("police_transfer"),
                          {"party_address": "佛山市南海区桂城街道南海大道1号", "records_total": "",
                           "records_other": 120}).text.replace("\n", "")
    assert "共计0条" not in text and "共计＿＿＿＿＿＿条，其中：" in text and "其他公民个人信息120条" in text


# 3. the command line of the audit -----------------------------------------------------------------------------------

def test_docs_issue_refuses_the_record_of_a_case_without_electronic_data(demo_db, data_dir, capsys, english,
                                                                      table_counts, tmp_path):
    before = table_counts(demo_db, WRITTEN)
    demo_db.conn.close()
    values = tmp_path / "t.json"
    values.write_text(json.dumps({"time_from": "2026-12-05 09:00", "time_to": "2026-12-05 10:00"}),
                      encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", CASE9, "--form",
                         "electronic_evidence_record", "--values", values, "-o", tmp_path / "eer.pdf")
    assert (code, out) == (1, "")
    assert "提取的文件名称" in err and "evidence register" in err
    assert not (tmp_path / "eer.pdf").exists()
    db = open_db(data_dir)
    try:
        assert table_counts(db, WRITTEN) == before
    finally:
        db.conn.close()


def test_a_values_file_holding_the_old_example_is_said_to_be_checked(demo_db, data_dir, capsys, english, tmp_path):
    # written out in a values file it is kept (the officer may have typed it), with the note to check it is theirs
    demo_db.conn.close()
    values = tmp_path / "t.json"
    values.write_text(json.dumps({"time_from": "2026-12-05 09:00", "time_to": "2026-12-05 10:00",
                                  "file_names": "客户信息表.xlsx"}, ensure_ascii=False), encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", CASE9, "--form",
                          "electronic_evidence_record", "--values", values, "-o", tmp_path / "eer.pdf")
    assert code == 0 and "提取的文件名称 is word for word the text an earlier version" in err


# 4. the work a restore leaves out names the evidence ----------------------------------------------------------------

def test_the_restore_advice_names_the_evidence_registered(english):
    from workstation.backup_restore import restore_advice

    text = restore_advice({"created": "2026-12-01T09:00:00"})
    assert "documents, evidence registered, case numbers" in text


def test_the_put_back_advice_names_the_evidence_registered(english, tmp_path):
    from workstation.backup_replaced import put_back_advice

    text = put_back_advice({"kept": str(tmp_path / "kept"), "replaced_at": "2026-12-01T09:00:00"})
    assert "documents, evidence registered, case numbers" in text


def test_the_restore_question_names_the_evidence_registered(english):
    from ui.backup_dialogs import left_out_text

    assert "documents, evidence registered, case numbers" in left_out_text(None, "2026-12-01T09:00:00")
