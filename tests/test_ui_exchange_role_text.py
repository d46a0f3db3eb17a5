"""The exchange page says how to set a role that is not set, or was not read, with its own “Role…” button —
not with the command line's `station role headquarters` "or on the exchange page" the officer is looking at."""

from __future__ import annotations

import contextlib
import io

import pytest

from tests.helpers import open_db
from ui.exchange_page import ExchangePage
from ui.task_runner import ImmediateRunner
from workstation.cli import main

pytestmark = pytest.mark.gui


@pytest.fixture
def page(tmp_path, qtbot, prompts, english):
    quiet = io.StringIO()
    with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
        assert main(["--data-dir", str(tmp_path / "hq"), "init", "--station-name", "佛山市局"]) == 0
        assert main(["--data-dir", str(tmp_path / "hq"), "station", "role", "headquarters"]) == 0
    db = open_db(tmp_path / "hq")
    page = ExchangePage(db, tmp_path / "hq", prompts, ImmediateRunner())
    qtbot.addWidget(page)
    yield page
    db.conn.close()


def test_a_role_file_not_read_is_set_again_with_the_role_button(page):
    assert page.role_status.text().startswith("This installation is headquarters")
    (page.data_dir / "role.json").write_text('{"role": "headquarters", "stat', encoding="utf-8")
    page.refresh()
    text = page.role_status.text()
    assert text.startswith("This installation works as a station: ") and "role.json was not taken" in text
    assert text.endswith("At headquarters, set the role again with “Role…”.")
    assert "station role" not in text and "exchange page" not in text


def test_a_role_never_set_is_set_with_the_role_button(page):
    (page.data_dir / "role.json").unlink()
    page.refresh()
    assert page.role_status.text() == ("This installation is a station (no role was set). At headquarters, set it "
                                       "with “Role…”.")
