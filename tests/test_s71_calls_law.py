"""Harassment calls are covered only by 《消费者权益保护法实施条例》 art. 24 (REFERENCE §4.4): 消法 art. 29 para. 3 and
办法 art. 11 para. 1 item 3 speak of messages only. The demo's cases of calls record the fact (``commercial_calls``, and
``commercial_messages`` beside it for calls and messages), so that they cite the law of calls, their facts close on
the provisions the case cites, and a case of calls and messages holds both logs. The fact is findable and its effect
visible: ``cases facts --help`` lists every fact, ``cases facts`` and the penalty dialog show the provisions violated,
and a case whose facts or 案由 tell of calls without the fact recorded is warned of."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import docx
import pytest

from tests.helpers import run, run_json
from workstation.demo import load_seed
from workstation.errors import ValidationError
from workstation.law.case_law import case_law, condition_labels
from workstation.penalty_terms import _compared_provisions, _provision_set
from workstation.store import find_case, get_case
from workstation.store.evidence import list_evidence

CALLS, MESSAGES = "commercial_calls", "commercial_messages"
REGULATIONS_24 = "《中华人民共和国消费者权益保护法实施条例》第二十四条"
#: a seed case's facts telling of calls (拨打推销电话, 外呼平台)
CALLED = re.compile(r"拨打|外呼")
CONCLUSION = re.compile(r"上述行为违反了(?P<cited>[^。]*)的规定。$")
GAOMING_1, GAOMING_2 = "佛高市监立〔2026〕1号", "佛高市监立〔2026〕2号"
NANHAI_9 = "佛南市监立〔2026〕9号"  # calls only, still investigated: its facts can be changed
PROJECT = Path(__file__).resolve().parents[1]


def seed_cases(kind: str) -> list[dict]:
    """The seed's cases of calls alone ("calls"), of calls and messages ("both"), or the others ("other")."""
    def of(item) -> str:
        facts = item["facts"]
        if "unsolicited_commercial_messages" not in item["violations"] or not CALLED.search(facts):
            return "other"
        return "both" if "短信" in facts else "calls"
    return [item for item in load_seed()["cases"] if of(item) == kind]


def test_the_seeds_cases_of_calls_are_the_six_the_audit_named():
    assert sorted(item["case_number"] for item in seed_cases("calls")) == sorted([
        "佛高市监立〔2026〕1号", "佛高市监立〔2026〕2号", "佛南市监立〔2026〕4号", "佛南市监立〔2026〕9号",
        "佛禅市监立〔2026〕4号", "佛三市监立〔2026〕4号"])
    assert len(seed_cases("both")) >= 10


def test_the_demos_cases_of_calls_record_the_fact_of_calls(read_demo_db):
    for kind, facts in (("calls", [CALLS]), ("both", [CALLS, MESSAGES]), ("other", [])):
        for item in seed_cases(kind):
            assert get_case(read_demo_db, item["id"]).law_conditions == facts, item["case_number"]


def test_a_demo_case_of_calls_alone_cites_the_regulations_not_the_law_of_messages(read_demo_db):
    for item in seed_cases("calls"):
        law = case_law(read_demo_db, get_case(read_demo_db, item["id"]))
        duties = {n.id for n in law.violated_duties}
        assert "consumer_law_29_3" not in duties and "consumer_measures_11_3" not in duties, item["case_number"]
        assert "consumer_regulations_24" in duties, item["case_number"]
        assert "第三款" not in law.violated_norms and "第（三）项" not in law.violated_norms
        assert REGULATIONS_24 in law.violated_norms or "第二十三条、第二十四条" in law.violated_norms


def test_a_demo_case_of_calls_and_messages_cites_both_laws(read_demo_db):
    for item in seed_cases("both"):
        duties = {n.id for n in case_law(read_demo_db, get_case(read_demo_db, item["id"])).violated_duties}
        assert {"consumer_law_29_3", "consumer_regulations_24"} <= duties, item["case_number"]


def test_the_seeds_facts_name_no_provision_the_case_does_not_cite(read_demo_db):
    for item in load_seed()["cases"]:
        cited = case_law(read_demo_db, get_case(read_demo_db, item["id"])).violated_norms
        closing = CONCLUSION.search(item["facts"])
        if closing is None:
            continue
        named = _provision_set(_compared_provisions(closing["cited"]))
        assert named <= _provision_set(cited), item["case_number"]
        if item in seed_cases("calls") + seed_cases("both"):  # rewritten: exactly the law the case cites
            assert named == _provision_set(cited), item["case_number"]


