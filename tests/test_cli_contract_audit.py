"""An audit of ../shared/CLI.md against the program: every command of its table run as written, with the global
options before and after the command, giving the keys its ``--json`` result must have; and the refusals the audit
found said badly or not at all (a period up to the calendar's last day, an unknown agency code at ``init``, a
passphrase file not in UTF-8)."""

import json
import os
from pathlib import Path

import pytest

from tests.helpers import CASE, run, run_json
from workstation.paths import database_path
from workstation.security import keyring, session

PASSPHRASE = "黄丽娟的口令2026"
FAST = {"memory_kib": 1024, "iterations": 1, "lanes": 1}

COMPLAINTS = (
    "工单编号,受理时间,来电号码,诉求人,内容描述,所属区\n"
    "GD-001,2026-03-01 09:00,13900001111,张三,13800138000天天打电话推销楼盘，我的个人信息被泄露了,南海区\n"
)

# CLI.md's table: the command as it writes it ({T} a folder for files, {B} a bundle of another station), and the
# keys its --json result must have (for a list, those of each item)
TABLE = [
    (["init", "--agency", "440605", "--station-name", "南海区局执法一队"], {"data_dir", "schema"}),
    (["demo", "--without-complaints"], {"cases", "leads", "interviews"}),
    (
        ["stats", "--agency", "440605", "--from", "2026-01-01", "--to", "2026-12-31"],
        {
            "cases",
            "infringing_records",
            "fines_fen",
            "confiscated_fen",
            "penalties_total_fen",
            "leads",
            "complaints",
            "interviews",
            "publicity",
        },
    ),
    (["cases", "import", "{T}/台账.csv", "--dry-run"], {"rows", "imported", "skipped", "errors"}),
    (
        ["cases", "list", "--status", "closed", "--sector", "education", "--search", "佛"],
        {"id", "case_number", "party", "sector", "status"},
    ),
    (["docs", "forms"], {"id", "title"}),
    (
        ["docs", "render", CASE, "--form", "filing_approval", "--format", "pdf", "-o", "{T}/立案审批表.pdf"],
        {"path", "pages"},
    ),
    (
        ["complaints", "import", "{T}/投诉.csv", "--profile", "12345"],
        {"rows", "imported", "duplicates", "errors"},
    ),
    (["leads", "screen"], {"screened", "related", "related_ids", "leads"}),
    (["bundle", "export", "-o", "{T}/报送.bundle", "--case", CASE], {"path", "cases", "files", "sha256"}),
    (["bundle", "verify", "{B}"], {"valid", "station", "cases"}),
    (["bundle", "import", "{B}", "--dry-run"], {"new", "updated", "unchanged", "conflicts"}),
    (["report", "campaign", "--format", "xlsx", "-o", "{T}/通报.xlsx"], {"path"}),
    (["backup", "create"], {"path"}),
    (["backup", "list"], {"id", "created", "size"}),  # after a `backup create`: a list of none checks no key
    (["audit", "verify"], {"valid", "entries"}),
    (["calendar", "add-workdays", "2026-09-30", "1"], {"date"}),
    (
        ["law", "criminal", "--trace", "50", "--sensitive", "10", "--other", "100", "--gains", "1,000"],
        {"ratio", "serious", "especially_serious"},
    ),
]


@pytest.fixture
def station(tmp_path, cli_station):
    return cli_station(tmp_path / "station", ["init", "--agency", "440605"], ["demo", "--without-complaints"])


@pytest.fixture
def other_bundle(tmp_path, cli_station, capsys):
    """A bundle of case 1 exported by another station (the demo under another agency, another station key), for
    verify and import: a station refuses to import its own."""
    other = cli_station(tmp_path / "other", ["init", "--agency", "440606"], ["demo", "--without-complaints"])
    path = tmp_path / "其他站点.bundle"
    run_json(capsys, "--data-dir", other, "bundle", "export", "-o", path, "--case", CASE)
    return path


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("command,keys", TABLE, ids=[" ".join(c[:2]) for c, _k in TABLE])
def test_every_command_of_the_table_gives_its_keys_with_the_global_options_before_or_after_it(
    station, tmp_path, request, capsys, command, keys, where
):
    files = tmp_path / "文件"
    files.mkdir()
    (files / "投诉.csv").write_text(COMPLAINTS, encoding="gb18030")  # one of the encodings CLI.md names
    (files / "台账.csv").write_text(
        # with its 立案日期: a filed case's row without one is refused (session 58)
        "案件编号,当事人,所属区,行业领域,案由,立案日期,办理状态\n"
        "佛南市监立〔2026〕201号,佛山市某房产代理有限公司,南海区,房地产租售,"
        "涉嫌未经消费者同意发送商业性信息案,2026-03-02,立案调查\n",
        encoding="utf-8",
    )
    if "{B}" in command:
        command = [str(request.getfixturevalue("other_bundle")) if a == "{B}" else a for a in command]
    if command == ["backup", "list"]:
        run_json(capsys, "--data-dir", station, "backup", "create")
    argv = [a.replace("{T}", str(files)) for a in command]
    options = ["--data-dir", str(station), "--json"]
    code, out, err = run(capsys, *(options + argv if where == "before" else argv + options))
    assert code == 0, err
    result = json.loads(out)
    for item in result if isinstance(result, list) else [result]:
        assert keys <= set(item), command
    assert result, command  # a list of nothing would check no key


