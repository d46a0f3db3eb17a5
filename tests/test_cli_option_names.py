"""A refusal on the command line names what the officer typed — the option (--agency, --new-passphrase-file), the
argument (NAME) or where the passphrase came from (WORKSTATION_PASSPHRASE, --passphrase-file) — never a field name
of the core (officer, new, passphrase) in front of the Chinese message; and the README's examples name officers of
the demo's register."""

import re
import shutil
from pathlib import Path

import pytest

from tests.backup_fixtures import FAST, PASS
from tests.helpers import run, run_json
from workstation.security import keyring, session

# a field name of the core (ASCII lower case with underscores) where the option should be: "错误：officer：…"
BARE_FIELD = re.compile(r"(?:^|[：；])\s*([a-z][a-z0-9_]*)：")


@pytest.fixture
def station(tmp_path, monkeypatch, backup_templates):
    """An encrypted data directory holding the demo (a copy of the session's template: ``init --agency 440605``,
    ``demo --without-complaints``, encrypted with PASS), opened with PASS from the environment."""
    monkeypatch.delenv("WORKSTATION_PLAINTEXT", raising=False)
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    monkeypatch.setattr(keyring, "DEFAULT_COST", FAST)
    data = tmp_path / "secure"
    shutil.copytree(backup_templates["encrypted"], data)
    (tmp_path / "short.txt").write_text("short\n", encoding="utf-8")
    (tmp_path / "good.txt").write_text("another good passphrase\n", encoding="utf-8")
    yield data
    session._KEYS.clear()


def refused(capsys, *argv) -> str:
    session._KEYS.clear()  # each command is a new process
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == "", err
    assert err.startswith("错误："), err
    assert not BARE_FIELD.search(err), err
    return err


BAD_INPUT = [
    (["security", "add-officer", "黄丽娟", "--new-passphrase-file", "{tmp}/good.txt"], "错误：NAME：执法人员名单中没有“黄丽娟”"),
    (["security", "add-officer", "霍国栋", "--new-passphrase-file", "{tmp}/short.txt"],
     "错误：--new-passphrase-file：口令至少需要8个字符"),
    (["security", "change-passphrase", "--new-passphrase-file", "{tmp}/short.txt"],
     "错误：--new-passphrase-file：口令至少需要8个字符"),
    (["security", "remove-officer", "黄丽娟"], "错误：NAME："),
    (["stats", "--agency", "999"], "错误：--agency：没有代码为 999 的机关"),
    (["stats", "export", "-o", "{tmp}/统计.xlsx", "--agency", "999"], "错误：--agency："),
    (["cases", "list", "--agency", "999"], "错误：--agency："),
    (["clocks", "--agency", "999"], "错误：--agency："),
    (["publicity", "list", "--agency", "999"], "错误：--agency："),
    (["report", "campaign", "-o", "{tmp}/通报.pdf", "--agency", "999"], "错误：--agency："),
    (["leads", "screen", "--officer", "无名氏"], "错误：--officer："),
]


@pytest.mark.parametrize(("argv", "says"), BAD_INPUT, ids=[" ".join(a[:2]) + f"-{n}" for n, (a, _) in
                                                          enumerate(BAD_INPUT)])
def test_a_refusal_names_the_option_typed_not_a_field_of_the_core(station, capsys, argv, says):
    tmp = station.parent
    err = refused(capsys, "--data-dir", station, *[a.format(tmp=tmp) for a in argv])
    assert err.startswith(says), err


def test_a_short_passphrase_to_encrypt_with_is_named_by_where_it_came_from(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("WORKSTATION_PLAINTEXT", raising=False)
    monkeypatch.setattr(keyring, "DEFAULT_COST", FAST)
    data = tmp_path / "plain"
    monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    run_json(capsys, "--data-dir", data, "init", "--plaintext")
    (tmp_path / "short.txt").write_text("short\n", encoding="utf-8")
    err = refused(capsys, "--data-dir", data, "security", "encrypt", "--passphrase-file", tmp_path / "short.txt")
    assert err.startswith("错误：--passphrase-file：口令至少需要8个字符"), err
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", "short")
    err = refused(capsys, "--data-dir", data, "security", "encrypt")
    assert err.startswith("错误：WORKSTATION_PASSPHRASE：口令至少需要8个字符"), err
    session._KEYS.clear()


def test_the_readme_examples_name_officers_of_the_demo_register():
    readme = Path("README.md").read_text(encoding="utf-8")
    seed_officers = {o["name"]: o["agency"] for o in __import__("json").loads(
        Path("resources/demo/seed.json").read_text(encoding="utf-8"))["officers"]}
    added = re.search(r"security add-officer (\S+)", readme).group(1)
    assigned = re.search(r"leads assign LEAD_ID --agency (\d+) --officer (\S+)", readme).group(2)
    assert added in seed_officers and assigned in seed_officers


def test_the_readme_officer_examples_work_on_the_demo(station, capsys):
    readme = Path("README.md").read_text(encoding="utf-8")
    added = re.search(r"security add-officer (\S+)", readme).group(1)
    assigning = re.search(r"leads assign LEAD_ID --agency (\d+) --officer (\S+)", readme)
    session._KEYS.clear()
    new = station.parent / "good.txt"
    assert added in run_json(capsys, "--data-dir", station, "security", "add-officer", added, "--new-passphrase-file",
                             new)["officers"]
    session._KEYS.clear()
    lead = run_json(capsys, "--data-dir", station, "leads", "add", "--source", "举报", "--received",
                    "2026-11-30T10:00", "--description", "来访反映某房产中介频繁拨打推销电话")["id"]
    session._KEYS.clear()
    run_json(capsys, "--data-dir", station, "leads", "assign", lead, "--agency", assigning.group(1), "--officer",
             assigning.group(2))
