# ruff: noqa: F811 - the fixtures imported from test_s48_closing are used by name
"""The refusals and warnings that say how to correct or void a document in force name the window's way (更正… or
Void… in the case's documents) and, on the command line only, the command's (``--supersedes …``, ``docs void``):
the core is asked for the command line's clause, none in the window, whose editor, documents list and transition
dialog never show it — the refusal of a second extension of a measure in Chinese (whose translation did not match
the clause the window took out) and the refusal to void the 立案审批表 included — while ``docs issue``, ``docs void``
and ``cases transition`` still name the command."""

from __future__ import annotations

import json

import pytest

from tests.helpers import run
from tests.test_s48_closing import reclosed, record, steps, transferred  # noqa: F401 - fixtures used by name
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.store import find_case, get_case, get_party, save_party

pytestmark = pytest.mark.gui

CASE = "佛南市监立〔2026〕1号"  # demo case, one party, no documents issued
MEASURES = "佛南市监立〔2026〕9号"  # demo case investigating, filed 2026-11-10
FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
COMMANDS = ("--supersedes", "docs void")
ADDRESS = "佛山市南海区桂城街道南海大道1号"
EXTENSION = {"measured_on": "2026-03-03", "original_until": "2026-04-02", "reason": "案情复杂",
             "decision_no": "佛南市监强〔2026〕1号", "objects": "电脑主机1台", "decided_on": "2026-03-30",
             "extended_until": "2026-04-20"}
BASIS = "《中华人民共和国个人信息保护法》第六十三条第一款第（四）项"
SEIZED = {"legal_basis": BASIS, "measure": "扣押", "objects": "财物", "reason": "涉嫌违法",
          "items": "1 | 手机 | 华为Mate 60 | 2部 | 已关机"}
RELEASE = {"reason": "其他不再需要采取查封、扣押措施的情形", "reason_detail": "测试"}
PLACE = "佛山市南海区桂城街道南海大道北281号"
SPOT = {"serial_no": "No.0012345", "decided_at": "2026-03-10 09:30", "party_address": PLACE, "place": PLACE,
        "facts": "经查，当事人于2026年3月10日在门店向消费者发送商业性短信，未经消费者同意。", "warning": True}


def with_address(db, case):
    """``case`` with its party's address recorded (the documents served on it print it)."""
    from dataclasses import replace

    party = get_party(db, case.party_ids[0])
    save_party(db, replace(party, address=ADDRESS))
    return get_case(db, case.id)


def said(prompts) -> str:
    """Everything the window said: its errors, the choices it offered, the questions it asked."""
    return "\n".join([*prompts.errors, *(offer[0] for offer in prompts.offered), *prompts.confirmations])


def no_command(text: str) -> bool:
    return not any(command in text for command in COMMANDS)


def issued_in_editor(opened, prompts, db, form_id: str, case, **values) -> str:
    """What the window says when ``form_id`` with ``values`` is issued from its editor (not confirmed)."""
    editor = opened(db, form_id, get_case(db, case.id))
    for name, value in values.items():
        editor.set_field(name, value)
    prompts.confirm_answer = False
    prompts.choices = [1]  # offered as a correction: Cancel
    editor.issue()
    assert editor.document is None
    return said(prompts)


def values_file(tmp_path, values: dict):
    path = tmp_path / "values.json"
    path.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    return path


def refused_on_the_command_line(capsys, data_dir, case, form_id: str, tmp_path, values=None) -> str:
    """The error ``docs issue`` says refusing ``form_id`` with ``values`` (nothing issued)."""
    argv = ["--data-dir", data_dir, "docs", "issue", case.id, "--form", form_id, "-o", tmp_path / "x.pdf"]
    if values:
        argv += ["--values", values_file(tmp_path, values)]
    code, out, err = run(capsys, *argv)
    assert (code, out) == (1, ""), err
    return err


# ---- one of a kind in force: 更正… --------------------------------------------------------------------------------

def test_a_second_case_source_register_names_更正_in_the_editor_and_the_flag_on_the_command_line(
        demo_db, data_dir, english, opened, prompts, capsys, tmp_path):
    case = find_case(demo_db, CASE)
    first = issue_document(demo_db, data_dir, case, find_form("case_source_register"), {})
    shown = issued_in_editor(opened, prompts, demo_db, "case_source_register", case)
    assert "keeps one 案件来源登记表" in shown and "更正… in the case's documents)" in shown and no_command(shown)
    err = refused_on_the_command_line(capsys, data_dir, case, "case_source_register", tmp_path)
    assert f"(更正… in the case's documents, or --supersedes {first.id})" in err


def test_a_second_notice_to_the_party_names_更正_only_in_the_editor(db, data_dir, english, make_case, opened,
                                                                    prompts, capsys, tmp_path):
    case = make_case(status="under_review", filed_on="2026-03-02", facts=FACTS)
    first = issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"), {"fine_fen": "500"})
    shown = issued_in_editor(opened, prompts, db, "pre_penalty_notice", case, fine_fen="600")
    assert "receives one 行政处罚告知书" in shown and "更正… in the case's documents)" in shown and no_command(shown)
    err = refused_on_the_command_line(capsys, data_dir, case, "pre_penalty_notice", tmp_path, {"fine_fen": "600"})
    assert f"or --supersedes {first.number})" in err


