"""The year-end audit's low findings (s67): a publicity activity whose kind's own figure is 0 (短信提醒 with no
message) or whose every figure is 0 is warned of — on stderr by `publicity add`/`edit` (still saved, exit 0), under
the figures in the editor (Save still allowed); `interviews add` says the rectification deadline it set as `interviews
list` words it (日历待核实 for a 2027 one counted without holiday data), and its --json gives it and whether it is
confirmed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import program_day, run, run_json
from workstation.records import Publicity

NANHAI_CODE = "440605"


def _add(capsys, data_dir, *options):
    return run(capsys, "--data-dir", data_dir, "publicity", "add", "--agency", NANHAI_CODE, "--date", "2026-03-08",
               "--title", "个人信息保护宣传", *options)


# ---- 3. figures that contradict the kind

def test_an_sms_activity_with_no_message_is_warned_of_and_saved(db, data_dir, capsys, english):
    code, out, err = _add(capsys, data_dir, "--kind", "sms", "--sms", "0", "--participants", "30")
    assert code == 0 and "recorded" in out
    assert err.startswith("Warning:") and "0" in err and "Reminder texts" in err, err
    assert len(run_json(capsys, "--data-dir", data_dir, "publicity", "list")) == 1


def test_an_activity_with_every_figure_zero_is_warned_of_and_saved(db, data_dir, capsys, english):
    code, out, err = _add(capsys, data_dir, "--kind", "community")
    assert code == 0 and "recorded" in out
    assert "Warning:" in err and "every figure" in err, err
    assert len(run_json(capsys, "--data-dir", data_dir, "publicity", "list")) == 1


def test_the_warning_leaves_the_json_result_whole(db, data_dir, capsys, english):
    code, out, err = _add(capsys, data_dir, "--kind", "sms", "--sms", "0", "--json")
    assert code == 0 and json.loads(out)["sms"] == 0 and "Warning:" in err


@pytest.mark.parametrize("options", [("--kind", "sms", "--sms", "1200"), ("--kind", "community", "--flyers", "200"),
                                     ("--kind", "street", "--participants", "40")])
def test_an_activity_with_its_figures_is_not_warned_of(db, data_dir, capsys, english, options):
    code, _out, err = _add(capsys, data_dir, *options)
    assert code == 0 and "Warning" not in err, err


def test_an_edit_to_no_message_is_warned_of(db, data_dir, capsys, english):
    added = run_json(capsys, "--data-dir", data_dir, "publicity", "add", "--agency", NANHAI_CODE, "--date",
                     "2026-03-08", "--title", "短信提醒", "--kind", "sms", "--sms", "500")
    code, _out, err = run(capsys, "--data-dir", data_dir, "publicity", "edit", added["id"], "--sms", "0")
    assert code == 0 and "Warning:" in err and "Reminder texts" in err, err


def test_the_core_says_which_figures_contradict(db, english):
    from workstation.store.publicity import figures_warning

    assert "Reminder texts" in figures_warning(Publicity(agency_id="x", held_on="2026-03-08", title="t", kind="sms",
                                                         flyers=100, sms=0))
    assert "every figure" in figures_warning(Publicity(agency_id="x", held_on="2026-03-08", title="t",
                                                       kind="online"))
    assert figures_warning(Publicity(agency_id="x", held_on="2026-03-08", title="t", kind="online",
                                     participants="1,200")) is None
    assert figures_warning(Publicity(agency_id="x", held_on="2026-03-08", title="t", kind="sms",
                                     sms="abc")) is None  # an error of its own, shown as such


@pytest.mark.gui
def test_the_editor_warns_before_save_and_saves_all_the_same(db, prompts, qtbot, english):
    from PySide6.QtWidgets import QLabel

    from ui.publicity_dialog import PublicityDialog

    dialog = PublicityDialog(db, prompts)
    qtbot.addWidget(dialog)
    if dialog.agency.currentIndex() < 0:
        dialog.agency.setCurrentIndex(0)
    dialog.texts["title"].setText("短信提醒")
    dialog.kind.setCurrentIndex(dialog.kind.findData("sms"))
    warning = dialog.findChild(QLabel, "figures_warning")
    assert not warning.isHidden() and "Reminder texts" in warning.text()
    assert dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()
    dialog.texts["sms"].setText("300")
    assert warning.isHidden()
    dialog.texts["sms"].setText("0")
    assert not warning.isHidden()
    dialog.save()
    assert dialog.saved_publicity is not None and dialog.saved_publicity.sms == 0


# ---- 2. interviews add says its rectification deadline

PARTY = "佛山市高明区杨和翎峪装饰设计工作室"


@pytest.fixture
def calendars_read_again():
    from workstation.workdays import reload_calendars

    reload_calendars()
    yield
    reload_calendars()


def _interview(capsys, data_dir, day, *options):
    return run(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440608", "--party", PARTY, "--date",
               day, "--time", "9:30", "--place", "本局会议室", "--topics", "骚扰电话", "--officer", "李明:科长",
               "--officer", "黄晓:科员", "--attendee", "王五:经营者", "--commitments", "停止外呼", "--allow-duplicate",
               *options)


def test_a_2027_default_deadline_is_said_unconfirmed(demo_db, data_dir, capsys, monkeypatch, english,
                                                      calendars_read_again):
    program_day(monkeypatch, "2026-12-20")
    code, out, err = _interview(capsys, data_dir, "2026-12-18", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["rectification_due"].startswith("2027-")
    assert result["rectification_due_text"] == result["rectification_due"] + "（日历待核实）"
    assert result["rectification_due_confirmed"] is False
    code, out, err = _interview(capsys, data_dir, "2026-12-18")
    assert code == 0 and f"{result['rectification_due']}（日历待核实）" in out, out


def test_a_2026_deadline_is_said_confirmed(demo_db, data_dir, capsys, monkeypatch, english, calendars_read_again):
    program_day(monkeypatch, "2026-06-10")
    code, out, err = _interview(capsys, data_dir, "2026-06-08", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["rectification_due_text"] == result["rectification_due"]
    assert result["rectification_due_confirmed"] is True
    code, out, err = _interview(capsys, data_dir, "2026-06-08")
    assert code == 0 and result["rectification_due"] in out and "日历待核实" not in out, out


def test_an_interview_without_a_deadline_says_none(demo_db, data_dir, capsys, monkeypatch, english):
    program_day(monkeypatch, "2026-06-10")
    code, out, err = run(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440608", "--party", PARTY,
                         "--date", "2026-06-20", "--officer", "李明:科长", "--officer", "黄晓:科员", "--json",
                         "--allow-duplicate")
    assert code == 0, err
    result = json.loads(out)
    assert result["rectification_due_text"] is None and result["rectification_due_confirmed"] is None


@pytest.mark.gui
def test_a_new_activity_is_not_warned_of_before_a_figure_or_the_kind_is_edited(db, prompts, qtbot, english):
    from PySide6.QtWidgets import QLabel

    from ui.publicity_dialog import PublicityDialog

    dialog = PublicityDialog(db, prompts)
    qtbot.addWidget(dialog)
    warning = dialog.findChild(QLabel, "figures_warning")
    assert warning.isHidden()
    dialog.texts["title"].setText("短信提醒")
    assert warning.isHidden()  # not a figure, nor the kind
    dialog.kind.setCurrentIndex(dialog.kind.findData("sms"))
    assert dialog.texts["sms"].text() == "0"
    assert not warning.isHidden() and "Reminder texts" in warning.text()


@pytest.mark.gui
def test_a_new_activity_is_warned_of_once_a_figure_is_edited(db, prompts, qtbot, english):
    from PySide6.QtWidgets import QLabel

    from ui.publicity_dialog import PublicityDialog

    dialog = PublicityDialog(db, prompts)
    qtbot.addWidget(dialog)
    warning = dialog.findChild(QLabel, "figures_warning")
    dialog.texts["flyers"].setText("0")  # the same text: no edit
    assert warning.isHidden()
    dialog.texts["flyers"].setText("5")
    dialog.texts["flyers"].setText("0")
    assert not warning.isHidden()


@pytest.mark.gui
def test_an_existing_activity_is_warned_of_at_once(db, data_dir, prompts, qtbot, capsys, english):
    from PySide6.QtWidgets import QLabel

    from ui.publicity_dialog import PublicityDialog
    from workstation.store.publicity import get_publicity

    added = run_json(capsys, "--data-dir", data_dir, "publicity", "add", "--agency", NANHAI_CODE, "--date",
                     "2026-03-08", "--title", "短信提醒", "--kind", "sms", "--sms", "0", "--participants", "30")
    dialog = PublicityDialog(db, prompts, get_publicity(db, added["id"]))
    qtbot.addWidget(dialog)
    warning = dialog.findChild(QLabel, "figures_warning")
    assert not warning.isHidden() and "Reminder texts" in warning.text()


@pytest.mark.gui
def test_warning_label_is_a_shared_widget(qtbot):
    import ui.form_editor
    import ui.interview_dialog
    import ui.party_dialog
    import ui.publicity_dialog
    from ui.layouts import warning_label

    for module in (ui.party_dialog, ui.publicity_dialog, ui.form_editor, ui.interview_dialog):
        source = Path(module.__file__).read_text(encoding="utf-8")
        assert "from ui.party_dialog import warning_label" not in source and \
            "import PartyDialog, warning_label" not in source, module.__name__
    label = warning_label("x")
    qtbot.addWidget(label)
    assert label.objectName() == "x_warning" and label.isHidden()


def test_interviews_add_counts_the_unconfirmed_years_once(demo_db, data_dir, capsys, monkeypatch, english,
                                                          calendars_read_again):
    import workstation.store.interviews as interviews

    real, calls = interviews.rectification_unconfirmed_years, []

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(interviews, "rectification_unconfirmed_years", counted)
    program_day(monkeypatch, "2026-12-20")
    code, out, err = _interview(capsys, data_dir, "2026-12-18", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["rectification_due_confirmed"] is False and result["rectification_due_text"].endswith("（日历待核实）")
    assert len(calls) == 1
