"""The publicity log in the core and on the command line: each bad field named and nothing saved, dates and
counts normalised, updates and deletions audited, the list filtered by period and agency with its totals."""

import json
from dataclasses import replace

import pytest

from workstation.audit import verify
from workstation.cli import main
from workstation.errors import NotFound, ValidationError
from workstation.records import Publicity
from workstation.store import (
    agency_id_for_code,
    delete_publicity,
    get_publicity,
    list_publicity,
    publicity_field_errors,
    publicity_totals,
    save_publicity,
)
from workstation.store.publicity import same_activity
from workstation.vocabulary import labels

NANHAI = "440605"


def activity(**fields) -> Publicity:
    values = {"agency_id": agency_id_for_code(NANHAI), "held_on": "2026-04-01", "title": "个人信息保护进社区",
              "kind": "community", "flyers": 0, "sms": 0, "participants": 0} | fields
    return Publicity(**values)


def audit_actions(db, entity_id):
    return [r[0] for r in db.execute("SELECT action FROM audit WHERE entity = 'publicity' AND entity_id = ? "
                                     "ORDER BY seq", [entity_id])]


def test_the_kinds_include_the_new_ones_and_every_kind_the_seed_uses():
    kinds = labels("publicity_kinds")
    assert {"community", "school", "enterprise", "media", "sms", "online", "other"} <= set(kinds)
    assert kinds["school"] == "进校园" and kinds["enterprise"] == "进企业" and kinds["sms"] == "短信提醒"
    assert kinds["other"] == "其他"


def test_an_activity_is_saved_with_an_iso_date_and_whole_counts_and_audited(db):
    saved = save_publicity(db, activity(held_on="2026年4月1日", title="  进社区宣传  ", flyers="1,200",
                                        sms=" 3000 ", participants=85))
    stored = get_publicity(db, saved.id)
    assert (stored.held_on, stored.title, stored.flyers, stored.sms, stored.participants) == \
        ("2026-04-01", "进社区宣传", 1200, 3000, 85)
    assert audit_actions(db, saved.id) == ["create"]


def test_each_bad_field_is_named_and_nothing_is_saved(db, table_counts):
    before = table_counts(db, ("publicity", "audit"))
    bad = activity(agency_id="", held_on="2026-02-30", title="  ", kind="parade", flyers="-3", sms="many",
                   participants=1.5)
    errors = publicity_field_errors(db, bad)
    assert set(errors) == {"agency_id", "held_on", "title", "kind", "flyers", "sms", "participants"}
    assert "2026-02-30" in errors["held_on"] and "parade" in errors["kind"] and "-3" in errors["flyers"]
    with pytest.raises(ValidationError) as refused:
        save_publicity(db, bad)
    assert refused.value.errors == errors
    assert table_counts(db, ("publicity", "audit")) == before


def test_a_count_mistyped_as_a_run_of_digits_is_named_not_stored(db, table_counts, english):
    before = table_counts(db, ("publicity", "audit"))
    with pytest.raises(ValidationError) as refused:  # it used to reach SQLite and fail there (OverflowError)
        save_publicity(db, activity(flyers="3" * 22))
    assert set(refused.value.errors) == {"flyers"} and "too large" in refused.value.errors["flyers"]
    assert table_counts(db, ("publicity", "audit")) == before


def test_the_date_is_required(db):
    assert set(publicity_field_errors(db, activity(held_on=""))) == {"held_on"}
    assert set(publicity_field_errors(db, activity(held_on="next week"))) == {"held_on"}
    assert publicity_field_errors(db, activity()) == {}


def test_an_update_keeps_the_activity_and_is_audited(db):
    saved = save_publicity(db, activity(flyers=100))
    save_publicity(db, activity(id=saved.id, flyers=150, title="进社区（补记）"))
    stored = get_publicity(db, saved.id)
    assert (stored.flyers, stored.title) == (150, "进社区（补记）")
    assert len(list_publicity(db)) == 1
    assert audit_actions(db, saved.id) == ["create", "update"]


