"""Numbers given once only, in order (audit s56): a station holding number blocks (号段) of a sequence takes no
serial by hand outside them (another station may be given it); headquarters refusing a bundle over a 文号 two
stations took names the station that went outside the block, not the one that followed it; a case filed after a
register was imported takes a number above the register's, not one below it; the blocks of a station not known here
are listed as another station's, not by a raw id."""

from __future__ import annotations

import csv
import json
from dataclasses import replace

import pytest
from stdnum.cn import uscc

from tests.helpers import beijing_year, copy_of, run, run_json
from tests.test_case_number_blocks import _file, _pending
from tests.test_numbering_hold import _summons
from workstation.importing.register import import_register
from workstation.store import find_case, update_case

YEAR = beijing_year()
DEMO_CASE = "佛南市监立〔2026〕9号"
INQUIRY = f"佛南市监询〔{YEAR}〕"


@pytest.fixture(scope="module")
def stations_template(hq_and_two_nanhai_template):
    """Headquarters trusting stations a (南海甲) and b (南海乙) of Nanhai, each with the demo cases; made once a
    worker (conftest)."""
    return hq_and_two_nanhai_template(demo=True)


@pytest.fixture
def stations(stations_template, tmp_path):
    return copy_of(stations_template, tmp_path)


def _station_id(capsys, data_dir) -> str:
    return run_json(capsys, "--data-dir", data_dir, "station", "show")["id"]


def _allocate(capsys, dirs, station, first, last):
    run_json(capsys, "--data-dir", dirs / "hq", "numbers", "allocate", "--agency", "440605", "--type", "询",
             "--year", YEAR, "--from", first, "--to", last, "--station", _station_id(capsys, dirs / station))


def _hand_out(capsys, dirs, station):
    """Headquarters' hand-out for ``station``, taken there."""
    name = {"a": "南海甲", "b": "南海乙"}[station]
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / f"h-{station}.bundle", "--for", name)
    run_json(capsys, "--data-dir", dirs / station, "bundle", "import", dirs / f"h-{station}.bundle")


def _issue(capsys, dirs, station, *extra):
    out = dirs / f"{station}-{len(list(dirs.glob('*.pdf')))}.pdf"
    return run(capsys, "--data-dir", dirs / station, "docs", "issue", DEMO_CASE, "--form", "inquiry_notice",
               "--values", _summons(dirs), "-o", out, "--json", *extra)


def _number(capsys, dirs, station, *extra) -> str:
    code, out, err = _issue(capsys, dirs, station, *extra)
    assert code == 0, err
    return json.loads(out)["number"]


def _send(capsys, dirs, station):
    """The station's bundle to headquarters, imported there: (exit code, stdout, stderr)."""
    run_json(capsys, "--data-dir", dirs / station, "bundle", "export", "-o", dirs / f"{station}.bundle", "--force")
    return run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / f"{station}.bundle")


# ---- 1. a serial chosen by hand outside the station's own blocks


def test_a_station_holding_blocks_takes_no_serial_by_hand_outside_them(stations, capsys, english):
    _allocate(capsys, stations, "a", 1, 3)
    _allocate(capsys, stations, "a", 21, 25)
    _hand_out(capsys, stations, "a")
    code, out, err = _issue(capsys, stations, "a", "--serial", 10)
    assert code == 1 and out == ""
    assert err.strip() == (
        f"Error: {INQUIRY}10号 lies outside the number blocks this station holds for {INQUIRY} (1–3、21–25): while it "
        "holds blocks of a sequence, a station issues only serials inside them, headquarters giving the others to "
        "other stations. Choose a serial inside its blocks, or let the workstation number the document; a number "
        "headquarters gave outside them is entered first as a block (on the Exchange page's Number blocks tab, "
        "“Add number block…”, or `numbers add-block`).")
    assert _number(capsys, stations, "a", "--serial", 22) == f"{INQUIRY}22号"  # inside its own block: taken
    assert _number(capsys, stations, "a") == f"{INQUIRY}1号"


