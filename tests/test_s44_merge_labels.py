"""The lines of headquarters' merge preview and its conflicts as the analyst reads them: a party added to a case at a
station changes the parties linked to the case and the names the case holds of them, two lines that both read 当事人;
and a party's role was shown by its stored key where a case's parties hold different roles."""

from __future__ import annotations

from dataclasses import replace

from tests.helpers import CASE, merge_preview, open_db, run
from tests.test_bundle import export, first_merge, import_, merged, template  # noqa: F401
from workstation.bundle.conflict_text import field_label
from workstation.records import Party
from workstation.store import find_case, save_party, update_case


def _add_party(data_dir, role: str | None = None) -> tuple[str, str]:
    """陈某 added to the case at ``data_dir`` as its second party (given ``role``, which no form sets yet: a version to
    come, or another program, may): the names of its first party and of the one added."""
    db = open_db(data_dir)
    try:
        added = save_party(db, Party(name="陈某", kind="person", address="佛山市南海区桂城街道1号")).id
        case = find_case(db, CASE)
        update_case(db, replace(case, party_ids=[*case.party_ids, added]))
        if role:
            db.execute("UPDATE case_parties SET role = ? WHERE party_id = ?", [role, added])
            db.conn.commit()
        return case.party_names, "陈某"
    finally:
        db.conn.close()


def _set_roles(data_dir, role: str) -> None:
    """Every party of the case at ``data_dir`` given ``role``, with a change of its facts that records an edit (its
    cause no longer changes: the case is closed, ``cases.closed_figures_errors``)."""
    db = open_db(data_dir)
    try:
        update_case(db, replace(find_case(db, CASE), facts="市局补充的违法事实"))
        db.execute("UPDATE case_parties SET role = ? WHERE case_id = (SELECT id FROM cases WHERE case_number = ?)",
                   [role, CASE])
        db.conn.commit()
    finally:
        db.conn.close()


def _case_lines(dirs, bundle: str) -> list[list[str]]:
    """The merge preview's lines at headquarters for ``bundle``: label, action, the value here, the station's, the
    last shared and what the merge does, each in full."""
    return merge_preview(dirs / "hq", dirs / bundle)


def test_a_party_added_shows_the_linked_parties_apart_from_their_names(capsys, merged, english, qtbot):  # noqa: F811
    dirs = merged
    first, added = _add_party(dirs / "station")
    export(capsys, dirs, "two.bundle")
    lines = {line[0]: (line[2], line[3]) for line in _case_lines(dirs, "two.bundle")}
    both = (first, f"{first}、{added}")
    assert lines["Parties linked to the case"] == both
    assert lines["Party names as written on the case"] == both
    assert "Parties" not in lines


def test_the_two_lines_of_a_party_added_read_apart_in_chinese(capsys, merged, chinese, qtbot):  # noqa: F811
    dirs = merged
    _add_party(dirs / "station")
    export(capsys, dirs, "two.bundle")
    labels = [line[0] for line in _case_lines(dirs, "two.bundle")]
    assert len(labels) == len(set(labels)) == 2


def test_the_usual_role_is_named_in_chinese_beside_another(capsys, merged, chinese, qtbot):  # noqa: F811
    dirs = merged
    first, added = _add_party(dirs / "station", role="principal")
    export(capsys, dirs, "two.bundle")
    [(here, station)] = [(line[2], line[3]) for line in _case_lines(dirs, "two.bundle")
                         if line[0] == field_label("_parties", "cases")]
    # the first party holds the usual role, named as such (it read 佛山市…公司、陈某（角色：principal）)
    assert (here, station) == (first, f"{first}（角色：当事人）、{added}（角色：principal）")


def test_a_conflict_over_the_parties_roles_names_the_usual_role_in_chinese(capsys, merged, chinese):  # noqa: F811
    dirs = merged
    _set_roles(dirs / "hq", "secondary")
    first, added = _add_party(dirs / "station", role="principal")
    export(capsys, dirs, "two.bundle")
    assert import_(capsys, dirs, "two.bundle")["conflicts"] == 1
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
    assert (code, err) == (0, "")
    assert out.rstrip("\n").endswith(f"本机：{first}（角色：secondary）；南海区局：{first}（角色：当事人）、{added}（角色：principal）")