def test_a_deletion_removes_the_activity_and_the_audit_log_keeps_it(db):
    kept = save_publicity(db, activity(title="保留"))
    gone = save_publicity(db, activity(title="误录"))
    delete_publicity(db, gone.id)
    assert [p.id for p in list_publicity(db)] == [kept.id]
    assert audit_actions(db, gone.id) == ["create", "delete"]
    assert verify(db)["valid"]
    with pytest.raises(NotFound):
        get_publicity(db, gone.id)
    with pytest.raises(NotFound):
        delete_publicity(db, gone.id)


def test_the_list_is_filtered_by_period_and_agency_with_its_offices(db):
    town = agency_id_for_code("440605121")  # an office under the Nanhai bureau
    early = save_publicity(db, activity(held_on="2026-01-10", sms=100))
    office = save_publicity(db, activity(held_on="2026-03-05", agency_id=town, flyers=40))
    other = save_publicity(db, activity(held_on="2026-03-20", agency_id=agency_id_for_code("440604"),
                                        participants=7))
    assert [p.id for p in list_publicity(db)] == [other.id, office.id, early.id]
    assert [p.id for p in list_publicity(db, "2026-03-01", "2026-03-31")] == [other.id, office.id]
    assert [p.id for p in list_publicity(db, agency_id=agency_id_for_code(NANHAI))] == [office.id, early.id]
    assert [p.id for p in list_publicity(db, date_to="2026-03-05", agency_id=town)] == [office.id]
    assert publicity_totals(list_publicity(db)) == {"campaigns": 3, "flyers": 40, "sms": 100, "participants": 7}


def test_an_agency_s_own_activities_leave_out_those_of_its_offices(db):
    city = agency_id_for_code("440600")
    own = save_publicity(db, activity(held_on="2026-02-01", agency_id=city))
    district = save_publicity(db, activity(held_on="2026-03-01"))
    town = save_publicity(db, activity(held_on="2026-04-01", agency_id=agency_id_for_code("440605121")))
    assert [p.id for p in list_publicity(db, agency_id=city)] == [town.id, district.id, own.id]  # with its offices
    assert [p.id for p in list_publicity(db, agency_id=city, own=True)] == [own.id]
    assert [p.id for p in list_publicity(db, agency_id=agency_id_for_code(NANHAI), own=True)] == [district.id]


# ---- command line


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def station(tmp_path, capsys):
    target = tmp_path / "station"
    assert run(capsys, "--data-dir", target, "init", "--agency", NANHAI)[0] == 0
    return target


def test_publicity_add_records_an_activity_for_the_station_agency(station, capsys):
    code, out, err = run(capsys, "--data-dir", station, "publicity", "add", "--date", "2026/4/1", "--title",
                         "进企业宣讲", "--kind", "enterprise", "--flyers", "1,200", "--participants", "60", "--json")
    assert code == 0, err
    added = json.loads(out)
    assert {k: added[k] for k in ("held_on", "agency", "title", "kind", "flyers", "sms", "participants")} == {
        "held_on": "2026-04-01", "agency": NANHAI, "title": "进企业宣讲", "kind": "enterprise", "flyers": 1200,
        "sms": 0, "participants": 60}
    listed = json.loads(run(capsys, "--data-dir", station, "publicity", "list", "--json")[1])
    assert [r["id"] for r in listed] == [added["id"]]


def test_publicity_add_refuses_bad_input_naming_the_options_and_saves_nothing(station, capsys):
    code, out, err = run(capsys, "--data-dir", station, "publicity", "add", "--date", "2026-02-30", "--title", "x",
                         "--kind", "street", "--sms", "-5")
    assert code == 1 and out == ""
    assert "--date" in err and "--sms" in err and "--title" not in err
    # a kind outside its list is a usage error (exit 2), the kinds allowed named, as `evidence add --kind`
    with pytest.raises(SystemExit) as exited:
        run(capsys, "--data-dir", station, "publicity", "add", "--date", "2026-03-01", "--title", "x", "--kind",
            "parade")
    out, err = capsys.readouterr()
    assert (exited.value.code, out) == (2, "") and "--kind" in err and "community" in err
    assert json.loads(run(capsys, "--data-dir", station, "publicity", "list", "--json")[1]) == []