def test_a_serial_in_another_station_s_block_names_that_station_or_its_short_id(stations, capsys, english):
    _allocate(capsys, stations, "a", 1, 3)
    _hand_out(capsys, stations, "b")  # b learns of a's block; it does not know station a itself
    a = _station_id(capsys, stations / "a")
    code, _out, err = _issue(capsys, stations, "b", "--serial", 2)
    assert code == 1 and err.strip() == (
        f"Error: {INQUIRY}2号 lies in the number block 1–3 of another station ({a[:8]}…), not known here: only that "
        "station issues it; choose a serial outside it.")
    assert a not in err
    # the block list names no raw id either; once b trusts a's card, a's name
    blocks = run_json(capsys, "--data-dir", stations / "b", "numbers", "blocks")
    assert [b["station_label"] for b in blocks] == [f"another station ({a[:8]}…)"]
    code, out, _err = run(capsys, "--data-dir", stations / "b", "numbers", "blocks")
    assert out.strip() == f"{INQUIRY}1–3号 for another station ({a[:8]}…): 0 issued"
    run_json(capsys, "--data-dir", stations / "b", "station", "trust", stations / "a.card")
    assert [b["station_label"] for b in run_json(capsys, "--data-dir", stations / "b", "numbers", "blocks")] == [
        "南海甲"]


def test_headquarters_names_the_station_that_issued_outside_the_block(stations, capsys, english):
    # a, holding no block yet, takes 10 by hand; headquarters gives 4–20 to b, which numbers up to 10 inside it
    assert _number(capsys, stations, "a", "--serial", 10) == f"{INQUIRY}10号"
    _allocate(capsys, stations, "b", 4, 20)
    _hand_out(capsys, stations, "b")
    assert [_number(capsys, stations, "b") for _ in range(7)][-1] == f"{INQUIRY}10号"
    assert _send(capsys, stations, "a")[0] == 0
    code, _out, err = _send(capsys, stations, "b")
    assert code == 1
    assert err.strip().endswith(
        f"document number {INQUIRY}10号 lies in the number block 4–20 of station 南海乙, which alone issues it, but "
        "station 南海甲 issued it too, outside that block (its document 询问通知书 of case 佛南市监立〔2026〕9号); the "
        "bundle is refused, nothing of it was merged. Ask station 南海甲 to void its document (`docs void`: it then "
        "issues it again under a number of its own) and to send a bundle; import that bundle, then this one again.")
    assert "ask the station to correct it" not in err


def test_headquarters_names_the_bundle_s_station_when_it_issued_outside_the_block(stations, capsys, english):
    # the same numbers, b's bundle arriving first: a's bundle brings the number issued outside b's block
    _number(capsys, stations, "a", "--serial", 10)
    _allocate(capsys, stations, "b", 4, 20)
    _hand_out(capsys, stations, "b")
    for _ in range(7):
        _number(capsys, stations, "b")
    assert _send(capsys, stations, "b")[0] == 0
    code, _out, err = _send(capsys, stations, "a")
    assert code == 1
    assert err.strip().endswith(
        f"document number {INQUIRY}10号 lies in the number block 4–20 of station 南海乙, which alone issues it; "
        "station 南海甲, whose bundle this is, issued it too, outside that block: the bundle is refused, nothing of "
        "it was merged. Ask station 南海甲 to void its document (`docs void`: it then issues it again under a "
        "number of its own) and to send a new bundle.")


# ---- 2. the next case number goes on above the highest in use


def _register(path, numbers: list[int]) -> str:
    header = ["案件编号", "当事人", "统一社会信用代码", "所属区", "行业领域", "案由", "违法行为", "立案日期", "办理状态",
              "涉案信息条数", "罚款金额（元）", "没收违法所得（元）"]
    rows = []
    for i, serial in enumerate(numbers):
        body = f"91440605MA4UX0K9{i}"
        rows.append([f"佛南市监立〔{YEAR}〕{serial}号", f"佛山市南海区导入{'甲乙丙'[i]}有限公司",
                     body + uscc.calc_check_digit(body), "南海区", "房地产租售", "涉嫌未经消费者同意发送商业性信息案",
                     "未经同意发送商业性信息", f"{YEAR}-01-0{i + 2}", "立案调查", "10", "0", "0"])
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    return path


