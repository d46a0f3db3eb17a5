"""Headquarters' wording as the audit of the HQ merge and campaign report (session 70) read it: ``bundle conflicts``
says which value is this installation's and which the sending station's, naming the station (本机：…；南海区局：…),
its --json as before; a bundle imported before says only that it was (no 已合并 … 未变N件 of a merge that did not
happen), its --json counting nothing merged; a one-day period is written as the date alone (2026年6月30日), in the
report's opening line and in its month rows, a period frozen before printing its rows as sent."""

from __future__ import annotations

from tests.helpers import db_digest, run, run_json
from tests.test_bundle import EDITED, _edit_case, dirs, export, import_, template, trust  # noqa: F401
from workstation.money import figures

ALREADY = "该案卷包此前已导入；未做任何更改。"
#: the keys ``bundle conflicts --json`` gave each conflict before (HQ scripts read them)
CONFLICT_KEYS = {"id", "table", "record_id", "record", "field", "local", "incoming", "station", "detected_at", "kind",
                 "field_label", "local_text", "incoming_text"}


# ---- 1. bundle conflicts names each side ----------------------------------------------------------------------


def _merged_once(capsys, dirs):  # noqa: F811
    """The station's bundle merged at headquarters, which trusts it."""
    export(capsys, dirs)
    trust(capsys, dirs)
    import_(capsys, dirs)


def _fines_in_conflict(capsys, dirs):  # noqa: F811
    """After a first merge, the case's fine changed both at headquarters (11,000.00) and at the station (12,000.00),
    and the station's second bundle merged: one open conflict."""
    _merged_once(capsys, dirs)
    _edit_case(dirs / "hq", fine_fen=1_100_000)
    _edit_case(dirs / "station", fine_fen=1_200_000)
    export(capsys, dirs, "two.bundle")
    import_(capsys, dirs, "two.bundle")


def test_a_conflict_line_labels_this_installation_s_value_and_names_the_station(capsys, dirs, chinese):  # noqa: F811
    _fines_in_conflict(capsys, dirs)
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
    assert (code, err) == (0, "")
    [conflict] = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
    assert out == (f"{conflict['id']}\t案件 {EDITED} 罚款（元） "
                   f"本机：{figures(1_100_000)}；南海区局：{figures(1_200_000)}\n")
    assert "≠" not in out
    # the JSON as HQ scripts read it: the same keys, the raw values under them
    assert set(conflict) == CONFLICT_KEYS
    assert (conflict["local"], conflict["incoming"], conflict["station"]) == (1_100_000, 1_200_000, "南海区局")
    assert (conflict["local_text"], conflict["incoming_text"]) == (figures(1_100_000), figures(1_200_000))


def test_a_conflict_line_in_english_names_the_sides_too(capsys, dirs, english):  # noqa: F811
    _fines_in_conflict(capsys, dirs)
    out = run(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")[1]
    assert out.rstrip("\n").endswith(f"this installation: {figures(1_100_000)}; 南海区局: {figures(1_200_000)}")



def test_a_conflict_line_names_the_sender_as_the_conflicts_tab_s_station_column_does(chinese):
    """The station of a conflict, in ``bundle conflicts`` and in the 冲突 tab's Station column, one way: by its name,
    未命名 for one never named, the start of its id when no station held here has it (the line puts the word
    "站点" before those two)."""
    from types import SimpleNamespace

    from ui.exchange_page import _models
    from workstation.bundle.conflict_text import conflict_text

    column = dict(_models()[3])["Station"]
    for name, station_id, shown, said in (("顺德区局", "", "顺德区局", "顺德区局"),
                                          ("站点", "5d1e0c7a9b", "未命名", "站点未命名"),
                                          ("", "0f3c9a2b77e1", "0f3c9a2b", "站点0f3c9a2b")):
        conflict = SimpleNamespace(table="cases", field="fine_fen", local=100, incoming=200, label=EDITED,
                                   station_name=name, station_id=station_id)
        assert column(conflict) == shown
        assert conflict_text(conflict, {}) == (f"案件 {EDITED} 罚款（元） 本机：{figures(100)}；{said}：{figures(200)}")


# ---- 2. a bundle imported before ------------------------------------------------------------------------------


def _older_imported_again(capsys, dirs):  # noqa: F811
    """one.bundle and then two.bundle (the case's fine changed at the station) merged at headquarters: one.bundle's
    copy of the case is no longer what headquarters holds."""
    _merged_once(capsys, dirs)
    _edit_case(dirs / "station", fine_fen=1_300_000)
    export(capsys, dirs, "two.bundle")
    assert import_(capsys, dirs, "two.bundle")["updated"] >= 1


def test_an_older_bundle_imported_again_says_only_that_it_was_imported_before(capsys, dirs, chinese):  # noqa: F811
    _older_imported_again(capsys, dirs)
    before = db_digest(dirs / "hq")
    code, out, _err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "one.bundle")
    assert (code, out) == (0, ALREADY + "\n")
    assert "已合并" not in out and "未变" not in out
    # a dry run says the same, not what it "would merge"
    code, out, _err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "one.bundle", "--dry-run")
    assert (code, out) == (0, ALREADY + "\n")
    assert db_digest(dirs / "hq") == before


