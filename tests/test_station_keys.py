# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""Headquarters withdraws its trust in a lost laptop's key (`station untrust`): bundles signed with it are refused,
saying when and why, the records merged before are kept, and the key is never trusted again. Two stations of one
name (a replaced laptop) are told apart by their fingerprints wherever headquarters picks one, and trusting a card
whose name and agency match a station already trusted says so, naming the command withdrawing the old key."""

from __future__ import annotations

from tests.data_digest import data_digest
from tests.helpers import beijing_year, db_digest, run, run_json
from tests.test_bundle_hq import dirs, export, import_, template  # noqa: F401


def _replacement(capsys, dirs) -> dict:
    """A new laptop for 南海区局 (same name and agency, a new key), whose card headquarters trusts."""
    run_json(capsys, "--data-dir", dirs / "nanhai2", "init", "--agency", "440605", "--station-name", "南海区局")
    run_json(capsys, "--data-dir", dirs / "nanhai2", "station", "export", "-o", dirs / "nanhai2.card")
    return run_json(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "nanhai2.card")


def _fingerprint(capsys, dirs, station) -> str:
    return run_json(capsys, "--data-dir", dirs / station, "station", "show")["fingerprint"]


def test_a_withdrawn_key_s_bundles_are_refused_saying_when_and_why_and_merged_records_stay(capsys, dirs, english):
    export(capsys, dirs, "nanhai", "n1.bundle")
    import_(capsys, dirs, "n1.bundle")
    export(capsys, dirs, "nanhai", "n2.bundle", "--all")
    result = run_json(capsys, "--data-dir", dirs / "hq", "station", "untrust", "南海区局", "--reason", "笔记本遗失")
    assert result["reason"] == "笔记本遗失" and result["fingerprint"] == _fingerprint(capsys, dirs, "nanhai")
    listed = {r["name"]: r for r in run_json(capsys, "--data-dir", dirs / "hq", "station", "list")}
    assert listed["南海区局"]["role"] == "withdrawn" and listed["南海区局"]["withdrawn"]["reason"] == "笔记本遗失"
    assert run_json(capsys, "--data-dir", dirs / "hq", "stats")["cases"]["total"] == 1  # merged before: kept
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "verify", dirs / "n2.bundle")
    assert "withdrawn here on " + result["withdrawn_at"][:10] in out and "笔记本遗失" in out
    before = data_digest(dirs / "hq")
    for extra in ((), ("--trust",)):  # --trust does not take it back in passing
        code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import",
                             dirs / "n2.bundle", *extra)
        assert code == 1, out
        assert "withdrawn here on " + result["withdrawn_at"][:10] in err and "笔记本遗失" in err
        assert "station trust" not in err and "new key" in err
    assert data_digest(dirs / "hq") == before
    audit = run_json(capsys, "--data-dir", dirs / "hq", "audit", "list")
    entries = audit if isinstance(audit, list) else audit.get("entries", [])
    assert any(e.get("action") == "untrust" for e in entries)
    # no undo by trusting the card again: the station makes a new key
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "nanhai.card")
    assert code == 1 and "new key" in err
    assert data_digest(dirs / "hq") == before


def test_untrust_of_a_station_not_trusted_or_already_withdrawn_is_refused_and_changes_nothing(capsys, dirs, english):
    run_json(capsys, "--data-dir", dirs / "hq", "station", "untrust", "南海区局")
    before = db_digest(dirs / "hq")
    for name, said in (("南海区局", "already withdrawn"), ("禅城区局", "No station trusted here is 禅城区局")):
        code, out, err = run(capsys, "--data-dir", dirs / "hq", "station", "untrust", name)
        assert code == 1 and said in err, err
    assert db_digest(dirs / "hq") == before


def test_a_replacement_card_is_said_to_match_a_trusted_station_and_pickers_tell_them_apart(capsys, dirs, english):
    old = _fingerprint(capsys, dirs, "nanhai")
    trusted = _replacement(capsys, dirs)
    new = trusted["fingerprint"]
    assert [s["fingerprint"] for s in trusted["same_name"]] == [old]
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "station", "trust",
                         dirs / "nanhai2.card")
    assert "station untrust " + trusted["same_name"][0]["id"] in out
    # --for 南海区局 names both, each with its fingerprint's first group and id
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o",
                         dirs / "h.bundle", "--all", "--for", "南海区局")
    assert code == 1 and f"南海区局 (fingerprint {old.split()[0]})" in err and \
        f"南海区局 (fingerprint {new.split()[0]})" in err
    # after the old key is withdrawn the name means the new laptop
    run_json(capsys, "--data-dir", dirs / "hq", "station", "untrust", trusted["same_name"][0]["id"], "--reason",
             "replaced")
    result = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h.bundle", "--all",
                      "--for", "南海区局")
    assert result["for"]["id"] == trusted["id"]
    allocated = run_json(capsys, "--data-dir", dirs / "hq", "numbers", "allocate", "--station", "南海区局", "--agency",
                         "440605", "--type", "处", "--year", beijing_year(), "--from", "101", "--to", "200")
    assert allocated["station"] == trusted["id"]


def test_number_blocks_of_two_stations_of_one_name_show_their_fingerprints(capsys, dirs, english):
    old = _fingerprint(capsys, dirs, "nanhai")
    new = _replacement(capsys, dirs)
    ids = {old: new["same_name"][0]["id"], new["fingerprint"]: new["id"]}
    for serials, station in (("101", ids[old]), ("201", ids[new["fingerprint"]])):
        run_json(capsys, "--data-dir", dirs / "hq", "numbers", "allocate", "--station", station, "--agency",
                 "440605", "--type", "处", "--year", beijing_year(), "--from", serials, "--to", str(int(serials) + 99))
    labels = {b["station"]: b["station_label"] for b in run_json(capsys, "--data-dir", dirs / "hq",
                                                                   "numbers", "blocks")}
    assert labels == {ids[old]: f"南海区局 (fingerprint {old.split()[0]})",
                      ids[new["fingerprint"]]: f"南海区局 (fingerprint {new['fingerprint'].split()[0]})"}
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "numbers", "blocks")
    assert f"南海区局 (fingerprint {old.split()[0]})" in out, out