def test_publicity_add_needs_an_agency_when_the_station_has_none(tmp_path, capsys):
    target = tmp_path / "bare"
    assert run(capsys, "--data-dir", target, "init")[0] == 0
    code, _out, err = run(capsys, "--data-dir", target, "publicity", "add", "--date", "2026-04-01", "--title", "x")
    assert code == 1 and "--agency" in err
    code, out, err = run(capsys, "--data-dir", target, "publicity", "add", "--date", "2026-04-01", "--title", "x",
                         "--agency", "440604", "--json")
    assert code == 0, err
    assert json.loads(out)["agency"] == "440604"


def test_publicity_list_filters_by_period_and_prints_totals(station, capsys):
    for date, sms in (("2026-03-01", 100), ("2026-04-15", 2000), ("2026-05-30", 30000)):
        assert run(capsys, "--data-dir", station, "publicity", "add", "--date", date, "--title", f"短信提醒{date}",
                   "--kind", "sms", "--sms", sms)[0] == 0
    rows = json.loads(run(capsys, "--data-dir", station, "publicity", "list", "--from", "2026-04-01", "--to",
                          "2026-05-31", "--json")[1])
    assert [(r["held_on"], r["sms"]) for r in rows] == [("2026-05-30", 30000), ("2026-04-15", 2000)]
    code, out, _err = run(capsys, "--data-dir", station, "publicity", "list", "--from", "2026-04-01")
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 3 and "短信提醒2026-05-30" in lines[0] and "32000" in lines[-1].replace(",", "")
    code, _out, err = run(capsys, "--data-dir", station, "publicity", "list", "--from", "2026-13-01")
    assert code == 1 and "2026-13-01" in err


def test_the_same_activity_entered_again_is_found_and_an_edit_keeping_it_is_not(db):
    first = save_publicity(db, activity(title="进社区宣传", flyers=300))
    assert same_activity(db, activity(held_on="2026年4月1日", title=" 进社区 宣传 ", flyers=50)).id == first.id
    for other in (activity(held_on="2026-04-02"), activity(kind="school"), activity(title="进校园宣传"),
                  activity(agency_id=agency_id_for_code("440604"))):
        assert same_activity(db, other) is None
    assert same_activity(db, replace(first, flyers=400)) is None  # itself, its figures corrected
    twin = save_publicity(db, activity(title="进社区宣传"))  # entered twice all the same (仍然保存)
    assert same_activity(db, replace(twin, sms=20)) is None  # not asked again at each correction of its figures
    other = save_publicity(db, activity(title="进企业宣讲"))
    assert same_activity(db, replace(other, title="进社区宣传")).id == first.id  # an edit making it the same


def added(station, capsys, *options):
    code, out, err = run(capsys, "--data-dir", station, "publicity", "add", "--json", *options)
    assert code == 0, err
    return json.loads(out)


def listed(station, capsys):
    return json.loads(run(capsys, "--data-dir", station, "publicity", "list", "--json")[1])


def audit_entries(station, capsys):
    return json.loads(run(capsys, "--data-dir", station, "audit", "verify", "--json")[1])["entries"]


def test_publicity_edit_changes_only_the_options_given_as_the_window_saves_it(station, capsys, english):
    item = added(station, capsys, "--date", "2026-04-01", "--title", "进社区宣传", "--flyers", "300")
    entries = audit_entries(station, capsys)
    code, out, err = run(capsys, "--data-dir", station, "publicity", "edit", item["id"], "--flyers", "1.2万",
                         "--kind", "enterprise", "--agency", "440605121", "--json")
    assert code == 0, err
    edited = json.loads(out)
    assert {k: edited[k] for k in ("id", "held_on", "agency", "title", "kind", "flyers", "sms")} == {
        "id": item["id"], "held_on": "2026-04-01", "agency": "440605121", "title": "进社区宣传", "kind": "enterprise",
        "flyers": 12000, "sms": 0}
    assert edited["changed"] == ["kind", "agency_id", "flyers"]
    assert listed(station, capsys) == [{k: v for k, v in edited.items() if k != "changed"}]
    assert audit_entries(station, capsys) == entries + 1  # audited as the window's edit is
    code, out, _err = run(capsys, "--data-dir", station, "publicity", "edit", item["id"], "--flyers", "12,000")
    assert code == 0 and "nothing was changed" in out
    assert audit_entries(station, capsys) == entries + 1


