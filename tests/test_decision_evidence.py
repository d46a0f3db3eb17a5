"""No 行政处罚决定书 is issued that states no evidence (行政处罚法 arts. 40, 59): issuing one with its 证据 empty is
refused, on the command line and in the editor, before a 文号 is taken and with nothing stored, saying to fill the
field in or register the case's evidence; its draft is still rendered. With the evidence registered the decision
issues and lists it; the demo's cases past their investigation hold their evidence, so their decisions issue."""

from __future__ import annotations

import json

import pytest

from tests.helpers import (
    TEST_EVIDENCE_LISTED,
    numbers_taken,
    pdf_text,
    register_evidence,
    run,
    without_font_note,
)
from workstation.demo import demo_evidence, load_seed
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue, document_pdf, issue_document
from workstation.documents.stage_rules import DECIDED_STATES, stage_warnings
from workstation.errors import WorkstationError
from workstation.store import find_case, get_case
from workstation.store.evidence import list_evidence

FACTS = "经查，当事人于2026年1月至2月，未经消费者同意向其发送商业性短信1,200条。"
DECISION = {"decided_on": "2026-03-10", "fine_fen": "5000", "party_address": "佛山市南海区桂城街道南海大道1号",
            "discretion": "当事人系初次违法，且能积极配合调查，依法从轻处罚。"}
REFUSED = "The 证据 of the decision is empty"


@pytest.fixture
def awaiting(make_case):
    """A case awaiting its decision, the party having waived its statement, with nothing in its evidence register
    and no record issued."""
    return make_case(status="decision_pending", filed_on="2026-02-20", notice_served_on="2026-03-02",
                     notice_waived=True, facts=FACTS, fine_fen=500_000, violations=["unsolicited_commercial_messages"],
                     evidence=False)


def stored(db) -> tuple[int, int, int]:
    """Documents issued, 文号 taken and files stored: what a refused issue leaves as it was."""
    return (db.execute("SELECT COUNT(*) FROM documents").fetchone()[0], numbers_taken(db),
            db.execute("SELECT COUNT(*) FROM files").fetchone()[0])


def test_issuing_a_decision_with_no_evidence_is_refused_saying_what_to_do(db, awaiting, english):
    with pytest.raises(WorkstationError) as refused:
        check_issue(db, get_case(db, awaiting.id), find_form("penalty_decision"), {**DECISION, "evidence": "  "})
    message = str(refused.value)
    assert message.startswith(REFUSED) and "行政处罚法 arts. 40, 59" in message
    assert "List the evidence in the 证据 field" in message and "evidence add" in message


def test_the_command_line_refuses_it_with_exit_1_and_takes_no_number(db, data_dir, awaiting, capsys, tmp_path,
                                                                     english):
    values = tmp_path / "decision.json"
    values.write_text(json.dumps(DECISION, ensure_ascii=False), encoding="utf-8")
    before = stored(db)
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", awaiting.case_number, "--form",
                          "penalty_decision", "--values", values, "-o", tmp_path / "decision.pdf")
    assert code == 1 and REFUSED in err and "evidence add" in err
    assert stored(db) == before and not (tmp_path / "decision.pdf").exists()
    # its draft is still written, to read and complete, with the warning
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", awaiting.case_number, "--form",
                          "penalty_decision", "--values", values, "-o", tmp_path / "draft.pdf")
    assert code == 0 and (tmp_path / "draft.pdf").read_bytes().startswith(b"%PDF") and stored(db) == before
    assert without_font_note(err) == ("Warning: The decision states the evidence of the violation (行政处罚法 art. 59), and its 证据 is "
                   "empty: list the evidence in the 证据 field, or register the case's evidence (证据 tab, or evidence "
                   "add) and issue its records (询问笔录, 现场笔录 …) — the list is then filled in from them.\n")
    values.write_text(json.dumps({**DECISION, "evidence": "1.询问笔录（2026年3月2日）。"}, ensure_ascii=False),
                      encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", awaiting.case_number, "--form",
                          "penalty_decision", "--values", values, "-o", tmp_path / "stated.pdf")
    assert (code, without_font_note(err)) == (0, "")  # the evidence written in by hand: nothing to warn of


