"""A big case opens and rebuilds without holding the window up (s71): the forms its case refuses are worked out in
the background — the list greys them out with the reason once known, and a refused form is never written, printed
or issued meanwhile — and the timeline lists its newest entries, its first row 全部显示 the earlier ones too."""

import pytest

from PySide6.QtCore import Qt

from tests.test_forms_ui_refusals import PERSON, SEIZURE_BASIS
from tests.test_law_guards import ITEMS, under_investigation
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.progress import CancelToken
from workstation.store import find_case

pytestmark = pytest.mark.gui


class HeldRunner:
    """A window's runner whose background work has not finished yet: ``finish`` runs what was started."""

    def __init__(self):
        self.started = []

    def start(self, title, work, on_done, on_error, progress):
        token = CancelToken()
        self.started.append((work, on_done, on_error, token))
        return token

    def finish(self):
        for work, on_done, on_error, token in self.started:
            try:
                result = work(progress=lambda *_a: None, cancel=token)
            except BaseException as exc:  # noqa: BLE001 - handed back as a runner does
                on_error(exc)
            else:
                on_done(result)
        self.started = []

    def wait(self):
        """Nothing runs until ``finish``: nothing to wait for."""

    def cancel_all(self) -> None:
        """The workstation quits (``TaskRunner.cancel_all``): the work held here stays held, for the test to look at."""


def seized(db, data_dir):
    with under_investigation(db, find_case(db, PERSON)) as case:
        issue_document(db, data_dir, case, find_form("compulsory_measure_decision"),
                       {"legal_basis": SEIZURE_BASIS, "measure": "扣押", "items": ITEMS})
        db.execute("UPDATE cases SET status = 'investigating' WHERE id = ?", [case.id])
    return case


def section(db, data_dir, case, prompts, qtbot, runner, opened):
    from ui.case_documents import CaseDocuments

    shown = CaseDocuments(db, data_dir, case, prompts, runner=runner,
                          open_editor=lambda *args, **kwargs: opened.append((args, kwargs)))
    qtbot.addWidget(shown)
    return shown


def test_the_refused_form_is_greyed_out_once_the_background_has_read_the_case(demo_db, data_dir, prompts, qtbot,
                                                                               english):
    case = seized(demo_db, data_dir)
    runner = HeldRunner()
    shown = section(demo_db, data_dir, case, prompts, qtbot, runner, [])
    chooser = shown.form_choice
    assert runner.started  # the case's refusals are read in the background
    runner.finish()
    row = chooser.findData("seal_strip")
    assert not chooser.offered(row)
    assert chooser.refusal("seal_strip").startswith("Not for this case: The case's last 实施行政强制措施决定书")
    # as the section worked out on the window's connection lists them
    assert shown._refusals() == shown.refused and "seal_strip" in shown.refused
    assert chooser.offered(chooser.currentIndex())  # the form chosen is one offered


@pytest.mark.parametrize("action", ["write", "draft_pdf", "issue"])
def test_a_refused_form_chosen_before_the_background_said_is_refused(demo_db, data_dir, prompts, qtbot, english,
                                                                     action):
    case = seized(demo_db, data_dir)
    runner, opened = HeldRunner(), []
    shown = section(demo_db, data_dir, case, prompts, qtbot, runner, opened)
    chooser = shown.form_choice
    chooser.setCurrentIndex(chooser.findData("seal_strip"))  # still offered: the refusals not read yet
    issued = len(shown.listed)
    from PySide6.QtWidgets import QPushButton

    shown.findChild(QPushButton, action).click()
    assert prompts.errors and "Not for this case: The case's last 实施行政强制措施决定书" in prompts.errors[-1]
    assert opened == []
    from workstation.documents.issuing import documents_of_case

    assert len(documents_of_case(demo_db, case.id)) == issued  # nothing issued
    assert not chooser.offered(chooser.findData("seal_strip"))  # now listed greyed out
    assert chooser.currentData() != "seal_strip"


def test_the_timeline_lists_the_newest_entries_and_show_all_the_earlier_ones(demo_db, data_dir, prompts, qtbot,
                                                                            english, monkeypatch):
    import ui.case_workspace as workspace_module
    from workstation.store.cases import case_timeline

    case = find_case(demo_db, PERSON)
    every = case_timeline(demo_db, case)
    assert len(every) > 3
    monkeypatch.setattr(workspace_module, "TIMELINE_SHOWN", 3)
    shown = workspace_module.CaseWorkspace(demo_db, case.id, prompts, ask_transition=None, data_dir=data_dir)
    qtbot.addWidget(shown)
    lines = [shown.timeline.item(row).text() for row in range(shown.timeline.count())]
    # a first row offers the earlier entries; then the newest three, the newest last, as before
    assert len(lines) == 4
    assert lines[0] == f"Show all ({len(every) - 3} earlier entries): press Enter or double-click"
    lines = lines[1:]
    assert lines[-1].startswith(every[-1].on_date) and every[-1].text in lines[-1]
    # Enter on the first row lists them all, in date order, and the row goes
    shown.timeline.setFocus()
    shown.timeline.setCurrentRow(0)
    qtbot.keyClick(shown.timeline, Qt.Key.Key_Return)
    whole = [shown.timeline.item(row).text() for row in range(shown.timeline.count())]
    assert len(whole) == len(every) and whole[-3:] == lines
    assert all(line.startswith(entry.on_date) and entry.text in line for line, entry in zip(whole, every, strict=True))
    assert shown.timeline_all is None