def test_a_period_up_to_the_calendars_last_day_counts_everything(station, tmp_path, capsys):
    """9999-12-31 is how a script says "no end": it was 工作站内部错误 (the day after it is no date)."""
    whole = run_json(capsys, "--data-dir", station, "stats")
    assert (
        run_json(capsys, "--data-dir", station, "stats", "--from", "0001-01-01", "--to", "9999-12-31")
        == whole
    )
    report = run_json(
        capsys,
        "--data-dir",
        station,
        "report",
        "campaign",
        "--to",
        "9999-12-31",
        "-o",
        tmp_path / "通报.xlsx",
    )
    assert Path(report["path"]).is_file()
    export = tmp_path / "统计.csv"
    code, out, err = run(capsys, "--data-dir", station, "stats", "export", "--to", "9999-12-31", "-o", export)
    # its progress said (s65), between a start and an end line: no warning nor error
    assert code == 0 and export.stat().st_size > 0
    assert len(err.splitlines()) == 2 and all(str(export) in line for line in err.splitlines())


def test_a_period_without_end_or_start_lists_the_months_of_the_campaign_s_years_only(station, tmp_path, capsys):
    """0001-01-01 to 9999-12-31 wrote 95,772 empty months into the 通报's 月度 sheet (5 s) and printed
    截至9999年12月31日 as its 统计期间; a period of next year keeps its twelve months."""
    import openpyxl

    from tests.helpers import beijing_today
    from workstation.db import open_database
    from workstation.stats import monthly_in_period

    path = tmp_path / "通报.xlsx"
    run_json(capsys, "--data-dir", station, "report", "campaign", "--from", "0001-01-01", "--to", "9999-12-31",
             "-o", path)
    book = openpyxl.load_workbook(path, read_only=True)
    months = [row[0] for row in book["月度"].iter_rows(min_row=2, values_only=True) if row[0] != "合计"]
    year = beijing_today().year
    # from the demo's cases (2026) to this year's December: not the 95,772 months asked for
    assert months == [f"{y}-{month:02d}" for y in range(2026, year + 1) for month in range(1, 13)]
    overview = dict(book["概况"].iter_rows(min_row=2, max_col=2, values_only=True))
    today = beijing_today()
    assert overview["统计期间"] == f"截至{today.year}年{today.month}月{today.day}日"
    db = open_database(database_path(station))
    try:
        following = monthly_in_period(db, None, f"{year + 1}-01-01", f"{year + 1}-12-31")
        assert [m["month"] for m in following] == [f"{year + 1}-{month:02d}" for month in range(1, 13)]
        assert sum(m["cases"] for m in following) == 0
    finally:
        db.conn.close()


def test_init_names_the_option_of_an_unknown_agency_code_and_makes_no_data_directory(
    tmp_path, capsys, english
):
    target = tmp_path / "新站点"
    code, out, err = run(capsys, "--data-dir", target, "init", "--agency", "999999")
    assert (code, out) == (1, "")
    assert err == "Error: --agency: No agency with code 999999: see `init --help` for the codes.\n"
    assert not target.exists()


@pytest.fixture
def encrypted(tmp_path, monkeypatch, capsys):
    """A data directory made encrypted by `init` with PASSPHRASE; no passphrase in the environment afterwards."""
    monkeypatch.delenv("WORKSTATION_PLAINTEXT", raising=False)
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr(keyring, "DEFAULT_COST", FAST)
    data = tmp_path / "data"
    run_json(capsys, "--data-dir", data, "init", "--agency", "440605")
    monkeypatch.delenv("WORKSTATION_PASSPHRASE")
    session._KEYS.clear()
    yield data
    session._KEYS.clear()


@pytest.mark.parametrize("language", ["english", "chinese"])
def test_a_passphrase_file_not_in_utf8_is_said_in_the_users_language_and_counts_no_try(
    encrypted, tmp_path, capsys, request, language
):
    """Notepad of a Chinese Windows saves GB18030 ("ANSI"): Python's own "'utf-8' codec can't decode byte …" was
    the reason given, in English whatever the language."""
    request.getfixturevalue(language)
    saved = tmp_path / "口令.txt"
    saved.write_bytes(PASSPHRASE.encode("gb18030") + b"\r\n")
    before = {p.name: p.read_bytes() for p in (encrypted / "keyring.json", database_path(encrypted))}
    code, out, err = run(capsys, "--data-dir", encrypted, "stats", "--passphrase-file", saved)
    assert (code, out) == (1, "") and err.count("\n") == 1 and "codec" not in err
    if language == "english":
        assert err == f"Error: The passphrase file {saved} is not UTF-8 text: save it as UTF-8.\n"
    else:  # the words are the catalogue's (its translation merged apart); the frame and the file are said
        assert err.startswith("错误：") and str(saved) in err
    assert {p.name: p.read_bytes() for p in (encrypted / "keyring.json", database_path(encrypted))} == before
    saved.write_text(PASSPHRASE + "\n", encoding="utf-8")  # saved again as UTF-8, it opens the data
    assert (
        run_json(capsys, "--data-dir", encrypted, "stats", "--passphrase-file", saved)["cases"]["total"] == 0
    )
    assert os.environ.get("WORKSTATION_PASSPHRASE") is None