def test_the_warning_of_a_draft_stays_a_warning(db, awaiting, english):
    values = {**DECISION, "evidence": ""}
    warned = [w for w in stage_warnings(db, get_case(db, awaiting.id), "penalty_decision", values)
              if "证据 is empty" in w]
    assert warned and "行政处罚法 art. 59" in warned[0] and "filled in from them" in warned[0]


def test_the_editor_shows_the_refusal_of_its_issue_and_issues_nothing(db, awaiting, opened, prompts, english):
    editor = opened(db, "penalty_decision", get_case(db, awaiting.id))
    for name, value in DECISION.items():
        editor.set_field(name, value)
    assert editor.current_values()["evidence"] == ""  # no record issued, nothing registered: nothing prefilled
    editor.wait_for_preview()  # the draft is previewed, warned
    assert editor.glyphs_note.isVisibleTo(editor) and "its 证据 is empty" in editor.glyphs_note.text()
    before = stored(db)
    prompts.confirm_answer = True
    editor.issue()
    assert len(prompts.errors) == 1 and prompts.errors[0].startswith(REFUSED)
    assert prompts.confirmations == []  # refused before the officer is asked to take a number
    assert editor.document is None and stored(db) == before


def test_with_the_evidence_registered_the_decision_issues_and_lists_it(db, data_dir, awaiting, opened, prompts):
    register_evidence(db, data_dir, awaiting, "2026-03-05")  # as the 证据 tab or `evidence add` does
    editor = opened(db, "penalty_decision", get_case(db, awaiting.id))
    for name, value in DECISION.items():
        editor.set_field(name, value)
    editor.wait_for_preview()
    assert not editor.glyphs_note.isVisibleTo(editor)  # its 证据 prefilled: nothing to warn of
    prompts.confirm_answer = True
    editor.issue()
    assert prompts.errors == [] and editor.document is not None and editor.document.number
    # the register's item, numbered from 1: no licence copy the register does not hold
    assert editor.document.values["evidence"] == f"1.{TEST_EVIDENCE_LISTED.format(date='2026年3月5日')}。"
    text = pdf_text(document_pdf(db, data_dir, editor.document.id)).replace("\n", "")
    assert "上述事实，有下列证据证明：" in text and "当事人外呼平台导出的客户名单" in text


def test_the_demo_cases_past_their_investigation_hold_their_evidence(read_demo_db, data_dir):
    from workstation.filestore import read_file

    seed = {item["case_number"]: item for item in load_seed()["cases"]}
    with_evidence = 0
    for number, item in seed.items():
        items = list_evidence(read_demo_db, item["id"])
        assert [(e.kind, e.description) for e in items] == [(k, d) for k, d, _s, _f in demo_evidence(item)]
        if item["status"] in DECIDED_STATES or item["notice_served_on"]:
            assert items, number
            with_evidence += 1
        else:
            assert not items, number  # still investigated: nothing made up
    assert with_evidence == 34
    # the files are in the data directory's store, as an officer's are
    item = list_evidence(read_demo_db, seed["佛南市监立〔2026〕1号"]["id"])[0]
    folder = read_demo_db.file().parent
    assert read_file(folder, item.sha256).decode("utf-8").startswith("演示数据")


def test_a_demo_decided_case_issues_its_decision_listing_its_evidence(demo_db, data_dir):
    decided = [item for item in load_seed()["cases"] if item["status"] in DECIDED_STATES]
    assert len(decided) == 32
    case = find_case(demo_db, "佛南市监立〔2026〕1号")
    assert case.status in DECIDED_STATES
    decision = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {})
    evidence = decision.values["evidence"].splitlines()
    # the register's items, numbered from 1: no licence copy the register does not hold
    assert len(evidence) == len(list_evidence(demo_db, case.id)) and "营业执照" not in decision.values["evidence"]
    assert evidence[0].startswith("1.当事人持有的消费者个人信息名单（客户名单，当事人办公电脑，")
