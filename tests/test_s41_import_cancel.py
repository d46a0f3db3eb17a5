"""An import of several files cancelled after some were imported: they stay imported, and the officer is asked
whether to screen them into leads now, as a finished import does, rather than being left with complaints in no lead
and nothing said of screening. A Cancel starts no long work unasked; a cancel before anything was stored asks
nothing."""

import pytest

from ui.task_runner import ImmediateRunner
from workstation.errors import Cancelled
from workstation.importing.complaints import CancelledMidway, import_complaints
from workstation.progress import CancelToken

pytestmark = pytest.mark.gui

LEAK = "{n}：号码13812345678天天打来推销楼盘，个人信息被泄露"


class CancelDuring(ImmediateRunner):
    """Cancels the import when it reaches the file ``name``."""

    def __init__(self, name: str):
        super().__init__()
        self.name = name

    def start(self, title, work, on_done, on_error, progress):
        self.cancel_token = CancelToken()  # each task its own, as the real runner's: the screening after is not

        def watch(done, total, message):
            if self.name in message:
                self.cancel_token.cancel()
            progress(done, total, message)

        return super().start(title, work, on_done, on_error, watch)


def exports(tmp_path, *names: str) -> list[str]:
    paths = []
    for name in names:
        path = tmp_path / f"{name}.csv"
        rows = [f"{name}{n},2026-03-0{n} 09:00,1360013600{n},{LEAK.format(n=name)}" for n in (1, 2)]
        path.write_text("\n".join(["投诉编号,投诉时间,投诉人电话,投诉内容", *rows]) + "\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def in_leads(db) -> int:
    return db.execute("SELECT COUNT(*) FROM complaints WHERE lead_id IS NOT NULL").fetchone()[0]


@pytest.mark.parametrize("answer", [True, False])
def test_cancelled_after_a_file_was_imported_the_officer_is_asked_whether_to_screen_it(
        db, make_window, prompts, tmp_path, english, answer):
    page = make_window(db, runner=CancelDuring("二月.csv")).leads_page
    prompts.confirm_answer = answer
    page.run_import(exports(tmp_path, "一月", "二月"))
    [asked] = prompts.confirmations
    assert asked == ("Cancelled: 二月.csv was not imported; the files imported before it (一月.csv) stay imported.\n\n"
                     "Their complaints are not grouped into leads yet. Screen and group them now? (Otherwise click "
                     "“Screen and group” later.)")
    assert [r[0] for r in db.execute("SELECT DISTINCT source_file FROM complaints")] == ["一月.csv"]
    assert in_leads(db) == (2 if answer else 0)
    assert ("2 of those grouped into leads" in page.summary.text()) is answer


def test_cancelled_before_anything_was_stored_nothing_is_asked(db, make_window, prompts, tmp_path, english):
    page = make_window(db, runner=CancelDuring("一月.csv")).leads_page
    page.run_import(exports(tmp_path, "一月", "二月"))
    assert prompts.confirmations == [] and len(prompts.infos) == 1  # the cancel said, as before
    assert db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0] == 0


def test_the_import_says_whether_the_files_imported_before_a_cancel_stored_anything(db, tmp_path):
    first, second = exports(tmp_path, "一月", "二月")
    assert import_complaints(db, [first]).imported == 2
    cancel = CancelToken()

    def progress(done, total, message):
        if "二月.csv" in message:
            cancel.cancel()

    for paths, stored in (([first, second], False), ([*exports(tmp_path, "三月"), second], True)):
        with pytest.raises(Cancelled) as cancelled:
            import_complaints(db, paths, progress=progress, cancel=cancel)
        assert isinstance(cancelled.value, CancelledMidway) and cancelled.value.stored is stored
        cancel = CancelToken()