def test_an_older_bundle_imported_again_counts_nothing_merged_in_its_json(capsys, dirs):  # noqa: F811
    _older_imported_again(capsys, dirs)
    for extra in ((), ("--dry-run",)):
        again = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "one.bundle", *extra)
        # the four counts CLI.md names are there, each nothing; the flag says why
        assert {key: again[key] for key in ("new", "updated", "unchanged", "conflicts")} == dict.fromkeys(
            ("new", "updated", "unchanged", "conflicts"), 0), extra
        assert again["already_imported"] is True
        assert (again["deleted"], again["kept_newer"]) == (0, 0)
        assert not any(any(counts.values()) for counts in again["by_table"].values())



def test_an_already_imported_bundle_counts_the_same_nothing_in_a_dry_run_as_in_its_import(capsys, dirs):  # noqa: F811
    """The library's result, whichever the caller: a preview of a bundle imported before counts what its import
    does, nothing, table by table too (not the bundle's records as "unchanged")."""
    from tests.helpers import open_db
    from workstation.bundle import import_bundle

    _older_imported_again(capsys, dirs)
    keys = ("new", "updated", "unchanged", "conflicts", "deleted", "kept_newer")
    db = open_db(dirs / "hq")
    try:
        planned = import_bundle(db, dirs / "hq", dirs / "one.bundle", dry_run=True)
        done = import_bundle(db, dirs / "hq", dirs / "one.bundle")
    finally:
        db.conn.close()
    assert {key: planned[key] for key in keys} == {key: done[key] for key in keys} == dict.fromkeys(keys, 0)
    assert planned["by_table"] == done["by_table"] == {}
    assert planned["already_imported"] is done["already_imported"] is True


# ---- 3. a one-day period ----------------------------------------------------------------------------------------


def test_a_one_day_period_is_the_date_alone():
    from workstation.reports.text import period_text

    assert period_text("2026-06-30", "2026-06-30", "2026-12-07") == "2026年6月30日"
    # several days keep their form
    assert period_text("2026-06-03", "2026-06-30", "2026-12-07") == "2026年6月3日至6月30日"
    assert period_text("2026-06-30", "2026-07-01", "2026-12-07") == "2026年6月30日至7月1日"


def test_a_one_day_report_opens_with_the_date_alone_and_labels_its_month_row_so(demo_db, monkeypatch):
    from workstation.reports import data as report_module
    from workstation.reports.data import FORMAT, month_label, report_data
    from workstation.reports.document import tables

    monkeypatch.setattr(report_module, "now", lambda: "2026-12-07T10:00:00+08:00")
    data = report_data(demo_db, "2026-06-30", "2026-06-30")
    assert data["opening"].startswith("2026年6月30日，"), data["opening"]
    assert data["period"]["text"] == "2026年6月30日"
    assert FORMAT >= 22 and data["format"] == FORMAT  # the month rows print otherwise: format 22 on
    assert [row[0].replace("\n", "") for row in tables(data)[-1][2]][0] == "2026年6月30日"
    # a period whose first or last month holds one day of it: that day alone; a part of several days as before
    data = report_data(demo_db, "2026-06-30", "2026-07-15")
    assert [month_label(data, m) for m in ("2026-06", "2026-07")] == ["2026年6月30日", "2026年7月1日至15日"]
    data = report_data(demo_db, "2026-06-15", "2026-07-01")
    assert [month_label(data, m) for m in ("2026-06", "2026-07")] == ["2026年6月15日至30日", "2026年7月1日"]
    # a period frozen before prints its rows as it was sent
    frozen = data | {"format": 21}
    assert [month_label(frozen, m) for m in ("2026-06", "2026-07")] == ["2026年6月15日至30日", "2026年7月1日至1日"]


def test_a_one_day_period_is_the_date_alone_in_the_workbook_s_month_sheet_and_a_file_s_heading():
    from workstation.evaluation import period_words
    from workstation.reports.workbook import sheet_month

    assert period_words("2026-06-30", "2026-06-30") == "2026-06-30"
    assert period_words("2026-06-01", "2026-06-30") == "2026-06-01至2026-06-30"
    one_day = {"format": 22, "generated_at": "2026-07-01T09:00:00", "period": {"from": "2026-06-30", "to": "2026-06-30"}}
    assert sheet_month(one_day, "2026-06") == "2026-06-30"
    # a report sent before keeps its rows as it was sent
    assert sheet_month({**one_day, "format": 21}, "2026-06") == "2026-06-30至2026-06-30"
