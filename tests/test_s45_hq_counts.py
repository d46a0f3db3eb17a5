# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""Headquarters' counts of two stations' bundles: a company both bureaux interviewed counts once (by its credit code,
not by the UUID of each station's party record), a linked lead both stations assigned counts for the office its
district assigned it to, and `station list` says the stations' roles in words."""

from __future__ import annotations

import pytest

from tests.helpers import open_db, run, run_json
from tests.test_bundle_hq import STATIONS, dirs, export, import_, template  # noqa: F401
from tests.test_complaints12 import fuller
from workstation.cli import main

COMPANY_USCC = STATIONS["nanhai"][3]  # Nanhai's case party: a company both bureaux interview


def _interview(data_dir, code: str, held_on: str, party_ids: list[str]) -> None:
    from workstation.case_records import Interview
    from workstation.store import agency_id_for_code
    from workstation.store.interviews import save_interview

    db = open_db(data_dir)
    try:
        save_interview(db, Interview(agency_id=agency_id_for_code(code), held_on=held_on,
                                     subject="个人信息保护行政约谈", party_ids=party_ids))
    finally:
        db.conn.close()


def _party(data_dir, uscc: str, name: str | None = None) -> str:
    """The id of the party of ``uscc`` at ``data_dir``: the one held, else a new record of it (another UUID)."""
    from workstation.records import Party
    from workstation.store import save_party

    db = open_db(data_dir)
    try:
        row = db.execute("SELECT id FROM parties WHERE uscc = ?", [uscc]).fetchone()
        return row[0] if row else save_party(db, Party(name=name or "", uscc=uscc)).id
    finally:
        db.conn.close()


def test_a_company_interviewed_by_both_bureaux_counts_once_at_headquarters(capsys, dirs):
    nanhai, shunde = dirs / "nanhai", dirs / "shunde"
    company = _party(nanhai, COMPANY_USCC)
    # Nanhai interviews the company twice (once within the station), Shunde its own record of it and its own company
    _interview(nanhai, "440605", "2026-03-10", [company])
    _interview(nanhai, "440605", "2026-03-12", [company])
    same = _party(shunde, COMPANY_USCC, "佛山市某440605信息咨询有限公司")
    assert same != company
    _interview(shunde, "440606", "2026-03-11", [same, _party(shunde, STATIONS["shunde"][3])])
    for station in ("nanhai", "shunde"):
        export(capsys, dirs, station, f"{station}.bundle")
        assert import_(capsys, dirs, f"{station}.bundle")["conflicts"] == 0
    stats = run_json(capsys, "--data-dir", dirs / "hq", "stats")
    assert stats["interviews"] == 3
    assert stats["interviews_by_party_kind"]["company"] == 2
    assert sum(v["units"] for v in stats["interviews_follow_up_parties"].values()) == 2
    # recorded as of another kind by one station (an association), the company still counts once, under one kind
    db = open_db(dirs / "hq")
    try:
        db.execute("UPDATE parties SET kind = 'association' WHERE id = ?", [same])
        db.conn.commit()
    finally:
        db.conn.close()
    kinds = run_json(capsys, "--data-dir", dirs / "hq", "stats")["interviews_by_party_kind"]
    assert kinds["company"] + kinds["association"] == 2
    # each station counts its own company once too
    assert run_json(capsys, "--data-dir", nanhai, "stats")["interviews_by_party_kind"]["company"] == 1
    assert run_json(capsys, "--data-dir", shunde, "stats")["interviews_by_party_kind"]["company"] == 2


def _assign_all(capsys, data_dir, code: str, *, by_city: bool = False) -> list[str]:
    """Every lead of ``data_dir`` assigned to ``code``: with the command line, or with ``by_city`` as the city bureau
    assigns (a district station assigns only below it: test_s73_jurisdiction)."""
    from workstation.leads_workflow import assign_lead
    from workstation.store import agency_by_code

    db = open_db(data_dir)
    try:
        leads = [r[0] for r in db.execute("SELECT id FROM leads ORDER BY id")]
        if by_city:
            for lead in leads:
                assign_lead(db, lead, agency_by_code(db, code).id, received_by=agency_by_code(db, "440600").id)
            return leads
    finally:
        db.conn.close()
    for lead in leads:
        run_json(capsys, "--data-dir", data_dir, "leads", "assign", lead, "--agency", code)
    return leads


def _leads_by_code(capsys, data_dir) -> dict[str, int]:
    from workstation.stats import bureau_table

    db = open_db(data_dir)
    try:
        return {row["code"]: row["leads"] for row in bureau_table(db) if row["kind"] == "agency"}
    finally:
        db.conn.close()


@pytest.mark.parametrize("order", [("nanhai", "shunde"), ("shunde", "nanhai")])
def test_a_linked_lead_counts_for_the_office_its_district_assigned_it_to(capsys, dirs, order):
    # both stations screen the same work orders; Nanhai hands its copy to 顺德区局, Shunde its own to 伦教所
    for station in ("nanhai", "shunde"):
        run_json(capsys, "--data-dir", dirs / station, "complaints", "import", fuller(dirs / f"{station}.csv"))
        run_json(capsys, "--data-dir", dirs / station, "leads", "screen")
    assert _assign_all(capsys, dirs / "nanhai", "440606", by_city=True)
    leads = _assign_all(capsys, dirs / "shunde", "440606003")
    for station in order:
        export(capsys, dirs, station, f"{station}.bundle")
        assert import_(capsys, dirs, f"{station}.bundle")["conflicts"] == 0
    assert _leads_by_code(capsys, dirs / "shunde").get("440606003") == len(leads)
    at_hq = _leads_by_code(capsys, dirs / "hq")
    assert at_hq.get("440606003") == len(leads)
    assert not at_hq.get("440606")
    # the district's figures agree with the table
    shunde = run_json(capsys, "--data-dir", dirs / "hq", "stats", "--agency", "440606003")
    assert shunde["leads"]["total"] == len(leads)


def test_station_list_says_the_roles_in_words_and_keeps_the_keys_in_json(capsys, dirs):
    hq = dirs / "hq"
    assert main(["--data-dir", str(hq), "station", "untrust", "南海区局", "--reason", "笔记本遗失"]) == 0
    capsys.readouterr()
    code, out, _err = run(capsys, "--data-dir", hq, "station", "list")
    assert code == 0
    roles = {line.split("\t")[1]: line.split("\t")[0] for line in out.strip().splitlines()}
    assert roles["佛山市局"] == "本站"
    assert roles["顺德区局"] == "已信任站点"
    assert roles["南海区局"].startswith("密钥已撤销")
    assert not {"self", "trusted", "withdrawn"} & set(roles.values())
    listed = {s["name"]: s["role"] for s in run_json(capsys, "--data-dir", hq, "station", "list")}
    assert listed == {"佛山市局": "self", "顺德区局": "trusted", "南海区局": "withdrawn"}
