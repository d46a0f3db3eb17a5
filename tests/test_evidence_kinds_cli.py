"""Evidence kinds: ``evidence add`` without ``--kind`` takes the kind the file's type proposes (as the evidence dialog
does) and says so, refusing a file whose type says nothing with the option and the kinds named; the legal categories
of a 证据清单 (电子数据, 书证, 物证 …) are kinds the command line, the dialog and the 证据提取单 take and show, a
database file being proposed as 电子数据."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QDialogButtonBox

from tests.helpers import run, run_json
from tests.test_forms_investigation import COMPANY, draft, pages
from ui.case_evidence import EvidenceDialog
from workstation.records import Evidence
from workstation.store import find_case
from workstation.store.evidence import (
    add_evidence,
    evidence_context,
    extraction_row,
    list_evidence,
    proposed_kind,
)
from workstation.vocabulary import labels

LEGAL = {"electronic_data": "电子数据", "documentary": "书证", "physical": "物证", "witness_testimony": "证人证言",
         "party_statement": "当事人陈述", "expert_opinion": "鉴定意见", "inspection_record": "勘验笔录、现场笔录"}
OLD = ["photo", "recording", "customer_list", "chat_export", "sms_log", "call_log", "contract", "other"]


def test_the_legal_categories_are_kinds_and_every_stored_key_stays():
    kinds = labels("evidence_kinds")
    assert set(OLD) <= set(kinds) and {k: kinds[k] for k in LEGAL} == LEGAL
    assert list(kinds)[-1] == "other"  # 其他 stays the last choice


@pytest.mark.parametrize(("name", "kind"), [("客户库.sqlite", "electronic_data"), ("CRM导出.SQL", "electronic_data"),
                                            ("app数据.db", "electronic_data"), ("营业执照扫描.pdf", "contract"),
                                            ("系统截图.png", "photo"), ("情况说明.txt", None), ("导出.json", None)])
def test_a_database_file_is_proposed_as_electronic_data_and_text_is_left_to_choose(name, kind):
    assert proposed_kind(name) == kind


def test_evidence_add_without_kind_takes_the_proposed_kind_and_says_it(db, data_dir, make_case, tmp_path, capsys,
                                                                      english):
    case = make_case()
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 photo")
    dump = tmp_path / "客户库.sqlite"
    dump.write_bytes(b"SQLite format 3\x00 customers")
    code, out, err = run(capsys, "--data-dir", data_dir, "evidence", "add", case.id, photo)
    assert code == 0, err
    assert out.strip().endswith("its kind 照片 was proposed from the file's type (“evidence set --kind” changes it).")
    added = run_json(capsys, "--data-dir", data_dir, "evidence", "add", case.id, dump)
    assert (added["kind"], added["kind_proposed"]) == ("electronic_data", True)
    typed = tmp_path / "营业执照.jpg"
    typed.write_bytes(b"\xff\xd8\xff\xe0 licence")
    code, out, err = run(capsys, "--data-dir", data_dir, "evidence", "add", case.id, typed, "--kind", "书证")
    assert code == 0 and "proposed" not in out, err
    assert [(e.file_name, e.kind) for e in list_evidence(db, case.id)] == [
        ("现场照片.jpg", "photo"), ("客户库.sqlite", "electronic_data"), ("营业执照.jpg", "documentary")]


def test_evidence_add_refuses_a_file_whose_type_says_nothing_naming_kind(db, data_dir, make_case, tmp_path, capsys,
                                                                        english):
    case = make_case()
    statement = tmp_path / "情况说明.txt"
    statement.write_text("当事人书面陈述", encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data_dir, "evidence", "add", case.id, statement)
    assert (code, out) == (1, "") and err.count("\n") == 1
    assert err.startswith("Error: --kind: the type of 情况说明.txt does not tell what kind of evidence it is: give "
                          "--kind with one of photo (照片), ")
    assert "electronic_data (电子数据)" in err and "documentary (书证)" in err and "nothing was stored" in err
    assert list_evidence(db, case.id) == []
    # a missing file is said as such, not as a kind to choose
    code, out, err = run(capsys, "--data-dir", data_dir, "evidence", "add", case.id, tmp_path / "无.txt")
    assert code == 1 and "no such file" in err and "--kind" not in err
    code, out, err = run(capsys, "--data-dir", data_dir, "evidence", "add", case.id, statement, "--kind",
                         "当事人陈述")
    assert code == 0, err
    assert [e.kind for e in list_evidence(db, case.id)] == ["party_statement"]


def test_evidence_set_takes_a_legal_category_and_evidence_list_shows_it(db, data_dir, make_case, tmp_path, capsys,
                                                                       english):
    case = make_case()
    sample = tmp_path / "宣传单.jpg"
    sample.write_bytes(b"\xff\xd8\xff\xe0 flyer")
    add_evidence(db, data_dir, case.id, sample, kind="photo", collected_on="2026-03-10")
    assert run(capsys, "--data-dir", data_dir, "evidence", "set", case.id, "1", "--kind", "物证")[0] == 0
    listed = run_json(capsys, "--data-dir", data_dir, "evidence", "list", case.id)
    assert [e["kind"] for e in listed] == ["physical"]
    code, out, err = run(capsys, "--data-dir", data_dir, "evidence", "list", case.id)
    assert code == 0 and "宣传单.jpg (Physical evidence, " in out  # the kind's English label


def test_the_evidence_lists_of_the_documents_name_the_legal_categories(db, data_dir, make_case, tmp_path):
    case = make_case()
    licence = tmp_path / "营业执照复印件.pdf"
    licence.write_bytes(b"%PDF-1.4 licence")
    add_evidence(db, data_dir, case.id, licence, kind="documentary", source="当事人提供", collected_on="2026-03-10")
    lines = str(evidence_context(db, case)["evidence.list"]).split("\n")
    assert lines[0].startswith("1. 营业执照复印件.pdf（书证，当事人提供，2026年3月10日）SHA-256：")
    rows = [extraction_row(1, Evidence(case_id="c", sha256="0" * 64, file_name=name, size=1, kind=kind, source="现场"))
            for name, kind in (("营业执照.pdf", "documentary"), ("样品.jpg", "physical"), ("库.db", "electronic_data"))]
    assert rows == ["1 | 营业执照.pdf（书证） | 现场 | 1份 | 复印 | ", "1 | 样品.jpg（物证） | 现场 | 1份 | 拍照 | ",
                    "1 | 库.db（电子数据） | 现场 | 1份 | 复制 | "]


def test_the_evidence_extraction_prints_a_documentary_item_as_copied(demo_db, data_dir, tmp_path):
    case = find_case(demo_db, COMPANY)
    register = tmp_path / "会员登记簿.pdf"
    register.write_bytes(b"%PDF-1.4 register")
    # a closed case of the demo, whose register an officer no longer changes (s47): the test's file all the same
    add_evidence(demo_db, data_dir, case.id, register, kind="documentary", source="当事人前台",
                 collected_on="2026-03-10", after_closing=True)
    text = "".join(pages(draft(demo_db, COMPANY, "evidence_extraction")))
    assert "会员登记簿.pdf（书证）当事人前台1份复印2026年3月10日提取" in text


def test_the_dialog_offers_every_kind_and_proposes_electronic_data_for_a_database(db, data_dir, make_case, prompts,
                                                                                   qtbot, tmp_path):
    case = make_case()
    path = tmp_path / "app数据.db"
    path.write_bytes(b"SQLite format 3\x00 app")
    dialog = EvidenceDialog(db, data_dir, case, prompts, path=str(path))
    qtbot.addWidget(dialog)
    offered = [dialog.kind.itemText(i) for i in range(dialog.kind.count())]
    assert set(LEGAL.values()) <= set(offered) and dialog.kind.maxVisibleItems() == len(offered)
    assert dialog.kind.currentData() == "electronic_data" and dialog.kind.currentText() == "电子数据"
    dialog.kind.setCurrentIndex(dialog.kind.findData("documentary"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.saved is not None and [e.kind for e in list_evidence(db, case.id)] == ["documentary"]
