"""The evidence dialog proposes the kind from the file's type (none for a type that says nothing), is wide enough
for its examples, the register gives the whole SHA-256; counting lists a named ID column's invalid numbers by row
and column even when none of them is valid."""

import pytest

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox

from ui.case_evidence import EvidenceDialog, EvidenceModel
from ui.record_model import TOOLTIP_ROLE
from workstation.evidence_count import count_rows
from workstation.store.evidence import add_evidence, list_evidence, proposed_kind

BAD_ID = "440602199001011234"  # check character wrong (…1236 would be valid)


def test_a_named_id_column_whose_only_number_is_invalid_is_listed_by_row_and_column():
    rows = [["姓名", "手机号码", "身份证号", "紧急联系人电话"], ["张三", "13800138000", BAD_ID, "13900139000"],
            ["李四", "138-0013-8001", "", ""], ["王五", "12345", "", ""]]
    count = count_rows("客户名单.xlsx", rows)
    assert count.columns == ("手机号码", "身份证号")
    assert count.malformed == ((2, "C", "身份证号"), (4, "B", "手机号码"))
    assert count.distinct == 2 and count.invalid == 2
    assert "身份证号码列“身份证号”有效号码 0 个（空白 2 行，格式不符 1 个）" in count.steps
    assert any("第 2 行“身份证号”（C 列）、第 4 行“手机号码”（B 列）" in step for step in count.steps)
    assert not any(BAD_ID in step for step in count.steps)  # where, never the number itself


def test_a_named_column_holding_no_numbers_at_all_is_not_read_as_numbers():
    rows = [["姓名", "手机号码", "联系方式"], ["张三", "13800138000", "微信 zhangsan"], ["李四", "13800138001", ""]]
    count = count_rows("客户名单.csv", rows)
    assert count.columns == ("手机号码",) and count.malformed == ()


@pytest.mark.parametrize(("name", "kind"), [("客户名单.XLSX", "customer_list"), ("现场.jpeg", "photo"),
                                            ("通话.amr", "recording"), ("监控.webm", "recording"),
                                            ("合同.pdf", "contract"), ("聊天.db", "electronic_data"), ("导出.txt", None),
                                            ("无后缀", None)])
def test_the_kind_proposed_for_a_file(name, kind):
    assert proposed_kind(name) == kind


@pytest.fixture
def case(make_case):
    return make_case()


def test_the_dialog_proposes_customer_list_for_a_spreadsheet(db, data_dir, case, prompts, qtbot, tmp_path):
    path = tmp_path / "客户名单_13800138000.xlsx"
    path.write_bytes(b"PK\x03\x04 sheet")
    dialog = EvidenceDialog(db, data_dir, case, prompts, path=str(path))
    qtbot.addWidget(dialog)
    assert dialog.kind.currentData() == "customer_list" and dialog.kind.currentText() == "客户名单"


def test_a_file_of_unknown_type_leaves_the_kind_to_choose(db, data_dir, case, prompts, qtbot, tmp_path, english):
    path = tmp_path / "导出.bin"
    path.write_bytes(b"\x00\x01")
    dialog = EvidenceDialog(db, data_dir, case, prompts, path=str(path))
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert dialog.kind.currentIndex() == -1 and not save.isEnabled()
    assert dialog.kind.placeholderText() == "Choose the kind of this file"
    assert dialog.errors["kind"].text() == "Choose what kind of evidence this is."
    dialog.kind.setCurrentIndex(dialog.kind.findData("chat_export"))
    assert save.isEnabled()


def test_editing_an_item_keeps_its_kind_and_the_register_gives_the_whole_hash(db, data_dir, case, prompts, qtbot,
                                                                              tmp_path):
    path = tmp_path / "照片.jpg"
    path.write_bytes(b"\xff\xd8 not really a photo")
    item = add_evidence(db, data_dir, case.id, path, kind="other", collected_on="2026-03-10")
    dialog = EvidenceDialog(db, data_dir, case, prompts, item=item)
    qtbot.addWidget(dialog)
    assert dialog.kind.currentData() == "other"
    model = EvidenceModel()
    model.set_records(list_evidence(db, case.id))
    cell = model.index(0, model.hash_column)
    assert cell.data() == item.sha256[:12] and cell.data(TOOLTIP_ROLE) == item.sha256


def test_the_copy_action_puts_the_whole_hash_on_the_clipboard(db, data_dir, case, prompts, make_window, tmp_path):
    path = tmp_path / "照片.jpg"
    path.write_bytes(b"\xff\xd8 not really a photo")
    item = add_evidence(db, data_dir, case.id, path, kind="photo", collected_on="2026-03-10")
    evidence = make_window(db).open_case(case.id).evidence
    evidence.view.selectRow(0)
    QGuiApplication.clipboard().clear()
    next(a for a in evidence.view.actions() if a.objectName() == "copy_sha256").trigger()
    assert QGuiApplication.clipboard().text() == item.sha256


def test_the_dialog_is_wide_enough_for_its_examples(db, data_dir, case, prompts, qtbot, tmp_path):
    path = tmp_path / "客户名单.xlsx"
    path.write_bytes(b"PK\x03\x04 sheet")
    dialog = EvidenceDialog(db, data_dir, case, prompts, path=str(path))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for field in (dialog.source, dialog.recipient):
        assert field.placeholderText()
        assert field.width() > field.fontMetrics().horizontalAdvance(field.placeholderText())