@pytest.mark.parametrize("options, named", [
    (["--date", "2026-02-30"], "--date"), (["--title", "  "], "--title"), (["--sms", "-5"], "--sms"),
    (["--participants", "3" * 12], "--participants"), (["--agency", "999"], "--agency")])
def test_publicity_edit_refuses_a_value_the_window_refuses_and_changes_nothing(station, capsys, options, named):
    item = added(station, capsys, "--date", "2026-04-01", "--title", "进社区宣传")
    entries = audit_entries(station, capsys)
    code, out, err = run(capsys, "--data-dir", station, "publicity", "edit", item["id"], *options, "--json")
    assert (code, out) == (1, "") and named in err
    assert listed(station, capsys) == [item] and audit_entries(station, capsys) == entries


def test_publicity_edit_and_delete_refuse_an_unknown_id(station, capsys, english):
    item = added(station, capsys, "--date", "2026-04-01", "--title", "进社区宣传")
    for command in (["edit", "no-such-id", "--title", "x"], ["delete", "no-such-id"]):
        code, out, err = run(capsys, "--data-dir", station, "publicity", *command, "--json")
        assert (code, out) == (1, "") and "No publicity activity no-such-id" in err
    assert listed(station, capsys) == [item]


def test_publicity_delete_removes_the_activity_and_the_audit_log_keeps_it(station, capsys, english):
    kept = added(station, capsys, "--date", "2026-04-01", "--title", "保留")
    gone = added(station, capsys, "--date", "2026-04-02", "--title", "误录", "--sms", "50")
    entries = audit_entries(station, capsys)
    code, out, err = run(capsys, "--data-dir", station, "publicity", "delete", gone["id"], "--reason", "误录", "--json")
    assert code == 0, err
    assert json.loads(out) == {**gone, "reason": "误录"}
    assert listed(station, capsys) == [kept] and audit_entries(station, capsys) == entries + 2  # the deletion, and the activity kept with its reason
    code, out, _err = run(capsys, "--data-dir", station, "publicity", "delete", kept["id"], "--reason", "误录")
    assert code == 0 and "保留" in out and "deleted" in out and listed(station, capsys) == []


def test_the_same_activity_entered_twice_is_refused_naming_the_first_unless_allowed(station, capsys, english):
    first = added(station, capsys, "--date", "2026-04-01", "--title", "进社区宣传", "--flyers", "300")
    entries = audit_entries(station, capsys)
    code, out, err = run(capsys, "--data-dir", station, "publicity", "add", "--date", "2026/4/1", "--title",
                         "进社区 宣传", "--flyers", "20", "--json")
    assert (code, out) == (1, "")
    assert first["id"] in err and "“进社区宣传”" in err and "2026-04-01" in err and "--allow-duplicate" in err
    assert listed(station, capsys) == [first] and audit_entries(station, capsys) == entries
    other = added(station, capsys, "--date", "2026-04-01", "--title", "进企业宣讲")
    code, out, err = run(capsys, "--data-dir", station, "publicity", "edit", other["id"], "--title", "进社区宣传")
    assert (code, out) == (1, "") and first["id"] in err and "nothing was changed" in err
    assert {r["title"] for r in listed(station, capsys)} == {"进社区宣传", "进企业宣讲"}
    second = added(station, capsys, "--date", "2026-04-01", "--title", "进社区宣传", "--allow-duplicate")
    assert second["id"] != first["id"] and len(listed(station, capsys)) == 3
    code, _out, err = run(capsys, "--data-dir", station, "publicity", "edit", second["id"], "--sms", "80")
    assert code == 0, err  # a twin accepted once is not refused at each correction of its figures