def test_the_penalty_decision_of_a_case_of_calls_cites_the_regulations(demo_db, data_dir, tmp_path, capsys):
    target = tmp_path / "决定书.docx"
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", GAOMING_1, "--form", "penalty_decision",
                          "--format", "docx", "-o", target)
    assert code == 0, err
    body = docx.Document(io.BytesIO(target.read_bytes())).element.body
    text = "".join(t.text or "" for t in body.iter() if t.tag.endswith("}t"))
    assert f"违反了{REGULATIONS_24}的规定" in text
    assert "第二十九条第三款" not in text and "第十一条第一款第（三）项" not in text


def test_a_case_of_calls_and_messages_holds_both_logs(read_demo_db):
    for kind, logs in (("calls", {"call_log"}), ("both", {"call_log", "sms_log"})):
        for item in seed_cases(kind):
            if not (item.get("notice_served_on") or item.get("decided_on")):
                continue  # still investigated: no evidence yet
            kinds = {e.kind for e in list_evidence(read_demo_db, item["id"])}
            assert kinds & {"call_log", "sms_log"} == logs, item["case_number"]
    sms_alone = find_case(read_demo_db, "佛顺市监立〔2026〕3号")  # messages only: the SMS log alone
    assert {e.kind for e in list_evidence(read_demo_db, sms_alone.id)} & {"call_log", "sms_log"} == {"sms_log"}


# ---- 2. the fact findable, its effect shown

def test_cases_facts_shows_the_provisions_violated(demo_db, data_dir, capsys, english):
    result = run_json(capsys, "cases", "facts", NANHAI_9, "--data-dir", data_dir)
    assert result["facts"] == [CALLS] and result["violated"] == REGULATIONS_24
    code, out, err = run(capsys, "cases", "facts", NANHAI_9, "--data-dir", data_dir)
    assert code == 0 and REGULATIONS_24 in out and "violated" in out
    assert CALLS not in err and condition_labels()[CALLS] not in err  # the fact recorded: nothing to suggest


def test_cases_facts_warns_of_calls_told_without_the_fact(demo_db, data_dir, capsys, english):
    code, out, err = run(capsys, "cases", "facts", NANHAI_9, "--data-dir", data_dir, "--clear")
    assert code == 0
    assert "第二十九条第三款" in out  # cited as messages without the fact …
    assert CALLS in err or condition_labels()[CALLS] in err  # … and the fact suggested
    result = run_json(capsys, "cases", "facts", NANHAI_9, "--data-dir", data_dir, "--fact", CALLS)
    assert result["violated"] == REGULATIONS_24
    assert "第二十九条" not in capsys.readouterr().err


def test_no_calls_warning_for_a_case_of_messages_or_of_information_provided(demo_db, data_dir, capsys, english,
                                                                            make_case):
    for number in ("佛顺市监立〔2026〕3号", "佛禅市监立〔2026〕2号"):  # SMS alone; provided 用于电话营销
        code, _out, err = run(capsys, "cases", "facts", number, "--data-dir", data_dir)
        assert code == 0 and CALLS not in err, number
    # messages alone, whose facts tell of the consumers calling a complaint line: not calls of the party
    for complaint in ("消费者拨打12345热线投诉。", "消费者拨打12315投诉举报电话反映。", "部分消费者拨打热线电话投诉。",
                      "消费者拨打市场监管投诉电话举报。"):
        case = make_case(violations=["unsolicited_commercial_messages"], act_on="2026-03-01",
                         facts="经查，当事人未经消费者同意，通过短信群发平台向消费者发送楼盘推广短信。" + complaint)
        code, _out, err = run(capsys, "cases", "facts", case.id, "--data-dir", data_dir)
        assert code == 0 and CALLS not in err and condition_labels()[CALLS] not in err, complaint


def test_the_calls_warning_says_the_calls_are_also_cited_as_messages(demo_db, data_dir, capsys, english):
    code, out, err = run(capsys, "cases", "facts", NANHAI_9, "--data-dir", data_dir, "--clear")
    assert code == 0 and REGULATIONS_24 in out  # 条例 art. 24 still cited without the fact …
    assert "also cited under the law of messages (消法第二十九条第三款、办法第十一条第一款第（三）项)" in err  # … and 29③ too
    assert "names messages only" in err and "条例第二十四条 alone" in err
    assert "not under 条例第二十四条" not in err


