"""`docs issue` of a 行政处罚决定书 after a service of the notice that recorded no proposed penalty: issued (not
refused), with the warning the window gives in its question before issuing (``unrecorded_proposal_warning``) on
stderr, and under "warnings" in --json beside the keys CLI.md names."""

from __future__ import annotations

import json

from tests.helpers import run, run_json
from workstation import procedure
from workstation.penalty_terms import unrecorded_proposal_warning
from workstation.store import get_case

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
ADDRESS = "佛山市南海区桂城街道南海大道1号"
# in fen, as named; with its evidence, discretion and account, so that the decision's own warnings are not given
VALUES = {"decided_on": "2026-03-20", "party_address": ADDRESS, "fine_fen": 3_000_000, "evidence": "1.询问笔录。",
          "discretion": "当事人系初次违法，依法从轻处罚。", "payment_details": "收款银行：某银行；户名：某财政局；账号：1。"}

#: the case records its violation, so its fine has a maximum to be held to (no warning that it cannot be)
VIOLATIONS = ["unsolicited_commercial_messages"]


def values_file(tmp_path):
    path = tmp_path / "values.json"
    path.write_text(json.dumps(VALUES, ensure_ascii=False), encoding="utf-8")
    return path


def unrecorded(make_case):
    # served before the workstation kept the penalty told of
    return make_case(status="decision_pending", filed_on="2026-03-02", notice_served_on="2026-03-03", facts=FACTS,
                     violations=VIOLATIONS)


def test_the_warning_is_printed_on_stderr_and_the_decision_issued(db, data_dir, make_case, tmp_path, capsys,
                                                                  english):
    case = unrecorded(make_case)
    expected = unrecorded_proposal_warning(db, case, {"fine_fen": 3_000_000})
    assert expected.startswith("The proposed penalty was not recorded when the notice was served on 2026-03-03")
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", case.case_number, "--form",
                         "penalty_decision", "--values", values_file(tmp_path), "-o", tmp_path / "decision.pdf")
    assert code == 0 and (tmp_path / "decision.pdf").exists()
    assert err.endswith(f"Warning: {expected}\n") and "Warning" not in out
    number = db.execute("SELECT number FROM documents WHERE case_id = ? AND form_id = 'penalty_decision'",
                        [case.id]).fetchone()[0]
    assert out == f"{number} issued: {tmp_path / 'decision.pdf'}\n"


def test_json_gives_the_warning_under_warnings_keeping_its_keys(db, data_dir, make_case, tmp_path, capsys, english):
    case = unrecorded(make_case)
    expected = unrecorded_proposal_warning(db, case, {"fine_fen": 3_000_000})
    result = run_json(capsys, "--data-dir", data_dir, "docs", "issue", case.case_number, "--form",
                      "penalty_decision", "--values", values_file(tmp_path), "-o", tmp_path / "decision.pdf")
    assert {"path", "number", "sha256", "id"} <= set(result) and result["number"]
    assert result["warnings"] == [expected]


def test_chinese_says_the_warning_as_a_warning(db, data_dir, make_case, tmp_path, capsys):
    case = unrecorded(make_case)
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", case.case_number, "--form",
                          "penalty_decision", "--values", values_file(tmp_path), "-o", tmp_path / "decision.pdf")
    assert code == 0 and err.startswith("警告：") and "2026-03-03" in err


def test_a_service_that_kept_the_penalty_gives_no_warning(db, data_dir, make_case, tmp_path, capsys, english):
    case = make_case(status="under_review", filed_on="2026-02-20", facts=FACTS, fine_fen=3_000_000,
                     violations=VIOLATIONS)
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-03")
    procedure.apply(db, case.id, "waive_statement", on_date="2026-03-04", reason="放弃陈述申辩")
    assert get_case(db, case.id).status == "decision_pending"
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", case.case_number, "--form",
                         "penalty_decision", "--values", values_file(tmp_path), "-o", tmp_path / "decision.pdf",
                         "--json")
    result = json.loads(out)
    assert code == 0 and result["number"] and "warnings" not in result
    # none but the one of the faces standing in for official fonts this machine lacks (test_s42_fonts_note)
    assert [line for line in err.splitlines() if "No official" not in line] == []


def test_an_issued_pdf_set_in_a_stand_in_face_says_so_as_the_editor_does(db, data_dir, make_case, capsys, tmp_path,
                                                                         english):
    """No 仿宋 on this machine (tests/test_fonts.py): the PDF frozen by issuing is set in AR PL UMing, and the command
    says so with the folder the official fonts go into — it printed nothing but the number (audit of session 42)."""
    from workstation.documents.fonts import resolve_fonts

    assert resolve_fonts(data_dir).faces["fangsong"].fallback
    case = make_case(status="investigating", lead_received_on="2026-03-01", filed_on="2026-03-02",
                     violations=["unsolicited_commercial_messages"], facts="经查，当事人未经消费者同意向其发送商业性短信。")
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", case.id, "--form", "rectification_order",
                         "-o", tmp_path / "order.pdf")
    assert code == 0 and "issued" in out, err
    assert err == (f"Warning: No official FangSong font is installed: the preview and PDF use AR PL UMing CN instead. "
                   f"Put the official fonts (simfang.ttf) in {data_dir / 'fonts'}.\n")