def test_a_second_on_the_spot_decision_names_更正_only_in_the_editor(db, data_dir, english, make_case, opened,
                                                                      prompts, capsys, tmp_path):
    case = make_case()
    first = issue_document(db, data_dir, case, find_form("on_the_spot_decision"), SPOT)
    shown = issued_in_editor(opened, prompts, db, "on_the_spot_decision", case, **{**SPOT, "serial_no": "No.0012346"})
    assert "one act is decided once" in shown and "更正… in the case's documents)" in shown and no_command(shown)
    err = refused_on_the_command_line(capsys, data_dir, case, "on_the_spot_decision", tmp_path,
                                      {**SPOT, "serial_no": "No.0012346"})
    assert f"or --supersedes {first.id})" in err


# ---- the documents' own rules: a second extension, a release of what is not held, a second letter -----------------

def second_extension_in_editor(db, data_dir, make_case, opened, prompts) -> tuple[str, str]:
    """(the 文号 of the measure's extension in force, what the editor says issuing a second one)."""
    case = make_case(status="investigating", lead_received_on="2026-02-20", filed_on="2026-03-02",
                     act_on="2026-02-10", facts=FACTS)
    first = issue_document(db, data_dir, get_case(db, case.id), find_form("compulsory_measure_extension"),
                           EXTENSION)
    return first.number, issued_in_editor(opened, prompts, db, "compulsory_measure_extension", case, **EXTENSION)


def test_a_second_extension_of_a_measure_names_no_flag_in_the_editor(db, data_dir, english, make_case, opened,
                                                                      prompts):
    number, shown = second_extension_in_editor(db, data_dir, make_case, opened, prompts)
    assert "was already extended" in shown and number in shown and no_command(shown), shown
    assert "更正… in the case's documents)" in shown


def test_a_second_extension_of_a_measure_names_no_flag_in_the_chinese_editor(db, data_dir, chinese, make_case,
                                                                              opened, prompts):
    number, shown = second_extension_in_editor(db, data_dir, make_case, opened, prompts)
    assert number in shown and no_command(shown), shown


def test_a_second_extension_names_the_flag_on_the_command_line(db, data_dir, english, make_case, capsys, tmp_path):
    case = make_case(status="investigating", lead_received_on="2026-02-20", filed_on="2026-03-02",
                     act_on="2026-02-10", facts=FACTS)
    first = issue_document(db, data_dir, get_case(db, case.id), find_form("compulsory_measure_extension"),
                           EXTENSION)
    err = refused_on_the_command_line(capsys, data_dir, case, "compulsory_measure_extension", tmp_path,
                                      EXTENSION)
    assert "was already extended" in err and f"or --supersedes {first.number})" in err


def test_a_release_of_what_the_measure_does_not_hold_names_no_flag_in_the_editor(
        demo_db, data_dir, english, opened, prompts, capsys, tmp_path):
    case = find_case(demo_db, MEASURES)
    seized = issue_document(demo_db, data_dir, case, find_form("compulsory_measure_decision"), SEIZED)
    release = {"decision_no": seized.number, "items": "1 | 汽车 | 宝马X5 | 1辆 | 未扣押之物", **RELEASE}
    shown = issued_in_editor(opened, prompts, demo_db, "compulsory_measure_release", case, **release)
    assert "do not match what the" in shown and "更正… in the case's documents)" in shown and no_command(shown)
    err = refused_on_the_command_line(capsys, data_dir, case, "compulsory_measure_release", tmp_path,
                                      release)
    assert "(更正… in the case's documents, or --supersedes)" in err


def test_a_second_letter_to_the_police_is_warned_of_without_the_flag_in_the_editor(
        db, data_dir, english, make_case, opened, prompts, capsys, tmp_path):
    case = make_case(status="investigating", filed_on="2026-03-02", facts="经查，当事人出售业主信息。",
                     records_other=6_000)
    letter = {"party_address": ADDRESS, "issued_on": "2026-04-20"}
    first = issue_document(db, data_dir, get_case(db, case.id), find_form("police_transfer"), letter)
    procedure.apply(db, case.id, "transfer_to_police", on_date="2026-04-21", reason="涉嫌侵犯公民个人信息罪")
    shown = issued_in_editor(opened, prompts, db, "police_transfer", case, **letter)
    assert f"涉嫌犯罪案件移送书 {first.number}" in shown and "更正… in the case's documents)" in shown, shown
    assert no_command(shown)
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", case.id, "--form",
                         "police_transfer", "--values", values_file(tmp_path, letter), "-o",
                         tmp_path / "2.pdf", "--json")
    assert code == 0, err
    assert any(f"or --supersedes {first.number})" in w for w in json.loads(out)["warnings"]), out


