"""Issue 2's start to the first paint (session 63): PySide6's import hook answered from the file's bytes, and the
open list of agencies fitted from the event loop instead of while the window is built."""

import importlib
import pkgutil
import sys

import pytest

import ui
import workstation
from ui.agency_search import AgencySearch
from ui.layouts import add_agency
from ui.pyside_support import quicken_pyside_import_hook
from workstation.store import list_agencies


def _project_modules() -> list:
    modules = []
    for package in (ui, workstation):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if info.name.endswith(".__main__"):  # runs the command line when imported
                continue
            try:
                modules.append(importlib.import_module(info.name))
            except ImportError:  # a module of an optional part (none today): not this test's question
                continue
    return modules


@pytest.fixture
def pyside_feature(monkeypatch):
    feature = sys.modules["shibokensupport.feature"]
    monkeypatch.setattr(feature, "_mod_uses_pyside", feature._mod_uses_pyside)  # put back after the test
    return feature


def test_the_quick_answer_is_pysides_own_for_every_module_of_the_project(pyside_feature):
    quicken_pyside_import_hook()  # quickened already when a window was started in this process
    quick = pyside_feature._mod_uses_pyside
    original = quick.asked
    assert quick.quickened and not getattr(original, "quickened", False) and original.__module__ == pyside_feature.__name__
    modules = _project_modules() + [sys.modules["json"], sys.modules["PySide6.QtCore"], sys.modules["sys"]]
    answers = {module.__name__: (original(module), quick(module)) for module in modules}
    differing = {name: pair for name, pair in answers.items() if pair[0] != pair[1]}
    assert not differing
    assert answers["ui.app"] == (True, True) and answers["workstation.i18n"] == (False, False)
    quicken_pyside_import_hook()  # twice: the quick answer is not wrapped again
    assert pyside_feature._mod_uses_pyside is quick


def test_a_missing_hook_is_left_alone(pyside_feature, monkeypatch):
    monkeypatch.delattr(pyside_feature, "_mod_uses_pyside")
    quicken_pyside_import_hook()
    assert not hasattr(pyside_feature, "_mod_uses_pyside")


def test_the_open_list_of_agencies_is_fitted_from_the_event_loop(qtbot, db):
    from PySide6.QtWidgets import QComboBox

    combo = QComboBox()
    qtbot.addWidget(combo)
    for agency in list_agencies(db):
        add_agency(combo, agency)
    assert combo.property("agency_list_fit_waiting") and combo.view().minimumWidth() == 0  # nothing measured yet
    qtbot.waitUntil(lambda: not combo.property("agency_list_fit_waiting"))
    view = combo.view()
    widest = view.sizeHintForColumn(0)  # the widest name with its indent
    assert combo.count() > combo.maxVisibleItems()  # the list scrolls: room for its bar
    assert view.minimumWidth() == widest + 2 * view.frameWidth() + view.verticalScrollBar().sizeHint().width()


def test_the_search_made_before_the_fitting_fits_the_list_first(qtbot, db):
    from PySide6.QtWidgets import QComboBox

    combo = QComboBox()
    qtbot.addWidget(combo)
    for agency in list_agencies(db):
        add_agency(combo, agency)
    search = AgencySearch(combo)  # the keyboard came to the list before the event loop ran
    assert not combo.property("agency_list_fit_waiting")
    assert search.combo.completer().popup().minimumWidth() == combo.view().minimumWidth() > 0


def _fresh_catalogue():
    from workstation import i18n

    catalogue = i18n._read_catalogue(i18n.catalogue_path("zh_CN"), "zh_CN")  # read anew, not the shared one
    assert isinstance(catalogue, i18n.Catalogue), "run .ci/update-translations --compile"
    return catalogue


def test_each_message_is_looked_up_as_the_po_has_it_and_only_those_asked_for_are_made():
    from workstation import i18n

    po = i18n.read_po(i18n.catalogue_path("zh_CN"))
    catalogue = _fresh_catalogue()
    assert dict.__len__(catalogue) == 0  # nothing made before it is asked
    assert catalogue.get("Cases") == po["Cases"] and dict.__len__(catalogue) == 1
    first, last = min(po), max(po)
    for absent in ("", " ", first[:-1], first + "\x00", last + " ", "\uffff", "Cases ", "Case", "no such message"):
        if absent not in po:
            assert catalogue.get(absent) is None and absent not in catalogue, absent
    for message, text in po.items():
        assert catalogue.get(message) == text, message
    assert catalogue == po and len(catalogue) == len(po) and {**catalogue} == po


def test_read_as_a_whole_it_takes_in_every_message_and_keeps_what_was_set(monkeypatch):
    from workstation import i18n

    po = i18n.read_po(i18n.catalogue_path("zh_CN"))
    catalogue = _fresh_catalogue()
    monkeypatch.setitem(catalogue, "Cases", "案卷（测试）")
    monkeypatch.setitem(catalogue, "A message of this test only", "只属于本测试的消息")
    merged = {**catalogue}
    assert merged == {**po, "Cases": "案卷（测试）", "A message of this test only": "只属于本测试的消息"}
    monkeypatch.undo()
    assert catalogue.get("Cases") == po["Cases"] and catalogue.get("A message of this test only") is None


def test_setting_the_language_makes_no_message_before_it_is_asked_for(monkeypatch):
    from workstation import i18n

    monkeypatch.setattr(i18n, "_catalogue", i18n._catalogue)  # put back after the test
    monkeypatch.setattr(i18n, "_LOADED", {})  # read anew, as at a start
    assert i18n.set_language("zh_CN") == "zh_CN"
    catalogue = i18n._catalogue
    assert isinstance(catalogue, i18n.Catalogue) and not catalogue._whole and dict.__len__(catalogue) == 0
    assert i18n._("Cases") == i18n.read_po(i18n.catalogue_path("zh_CN"))["Cases"] != "Cases"
    assert dict.__len__(catalogue) == 1 and i18n.load_catalogue("zh_CN") is catalogue  # one catalogue, shared
    assert catalogue != {} and not catalogue != i18n.read_po(i18n.catalogue_path("zh_CN"))


@pytest.mark.parametrize("damage", ["no end", "a message less", "a separator more", "other .po", "same-size .po"])
def test_a_damaged_compiled_catalogue_is_not_looked_up(tmp_path, monkeypatch, damage):
    from workstation import i18n

    po = tmp_path / "workstation.po"
    po.write_text('msgid "Cases"\nmsgstr "案件"\n\nmsgid "Leads"\nmsgstr "线索"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "catalogue_path", lambda language: po)
    compiled = i18n.compile_catalogue("xx")
    text = compiled.read_bytes().decode("utf-16-le")
    damaged = {"no end": text[:-1], "a message less": text.replace("\x1eLeads\x1f线索", ""),
               "a separator more": text.replace("线索", "线\x1f索")}.get(damage, text)
    compiled.write_bytes(damaged.encode("utf-16-le"))
    if damage.endswith(".po"):  # edited after compiling (a character for another: the same size)
        text = "案卷宗" if damage == "other .po" else "案卷"
        po.write_text(f'msgid "Cases"\nmsgstr "{text}"\n\nmsgid "Leads"\nmsgstr "线索"\n', encoding="utf-8")
    assert i18n.load_catalogue("xx") == i18n.read_po(po)  # the .po read instead
    assert not isinstance(i18n.load_catalogue("xx"), i18n.Catalogue)
