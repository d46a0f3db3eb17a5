"""The 统计 page without freezing on a large database: its figures are counted by the task runner with a connection
of its own (a newer filter cancels the count running; the figures shown stay until the new ones arrive), and the
statistics export runs there too with progress and Cancel, leaving no file when cancelled. And the screening rules
looked at once per list masked, not once per value."""

import os

import pytest

from PySide6.QtWidgets import QLabel

from ui.dashboard import DashboardPage
from ui.task_runner import ImmediateRunner
from workstation.errors import Cancelled
from workstation.progress import CancelToken
from workstation.stats import campaign_stats
from workstation.store import agency_id_for_code

NANHAI = "440605"


class HeldRunner:
    """A busy task runner: each task waits until ``finish`` runs it here, with the callbacks a runner calls."""

    def __init__(self):
        self.waiting: list[tuple] = []

    def start(self, title, work, on_done, on_error, progress):
        cancel = CancelToken()
        self.waiting.append((title, work, on_done, on_error, cancel))
        return cancel

    def cancel_all(self) -> None:
        """The workstation quits (``TaskRunner.cancel_all``): the work held here stays held, for the test to look at."""

    def finish(self, index: int = 0) -> None:
        _title, work, on_done, on_error, cancel = self.waiting.pop(index)
        try:
            result = work(progress=lambda done, total, message: None, cancel=cancel)
        except Exception as exc:  # noqa: BLE001 - handed over as the runner does
            on_error(exc)
        else:
            on_done(result)


def cases_figure(page) -> str:
    return page.findChild(QLabel, "figure_cases").text()


def test_the_figures_are_counted_by_the_runner_and_a_newer_filter_cancels_the_count_running(demo_db, data_dir,
                                                                                             prompts, qtbot, english):
    runner = HeldRunner()
    page = DashboardPage(demo_db, data_dir, prompts, runner)
    qtbot.addWidget(page)
    assert [w[0] for w in runner.waiting] == ["Counting the statistics"]  # nothing counted on the GUI thread
    assert not page.counting_note.isHidden()
    runner.finish()
    whole = campaign_stats(demo_db)["cases"]["total"]
    assert cases_figure(page) == f"{whole:,}" and page.counting_note.isHidden()
    assert page.bureaus.model.rowCount() > 0

    page.agency.setCurrentIndex(page.agency.findData(agency_id_for_code(NANHAI)))
    page.refresh()
    first = runner.waiting[0][4]
    page.agency.setCurrentIndex(0)
    page.agency.setCurrentIndex(page.agency.findData(agency_id_for_code(NANHAI)))
    page.refresh()  # chosen again before the first count came in
    assert first.cancelled and len(runner.waiting) == 2
    assert cases_figure(page) == f"{whole:,}"  # the figures shown stay meanwhile
    runner.finish(1)
    nanhai = campaign_stats(demo_db, agency_id_for_code(NANHAI))["cases"]["total"]
    assert nanhai != whole and cases_figure(page) == f"{nanhai:,}"
    runner.finish(0)  # the cancelled count stops before it reads anything: nothing shown, nothing said
    assert cases_figure(page) == f"{nanhai:,}" and prompts.errors == [] and page.counting_note.isHidden()


def test_a_period_refused_cancels_the_count_running(demo_db, data_dir, prompts, qtbot):
    from PySide6.QtCore import QDate

    runner = HeldRunner()
    page = DashboardPage(demo_db, data_dir, prompts, runner)
    qtbot.addWidget(page)
    token = runner.waiting[0][4]
    page.whole.setChecked(False)
    page.date_from.setDate(QDate(2026, 6, 1))
    page.date_to.setDate(QDate(2026, 1, 1))
    page.refresh()
    assert token.cancelled and len(runner.waiting) == 1 and page.counting_note.isHidden()


class CancelWhileWriting(ImmediateRunner):
    """Cancel pressed once the file's bytes are staged beside it, before they are put in place."""

    def start(self, title, work, on_done, on_error, progress):
        def cancelling(done, total, message):
            if done == 2:
                self.cancel_token.cancel()
            progress(done, total, message)

        return super().start(title, work, on_done, on_error, cancelling)


