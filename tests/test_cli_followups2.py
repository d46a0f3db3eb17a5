"""Command-line follow-ups of a walk against CLI.md: a case number typed with other year brackets, full-width digits
or spaces finds its case; `init --agency` says when it changes the station's agency and refuses to once numbers were
issued under the old one; `backup list` refuses a data directory that is not there; a broken audit log is said once
(each problem on stdout, their count on stderr), and so are the problems `backup check` finds; `bundle verify --json` on a broken bundle says {"valid": false}."""

from __future__ import annotations

import json

import pytest

from tests.helpers import open_db, run, run_json
from workstation.errors import NotFound
from workstation.store import find_case, get_setting

CASE = "佛三市监立〔2026〕1号"  # a case of the demo
OTHER = "佛三市监立〔2026〕2号"


@pytest.fixture
def station(tmp_path, cli_station):
    return cli_station(tmp_path / "station", ["init", "--agency", "440605"], ["demo", "--without-complaints"])


# ---- 1. case references ------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", [f"  {CASE}\t", "佛三市监立[2026]1号", "佛三市监立【2026】1号", "佛三市监立(2026)1号",
                                   "佛三市监立（２０２６）１号", "佛三市监立〔2026〕１号", "佛三市监立 ［2026］ 1号"])
def test_a_case_number_typed_another_way_finds_its_case(station, typed):
    db = open_db(station)
    try:
        assert find_case(db, typed).case_number == CASE
    finally:
        db.conn.close()


def test_a_number_stored_with_other_brackets_is_found_as_the_store_writes_it_and_an_ambiguous_one_is_refused(
        station):
    db = open_db(station)
    try:
        with db.atomic():
            db.execute("UPDATE cases SET case_number = '佛三市监立[2026]2号' WHERE case_number = ?", [OTHER])
        assert find_case(db, OTHER).case_number == "佛三市监立[2026]2号"  # as an imported register wrote it
        # another case written 佛三市监立(2026)1号 reads as 佛三市监立〔2026〕1号 too: which one is meant cannot be told
        with db.atomic():
            db.execute("UPDATE cases SET case_number = '佛三市监立(2026)1号' WHERE case_number = ?",
                       ["佛三市监立〔2026〕3号"])
        with pytest.raises(NotFound):
            find_case(db, "佛三市监立【2026】1号")
        assert find_case(db, CASE).case_number == CASE  # each as written is still found
        assert find_case(db, "佛三市监立(2026)1号").case_number == "佛三市监立(2026)1号"
        with pytest.raises(NotFound):
            find_case(db, "佛三市监立〔2026〕999号")
    finally:
        db.conn.close()


def test_every_command_taking_a_case_reads_it_the_same_way(station, capsys, english):
    assert run(capsys, "--data-dir", station, "evidence", "list", " 佛三市监立（２０２６）１号 ")[0] == 0
    code, out, err = run(capsys, "--data-dir", station, "evidence", "list", "佛三市监立[2026]999号")
    assert (code, out) == (1, "") and "No case 佛三市监立[2026]999号" in err


# ---- 2. init --agency on a station that has one ---------------------------------------------------------------

def test_init_says_when_it_changes_the_station_agency(station, capsys, english):
    code, out, err = run(capsys, "--data-dir", station, "init", "--agency", "440605")
    assert code == 0 and "agency changed" not in out  # the same agency: nothing to say
    code, out, err = run(capsys, "--data-dir", station, "init", "--agency", "440604")
    assert code == 0 and out.splitlines()[1] == ("The station's agency changed from 佛山市南海区市场监督管理局 (440605) "
                                                 "to 佛山市禅城区市场监督管理局 (440604).")
    result = run_json(capsys, "--data-dir", station, "init", "--agency", "440605")
    assert result["agency_changed"] == {"from": "440604", "to": "440605"} and result["schema"]


@pytest.mark.parametrize("issue", ["case_number", "document_number"])
def test_init_refuses_to_change_the_agency_numbers_were_issued_under(station, capsys, english, issue):
    from workstation.documents.numbering import take_number
    from workstation.store.cases import next_case_number

    db = open_db(station)
    nanhai = get_setting(db, "station_agency")
    town = db.execute("SELECT id FROM agencies WHERE code = '440605011'").fetchone()[0]  # numbers as 南海区局
    with db.atomic():
        if issue == "case_number":
            next_case_number(db, town, consume=True)
        else:
            take_number(db, town, "处")
    db.conn.close()
    code, out, err = run(capsys, "--data-dir", station, "init", "--agency", "440604")
    assert (code, out) == (1, "")
    assert err == ("Error: This station works for 佛山市南海区市场监督管理局 (440605) and has issued numbers in its name; "
                   "`init` does not change that on its own. To change it on purpose, run `init --agency 440604 "
                   "--change-agency`.\n")
    db = open_db(station)
    assert get_setting(db, "station_agency") == nanhai
    db.conn.close()
    assert run_json(capsys, "--data-dir", station, "init", "--agency", "440605011")["agency_changed"] == {
        "from": "440605", "to": "440605011"}  # its own town office numbers as the bureau: not refused
    result = run_json(capsys, "--data-dir", station, "init", "--agency", "440604", "--change-agency")
    assert result["agency_changed"] == {"from": "440605011", "to": "440604"}
    assert run_json(capsys, "--data-dir", station, "station", "show")["agency_code"] == "440604"


