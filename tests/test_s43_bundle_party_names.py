"""A case's parties in the merge preview and in the conflicts: by their names, never the start of their ids, and
with the role a party holds where it is not the usual one, so that a conflict over a party's role alone reads
differently on either side."""

from __future__ import annotations

from dataclasses import replace

from tests.helpers import merge_preview, open_db, run, run_json
from tests.test_bundle import EDITED, _edit_case, export, first_merge, import_, merged, template  # noqa: F401
from workstation.bundle.conflict_text import field_label, table_label
from workstation.records import Party
from workstation.store import find_case, save_party, update_case


def _set_role(data_dir, role: str, **edit) -> None:
    """The case edited with ``edit`` at ``data_dir``, then its party given ``role`` (no form sets one yet: a
    version to come, or another program, may)."""
    _edit_case(data_dir, **edit)
    db = open_db(data_dir)
    try:
        db.execute("UPDATE case_parties SET role = ? WHERE case_id = (SELECT id FROM cases WHERE case_number = ?)",
                   [role, EDITED])
        db.conn.commit()
    finally:
        db.conn.close()


def _party(data_dir) -> str:
    db = open_db(data_dir)
    try:
        return find_case(db, EDITED).party_names
    finally:
        db.conn.close()


def _preview_lines(dirs, bundle: str, label: str) -> list[tuple[str, str]]:
    """The merge preview's lines of ``label`` at headquarters for ``bundle``: the value here and the station's, each
    in full (its tooltip)."""
    return [(line[2], line[3]) for line in merge_preview(dirs / "hq", dirs / bundle) if line[0] == label]


def test_a_conflict_over_a_party_s_role_alone_shows_each_side_s_role(capsys, merged, english):  # noqa: F811
    dirs = merged
    party = _party(dirs / "hq")
    _set_role(dirs / "hq", "secondary", cause="侵害消费者个人信息案（市局更正）")
    _set_role(dirs / "station", "principal", facts="站点补充事实")
    export(capsys, dirs, "two.bundle")
    assert import_(capsys, dirs, "two.bundle")["conflicts"] == 1
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
    [conflict] = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
    assert (code, err, conflict["field"]) == (0, "", "_parties")
    assert out == (f"{conflict['id']}\t{table_label('cases')} {EDITED} {field_label('_parties', 'cases')} "
                   f"this installation: {party} (role: secondary); 南海区局: {party} (role: principal)\n")


def test_the_merge_preview_names_a_case_s_parties_added_at_the_station(capsys, merged, english, qtbot):  # noqa: F811
    dirs = merged
    first = _party(dirs / "station")
    db = open_db(dirs / "station")
    try:
        other = save_party(db, Party(name="陈某", kind="person", address="佛山市南海区桂城街道1号")).id
        case = find_case(db, EDITED)
        update_case(db, replace(case, party_ids=[*case.party_ids, other]))
    finally:
        db.conn.close()
    export(capsys, dirs, "two.bundle")
    # the list of the case's parties, and their names as the case lists them: here, then the station's
    for label in ("Parties linked to the case", "Party names as written on the case"):
        assert _preview_lines(dirs, "two.bundle", label) == [(first, f"{first}、陈某")]


def test_the_merge_preview_shows_a_party_s_role_changed_at_the_station(capsys, merged, english, qtbot):  # noqa: F811
    dirs = merged
    party = _party(dirs / "station")
    _set_role(dirs / "station", "principal", facts="站点补充事实")
    export(capsys, dirs, "two.bundle")
    assert _preview_lines(dirs, "two.bundle", "Parties linked to the case") == [(party, f"{party} (role: principal)")]
