"""A case not filed holds the mark 未立案·<id> in the ``cases.case_number`` column (case_reference.UNFILED_MARK); no
text the officer reads shows it: the lists and the command line say 未立案 / null, and a message naming a case by its
number names such a case by its party and cause. Sent to headquarters before it is filed and again once it is, the
case takes its number there, with no second case and no conflict."""

from __future__ import annotations

import zipfile
from dataclasses import replace

import pytest

from tests.helpers import open_db, run, run_json
from tests.test_bundle import dirs, export, import_, template, trust  # noqa: F401 - fixtures and helpers
from workstation.case_reference import UNFILED_MARK, case_named
from workstation.records import Case

NANHAI = "440605"
PARTY = "佛山市南海区誉嘉房地产代理有限公司"
CAUSE = "涉嫌未经消费者同意发送商业性信息案"


def _unfiled_case(db, **fields) -> Case:
    """A case 待立案 (or as ``fields`` say) of the first demo case's agency, parties and officers."""
    from workstation.store import create_case, get_case, list_cases

    demo = get_case(db, next(r.id for r in list_cases(db, limit=1000) if r.case_number.startswith("佛南")))
    return create_case(db, Case(case_number="", cause=fields.pop("cause", CAUSE), sector="real_estate",
                                agency_id=demo.agency_id, party_ids=demo.party_ids[:1],
                                officer_ids=demo.officer_ids, **fields))


# ---- the one helper ---------------------------------------------------------------------------------------------

def test_a_message_names_a_filed_case_by_its_number_and_one_not_filed_by_its_party_and_cause(english):
    assert case_named("佛南市监立〔2026〕9号", PARTY, CAUSE) == "佛南市监立〔2026〕9号"
    named = case_named(UNFILED_MARK + "abc123", PARTY, CAUSE)
    assert named == f"(not filed: {PARTY}, {CAUSE})" and UNFILED_MARK not in named
    assert case_named("", PARTY, CAUSE) == named
    # a phone number in a placeholder party's name is masked, as in every list
    assert "13812345678" not in case_named("", "号码13812345678的使用人", CAUSE)


# ---- the search and the sort of the case list -------------------------------------------------------------------

def test_a_search_finds_a_case_not_filed_by_what_the_list_shows_never_by_its_mark_or_id(db, make_case):
    from workstation.store import list_cases
    from workstation.store.cases import CaseFilter, count_cases

    pending = make_case()
    filed = make_case(status="investigating", filed_on="2026-03-02")

    def found(text):
        ids = {r.id for r in list_cases(db, CaseFilter(search=text), limit=1000)}
        assert count_cases(db, CaseFilter(search=text)) == len(ids)
        return ids

    # 未立案 is what its number column reads: a search for it finds the cases not filed, not the filed one
    assert found("未立案") == {pending.id} and found("未立") == {pending.id}
    # the id the mark holds and the mark's dot are not searched
    assert found(pending.id[:6]) == set() and found(UNFILED_MARK) == set() and found("案·") == set()
    # party and cause still find both
    assert found("誉嘉房地产") == {pending.id, filed.id} and found("商业") == {pending.id, filed.id}


def test_sorting_by_case_number_puts_the_cases_not_filed_first_and_last_descending(db, make_case):
    from workstation.store import list_cases
    from workstation.store.cases import CaseFilter

    filed = [make_case(status="investigating", filed_on="2026-03-02") for _ in range(2)]
    pending = [make_case(), make_case()]
    ascending = [r.case_number for r in list_cases(db, CaseFilter(), limit=1000)]
    descending = [r.case_number for r in list_cases(db, CaseFilter(descending=True), limit=1000)]
    assert ascending[:2] == ["", ""] and all(ascending[2:]) and descending[-2:] == ["", ""]
    assert len(filed) == 2 and len(pending) == 2


# ---- messages that name a case ------------------------------------------------------------------------------------

def test_a_refusal_naming_a_case_not_filed_names_its_party_and_cause(db, make_case, english):
    from workstation.errors import WorkstationError
    from workstation.store.cases import update_case

    case = make_case()
    update_case(db, replace(case, facts="第一次"))
    with pytest.raises(WorkstationError) as refused:
        update_case(db, replace(case, facts="第二次"))  # the version read before the first save
    assert UNFILED_MARK not in refused.value.message and f"(not filed: {PARTY}" in refused.value.message


