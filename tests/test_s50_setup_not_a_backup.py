# ruff: noqa: F811 - the fixtures imported from test_ui_login are used by name
"""The first-start dialog refusing a file that is no backup says what to choose, without pointing to a list of
backups (``backup list``, File → Backups…) that a new data folder does not have."""

from __future__ import annotations

from tests.test_ui_login import _encryption, driving, windows  # noqa: F401 - the fixtures used by name


def test_first_start_says_to_choose_a_wsbackup_file(qtbot, tmp_path, windows, prompts, english):
    chosen = tmp_path / "issued.pdf"
    chosen.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    prompts.files = [str(chosen)]
    seen = []

    def restore(dialog):
        dialog.restore_button.click()
        seen.append(dialog.message.text())
        dialog.reject()

    show = driving(qtbot, restore)
    windows(tmp_path / "new laptop", show=show, prompts=prompts)
    assert seen == ["issued.pdf is not a workstation backup. Choose a backup file (its name ends in .wsbackup)."]
