"""Headquarters reads the open conflicts on the command line as the 冲突 tab shows them (kind, field label, amounts
in yuan), and the computer's account is never shown as who imported a bundle, set the role or froze a report
period: the officer signed in is, else 未登录/命令行."""

from __future__ import annotations

import json

from tests.helpers import open_db, run, run_json
from tests.test_bundle import EDITED, _edit_case, dirs, export, import_, template, trust  # noqa: F401
from workstation.audit import no_officer_text
from workstation.bundle.conflict_text import field_label, table_label
from workstation.i18n import _
from workstation.money import figures


def _officer(data_dir) -> str:
    db = open_db(data_dir)
    name = db.execute("SELECT name FROM officers WHERE active = 1 ORDER BY name LIMIT 1").fetchone()[0]
    db.conn.close()
    return name


def test_bundle_conflicts_reads_as_the_conflicts_tab_and_keeps_its_json(capsys, dirs):  # noqa: F811
    export(capsys, dirs)
    trust(capsys, dirs)
    import_(capsys, dirs)
    _edit_case(dirs / "hq", fine_fen=1_100_000)
    _edit_case(dirs / "station", fine_fen=1_200_000)
    export(capsys, dirs, "two.bundle")
    import_(capsys, dirs, "two.bundle")
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
    assert (code, err) == (0, "")
    [conflict] = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
    assert out == (f"{conflict['id']}\t{table_label('cases')} {EDITED} {field_label('fine_fen')} "
                   f"{_('{column}: {value}').format(column=_('this installation'), value=figures(1_100_000))}"
                   f"{_('; ')}{_('{column}: {value}').format(column='南海区局', value=figures(1_200_000))}\n")
    assert "11,000.00" in out
    assert "fine_fen" not in out and "1100000" not in out
    # the raw values stay under their keys, the readable ones beside them
    assert (conflict["table"], conflict["field"], conflict["local"], conflict["incoming"]) == (
        "cases", "fine_fen", 1_100_000, 1_200_000)
    assert (conflict["kind"], conflict["field_label"], conflict["local_text"], conflict["incoming_text"]) == (
        table_label("cases"), field_label("fine_fen"), figures(1_100_000), figures(1_200_000))


def test_a_frozen_period_names_the_officer_never_the_computer_s_account(capsys, dirs, monkeypatch, tmp_path):  # noqa: F811
    hq = dirs / "station"
    for label in ("2026年第1期", "2026年第2期"):
        if label.endswith("2期"):
            monkeypatch.setenv("WORKSTATION_ACTOR", _officer(hq))  # signed in as an officer
        assert run(capsys, "--data-dir", hq, "report", "campaign", "-o", tmp_path / f"{label}.xlsx",
                   "--freeze", label)[0] == 0
    code, out, err = run(capsys, "--data-dir", hq, "report", "periods")
    lines = {line.split("\t")[0]: line.split("\t")[4] for line in out.splitlines()}
    assert lines == {"2026年第1期": no_officer_text(), "2026年第2期": _officer(hq)}
    assert "tester" not in out
    periods = {p["label"]: p for p in run_json(capsys, "--data-dir", hq, "report", "periods")}
    assert periods["2026年第1期"]["frozen_by_officer"] == ""
    assert periods["2026年第2期"]["frozen_by_officer"] == _officer(hq)


def test_the_role_and_an_import_of_an_earlier_version_never_name_the_computer_s_account(capsys, dirs):  # noqa: F811
    from workstation.bundle import list_imports
    from workstation.station_role import ROLE_FILE

    code, out, err = run(capsys, "--data-dir", dirs / "hq", "station", "role", "headquarters")
    assert code == 0 and "tester" not in out and no_officer_text() in out
    # a role file and an import an earlier version wrote with the computer's account
    path = dirs / "hq" / ROLE_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, "set_by": "root"}), encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "station", "role")
    assert code == 0 and "root" not in out and no_officer_text() in out, out
    export(capsys, dirs)
    trust(capsys, dirs)
    import_(capsys, dirs)
    db = open_db(dirs / "hq")
    [imported] = list_imports(db)
    # the import now stores no computer's account at all (nobody signed in: empty), and shows none
    assert imported["imported_by"] == "" and imported["imported_by_officer"] == ""
    db.conn.close()
    from workstation.bundle import list_exports

    db = open_db(dirs / "station")
    assert [e["created_by"] for e in list_exports(db)] == [""]  # the export likewise
    db.conn.close()
