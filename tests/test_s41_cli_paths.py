"""Two command-line paths as `--help` gives them: `backup restore ID --folder F` into a new data directory finds the
backup by its id in that folder, as it does for data already there; an output path ending with a slash names a
folder (docs render … -o 输出/ wrote a file called 输出), refused before any work."""

from __future__ import annotations

from tests.helpers import run, run_json

CASE = "佛南市监立〔2026〕9号"


def test_a_backup_is_restored_into_a_new_data_directory_by_its_id_in_the_folder_given(tmp_path, capsys):
    made = tmp_path / "made"
    assert run(capsys, "--data-dir", made, "init", "--plaintext")[0] == 0
    backup = run_json(capsys, "--data-dir", made, "backup", "create", "--folder", tmp_path / "stick")
    code, out, err = run(capsys, "--data-dir", tmp_path / "new", "backup", "restore", backup["id"], "--folder",
                         tmp_path / "stick", "--plaintext")
    assert code == 0, err
    assert (tmp_path / "new" / "workstation.db").is_file()


def test_an_output_path_ending_with_a_slash_is_refused_as_a_folder(demo_db, data_dir, tmp_path, capsys):
    demo_db.conn.close()
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "render", CASE, "--form", "site_record", "--format",
                         "pdf", "-o", f"{tmp_path / '输出'}/")
    assert code == 1 and ("文件夹" in err or "folder" in err), err
    assert not (tmp_path / "输出").exists()