# ---- after the decision: Void… ------------------------------------------------------------------------------------

@pytest.fixture
def decided(db, data_dir, make_case):
    """A case decided with a fine on 2026-03-02 and served on 2026-03-04."""
    return with_address(db, make_case(status="served", filed_on="2026-01-05", facts=FACTS, fine_fen=50_000,
                                      decided_on="2026-03-02", served_on="2026-03-04"))


@pytest.mark.parametrize(("form_id", "values", "says"), [
    ("pre_penalty_notice", {"fine_fen": "500"}, "the 行政处罚告知书 is served before the decision"),
    ("inquiry_notice", {}, "is a step of the investigation"),
    ("investigation_report", {}, "concludes the investigation before the notice"),
])
def test_a_document_after_the_decision_names_void_only_on_the_command_line(
        db, data_dir, form_id, values, says, english, decided, opened, prompts, capsys, tmp_path):
    shown = issued_in_editor(opened, prompts, db, form_id, decided, **values)
    assert says in shown and "Void… beside it in the case's documents)" in shown and no_command(shown), shown
    err = refused_on_the_command_line(capsys, data_dir, decided, form_id, tmp_path, values)
    assert says in err and "(Void… beside it in the case's documents, or docs void)" in err, err


def test_a_report_after_the_partys_notice_names_void_only_on_the_command_line(db, data_dir, english, make_case,
                                                                             opened, prompts, capsys, tmp_path):
    case = with_address(db, make_case(status="under_review", filed_on="2026-03-02", facts=FACTS, fine_fen=500_000))
    notice = issue_document(db, data_dir, case, find_form("pre_penalty_notice"), {"hearing_required": False})
    shown = issued_in_editor(opened, prompts, db, "investigation_report", case)
    assert f"行政处罚告知书{notice.number} is already issued" in shown and no_command(shown), shown
    assert "Void… beside it in the case's documents)" in shown
    err = refused_on_the_command_line(capsys, data_dir, case, "investigation_report", tmp_path)
    assert "(Void… beside it in the case's documents, or docs void)" in err, err


def test_the_documents_list_offers_after_the_decision_no_void_command(db, data_dir, english, decided, prompts,
                                                                       qtbot):
    from ui.case_documents import CaseDocuments

    section = CaseDocuments(db, data_dir, get_case(db, decided.id), prompts)
    qtbot.addWidget(section)
    refusal = section.form_choice.refusal("inquiry_notice")
    assert "is a step of the investigation" in refusal and no_command(refusal)


# ---- voiding the 立案审批表 while later documents are in force -----------------------------------------------------

def test_the_filing_approval_not_voided_names_更正_in_the_documents_list_and_the_flag_on_the_command_line(
        db, data_dir, english, make_case, make_window, prompts, capsys):
    from PySide6.QtWidgets import QPushButton

    case = with_address(db, make_case(status="investigating", filed_on="2026-02-20", facts=FACTS))
    filing = issue_document(db, data_dir, case, find_form("filing_approval"), {"source": "投诉"})
    issue_document(db, data_dir, get_case(db, case.id), find_form("delivery_receipt"), {"served_document": "询问通知书"})
    section = make_window(db).open_case(case.id).documents
    assert section.select_document(filing.id)
    button = section.findChild(QPushButton, "void_document")
    assert not button.isEnabled()
    tip = button.toolTip()
    assert "cannot be voided while later documents" in tip and "更正… in the case's documents)" in tip
    assert no_command(tip), tip
    from ui.case_documents import void_asked

    assert void_asked(section, prompts, db, filing, "") is None  # the Void… of the row's menu alike
    assert prompts.errors and no_command(prompts.errors[-1]) and "cannot be voided" in prompts.errors[-1]
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "void", filing.id, "--reason", "立案日期有误")
    assert (code, out) == (1, "")
    assert f"(更正… in the case's documents, or --supersedes {filing.number or filing.id})" in err, err


# ---- closing a reopened case: its old 结案审批表 -------------------------------------------------------------------

def test_closing_with_the_old_approval_warns_without_the_flag_in_the_window(db, data_dir, english, reclosed,
                                                                             make_window, monkeypatch, capsys):
    import ui.transition_dialog
    from ui.transition_dialog import TransitionDialog

    case, old = reclosed
    shown = []

    def answer(parent, transition, check=None, prompts=None, warning=None, **_asked):
        dialog = TransitionDialog(transition, parent, check=check, warning=warning)
        shown.append(dialog.warning_label.text())
        return None

    monkeypatch.setattr(ui.transition_dialog, "ask_transition", answer)
    make_window(db).open_case(case.id).action_buttons["close"].click()
    assert shown and "更正… in the case's documents)" in shown[0] and no_command(shown[0]), shown
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "close", "--date",
                         "2026-06-16", "--json")
    assert code == 0, err
    assert any(f"or --supersedes {old.number or old.id})" in w for w in json.loads(out)["warnings"]), out

