"""Listings on stdout show the control characters and text-direction controls of the texts they print as escapes
(\\x1b, \\x0d, \\u202e), as stderr shows them: a party's name holding an ESC sequence, a carriage return or a U+202E
cannot recolour, clear or rewrite the officer's terminal. A stored text's own line break or tab is a space in its
cell, so that each row stays one line of tab-separated cells; --json results stay exactly as JSON writes them."""

import json
import sys

from tests.helpers import run
from workstation.records import Case, Party
from workstation.store import agency_id_for_code, create_case, save_party

NAME = "佛山\x1b[2J某\u202e公司\r改写\n第二行\t列"
SHOWN = "佛山\\x1b[2J某\\u202e公司\\x0d改写 第二行 列"


def _case_of(db, name: str) -> None:
    # the editors refuse such a name (``store.parties.text_field_problem``): one stored before that check
    party = save_party(db, Party(name="佛山某公司", uscc="91512081MA62K0260E"))
    db.execute("UPDATE parties SET name = ? WHERE id = ?", [name, party.id])
    create_case(db, Case(case_number="佛南市监立〔2026〕1号", cause="涉嫌未经同意发送商业性信息案", sector="real_estate",
                         agency_id=agency_id_for_code("440605"), party_ids=[party.id], status="investigating"))
    db.conn.commit()


def test_the_case_list_shows_a_partys_controls_escaped_on_one_row(db, data_dir, capsys):
    _case_of(db, NAME)
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "list")
    assert code == 0, err
    assert not {"\x1b", "\r", "\u202e"} & set(out)
    (row,) = out.splitlines()
    number, party, *_rest = row.split("\t")
    assert (number, party, len(_rest)) == ("佛南市监立〔2026〕1号", SHOWN, 3)


def test_the_json_result_keeps_the_stored_text_as_json_writes_it(db, data_dir, capsys):
    _case_of(db, NAME)
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "list", "--json")
    assert code == 0, err
    (row,) = json.loads(out)
    assert row["party"] == NAME
    assert out == json.dumps([row], ensure_ascii=False, indent=1) + "\n"  # byte for byte: U+202E as it is, no \\x


def test_ordinary_chinese_text_and_the_rows_layout_are_unchanged(db, data_dir, capsys):
    _case_of(db, "佛山市南海区誉嘉房地产代理有限公司")
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "list")
    assert code == 0, err
    assert out.startswith("佛南市监立〔2026〕1号\t佛山市南海区誉嘉房地产代理有限公司\t") and out.count("\n") == 1


def test_a_publicity_title_with_a_tab_and_a_line_break_keeps_its_row(tmp_path, capsys):
    station = tmp_path / "station"
    code, _out, err = run(capsys, "--data-dir", station, "init", "--plaintext", "--agency", "440605")
    assert code == 0, err
    code, _out, err = run(capsys, "--data-dir", station, "publicity", "add", "--date", "2026-03-08", "--title",
                          "进社区\t宣传\n第二场", "--flyers", "200")
    assert code == 0, err
    code, out, err = run(capsys, "--data-dir", station, "publicity", "list")
    assert code == 0, err
    row, _totals = out.splitlines()
    cells = row.split("\t")
    assert cells[0] == "2026-03-08" and cells[3] == "进社区 宣传 第二场" and cells[4] == "200"


def test_stdout_is_put_back_after_the_command(db, data_dir, capsys):
    before = sys.stdout
    run(capsys, "--data-dir", data_dir, "cases", "list")
    assert sys.stdout is before