def test_the_officers_open_cases_name_a_case_not_filed_by_party_and_cause(db, make_case, officers, english):
    from workstation.store import open_cases_of_officer

    make_case()
    listed = open_cases_of_officer(db, officers["陈志强"].id)
    assert listed == [f"(not filed: {PARTY}, {CAUSE})"]


# ---- every text output of a database holding cases not filed ----------------------------------------------------

def _zip_text(path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                       if n.endswith(".xml"))


def test_no_text_output_shows_the_mark_of_a_case_not_filed(capsys, cli_station, tmp_path, english):
    from workstation.procedure import apply
    from workstation.reports.data import report_data
    from workstation.store import get_case
    from workstation.store.cases import case_timeline

    station = cli_station(tmp_path / "station", ["init", "--agency", NANHAI], ["demo", "--without-complaints"])
    db = open_db(station)
    try:
        pending = _unfiled_case(db, lead_received_on="2026-03-02", filing_proposed_on="2026-03-03")
        declined = apply(db, _unfiled_case(db).id, "decline_filing", reason="不属于本局管辖")
        # decided on the spot without filing, with records reaching the criminal threshold, never transferred
        simple = _unfiled_case(db, status="penalty_decided", procedure_kind="simple", decided_on="2026-03-05",
                               records_trace=800, act_on="2026-03-01")
        assert UNFILED_MARK in db.execute("SELECT case_number FROM cases WHERE id = ?", [simple.id]).fetchone()[0]
        timeline = [str(entry) for c in (pending, declined, simple) for entry in case_timeline(db, get_case(db, c.id))]
        report = repr(report_data(db))
    finally:
        db.conn.close()
    outputs = {"timeline": "\n".join(timeline), "report data": report}
    commands = {
        "cases list": ["cases", "list"], "cases list --status pending_filing": ["cases", "list", "--status",
                                                                                 "pending_filing"],
        "clocks": ["clocks"], "clocks --case": ["clocks", "--case", pending.id], "stats": ["stats"],
        "docs list": ["docs", "list", pending.id], "evidence list": ["evidence", "list", pending.id],
    }
    for name, argv in commands.items():
        code, out, err = run(capsys, "--data-dir", station, *argv)
        assert code == 0, (name, err)
        outputs[name] = out + err
        outputs[name + " --json"] = str(run_json(capsys, "--data-dir", station, *argv))
    assert run(capsys, "--data-dir", station, "bundle", "export", "--all", "-o", tmp_path / "all.bundle")[0] == 0
    code, out, err = run(capsys, "--data-dir", station, "audit", "exports")
    outputs["audit exports"] = out + err
    outputs["audit exports --json"] = str(run_json(capsys, "--data-dir", station, "audit", "exports"))
    outputs["audit exports --case"] = run(capsys, "--data-dir", station, "audit", "exports", "--case", pending.id)[1]
    for fmt in ("csv", "xlsx"):
        target = tmp_path / f"stats.{fmt}"
        assert run(capsys, "--data-dir", station, "stats", "export", "-o", target)[0] == 0
        outputs[f"stats export {fmt}"] = target.read_text("utf-8-sig") if fmt == "csv" else _zip_text(target)
    for fmt in ("xlsx", "docx"):
        target = tmp_path / f"report.{fmt}"
        assert run(capsys, "--data-dir", station, "report", "campaign", "-o", target)[0] == 0
        outputs[f"report {fmt}"] = _zip_text(target)
    leaks = [name for name, text in outputs.items() if UNFILED_MARK in text]
    assert leaks == []
    # the serious case decided on the spot is named for follow-up by its party and cause
    stats = run_json(capsys, "--data-dir", station, "stats")
    assert f"(not filed: {simple.party_names}, {CAUSE})" in stats["cases"]["threshold_not_transferred"]
    listed = run_json(capsys, "--data-dir", station, "cases", "list", "--status", "pending_filing")
    assert [c["case_number"] for c in listed if c["id"] == pending.id] == [None]
    exported = run_json(capsys, "--data-dir", station, "audit", "exports")["exports"][0]
    assert exported["case_numbers"][exported["case_ids"].index(pending.id)] is None
    assert f"(not filed: {pending.party_names}, {CAUSE})" in outputs["audit exports"]
    # the exchange page lists the cases a bundle carried by the same names
    from workstation.exports_sent import case_numbers_text, sent_exports

    db = open_db(station)
    try:
        [sent] = sent_exports(db)
    finally:
        db.conn.close()
    shown = case_numbers_text(sent["case_names"], shown=len(sent["case_names"]))
    assert UNFILED_MARK not in shown and f"(not filed: {pending.party_names}, {CAUSE})" in shown


