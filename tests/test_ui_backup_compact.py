"""压缩数据库… in the File menu: asked first with the figures, run in the task runner, refused with the command's
message when nothing is worth compacting or the disk lacks the room, and its result said."""

from __future__ import annotations

from PySide6.QtGui import QAction

from workstation.paths import database_path

FREED = 8 << 20


def free_pages(db) -> None:
    """About 8 MiB of free pages in the file, as a big delete leaves them."""
    db.execute("CREATE TABLE scratch (x BLOB)")
    db.conn.executemany("INSERT INTO scratch VALUES (randomblob(?))", [(4000,)] * (FREED // 4000))
    db.execute("DROP TABLE scratch")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def rows(db) -> dict[str, list]:
    tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                       "'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")]
    return {t: sorted(map(repr, db.execute(f'SELECT * FROM "{t}"').fetchall())) for t in tables}


def compact_action(window) -> QAction:
    window.fill_menus()  # as at the window's first paint
    action = window.findChild(QAction, "compact_database")
    assert action is not None and action in window._menus[0].actions()  # in the File menu
    return action


def test_the_file_menu_compacts_the_database_after_asking_with_the_figures(make_window, db, data_dir, prompts,
                                                                           english):
    free_pages(db)
    held, before = rows(db), database_path(data_dir).stat().st_size
    window = make_window(db)
    prompts.confirm_answer = True
    compact_action(window).trigger()
    question = prompts.confirmations[-1]
    free = int(db.execute("PRAGMA freelist_count").fetchone()[0])
    assert free < 100  # given back
    assert "free pages" in question and question.endswith("Compact the database now?") and str(data_dir) in question
    after = database_path(data_dir).stat().st_size
    assert after < before - FREED * 0.8
    assert rows(db) == held  # the window's own connection reads the same records
    assert prompts.errors == [] and prompts.infos[-1].startswith("The database was compacted: the file went from")
    assert f"{after / (1 << 20):.1f} MB" in prompts.infos[-1]
    assert window.runner.progress_reports[-1][2] == "Database compacted"
    assert not list(data_dir.glob(".compact-*"))


def test_declining_or_a_full_disk_or_nothing_to_give_back_changes_nothing(make_window, db, data_dir, prompts,
                                                                          monkeypatch, english):
    from workstation import compaction

    window = make_window(db)
    action = compact_action(window)
    # a fresh database: its free pages are not worth a rewrite, said as `backup compact` says it, nothing asked
    action.trigger()
    assert prompts.infos[-1].startswith("The database has few free pages") and prompts.confirmations == []
    free_pages(db)
    size = database_path(data_dir).stat().st_size
    # the officer declines
    prompts.confirm_answer = False
    action.trigger()
    assert len(prompts.confirmations) == 1 and database_path(data_dir).stat().st_size == size
    # the data disk lacks the room: refused with the command's message before anything is asked or written
    monkeypatch.setattr(compaction, "disk_free", lambda folder: 1 << 20)
    prompts.confirm_answer = True
    action.trigger()
    assert prompts.errors[-1].startswith("Compacting the database needs ") and "Nothing was changed." in \
        prompts.errors[-1]
    assert len(prompts.confirmations) == 1 and database_path(data_dir).stat().st_size == size
    assert not list(data_dir.glob(".compact-*"))


def test_a_copy_swept_at_opening_is_said_once_when_the_window_has_painted(qtbot, make_window, db, data_dir,
                                                                           prompts, english):
    from workstation.repair import mark_closed, mark_open

    (data_dir / ".compact-workstation.db").write_bytes(b"a copy of the data")
    mark_open(data_dir)
    mark_closed(data_dir)
    window = make_window(db)
    window.first_painted.emit()
    qtbot.waitUntil(lambda: prompts.infos != [])
    window.say_swept()  # asked again: nothing more to say
    assert len(prompts.infos) == 1 and "A compact copy of the database" in prompts.infos[0]
    assert not (data_dir / ".compact-workstation.db").exists()