def test_building_the_parser_does_not_load_the_law_of_cases():
    """``cases facts --help`` lists the facts from the legal data, not through the law of cases (0.35 s more on every
    command)."""
    child = ("import sys\nimport workstation.cli\nparser = workstation.cli.build_parser()\n"
             "print('workstation.law.case_law' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", child], cwd=PROJECT, capture_output=True, text=True,
                          encoding="utf-8", timeout=120, env={**os.environ, "WORKSTATION_LANG": "en"})
    assert (done.returncode, done.stderr, done.stdout) == (0, "", "False\n")


def test_building_the_parser_does_not_read_the_legal_data(monkeypatch):
    """The facts of ``cases facts --help`` are read when that help is shown, not at every command's start (the legal
    data parsed, the bureau's copies read and their problems logged, before ``--data-dir`` applies)."""
    import workstation.cli
    import workstation.law.data

    def unread():
        raise AssertionError("the legal data was read to build the parser")

    monkeypatch.setattr(workstation.law.data, "condition_labels", unread)
    workstation.cli.build_parser()  # no AssertionError: nothing read


def test_the_facts_help_reads_every_fact_from_the_legal_data(capsys):
    with pytest.raises(SystemExit):
        run(capsys, "cases", "facts", "--help")
    out = "".join(capsys.readouterr().out.split())  # the help wrapped where it fits
    for key, label in condition_labels().items():
        assert f"{key}({label})" in out, key


@pytest.mark.gui
def test_the_penalty_dialog_shows_the_provisions_violated_as_the_facts_are_ticked(demo_db, prompts, qtbot, english):
    from PySide6.QtWidgets import QLabel

    from ui.case_law import PenaltyChoiceDialog

    case = replace(find_case(demo_db, NANHAI_9), law_conditions=[])
    dialog = PenaltyChoiceDialog(demo_db, case, prompts)
    qtbot.addWidget(dialog)
    violated = dialog.findChild(QLabel, "violated_norms")
    warning = dialog.findChild(QLabel, "calls_fact_warning")
    assert "第二十九条第三款" in violated.text() and REGULATIONS_24 in violated.text()
    assert not warning.isHidden() and condition_labels()[CALLS] in warning.text()
    dialog.conditions[CALLS].setChecked(True)
    assert violated.text().endswith(REGULATIONS_24) and "第二十九条" not in violated.text()
    assert warning.isHidden()
    dialog.conditions[MESSAGES].setChecked(True)
    assert "第二十九条第三款" in violated.text() and REGULATIONS_24 in violated.text()


@pytest.mark.gui
def test_the_provisions_violated_are_not_left_stale_when_the_law_cannot_be_worked_out(demo_db, prompts, qtbot,
                                                                                      english, monkeypatch):
    from PySide6.QtWidgets import QLabel

    import ui.case_law
    from ui.case_law import PenaltyChoiceDialog

    case = replace(find_case(demo_db, NANHAI_9), law_conditions=[])
    dialog = PenaltyChoiceDialog(demo_db, case, prompts)
    qtbot.addWidget(dialog)
    violated = dialog.findChild(QLabel, "violated_norms")
    assert "第二十九条第三款" in violated.text()

    worked_out = ui.case_law.case_law

    def refused(db, trial, **kwargs):  # the law of the choice typed (a fine of 1,234.56 yuan) cannot be worked out
        if trial.fine_fen == 123456:
            raise ValidationError({"penalty_norm": "not worked out"})
        return worked_out(db, trial, **kwargs)
    monkeypatch.setattr(ui.case_law, "case_law", refused)
    dialog.fine.setText("1234.56")
    dialog.conditions[CALLS].setChecked(True)  # the facts change: the provisions of before no longer hold
    assert "第二十九条" not in violated.text() and "第二十四条" not in violated.text()
    assert violated.text()


def test_the_facts_listed_include_the_lawful_business_of_the_criminal_law():
    """condition_labels() writes criminal.LAWFUL_BUSINESS's key: the two stay one."""
    from workstation.law import criminal
    from workstation.law.data import condition_labels as labels_read

    assert criminal.LAWFUL_BUSINESS in labels_read()
    assert labels_read()[criminal.LAWFUL_BUSINESS]


def test_one_command_records_the_facts_with_those_the_case_records(demo_db):
    """``facts_command``: the case's number, the facts it records first, then those given, each once."""
    from workstation.law.case_law import calls_fact_command, facts_command

    case = find_case(demo_db, NANHAI_9)
    assert facts_command(case, [CALLS, MESSAGES]) == f"cases facts {NANHAI_9} --fact {CALLS} --fact {MESSAGES}"
    bare = replace(case, law_conditions=[])
    assert calls_fact_command(bare) == f"cases facts {NANHAI_9} --fact {CALLS}"
