"""After a crash that cut off long work, the next start says, for each work noted, what it kept and what to do now:
a register import imported nothing, a complaint import kept the files it had finished, a bundle merge merged
nothing, a backup made none, a restore left the data as before it; other work gets the general sentence."""

from __future__ import annotations

import json
import subprocess
import sys

from tests import backup_fixtures
from tests.backup_fixtures import PROJECT, open_db
from tests.conftest import ScriptedPrompts
from ui.backup_dialogs import cut_off_kept, startup_check
from workstation.i18n import _
from workstation.repair import mark_closed, was_unclean

templates, copy_template = backup_fixtures.templates, backup_fixtures.copy_template

WORK = ["Importing case register", "Importing complaints", "Merging hq-2026-03.wsbundle", "Backing up",
        "Restoring the backup", "Storing 照片.jpg"]


def crash_during(data, titles: list[str]) -> None:
    """A process that opens the data, notes the long work it is doing and dies without closing it."""
    code = ("import json, os, sys; from workstation.repair import mark_open, note_work; mark_open(sys.argv[1]); "
            "note_work(json.loads(sys.argv[2])); os._exit(0)")
    subprocess.run([sys.executable, "-c", code, str(data), json.dumps(titles, ensure_ascii=False)], cwd=PROJECT,
                   check=True)


def test_the_start_says_what_each_cut_off_work_kept(copy_template, english):
    data = copy_template("plain")
    crash_during(data, WORK)
    db = open_db(data)
    prompts = ScriptedPrompts()
    startup_check(None, db, data, prompts)
    assert prompts.errors == prompts.confirmations == []
    assert prompts.infos == [
        "The workstation was not closed properly last time, while this work was running. It did not finish; the "
        "database check found no damage.\n\n"
        "Importing case register: nothing of the case register was imported (it is imported whole or not at all): "
        "import the file again.\n"
        "Importing complaints: the complaint files whose import had finished are kept (each file is saved on its "
        "own); the file being imported then was not: import it again — complaints already stored are recognised "
        "and not stored twice.\n"
        "Merging hq-2026-03.wsbundle: nothing of the bundle was merged: check it and merge it again.\n"
        "Backing up: no backup was made: make one again (File → Backups…).\n"
        "Restoring the backup: the data is as it was before the restore: restore again if it is still needed.\n"
        "Storing 照片.jpg: what it had not completed was not saved: check the result and do the work again where "
        "needed."]
    assert not was_unclean(data)
    mark_closed(data)
    db.conn.close()


def test_a_title_noted_in_chinese_is_recognised_in_an_english_window_and_the_other_way(english):
    from workstation import i18n

    i18n.set_language("zh_CN")
    try:
        chinese_title = _("Merging {file}").format(file="b1.wsbundle")
        said_in_chinese = cut_off_kept("Merging b1.wsbundle")  # noted while the window was in English
        chinese_kept = _("nothing of the bundle was merged: check it and merge it again.")
    finally:
        i18n.set_language("en")
    assert chinese_title != "Merging b1.wsbundle"
    assert said_in_chinese == chinese_kept
    assert cut_off_kept(chinese_title) == "nothing of the bundle was merged: check it and merge it again."
    assert cut_off_kept("Automatic backup") == "no backup was made: make one again (File → Backups…)."
    assert cut_off_kept("Merging") == cut_off_kept("Screening complaints")  # no file named: not a merge
