"""From the audit of the documents against the law (session 62): the 涉嫌犯罪案件移送书 of a case decided outside the
workstation with a warning states the warning (as the penalty decision's draft knows it: the record of the notice's
service) and that transfer rules art. 11 does not stop it, and never a payment of ¥0.00 of a decision that imposed no
money; the 不予行政处罚决定书 (version 10) ticks no ground the officer did not choose or the case record, and is refused
without one, naming the field and where the circumstance is recorded, while one issued on version 9 still prints as
issued; the 结案审批表 of a warning alone prints no 缴款日期, and one issued without its 决定书文号 in a case decided is
warned about. The cases are the demo's, driven through the command line as an officer would."""

from __future__ import annotations

import json

from tests.helpers import pdf_text, run
from workstation.formkit.spec import earlier_form
from workstation.store import find_case

TRANSFER_OUTSIDE = "佛南市监立〔2026〕8号"  # served, decided outside the workstation: a warning alone proposed
WARNED_CLOSED = "佛高市监立〔2026〕3号"  # closed, decided outside with a warning alone, 履行完毕 recorded
NO_GROUND = "佛三市监立〔2026〕6号"  # decision pending, no circumstance recorded under 处罚依据与裁量
NOT_STOPPED = "根据《行政执法机关移送涉嫌犯罪案件的规定》第十一条，上述警告的行政处罚不因移送停止执行。"


def _text(path) -> str:
    return pdf_text(path.read_bytes())


def _section_four(text: str) -> str:
    start = text.index("四、已作出的行政处罚及执行情况")
    return text[start:text.index("请依法审查", start)]


# ---- 1. the 移送书 of a case decided outside the workstation with a warning ----------------------------------------

def test_the_transfer_letter_states_the_warning_decided_outside(capsys, demo_db, data_dir, tmp_path):
    out = tmp_path / "pt.pdf"
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", TRANSFER_OUTSIDE, "--form",
                          "police_transfer", "-o", out)
    assert code == 0, err
    said = _section_four(_text(out))
    assert "作出行政处罚决定，对当事人处以：警告。" in said, said
    assert NOT_STOPPED in said, said
    assert "¥0.00" not in said and "折抵" not in said  # no fine: nothing paid, nothing credited


def test_a_warning_alone_performed_is_not_said_paid_as_nothing(capsys, demo_db, data_dir, tmp_path):
    out = tmp_path / "pt.pdf"
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", WARNED_CLOSED, "--form",
                          "police_transfer", "--format", "pdf", "-o", out)
    assert code == 0, err
    said = _section_four(_text(out))
    assert "缴纳罚没款" not in said and "¥0.00" not in said, said
    assert "对当事人处以：警告。" in said and NOT_STOPPED in said, said


def test_a_case_whose_service_recorded_no_warning_states_none(demo_db):
    """The warning comes from what the service recorded in so many words, never from silence."""
    from workstation.decided_transfer import penalty_before_transfer

    case = find_case(demo_db, TRANSFER_OUTSIDE)
    demo_db.execute("UPDATE case_events SET details = ? WHERE case_id = ? AND to_status = 'pre_notice'",
                    [json.dumps({"proposed": {"fine_fen": 0, "confiscated_fen": 0, "number": ""}}), case.id])
    said = penalty_before_transfer(demo_db, find_case(demo_db, TRANSFER_OUTSIDE))
    assert "作出行政处罚决定" in said and "警告" not in said and "第十一条" not in said, said


# ---- 2. the 不予行政处罚决定书's ground: never a default ---------------------------------------------------------------

def _waived(capsys, data_dir):
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", NO_GROUND, "waive_statement",
                          "--date", "2026-11-12", "--reason", "当事人书面表示放弃")
    assert code == 0, err


def test_a_no_penalty_decision_without_a_ground_is_refused_naming_field_and_place(capsys, demo_db, data_dir,
                                                                                  tmp_path, english):
    _waived(capsys, data_dir)
    values = tmp_path / "v.json"
    values.write_text(json.dumps({"decided_on": "2026-11-20"}), encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", NO_GROUND, "--form",
                          "no_penalty_decision", "--values", values, "-o", tmp_path / "np.pdf")
    assert code != 0
    assert "不予行政处罚的情形" in err and "Penalty and discretion" in err, err
    assert not (tmp_path / "np.pdf").exists()
    assert not demo_db.execute("SELECT 1 FROM documents WHERE form_id = 'no_penalty_decision' AND case_id = ?",
                               [find_case(demo_db, NO_GROUND).id]).fetchone()


def test_its_draft_ticks_nothing_and_a_ground_chosen_is_issued(capsys, demo_db, data_dir, tmp_path):
    _waived(capsys, data_dir)
    draft = tmp_path / "draft.pdf"
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", NO_GROUND, "--form",
                          "no_penalty_decision", "--format", "pdf", "-o", draft)
    assert code == 0, err
    assert "☑" not in _text(draft)
    values = tmp_path / "v.json"
    values.write_text(json.dumps({"decided_on": "2026-11-20", "ground": "首违不罚"}), encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", NO_GROUND, "--form",
                          "no_penalty_decision", "--values", values, "-o", tmp_path / "np.pdf")
    assert code == 0, err
    text = _text(tmp_path / "np.pdf")
    assert "☑初次违法且危害后果轻微并及时改正；" in text and text.count("☑") == 1


