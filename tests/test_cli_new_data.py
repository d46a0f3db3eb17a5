"""A refused command removes the new data directory it made, and only what it made: not a folder another process
made at the same moment, not a folder another command is working in or has made a data directory."""

import os

from tests.helpers import run, run_json
from workstation import cli_new_data
from workstation.cli_new_data import CLAIM_PREFIX, before_command, keep_new_data, remove_new_data
from workstation.paths import database_path


def claims(folder):
    return [p.name for p in folder.iterdir() if p.name.startswith(CLAIM_PREFIX)]


def test_a_refused_command_removes_the_folders_it_made(tmp_path):
    data = tmp_path / "新数据" / "站点"
    ours = before_command(data, creates_data=True)
    assert ours.made == (tmp_path / "新数据", data) and len(claims(data)) == 1
    database_path(data).write_bytes(b"made by this command")
    (data / "logs").mkdir()
    remove_new_data(ours)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_another_process_makes_at_the_same_moment_is_not_removed(tmp_path, monkeypatch):
    parent, data = tmp_path / "新数据", tmp_path / "新数据" / "站点"
    real_mkdir = os.mkdir

    def made_by_another_process_first(path, *args, **kwargs):
        if path == data:  # the other process wins the race for the data directory and starts filling it
            real_mkdir(path)
            (data / "别人的.txt").write_text("他的", encoding="utf-8")
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(cli_new_data.os, "mkdir", made_by_another_process_first)
    ours = before_command(data, creates_data=True)
    monkeypatch.setattr(cli_new_data.os, "mkdir", real_mkdir)
    assert ours.made == ()  # neither the data directory nor the folder holding it counts as ours
    database_path(data).write_bytes(b"made by this command")
    remove_new_data(ours)
    assert sorted(p.name for p in data.iterdir()) == ["别人的.txt"]
    assert parent.is_dir()


def test_a_new_folder_another_command_works_in_is_left_to_it(tmp_path):
    data = tmp_path / "新数据"
    ours = before_command(data, creates_data=True)
    theirs = before_command(data, creates_data=True)  # another command finds the folder and works there too
    assert theirs.made == () and len(claims(data)) == 2
    database_path(data).write_bytes(b"written by both")
    remove_new_data(ours)  # refused while the other still works
    assert database_path(data).exists() and len(claims(data)) == 1
    keep_new_data(theirs)  # the other succeeds: a data directory now
    assert database_path(data).exists() and claims(data) == []


def test_a_folder_another_command_has_made_a_data_directory_is_kept(tmp_path):
    data = tmp_path / "新数据"
    ours = before_command(data, creates_data=True)
    theirs = before_command(data, creates_data=True)
    database_path(data).write_bytes(b"their new database")
    keep_new_data(theirs)  # the other succeeded first
    remove_new_data(ours)  # then this one is refused
    assert database_path(data).read_bytes() == b"their new database"
    assert claims(data) == []


def test_a_folder_replaced_while_the_command_ran_is_not_removed(tmp_path):
    data = tmp_path / "新数据"
    ours = before_command(data, creates_data=True)
    moved = tmp_path / "旧的"
    data.rename(moved)
    data.mkdir()  # someone else's folder of the same name
    (data / "别人的.txt").write_text("他的", encoding="utf-8")
    (data / ours.claim.name).write_text("", encoding="utf-8")  # even were a claim of that name in it
    remove_new_data(ours)
    assert (data / "别人的.txt").exists()


def test_a_command_that_succeeds_leaves_no_claim_and_a_refused_one_no_folder(tmp_path, capsys):
    data = tmp_path / "站点"
    assert run(capsys, "--data-dir", data, "init", "--agency", "4406")[0] == 1
    assert not data.exists()
    assert run_json(capsys, "--data-dir", data, "init", "--agency", "440605")["data_dir"] == str(data)
    assert claims(data) == [] and database_path(data).is_file()


def test_a_bundle_imported_into_a_new_data_directory_is_merged(tmp_path, capsys):
    station, headquarters = tmp_path / "站点", tmp_path / "总部"
    run_json(capsys, "--data-dir", station, "init", "--agency", "440605")
    run_json(capsys, "--data-dir", station, "cases", "import", write_register(tmp_path / "台账.csv"))
    bundle = run_json(capsys, "--data-dir", station, "bundle", "export", "-o", tmp_path / "站点.bundle")["path"]
    imported = run_json(capsys, "--data-dir", headquarters, "bundle", "import", bundle, "--trust")
    assert imported["new"] > 0 and imported["conflicts"] == 0
    assert run_json(capsys, "--data-dir", headquarters, "stats")["cases"]["total"] == 1


def write_register(path):
    path.write_text("案件编号,当事人,统一社会信用代码,所属区,行业领域,案由,违法行为,立案日期,办理状态\n"
                    "佛南市监立〔2026〕301号,某公司,91440605MA4U00000P,南海区,其他,案由,违法收集使用个人信息,"
                    "2026-03-02,立案调查\n", encoding="utf-8")
    return path