@pytest.mark.parametrize("name", ["统计.xlsx", "统计.csv"])
def test_the_export_runs_on_the_runner_and_a_cancelled_one_leaves_no_file(demo_db, data_dir, prompts, tmp_path,
                                                                          qtbot, english, name):
    runner = ImmediateRunner()
    page = DashboardPage(demo_db, data_dir, prompts, runner)
    qtbot.addWidget(page)
    target = tmp_path / name
    page.export_statistics(str(target))
    assert target.is_file() and prompts.errors == [] and str(target) in prompts.infos[-1]
    assert runner.progress_reports[-1][:2] == (3, 3)  # written by the task, which said how far it was

    cancelling = CancelWhileWriting()
    page = DashboardPage(demo_db, data_dir, prompts, cancelling)
    qtbot.addWidget(page)
    other = tmp_path / ("again-" + name)
    page.export_statistics(str(other))
    assert prompts.infos[-1] == "The export of the statistics was cancelled: no file was written."
    assert prompts.errors == [] and not other.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("again-")) == []  # no .part either


def test_an_export_to_a_missing_folder_is_refused_before_anything_is_counted(demo_db, tmp_path, english):
    from workstation.errors import WorkstationError
    from workstation.stats_export import export_statistics

    steps = []
    with pytest.raises(WorkstationError, match="does not exist"):
        export_statistics(demo_db, tmp_path / "missing" / "统计.xlsx", progress=lambda *step: steps.append(step))
    assert steps == []


def test_a_cancel_before_the_file_is_put_in_place_leaves_neither_the_file_nor_its_part(demo_db, tmp_path):
    from workstation.stats_export import export_statistics

    token = CancelToken()
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "统计.csv"

    def progress(done, total, message):
        if done == 2:
            assert (folder / f"统计.csv.ws{os.getpid()}.part").is_file()  # staged whole beside the target
            token.cancel()

    with pytest.raises(Cancelled):
        export_statistics(demo_db, target, progress=progress, cancel=token)
    assert list(folder.iterdir()) == []


# the screening rules looked at once per batch ------------------------------------------------------------------

def test_within_rules_held_the_rules_file_is_looked_at_once_and_an_edit_is_seen_after(tmp_path):
    from workstation.screening.rules import classify, load_rules, rules_held, shipped_rules_path

    text = shipped_rules_path().read_text(encoding="utf-8")
    assert '"呼死你",' in text
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    with rules_held():
        held = load_rules(path)
        path.write_text(text.replace('"呼死你",', ""), encoding="utf-8")
        with rules_held():  # nested: the outer batch holds
            assert load_rules(path) is held
        assert load_rules(path) is held
    assert classify("呼死你软件", held) == "harassment_call"
    assert classify("呼死你软件", load_rules(path)) is None  # the edit, read by the next call


def test_a_masked_list_reads_the_rules_once_per_list(tmp_path, monkeypatch, qtbot):
    from ui.masked_value import MaskedRecordModel
    from workstation.screening import rules

    text = rules.shipped_rules_path().read_text(encoding="utf-8")
    copy = tmp_path / "rules.toml"
    copy.write_text(text, encoding="utf-8")
    monkeypatch.setattr(rules, "shipped_rules_path", lambda: copy)
    model = MaskedRecordModel([("Description", lambda r: model.shown(r, "description"))], "lead", ("description",))
    records = [{"id": str(i), "description": f"对方用13800138{i:03d}反复来电"} for i in range(50)]
    model.set_records(records)
    held = model.rules
    copy.unlink()  # looked at for each value, the rules would now fail to load
    assert [model.index(i, 0).data() for i in range(50)] == [f"对方用138****8{i:03d}反复来电" for i in range(50)]
    copy.write_text(text + "\n", encoding="utf-8")  # edited: the next list reads it
    model.set_records(records)
    assert model.rules is not held and model.rules is rules.load_rules(copy)


def test_closing_the_window_cancels_the_count_of_the_figures_instead_of_waiting_for_it(demo_db, make_window, english):
    class Runner(HeldRunner):
        def wait(self) -> None:  # what the window waits for before the database closes: nothing may be left running
            self.left_running = [title for title, *_rest, cancel in self.waiting if not cancel.cancelled]

    runner = Runner()
    window = make_window(demo_db, runner=runner)
    assert [row for row in range(6) if isinstance(window.page(row), DashboardPage)] != []  # 统计, built
    assert "Counting the statistics" in [w[0] for w in runner.waiting]
    window.shutdown()
    assert runner.left_running == []