def test_the_form_has_no_default_ground_and_version_9_is_kept():
    from workstation.documents.drafts import find_form

    form = find_form("no_penalty_decision")
    assert form.version >= 10 and form.field("ground").default is None
    old = earlier_form("no_penalty_decision", 9)
    assert old is not None and old.field("ground").default == "轻微不罚"


def test_a_decision_issued_on_version_9_prints_as_issued(demo_db, data_dir):
    """Issued on version 9 with its default ground: its DOCX copy is composed on version 9 and ticks it still."""
    from tests.test_publication_copy import docx_text
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import get_document, issue_document, issued_docx
    from workstation.formkit.values import case_context, default_values
    from workstation.procedure import apply

    case = find_case(demo_db, NO_GROUND)
    apply(demo_db, case.id, "waive_statement", on_date="2026-11-12", reason="当事人书面表示放弃")
    case = find_case(demo_db, NO_GROUND)
    old = earlier_form("no_penalty_decision", 9)
    values = {**default_values(old, case_context(demo_db, case)), "decided_on": "2026-11-20"}
    assert values["ground"] == "轻微不罚"  # version 9's default
    issued = issue_document(demo_db, data_dir, case, find_form("no_penalty_decision"), values)
    guards = demo_db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'documents' "
                             "AND sql LIKE '%cannot be changed%'").fetchall()
    with demo_db.atomic():  # issued documents are frozen: the guard lifted for the test's rewrite only
        for name, _sql in guards:
            demo_db.execute(f"DROP TRIGGER {name}")
        demo_db.execute("UPDATE documents SET form_version = 9 WHERE id = ?", [issued.id])
        for _name, sql in guards:
            demo_db.execute(sql)
    document = get_document(demo_db, issued.id)
    text = docx_text(issued_docx(document, find_form("no_penalty_decision"), agency=document.issued_as["agency"],
                                 case_number=case.case_number))
    assert "☑违法行为轻微并及时改正，没有造成危害后果；" in text


# ---- 3. and 4. the 结案审批表 ------------------------------------------------------------------------------------

def test_the_closing_sheet_of_a_warning_alone_prints_no_payment_day(capsys, demo_db, data_dir, tmp_path):
    out = tmp_path / "ca.pdf"
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", WARNED_CLOSED, "--form",
                          "closing_approval", "--format", "pdf", "-o", out)
    assert code == 0, err
    text = _text(out)
    assert "处理决定警告" in text, text
    assert "缴款日期其他执行情况" in text, text  # the row's day blank: nothing was paid


def test_payment_context_still_gives_a_payment_of_money(db, make_case):
    from workstation import procedure
    from workstation.payments import Payment, payment_context

    case = make_case(status="served", filed_on="2026-03-02", decided_on="2026-04-01", served_on="2026-04-02",
                     fine_fen=1_000_000)
    case = procedure.apply(db, case.id, "record_performance", on_date="2026-04-10",
                           payment=Payment(paid_fen=1_000_000, voucher="A1"))
    assert payment_context(db, case)["payment.paid_on"] == "2026-04-10"


def test_a_closing_sheet_issued_without_its_decision_number_is_warned(capsys, demo_db, data_dir, tmp_path, english):
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", WARNED_CLOSED, "--form",
                          "closing_approval", "-o", tmp_path / "ca.pdf")
    assert code == 0, err
    assert "决定书文号" in err and "2026-08-10" in err, err


def test_a_closing_sheet_naming_its_decision_number_is_not(capsys, demo_db, data_dir, tmp_path, english):
    values = tmp_path / "v.json"
    values.write_text(json.dumps({"decision_number": "佛高市监处〔2026〕3号"}), encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", WARNED_CLOSED, "--form",
                          "closing_approval", "--values", values, "-o", tmp_path / "ca.pdf")
    assert code == 0, err
    assert "决定书文号" not in err, err


def test_the_editor_starts_with_no_ground_chosen_and_issuing_says_why(demo_db, opened, prompts, english):
    from workstation.procedure import apply

    case = find_case(demo_db, NO_GROUND)
    apply(demo_db, case.id, "waive_statement", on_date="2026-11-12", reason="当事人书面表示放弃")
    ed = opened(demo_db, "no_penalty_decision", find_case(demo_db, NO_GROUND))
    combo = ed.fields["ground"].combo
    assert combo.itemData(0) == "" and ed.fields["ground"].value() == ""  # nothing chosen until the officer does
    ed.set_field("decided_on", "2026-11-20")
    ed.issue()
    assert ed.document is None
    assert any("不予行政处罚的情形" in said and "Penalty and discretion" in said for said in prompts.errors), \
        prompts.errors
    ed.set_field("ground", "无过错不罚")  # chosen: the basis follows it
    assert ed.current_values()["basis"] == "《中华人民共和国行政处罚法》第三十三条第二款"


def test_a_ground_cleared_while_the_case_records_one_names_it(demo_db, english):
    from tests.test_s54_no_penalty_ground import recorded
    from workstation.documents.stage_rules import stage_refusal

    message = stage_refusal(demo_db, recorded(demo_db, "no_fault"), "no_penalty_decision",
                            {"ground": "", "decided_on": "2026-11-20"})
    assert message and "无过错不罚" in message and "不予行政处罚的情形" in message, message