def test_a_short_timeline_is_listed_whole_without_the_show_all_row(demo_db, data_dir, prompts, qtbot, english):
    from ui.case_workspace import CaseWorkspace
    from workstation.store.cases import case_timeline

    case = find_case(demo_db, PERSON)
    shown = CaseWorkspace(demo_db, case.id, prompts, ask_transition=None, data_dir=data_dir)
    qtbot.addWidget(shown)
    assert shown.timeline.count() == len(case_timeline(demo_db, case))
    assert shown.timeline_all is None


# ---- the form chosen before the background said, a reload or a closed tab cancelling the read, show-all kept

def test_the_form_the_case_needs_next_is_chosen_before_the_background_said(demo_db, data_dir, prompts, qtbot,
                                                                           english):
    case = seized(demo_db, data_dir)
    runner = HeldRunner()
    shown = section(demo_db, data_dir, case, prompts, qtbot, runner, [])
    chooser = shown.form_choice
    assert runner.started and shown.refused is None  # not read yet
    # an investigated case: its 现场笔录 at once, not the list's first form until the background said
    assert chooser.currentData() == "site_record"
    assert shown.choice()[0] is None  # the section's choice, not the officer's
    runner.finish()
    assert "seal_strip" in shown.refused
    assert chooser.currentData() == "site_record"  # not refused: it stays, nothing jumps


def test_a_form_chosen_meanwhile_stays_unless_the_case_refuses_it(demo_db, data_dir, prompts, qtbot, english):
    case = seized(demo_db, data_dir)
    runner = HeldRunner()
    shown = section(demo_db, data_dir, case, prompts, qtbot, runner, [])
    chooser = shown.form_choice
    chooser.setCurrentIndex(chooser.findData("inquiry_record"))  # the officer's own, offered
    runner.finish()
    assert chooser.currentData() == "inquiry_record" and shown.choice()[0] == "inquiry_record"

    again = HeldRunner()
    shown = section(demo_db, data_dir, case, prompts, qtbot, again, [])
    chooser = shown.form_choice
    chooser.setCurrentIndex(chooser.findData("seal_strip"))  # still offered: the refusals not read yet
    again.finish()
    assert chooser.currentData() == "site_record" and shown.choice()[0] is None  # refused: the one needed next


def test_the_chooser_greys_out_the_forms_it_is_told_are_refused(english, qtbot):
    from ui.form_chooser import FormChooser
    from workstation.formkit.spec import load_forms

    chooser = FormChooser(load_forms()[0].values())
    qtbot.addWidget(chooser)
    assert chooser.offered(chooser.findData("seal_strip"))
    chooser.refuse({"seal_strip": "no 查封 decided", "site_record": ""})
    assert not chooser.offered(chooser.findData("seal_strip"))
    assert chooser.refusal("seal_strip") == "Not for this case: no 查封 decided"
    assert chooser.offered(chooser.findData("site_record")) and chooser.refusal("site_record") is None


def workspace_reading(db, data_dir, case, prompts, qtbot, runner):
    from ui.case_workspace import CaseWorkspace

    shown = CaseWorkspace(db, case.id, prompts, ask_transition=None, data_dir=data_dir, runner=runner)
    qtbot.addWidget(shown)
    return shown


def test_a_reload_cancels_the_read_of_the_section_it_replaces(demo_db, data_dir, prompts, qtbot, english):
    case = seized(demo_db, data_dir)
    runner = HeldRunner()
    shown = workspace_reading(demo_db, data_dir, case, prompts, qtbot, runner)
    [(_work, _done, _error, first)] = runner.started
    assert not first.cancelled
    shown.reload()  # an edit: the section built again reads the case again
    assert first.cancelled
    assert len(runner.started) == 2 and not runner.started[1][3].cancelled
    runner.finish()  # the cancelled read ends as Cancelled; the new section shows what its own read found
    assert not shown.documents.form_choice.offered(shown.documents.form_choice.findData("seal_strip"))


def test_closing_the_case_tab_cancels_its_read(demo_db, make_window, qtbot, english):
    runner = HeldRunner()
    window = make_window(demo_db, runner=runner)
    case = find_case(demo_db, PERSON)
    workspace = window.open_case(case.id)
    reads = len(runner.started)
    workspace.reload()  # a read of the documents section's own, started now
    token = runner.started[reads][3]
    assert not token.cancelled
    window.close_case_tab(window.case_tabs.indexOf(workspace))
    assert token.cancelled


def test_show_all_stays_across_a_rebuild(demo_db, data_dir, prompts, qtbot, english, monkeypatch):
    import ui.case_workspace as workspace_module
    from workstation.store.cases import case_timeline

    case = find_case(demo_db, PERSON)
    every = case_timeline(demo_db, case)
    monkeypatch.setattr(workspace_module, "TIMELINE_SHOWN", 3)
    shown = workspace_module.CaseWorkspace(demo_db, case.id, prompts, ask_transition=None, data_dir=data_dir)
    qtbot.addWidget(shown)
    assert shown.timeline.count() == 4
    shown.show_whole_timeline()
    shown.reload()  # an edit, a section changed: the timeline is built again
    assert shown.timeline_all is None
    assert shown.timeline.count() == len(every)
    other = workspace_module.CaseWorkspace(demo_db, case.id, prompts, ask_transition=None, data_dir=data_dir)
    qtbot.addWidget(other)
    assert other.timeline.count() == 4  # another tab of the case starts cut short again


def test_closing_the_window_cancels_the_read_of_an_open_case(demo_db, data_dir, make_window, english):
    case = seized(demo_db, data_dir)
    window = make_window(demo_db)
    held = HeldRunner()
    window.runner = held  # the case's refusals still being read when the window closes
    window.open_case(case.id)
    reads = [token for *_work, token in held.started]
    assert reads and not any(token.cancelled for token in reads)
    window.shutdown()
    assert all(token.cancelled for token in reads)  # not waited for: cancelled, what they end with dropped