# ---- bundles: filed at the station after headquarters merged it unfiled -----------------------------------------

def _add_unfiled(data_dir) -> str:
    db = open_db(data_dir)
    try:
        return _unfiled_case(db).id
    finally:
        db.conn.close()


def _hq_case(data_dir, case_id):
    db = open_db(data_dir)
    try:
        return db.execute("SELECT case_number, COUNT(*) OVER () FROM cases WHERE id = ? OR case_number LIKE ?",
                          [case_id, f"%{case_id}%"]).fetchall()
    finally:
        db.conn.close()


def test_a_case_merged_unfiled_takes_its_number_at_headquarters_once_filed_at_the_station(capsys, dirs):  # noqa: F811
    from workstation.procedure import apply

    case_id = _add_unfiled(dirs / "station")
    export(capsys, dirs)
    trust(capsys, dirs)
    import_(capsys, dirs)
    assert _hq_case(dirs / "hq", case_id) == [(UNFILED_MARK + case_id, 1)]
    listed = run_json(capsys, "--data-dir", dirs / "hq", "cases", "list", "--status", "pending_filing")
    assert [c["case_number"] for c in listed if c["id"] == case_id] == [None]
    db = open_db(dirs / "station")
    try:
        number = apply(db, case_id, "file").case_number
    finally:
        db.conn.close()
    export(capsys, dirs, "two.bundle")
    merged = import_(capsys, dirs, "two.bundle")
    assert merged["conflicts"] == 0 and merged["by_table"]["cases"]["updated"] == 1
    assert _hq_case(dirs / "hq", case_id) == [(number, 1)]  # one case, numbered, no mark left
    assert run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts") == []


def test_a_conflict_on_a_case_not_filed_names_it_by_its_party_and_cause(capsys, dirs, english):  # noqa: F811
    from workstation.store import get_case, update_case

    case_id = _add_unfiled(dirs / "station")
    export(capsys, dirs)
    trust(capsys, dirs)
    import_(capsys, dirs)
    for side, facts in (("hq", "总局补充的事实"), ("station", "站点补充的事实")):
        db = open_db(dirs / side)
        try:
            update_case(db, replace(get_case(db, case_id), facts=facts))
        finally:
            db.conn.close()
    export(capsys, dirs, "two.bundle")
    assert import_(capsys, dirs, "two.bundle")["conflicts"] == 1
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
    assert code == 0 and UNFILED_MARK not in out and "(not filed: " in out
    [conflict] = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
    assert UNFILED_MARK not in str(conflict)


def test_a_case_number_shown_in_a_merge_reads_not_filed_for_the_mark(english):
    from workstation.bundle.conflict_text import show_value
    from workstation.bundle.merge import RecordNames, _label

    assert show_value("case_number", UNFILED_MARK + "abc") == "not filed"
    assert show_value("case_number", "佛南市监立〔2026〕9号") == "佛南市监立〔2026〕9号"
    row = {"id": "abc", "case_number": UNFILED_MARK + "abc", "party_names": PARTY, "cause": CAUSE}
    assert _label("cases", row) == f"(not filed: {PARTY}, {CAUSE})"[:40]
    names = RecordNames(None, {"cases": [row]})
    assert _label("case_events", {"kind": "created", "case_id": "abc", "on_date": "2026-03-02"}, names).startswith(
        f"(not filed: {PARTY}")
