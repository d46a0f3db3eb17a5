"""Session 57: a value the terminal passed in bytes that are not UTF-8 is refused naming its option — `cases list
--district` ended in an internal error, `interviews list --search` echoed the bytes as \\udcff — and nothing is
written to the log as a fault."""

from __future__ import annotations

import pytest

from tests.helpers import run

TYPED = b"\xff\xfe\xe9\xb8\xbf".decode("utf-8", "surrogateescape")  # as Python holds such an argument


def _refusal(option: str) -> str:
    from workstation.i18n import _

    return "错误：" + _("{field}: {message}").format(field=option, message=_(
        "the text is not UTF-8 (the terminal sent other bytes): type it again in a terminal set to UTF-8.")) + "\n"


@pytest.mark.parametrize("command, option", [
    (("cases", "list", "--district"), "--district"),
    (("interviews", "list", "--search"), "--search"),
    (("interviews", "export", "--output", "register.csv", "--search"), "--search"),
])
def test_a_value_of_other_bytes_is_refused_naming_its_option(cli_station, tmp_path, capsys, monkeypatch, command,
                                                             option):
    station = cli_station(tmp_path / "station", ["init", "--agency", "440605"])
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "--data-dir", station, *command, TYPED)
    assert (code, out, err) == (1, "", _refusal(option))
    assert not (tmp_path / "register.csv").exists()
    assert "Traceback" not in "".join(p.read_text(encoding="utf-8") for p in (station / "logs").glob("*.log"))


def test_a_file_whose_name_is_not_utf8_is_refused_with_advice_to_rename_it(cli_station, tmp_path, capsys):
    import json

    from workstation.i18n import _

    station = cli_station(tmp_path / "station", ["init", "--agency", "440605"])
    assert run(capsys, "--data-dir", station, "demo", "--without-complaints")[0] == 0
    case = "佛南市监立〔2026〕9号"  # under investigation: its evidence register still changes
    before = json.loads(run(capsys, "--data-dir", station, "evidence", "list", case, "--json")[1])
    named = tmp_path / b"\xbf\xcd\xbb\xa7.csv".decode("utf-8", "surrogateescape")  # 客户 in GBK
    named.write_text("phone\n13800138000\n", encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", station, "evidence", "add", case, str(named), "--kind", "other")
    assert (code, out) == (1, "")
    from workstation.errors import shown_undecodable

    # the file named as it can be shown, each byte not UTF-8 as \ufffd (session 69: refused by the evidence store)
    assert err == "错误：" + _("{field}: {message}").format(field=shown_undecodable(str(named)), message=_(
        "the file's name is not UTF-8 (as archives made on Windows often give): rename it and try again.")) + "\n"
    assert json.loads(run(capsys, "--data-dir", station, "evidence", "list", case, "--json")[1]) == before