def test_a_case_filed_after_a_register_import_takes_a_number_above_the_register_s(demo_db, tmp_path):
    result = import_register(demo_db, _register(tmp_path / "台账.csv", [20, 21]))
    assert result.imported == 2
    assert _file(demo_db) == f"佛南市监立〔{YEAR}〕22号"  # not 10, below the register's, maybe on paper already
    assert _file(demo_db) == f"佛南市监立〔{YEAR}〕23号"


def test_a_case_number_typed_by_hand_moves_the_next_one_above_it(demo_db):
    following = _file(demo_db)
    case = find_case(demo_db, following)
    update_case(demo_db, replace(case, case_number=f"佛南市监立〔{YEAR}〕40号"))  # as its paper bears it
    assert _file(demo_db) == f"佛南市监立〔{YEAR}〕41号"


def test_a_case_filed_after_a_register_with_an_unnumbered_row_goes_on_above_the_file(demo_db, tmp_path):
    path = _register(tmp_path / "台账.csv", [30, 31, 0])
    text = path.read_text(encoding="utf-8").replace(f"佛南市监立〔{YEAR}〕0号", "")
    path.write_text(text, encoding="utf-8")
    assert import_register(demo_db, path).imported == 3
    numbers = {r[0] for r in demo_db.execute("SELECT case_number FROM cases WHERE party_names LIKE '%导入%'")}
    assert len(numbers) == 3 and {f"佛南市监立〔{YEAR}〕30号", f"佛南市监立〔{YEAR}〕31号"} < numbers
    assert _pending(demo_db).case_number == ""
    assert _file(demo_db) == f"佛南市监立〔{YEAR}〕32号"


# ---- final read


def test_a_last_year_serial_is_not_hand_picked_while_only_this_year_s_blocks_are_held(stations, capsys, english):
    from tests.helpers import open_db
    from workstation.documents.numbering import serial_refusal
    from workstation.store import agency_id_for_code

    _allocate(capsys, stations, "a", 1, 3)
    _hand_out(capsys, stations, "a")
    db = open_db(stations / "a")
    try:
        last_year = int(YEAR) - 1
        refusal = serial_refusal(db, agency_id_for_code("440605"), "询", 50, last_year)
        assert refusal == (f"This station has no number block of 佛南市监询〔{last_year}〕 for {last_year} (it numbers "
                           f"inside headquarters' blocks of {YEAR}, and counts no other year on its own): ask "
                           f"headquarters for a block of {last_year} and enter it (on the Exchange page's Number blocks "
                           "tab, “Add number block…”, or `numbers add-block`).")
        assert serial_refusal(db, agency_id_for_code("440605"), "询", 50, int(YEAR) - 2) is None  # before last year: by hand, as on paper
    finally:
        db.conn.close()


def test_unnumbered_register_rows_read_the_highest_case_number_once(demo_db, tmp_path):
    path = _register(tmp_path / "台账.csv", [0, 0, 0])
    path.write_text(path.read_text(encoding="utf-8").replace(f"佛南市监立〔{YEAR}〕0号", ""), encoding="utf-8")
    highest = []
    demo_db.conn.set_trace_callback(lambda sql: highest.append(sql) if "MAX(CAST(substr(case_number" in sql else None)
    try:
        assert import_register(demo_db, path).imported == 3
    finally:
        demo_db.conn.set_trace_callback(None)
    numbers = sorted(r[0] for r in demo_db.execute("SELECT case_number FROM cases WHERE party_names LIKE '%导入%'"))
    first = int(numbers[0].split("〕")[1].removesuffix("号"))
    assert numbers == sorted(f"佛南市监立〔{YEAR}〕{n}号" for n in range(first, first + 3))
    assert highest and len(highest) == len(set(highest))  # once per prefix, not once per row
    assert _file(demo_db) == f"佛南市监立〔{YEAR}〕{first + 3}号"