# ---- 3. backup list without a data directory -----------------------------------------------------------------

def test_backup_list_refuses_a_missing_data_directory_as_other_commands_do(tmp_path, capsys, english):
    missing = tmp_path / "nowhere"
    code, out, err = run(capsys, "--data-dir", missing, "backup", "list")
    assert (code, out) == (1, "") and "There is no workstation data in" in err
    assert err == run(capsys, "--data-dir", missing, "stats")[2]
    assert not missing.exists()
    afile = tmp_path / "file"
    afile.write_text("x")
    code, out, err = run(capsys, "--data-dir", afile, "backup", "list")
    assert (code, out) == (1, "") and "is a file, not a folder" in err
    # a folder that is no data directory is refused too; one that lost its database still lists its backups
    (tmp_path / "lost").mkdir()
    code, out, err = run(capsys, "--data-dir", tmp_path / "lost", "backup", "list")
    assert (code, out) == (1, "") and "There is no workstation data in" in err
    (tmp_path / "lost" / "backups").mkdir()
    assert run(capsys, "--data-dir", tmp_path / "lost", "backup", "list") == (0, "No backups.\n", "")


# ---- 4. audit verify says each problem once ------------------------------------------------------------------

def test_a_tampered_audit_log_says_each_problem_once(station, capsys, english):
    from workstation.audit import audit_repair_text

    db = open_db(station)
    with db.atomic():
        db.execute("UPDATE audit SET actor = 'mallory' WHERE seq IN (3, 7)")
    db.conn.close()
    code, out, err = run(capsys, "--data-dir", station, "audit", "verify")
    assert code == 1
    assert out == "Audit entry 3 was altered.\nAudit entry 7 was altered.\n" + audit_repair_text() + "\n"
    assert err == "Error: The audit log is not intact: 2 problems, listed above.\n"
    code, out, err = run(capsys, "--data-dir", station, "audit", "verify", "--json")
    assert code == 1 and json.loads(out)["valid"] is False
    assert err == "Error: Audit entry 3 was altered.\n"


# ---- 5. bundle verify --json on a broken bundle ----------------------------------------------------------------

def test_bundle_verify_json_says_a_broken_bundle_is_not_valid(station, tmp_path, capsys, english):
    broken = tmp_path / "broken.bundle"
    broken.write_bytes(b"PK\x03\x04 not a bundle")
    code, out, err = run(capsys, "--data-dir", station, "bundle", "verify", broken, "--json")
    assert code == 1 and err.startswith("Error: ") and err.count("\n") == 1
    result = json.loads(out)
    assert result == {"valid": False, "station": None, "cases": None, "problems": [err[len("Error: "):].strip()]}
    code, out, err_text = run(capsys, "--data-dir", station, "bundle", "verify", broken)
    assert (code, out, err_text) == (1, "", err)  # the text says it once, on stderr



def test_backup_check_says_each_problem_once(station, capsys, english):
    """As `audit verify`: the text lists the problems on stdout, the error line on stderr counts them; --json keeps
    the first problem as its error line."""
    db = open_db(station)
    with db.atomic():
        db.execute("UPDATE audit SET actor = 'mallory' WHERE seq = 3")
        db.execute("UPDATE settings SET value = '1:0' WHERE key = 'audit_head'")
    db.conn.close()
    code, out, err = run(capsys, "--data-dir", station, "backup", "check", "--full")
    assert code == 1
    # each problem once, then what to do (since session 57): here no backup was made to restore
    advice = f"There is no sound backup to restore: copy the data directory {station} somewhere safe and ask for " \
             "technical help.\n"
    assert out == "Audit entry 3 was altered.\nThe last audit entries were deleted or the chain head was altered.\n" \
        + advice
    assert err == "Error: The check found 2 problems, listed above.\n"  # not the first problem a second time
    code, out, err = run(capsys, "--data-dir", station, "backup", "check")
    assert (code, err) == (1, "Error: The check found 1 problem, listed above.\n")
    assert out == "The last audit entries were deleted or the chain head was altered.\n" + advice
    code, out, err = run(capsys, "--data-dir", station, "backup", "check", "--json")
    assert code == 1 and json.loads(out)["problems"] == [
        "The last audit entries were deleted or the chain head was altered."]
    assert err == "Error: The last audit entries were deleted or the chain head was altered.\n"
