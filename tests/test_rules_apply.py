"""Saving edited screening rules puts them in force as one piece of background work with progress and Cancel:
every complaint screened again, the numbers the texts write indexed again with the new area code, and the rules
file replaced only at the end; a cancel (during the indexing too) leaves the rules, the screening, the leads and
the index of numbers as they were."""

import pytest

from tests.helpers import insert_complaint_texts
from workstation.errors import Cancelled
from workstation.i18n import _
from workstation.progress import CancelToken
from workstation.screening import apply_rules, screen
from workstation.screening.rules import shipped_rules_path
from workstation.store.complaints import search_complaints

INDEXING = _("Indexing the numbers written in the complaints")
TEXTS = [  # work order, text
    ("R1", "号码8323 4567打来推销楼盘，骚扰电话不断"),
    ("R2", "13800138000打来推销保险，说是新业务"),
    ("R3", "小区门口的店铺占道经营，影响通行"),
]


@pytest.fixture
def stored(db):
    insert_complaint_texts(db, [(n, "13900139000", text) for n, text in TEXTS])
    screen(db)
    return db


def edited_rules() -> str:
    """The shipped rules with another area code and one more harassment keyword."""
    return shipped_rules_path().read_text(encoding="utf-8").replace(
        'default_area_code = "0757"', 'default_area_code = "020"').replace('"呼死你",', '"呼死你", "推销保险",')


def state(db, data_dir) -> dict:
    """Everything putting rules in force may change."""
    copy = data_dir / "screening" / "rules.toml"
    return {
        "rules": copy.read_text(encoding="utf-8") if copy.exists() else None,
        "staged": sorted(p.name for p in (data_dir / "screening").glob("*")) if copy.parent.exists() else [],
        "numbers": db.execute("SELECT * FROM complaint_numbers ORDER BY complaint_rowid").fetchall(),
        "complaints": db.execute("SELECT external_id, category, phones, lead_id, screened_at FROM complaints "
                                 "ORDER BY rowid").fetchall(),
        "leads": db.execute("SELECT * FROM leads ORDER BY id").fetchall(),
        "settings": db.execute("SELECT * FROM settings ORDER BY 1").fetchall(),
    }


def found(db, query):
    return [h.external_id for h in search_complaints(db, query)]


def cancelling_at(message: str):
    """A progress callback and a token that is cancelled when the work reports ``message``."""
    token, seen = CancelToken(), []

    def progress(done, total, said):
        seen.append(said)
        if said == message:
            token.cancel()

    return progress, token, seen


@pytest.mark.parametrize("when", [_("Screening complaints"), INDEXING])
def test_a_cancel_leaves_the_rules_the_screening_and_the_index_as_they_were(stored, data_dir, when):
    before = state(stored, data_dir)
    assert found(stored, "075783234567") == ["R1"] and before["rules"] is None
    progress, token, seen = cancelling_at(when)
    with pytest.raises(Cancelled):
        apply_rules(stored, data_dir, edited_rules(), progress=progress, cancel=token)
    assert when in seen
    assert state(stored, data_dir) == before
    assert found(stored, "075783234567") == ["R1"] and found(stored, "02083234567") == []


def test_a_cancel_keeps_the_rules_an_officer_edited_before(stored, data_dir):
    from workstation.screening.rules import save_rules

    earlier = shipped_rules_path().read_text(encoding="utf-8").replace('"呼死你",', '"呼死你", "推销保险",')
    save_rules(data_dir, earlier)
    screen(stored)
    before = state(stored, data_dir)
    progress, token, _seen = cancelling_at(INDEXING)
    with pytest.raises(Cancelled):
        apply_rules(stored, data_dir, edited_rules(), progress=progress, cancel=token)
    assert state(stored, data_dir) == before and before["rules"] == earlier


def test_applied_rules_are_in_force_with_the_numbers_indexed_again(stored, data_dir):
    reports = []
    result = apply_rules(stored, data_dir, edited_rules(), progress=lambda d, t, m: reports.append((d, t, m)))
    assert (data_dir / "screening" / "rules.toml").read_text(encoding="utf-8") == edited_rules()
    assert sorted(p.name for p in (data_dir / "screening").iterdir()) == ["rules.toml"]  # no file left beside it
    assert any(m == INDEXING for _d, _t, m in reports) and reports[-1][0] == reports[-1][1]
    assert sorted(result.related_ids) == ["R1", "R2"]  # 推销保险 is a harassment call now
    assert found(stored, "02083234567") == ["R1"] and found(stored, "075783234567") == []
    apply_rules(stored, data_dir, shipped_rules_path().read_text(encoding="utf-8"))  # the shipped ones again
    assert not (data_dir / "screening" / "rules.toml").exists()
    assert found(stored, "075783234567") == ["R1"]


def test_a_broken_rule_is_refused_before_anything_changes(stored, data_dir):
    from workstation.screening.rules import RulesError

    before = state(stored, data_dir)
    with pytest.raises(RulesError):
        apply_rules(stored, data_dir, edited_rules() + "\n[[category]]\nkey = 3\n")
    assert state(stored, data_dir) == before


# --- the rules editor ------------------------------------------------------------------------------------------


def test_the_editor_puts_the_rules_in_force_with_progress(stored, data_dir, prompts, make_window, qtbot):
    from ui.rules_editor import RulesEditor

    window = make_window(stored)
    page = window.leads_page
    editor = RulesEditor(stored, data_dir, prompts, page, runner=page.runner)
    qtbot.addWidget(editor)
    editor.text.setPlainText(edited_rules())
    editor.save()
    assert editor.saved and editor.screened is not None and sorted(editor.screened.related_ids) == ["R1", "R2"]
    assert any(m == INDEXING for _d, _t, m in page.runner.progress_reports)
    assert found(stored, "02083234567") == ["R1"] and not prompts.errors


def test_cancel_in_the_editor_changes_nothing_and_keeps_the_edited_text(stored, data_dir, prompts, qtbot):
    from ui.rules_editor import RulesEditor
    from ui.task_runner import ImmediateRunner

    class CancelWhileIndexing(ImmediateRunner):
        """Runs at once and presses Cancel when the work starts indexing the numbers."""

        def run(self, title, work, on_done, on_error, parent=None):
            def progress(done, total, message):
                self.progress_reports.append((done, total, message))
                if message == INDEXING:
                    self.cancel_token.cancel()

            try:
                result = work(progress=progress, cancel=self.cancel_token)
            except Exception as exc:  # noqa: BLE001 - as the runners do: to on_error
                on_error(exc)
            else:
                on_done(result)

    before = state(stored, data_dir)
    editor = RulesEditor(stored, data_dir, prompts, runner=CancelWhileIndexing())
    qtbot.addWidget(editor)
    editor.show()
    editor.text.setPlainText(edited_rules())
    editor.save()
    assert not editor.saved and editor.isVisible() and editor.typed() == edited_rules()
    assert prompts.infos == ["已取消，未作任何更改。"] and not prompts.errors
    assert state(stored, data_dir) == before
