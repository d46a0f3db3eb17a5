# ruff: noqa: F811 - the fixtures imported from test_bundle are used by name
"""A bundle's references checked before the merge (``merge._refuse_missing_references``) refuse only what the
merge would write: a record kept here as it is, or a field of it the merge leaves as it is here, may name a record
this station no longer holds (a lead its own screening removed since) without the bundle being refused."""

from __future__ import annotations

from tests.helpers import open_db, run, run_json
from tests.test_bundle import _leads_of_complaints, _screen_station, dirs, export, import_, template, trust  # noqa: F401
from workstation.screening.rules import save_rules, shipped_rules_path


def _screen_headquarters_without(capsys, dirs, keyword: str) -> None:
    """Headquarters screens without ``keyword`` as a version before this one did, regrouping the station's leads it
    holds (this version leaves them alone there: ``hand_leads.stations_leads``): its role set aside meanwhile."""
    text = shipped_rules_path().read_text(encoding="utf-8").replace(f'"{keyword}",', "")
    save_rules(dirs / "hq", text)
    role = dirs / "hq" / "role.json"
    role.rename(dirs / "role.json")
    try:
        run_json(capsys, "--data-dir", dirs / "hq", "leads", "screen")
    finally:
        (dirs / "role.json").rename(role)


def _lead_sent_to_headquarters(capsys, dirs) -> str:
    """Two complaints imported and screened into a lead at the station, sent to headquarters: the lead's id."""
    export_file = dirs / "council.csv"
    export_file.write_text("投诉编号,投诉时间,联系电话,投诉内容\n"
                           "R1,2026-03-02 10:00:00,13900139001,13800138000呼死你式来电，一天几十个\n"
                           "R2,2026-03-03 11:00:00,13900139002,138-0013-8000又是呼死你式来电\n", encoding="utf-8")
    run_json(capsys, "--data-dir", dirs / "station", "complaints", "import", export_file, "--profile",
             "consumer_council")
    _screen_station(capsys, dirs)
    (lead,), _complaints = _leads_of_complaints(dirs / "station")
    export(capsys, dirs)
    trust(capsys, dirs)
    import_(capsys, dirs)
    return lead


def test_a_complaint_kept_as_it_is_here_may_name_a_lead_headquarters_screened_away(capsys, dirs, english):
    """Headquarters' own screening (an earlier version's) removed the lead of a station's complaints after it had
    taken them; the station's next bundle carries one of the complaints again (an officer's verdict on it) but not
    the lead, which it had sent before. Headquarters screened later, so the complaint's lead is not taken: nothing
    the merge writes names the lead, and the bundle merges (the check before the merge refused it, naming the
    lead)."""
    from workstation.bundle.merge import apply_merge, plan_merge
    from workstation.bundle.reader import open_bundle

    lead = _lead_sent_to_headquarters(capsys, dirs)
    code, _out, err = run(capsys, "--data-dir", dirs / "station", "complaints", "correct", "R1", "--related",
                          "--reason", "号码被反复呼叫")
    assert code == 0, err
    export(capsys, dirs, "two.bundle")
    # headquarters' screening, without the keyword, removes the lead: its complaints are in none
    _screen_headquarters_without(capsys, dirs, "呼死你")
    assert _leads_of_complaints(dirs / "hq") == (set(), {"R1": None, "R2": None})
    db = open_db(dirs / "hq")
    try:
        with open_bundle(dirs / "two.bundle") as bundle:
            assert [r["id"] for r in bundle.records["leads"]] == [lead]
            bundle.records["leads"] = []  # the lead as in a bundle made after it was sent: not in it
            assert [r["lead_id"] for r in bundle.records["complaints"]] == [lead]
            plan = plan_merge(db, bundle)
            assert [(c.table, c.status) for c in plan.changes if c.table == "complaints"] == [
                ("complaints", "unchanged")]
            apply_merge(db, dirs / "hq", bundle, plan)
        assert db.execute("SELECT external_id, lead_id FROM complaints ORDER BY external_id").fetchall() == [
            ("R1", None), ("R2", None)]
    finally:
        db.conn.close()


def test_a_complaint_whose_lead_is_taken_must_find_that_lead_in_the_bundle_or_here(capsys, dirs, english):
    """The station screened after headquarters: the complaint's lead is taken, so the lead it names must be in the
    bundle or here — without it the bundle is refused before anything merges, naming the field."""
    from workstation.bundle.merge import plan_merge
    from workstation.bundle.reader import BundleRefused, open_bundle

    lead = _lead_sent_to_headquarters(capsys, dirs)
    _screen_headquarters_without(capsys, dirs, "呼死你")
    code, _out, err = run(capsys, "--data-dir", dirs / "station", "complaints", "correct", "R1", "--related",
                          "--reason", "号码被反复呼叫")
    assert code == 0, err
    export(capsys, dirs, "two.bundle")
    db = open_db(dirs / "hq")
    try:
        with open_bundle(dirs / "two.bundle") as bundle:
            bundle.records["leads"] = []
            try:
                plan_merge(db, bundle)
            except BundleRefused as exc:
                refusal = exc.message
            else:
                refusal = None
        assert refusal == (f"two.bundle: records/complaints.json names {lead} in its field lead_id, which is in none "
                           "of the lead records, neither in the bundle nor here; the bundle is refused: ask the "
                           "station to export it again.")
    finally:
        db.conn.close()
