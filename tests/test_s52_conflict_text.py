# ruff: noqa: F811 - the fixtures imported from test_bundle_hq and test_s52_handout_wording are used by name
"""A lead's decision held whole with its re-assignment (改派) reads as the officer reads the leads page, at the
station taking headquarters' hand-out and at headquarters alike, on the command line (`bundle conflicts`) and on the
exchange page: the agency (办案机关) by its name, the decision (线索处理决定) by its label (不予立案), never the
agency's id nor `not_file`. And headquarters' hand-out refused while it is merged sends the officer to
headquarters, never to "the station", which cannot make it again."""

from __future__ import annotations

import json

from tests.helpers import open_db, run, run_json
from tests.test_bundle_common_base import _as_written_by
from tests.test_bundle_hq import (  # noqa: F401
    dirs,
    export,
    import_,
    take_headquarters_card,
    template,
)
from tests.test_s47_bundle_reassign import _lead_at_nanhai, _reassign_to_shunde
from tests.test_s52_handout_reassign import (
    NANHAI,
    NANHAI_CASE,
    SHUNDE,
    _conflicts,
    _decided_at_nanhai_then_reassignment_taken,
)
from tests.test_s52_handout_wording import AGAIN_FROM_HQ, handed_out  # noqa: F401

AGAIN_FROM_STATION = "ask the station to export it again."


def _agency(data_dir, code: str) -> tuple[str, str]:
    """(id, name) of the agency ``code`` as ``data_dir`` holds it."""
    db = open_db(data_dir)
    try:
        return tuple(db.execute("SELECT id, name FROM agencies WHERE code = ?", [code]).fetchone())
    finally:
        db.conn.close()


def _texts(conflicts: list[dict]) -> dict[str, tuple[str, str]]:
    """{field label: (the value here, the incoming value)} as `bundle conflicts` gives them."""
    return {c["field_label"]: (c["local_text"], c["incoming_text"]) for c in conflicts}


def _agency_and_decision_read(data_dir, texts: dict[str, tuple[str, str]], here: str, there: str) -> None:
    """The agency and the decision read by name and label: the agency held here ``here``, the other ``there``."""
    (here_id, here_name), (_there, there_name) = _agency(data_dir, here), _agency(data_dir, there)
    assert texts["办案机关"] == (here_name, there_name)
    assert here_id not in here_name and "市场监督管理局" in here_name
    empty = "（空）"
    assert texts["线索处理决定"] == ("不予立案", empty)


def test_a_handout_reassignment_read_at_the_station_names_the_agencies_and_the_decision(capsys, dirs):
    lead, conflicts = _decided_at_nanhai_then_reassignment_taken(capsys, dirs)
    texts = _texts(conflicts)
    _agency_and_decision_read(dirs / "nanhai", texts, NANHAI, SHUNDE)
    assert texts["线索状态"] == ("不予立案", "已交办")
    # the line the command line gives for each conflict
    code, out, err = run(capsys, "--data-dir", dirs / "nanhai", "bundle", "conflicts")
    assert code == 0, err
    lines = [line for line in out.splitlines() if "办案机关" in line or "线索处理决定" in line]
    assert len(lines) == 2
    nanhai_id, nanhai_name = _agency(dirs / "nanhai", NANHAI)
    shunde_id, shunde_name = _agency(dirs / "nanhai", SHUNDE)
    # at the station the incoming side is headquarters', by its name
    assert f"办案机关 本机：{nanhai_name}；佛山市局：{shunde_name}" in out
    assert "线索处理决定 本机：不予立案；佛山市局：（空）" in out
    assert "not_file" not in out and nanhai_id not in out and shunde_id not in out


def test_a_reassignment_against_a_station_s_decision_read_at_headquarters(capsys, dirs):
    lead = _lead_at_nanhai(capsys, dirs)
    _reassign_to_shunde(capsys, dirs, lead)
    run_json(capsys, "--data-dir", dirs / "nanhai", "leads", "decide", lead, "--not-file", "--reason", "未发现违法行为",
             "--date", "2026-03-06")
    export(capsys, dirs, "nanhai", "n1.bundle")
    assert import_(capsys, dirs, "n1.bundle")["conflicts"] >= 1
    texts = _texts(_conflicts(capsys, dirs / "hq", lead))
    # at headquarters its own value (Shunde, undecided) against the station's
    (_shunde, shunde_name), (_nanhai, nanhai_name) = _agency(dirs / "hq", SHUNDE), _agency(dirs / "hq", NANHAI)
    assert texts["办案机关"] == (shunde_name, nanhai_name)
    assert texts["线索处理决定"] == ("（空）", "不予立案")


def test_the_exchange_page_lists_the_conflicts_by_name(capsys, dirs, qtbot, prompts):
    from ui.exchange_page import ExchangePage
    from ui.task_runner import ImmediateRunner

    _decided_at_nanhai_then_reassignment_taken(capsys, dirs)
    db = open_db(dirs / "nanhai")
    try:
        page = ExchangePage(db, dirs / "nanhai", prompts, ImmediateRunner())
        qtbot.addWidget(page)
        model = page.conflicts_model
        rows = {model.index(r, 2).data(): (model.index(r, 3).data(), model.index(r, 4).data())
                for r in range(model.rowCount())}
        _agency_and_decision_read(dirs / "nanhai", rows, NANHAI, SHUNDE)
    finally:
        db.conn.close()


def test_each_lead_decision_reads_as_the_leads_page_says_it_and_an_unknown_agency_by_its_id(chinese):
    from workstation.bundle.conflict_text import show_value

    said = {key: show_value("decision", key, {}, "leads") for key in ("file", "not_file", "refer")}
    assert said == {"file": "已立案", "not_file": "不予立案", "refer": "已移送"}
    assert show_value("decision", "", {}, "leads") == "（空）"
    assert show_value("agency_id", "440699", {}, "leads") == "440699"  # an agency this data directory lacks


def test_the_case_a_lead_was_filed_as_reads_by_its_number(dirs, chinese):
    from types import SimpleNamespace

    from workstation.bundle.conflict_text import record_names, show_value

    db = open_db(dirs / "nanhai")
    try:
        case_id = db.execute("SELECT id FROM cases WHERE case_number = ?", [NANHAI_CASE]).fetchone()[0]
        conflict = SimpleNamespace(table="leads", field="case_id", local=case_id, incoming=None)
        names = record_names(db, [conflict])
    finally:
        db.conn.close()
    assert show_value("case_id", case_id, names, "leads") == NANHAI_CASE


def _refused(capsys, data_dir, bundle) -> str:
    code, out, err = run(capsys, "--data-dir", data_dir, "bundle", "import", bundle)
    assert code == 1, out
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def _altered_handout(dirs, name: str, alter) -> str:
    """Headquarters' hand-out for Shunde (``handed_out``'s plain.bundle) with its records changed by
    ``alter(records)``, signed again by headquarters."""
    def change(manifest, members):
        records = {member: json.loads(data) for member, data in members.items() if member.startswith("records/")}
        alter(records)
        members.update({member: json.dumps(rows, ensure_ascii=False).encode("utf-8")
                        for member, rows in records.items()})

    _as_written_by(dirs / "hq", dirs / "plain.bundle", dirs / name, change)
    return dirs / name


def _mark_changed(records) -> None:
    for row in records["records/cases.json"]:
        row["updated_at"] = "2099-01-01T00:00:00+00:00"


def test_a_handout_naming_a_record_held_nowhere_is_asked_again_of_headquarters(capsys, handed_out, english):
    dirs = handed_out

    def alter(records):
        _mark_changed(records)
        records["records/cases.json"][0]["_parties"] = [["no-such-party", "party", 0]]

    line = _refused(capsys, dirs / "shunde", _altered_handout(dirs, "refers.bundle", alter))
    assert "no-such-party" in line and line.endswith(AGAIN_FROM_HQ) and "the station" not in line, line


def test_a_handout_the_database_refuses_is_asked_again_of_headquarters(capsys, handed_out, english):
    dirs = handed_out

    def alter(records):
        _mark_changed(records)
        records["records/cases.json"][0]["cause"] = None

    line = _refused(capsys, dirs / "shunde", _altered_handout(dirs, "null.bundle", alter))
    assert "nothing was imported" in line and line.endswith(AGAIN_FROM_HQ) and "the station" not in line, line


def test_a_station_s_bundle_the_database_refuses_still_sends_the_officer_to_the_station(capsys, handed_out,
                                                                                       english):
    dirs = handed_out
    take_headquarters_card(capsys, dirs, "nanhai")
    export(capsys, dirs, "nanhai", "n1.bundle", "--plain")

    def change(manifest, members):
        cases = json.loads(members["records/cases.json"])
        cases[0]["cause"] = None
        members["records/cases.json"] = json.dumps(cases, ensure_ascii=False).encode("utf-8")

    _as_written_by(dirs / "nanhai", dirs / "n1.bundle", dirs / "n-null.bundle", change)
    line = _refused(capsys, dirs / "hq", dirs / "n-null.bundle")
    assert "nothing was imported" in line and line.endswith(AGAIN_FROM_STATION), line
