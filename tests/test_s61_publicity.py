"""Findings of the s61 publicity audit: a deletion undone does not record an activity a second time unasked; every
deletion made on the page can be undone in turn, several rows deleted at once too; the help does not promise that
the audit log keeps what was deleted; an empty count on the command line is refused; Save with nothing changed
writes nothing; the publication copy refuses to mask a word of a law's title or of the penalty; `publicity list
--own`."""

from __future__ import annotations

import json

import pytest

from PySide6.QtCore import QItemSelectionModel

from tests.conftest import ScriptedPrompts
from tests.test_publication_copy import NAMED_FACTS, decided
from workstation.cli import main
from workstation.documents.publication import publication_copy
from workstation.errors import WorkstationError
from workstation.records import Publicity
from workstation.store import agency_id_for_code, delete_publicity, list_publicity, save_publicity
from workstation.store.publicity import delete_publicities, restore_publicities

NANHAI = agency_id_for_code("440605")
GUICHENG = agency_id_for_code("440605011")


def activity(**fields) -> Publicity:
    values = {"agency_id": NANHAI, "held_on": "2026-04-01", "title": "个人信息保护进社区",
              "kind": "community", "flyers": 100, "sms": 20, "participants": 30} | fields
    return Publicity(**values)


def audit_count(db) -> int:
    return db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]


def tab_of(db, prompts=None):
    from PySide6.QtWidgets import QApplication

    from ui.publicity_page import PublicityTab

    QApplication.instance() or QApplication([])
    prompts = prompts or ScriptedPrompts()
    prompts.texts = ["误录"] * 5  # the reason each deletion asks
    return PublicityTab(db, prompts), prompts


def select(tab, *ids):
    """Select the rows of the activities ``ids`` in ``tab`` (the first of them current)."""
    rows = [[p.id for p in tab.model.records].index(i) for i in ids]
    tab.view.selectRow(rows[0])
    model = tab.view.selectionModel()
    for row in rows[1:]:
        model.select(tab.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                     | QItemSelectionModel.SelectionFlag.Rows)


# ---- 1. undoing a deletion does not record an activity twice unasked ---------------------------------------------


def test_the_store_refuses_to_bring_back_an_activity_entered_again_unless_told(db):
    item = save_publicity(db, activity())
    deleted = delete_publicity(db, item.id)
    again = save_publicity(db, activity())  # entered again through the editor
    before = audit_count(db)
    with pytest.raises(WorkstationError) as refused:
        restore_publicities(db, [deleted])
    assert item.title in refused.value.message
    assert [p.id for p in list_publicity(db)] == [again.id] and audit_count(db) == before
    restore_publicities(db, [deleted], allow_duplicate=True)
    assert len(list_publicity(db)) == 2


def test_undo_asks_before_bringing_back_a_twin_and_cancel_changes_nothing(db):
    item = save_publicity(db, activity())
    tab, prompts = tab_of(db)
    select(tab, item.id)
    tab.delete_activity()
    save_publicity(db, activity())
    tab.refresh()
    prompts.choices = [2]  # Cancel
    tab.undo_delete()
    assert len(prompts.offered) == 1 and len(prompts.offered[0]) == 4  # the question, then three answers
    assert len(list_publicity(db)) == 1
    assert tab.buttons["undo_delete"].isEnabled()  # still to be undone
    prompts.choices = [0]  # bring it back all the same
    tab.undo_delete()
    assert len(list_publicity(db)) == 2 and prompts.errors == []


def test_keeping_a_twin_deleted_reaches_the_deletion_before_it(db):
    first = save_publicity(db, activity(title="进校园", kind="school"))
    second = save_publicity(db, activity())
    tab, prompts = tab_of(db)
    select(tab, first.id)
    tab.delete_activity()
    select(tab, second.id)
    tab.delete_activity()
    save_publicity(db, activity())  # the second entered again
    tab.refresh()
    prompts.choices = [1]  # keep it deleted
    tab.undo_delete()
    assert [p.title for p in list_publicity(db)] == ["个人信息保护进社区"]
    tab.undo_delete()  # the first deletion now
    assert sorted(p.title for p in list_publicity(db)) == ["个人信息保护进社区", "进校园"]
    assert not tab.buttons["undo_delete"].isEnabled()


# ---- 2. every deletion made on the page can be undone ------------------------------------------------------------


def test_each_deletion_is_undone_in_turn(db):
    items = [save_publicity(db, activity(title=f"活动{n}")) for n in range(3)]
    tab, prompts = tab_of(db)
    for item in items:
        select(tab, item.id)
        tab.delete_activity()
    assert list_publicity(db) == []
    tab.undo_delete()
    assert [p.title for p in list_publicity(db)] == ["活动2"]
    tab.undo_delete()
    tab.undo_delete()
    assert sorted(p.title for p in list_publicity(db)) == ["活动0", "活动1", "活动2"]
    assert not tab.buttons["undo_delete"].isEnabled() and prompts.errors == []


def test_the_help_does_not_say_the_audit_log_keeps_what_was_deleted(capsys, english):
    with pytest.raises(SystemExit):
        main(["publicity", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "keeps what it was" not in out and "records the deletion" in out


# ---- 3. an empty count on the command line -----------------------------------------------------------------------


@pytest.fixture
def station(tmp_path, capsys):
    target = tmp_path / "station"
    assert main(["--data-dir", str(target), "init", "--agency", "440605"]) == 0
    capsys.readouterr()
    return target


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_an_empty_count_is_refused_naming_its_option(station, capsys):
    code, out, err = run(capsys, "--data-dir", station, "publicity", "add", "--date", "2026-04-01", "--title", "进社区",
                         "--flyers", "", "--json")
    assert code == 1 and "--flyers" in err
    assert json.loads(run(capsys, "--data-dir", station, "publicity", "list", "--json")[1]) == []
    code, out, err = run(capsys, "--data-dir", station, "publicity", "add", "--date", "2026-04-01", "--title", "进社区",
                         "--sms", "300", "--json")
    item = json.loads(out)
    code, out, err = run(capsys, "--data-dir", station, "publicity", "edit", item["id"], "--sms", " ", "--json")
    assert code == 1 and "--sms" in err and out == ""
    assert json.loads(run(capsys, "--data-dir", station, "publicity", "list", "--json")[1])[0]["sms"] == 300


# ---- 4. Save with nothing changed ----------------------------------------------------------------------------------


def test_save_with_nothing_changed_writes_nothing(db):
    from PySide6.QtWidgets import QApplication, QDialog

    from ui.publicity_dialog import PublicityDialog

    QApplication.instance() or QApplication([])
    item = save_publicity(db, activity(flyers=1200))
    stamp = db.execute("SELECT updated_at FROM publicity WHERE id = ?", [item.id]).fetchone()[0]
    before = audit_count(db)
    dialog = PublicityDialog(db, ScriptedPrompts(), item)
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert audit_count(db) == before
    assert db.execute("SELECT updated_at FROM publicity WHERE id = ?", [item.id]).fetchone()[0] == stamp
    dialog = PublicityDialog(db, ScriptedPrompts(), item)  # a change is saved still
    dialog.texts["flyers"].setText("1,300")
    dialog.save()
    assert audit_count(db) == before + 1 and list_publicity(db)[0].flyers == 1300


# ---- 5. several rows selected ------------------------------------------------------------------------------------


def test_delete_removes_every_selected_row_after_one_question_and_undo_brings_them_back(db):
    items = [save_publicity(db, activity(title=f"活动{n}", flyers=n)) for n in range(4)]
    tab, prompts = tab_of(db)
    select(tab, items[0].id, items[2].id, items[3].id)
    tab.delete_activity()
    assert len(prompts.questions) == 1 and "3" in prompts.questions[0]
    assert [p.title for p in list_publicity(db)] == ["活动1"]
    tab.undo_delete()
    assert sorted(p.title for p in list_publicity(db)) == ["活动0", "活动1", "活动2", "活动3"]
    assert not tab.buttons["undo_delete"].isEnabled() and prompts.errors == []


def test_several_rows_with_one_of_another_agency_delete_nothing(db):
    from workstation.store.base import set_setting

    own = save_publicity(db, activity(title="本所"))
    other = save_publicity(db, activity(title="他局", agency_id=agency_id_for_code("440606")))
    set_setting(db, "station_agency", GUICHENG)
    tab, prompts = tab_of(db)
    select(tab, own.id, other.id)
    tab.delete_activity()
    assert len(list_publicity(db)) == 2 and len(prompts.errors) == 1 and "他局" in prompts.errors[0]


# ---- 6. the publication copy: a word of a law's title or of the penalty is no name -------------------------------


@pytest.mark.parametrize("word, where", [("消费者", "《"), ("罚款", "行政处罚内容"), ("警告", "行政处罚内容")])
def test_a_word_of_a_law_title_or_of_the_penalty_is_refused_as_a_name(db, data_dir, make_case, word, where):
    _case, decision = decided(db, data_dir, make_case, facts=NAMED_FACTS)
    with pytest.raises(WorkstationError) as refused:
        publication_copy(db, data_dir, decision, names=(word,))
    assert word in refused.value.message and where in refused.value.message
    copy = publication_copy(db, data_dir, decision, names=("张伟",))  # a person's name is masked still
    assert "张伟" not in copy.text()


# ---- 7. publicity list --own -------------------------------------------------------------------------------------


def test_publicity_list_own_leaves_out_the_offices(station, capsys):
    for agency, title in (("440605", "局"), ("440605011", "所")):
        assert run(capsys, "--data-dir", station, "publicity", "add", "--date", "2026-04-01", "--title", title,
                   "--agency", agency)[0] == 0
    listed = json.loads(run(capsys, "--data-dir", station, "publicity", "list", "--agency", "440605", "--json")[1])
    assert sorted(r["title"] for r in listed) == ["局", "所"]
    code, out, err = run(capsys, "--data-dir", station, "publicity", "list", "--agency", "440605", "--own", "--json")
    assert code == 0, err
    assert [r["title"] for r in json.loads(out)] == ["局"]


# ---- 8. final read: several deleted together, a deletion that cannot be brought back, typed names ---------------


def test_the_store_deletes_several_all_or_none(db, english):
    from workstation.errors import NotFound
    from workstation.store.base import set_setting

    first, second = save_publicity(db, activity(title="甲")), save_publicity(db, activity(title="乙"))
    before = audit_count(db)
    with pytest.raises(NotFound):
        delete_publicities(db, [first.id, "gone"])
    assert len(list_publicity(db)) == 2 and audit_count(db) == before
    other = save_publicity(db, activity(title="他局", agency_id=agency_id_for_code("440606")))
    set_setting(db, "station_agency", GUICHENG)
    before = audit_count(db)
    with pytest.raises(WorkstationError) as refused:
        delete_publicities(db, [first.id, other.id, second.id])
    assert "他局" in refused.value.message and refused.value.message.endswith("Nothing was deleted.")
    assert len(list_publicity(db)) == 3 and audit_count(db) == before
    deleted = delete_publicities(db, [first.id, second.id])
    assert [p.title for p in deleted] == ["甲", "乙"] and [p.title for p in list_publicity(db)] == ["他局"]


def test_the_page_shows_the_stores_refusal_of_several(db, english):
    from workstation.store.base import set_setting
    from workstation.store.publicity import deletion_refusal

    own = save_publicity(db, activity(title="本所"))
    other = save_publicity(db, activity(title="他局", agency_id=agency_id_for_code("440606")))
    set_setting(db, "station_agency", GUICHENG)
    tab, prompts = tab_of(db)
    select(tab, own.id, other.id)
    tab.delete_activity()
    assert prompts.errors == [deletion_refusal(db, [own, other])] and prompts.questions == []
    assert prompts.errors[0].endswith("Nothing was deleted.") and "他局" in prompts.errors[0]


def test_keep_it_deleted_of_a_group_brings_back_the_others(db):
    items = [save_publicity(db, activity(title=title)) for title in ("甲", "乙", "丙")]
    tab, prompts = tab_of(db)
    select(tab, *(item.id for item in items))
    tab.delete_activity()
    save_publicity(db, activity(title="乙"))  # two of them entered again
    save_publicity(db, activity(title="丙"))
    tab.refresh()
    prompts.choices = [1]  # keep those deleted
    tab.undo_delete()
    question = prompts.offered[0][0]
    assert "乙" in question and "丙" in question  # each one entered again named
    assert sorted(p.title for p in list_publicity(db)) == ["丙", "乙", "甲"]  # 甲 back, none twice
    assert tab.deleted == [] and prompts.errors == []


def test_keep_it_deleted_of_a_group_entered_again_whole_drops_it(db):
    first = save_publicity(db, activity(title="先"))
    items = [save_publicity(db, activity(title=title)) for title in ("甲", "乙")]
    tab, prompts = tab_of(db)
    select(tab, first.id)
    tab.delete_activity()
    select(tab, *(item.id for item in items))
    tab.delete_activity()
    for item in items:
        save_publicity(db, activity(title=item.title))
    tab.refresh()
    prompts.choices = [1]
    tab.undo_delete()
    assert sorted(p.title for p in list_publicity(db)) == ["乙", "甲"]
    assert tab.buttons["undo_delete"].isEnabled()  # the deletion before it is next
    tab.undo_delete()
    assert sorted(p.title for p in list_publicity(db)) == ["乙", "先", "甲"]


def test_a_deletion_that_cannot_be_brought_back_may_be_dropped_to_reach_the_one_before(db):
    from dataclasses import replace

    first, second = save_publicity(db, activity(title="先")), save_publicity(db, activity(title="后"))
    tab, prompts = tab_of(db)
    for item in (first, second):
        select(tab, item.id)
        tab.delete_activity()
    tab.deleted[-1] = [replace(tab.deleted[-1][0], kind="withdrawn")]  # a kind no longer in the vocabulary
    prompts.choices = [None]  # Cancel: nothing changes
    tab.undo_delete()
    assert len(tab.deleted) == 2 and list_publicity(db) == []
    assert len(prompts.offered) == 1 and len(prompts.errors) == 1  # said, then offered to be kept deleted
    prompts.choices = [0]  # keep it deleted
    tab.undo_delete()
    assert len(tab.deleted) == 1 and list_publicity(db) == []
    tab.undo_delete()
    assert [p.title for p in list_publicity(db)] == ["先"] and not tab.buttons["undo_delete"].isEnabled()


def test_a_name_typed_in_the_penalty_of_the_officers_own_words_is_masked(db, data_dir, make_case):
    from tests.test_party_case10 import notice
    from tests.test_publication_copy import COMPANY, DECIDED_ON, USCC
    from workstation import procedure
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import issue_document
    from workstation.records import Party
    from workstation.store import get_case, save_party

    # the basis cited provides for no 没收非法财物: the officer's words are in 其他行政处罚
    penalties = {"fine_fen": "5000", "other_penalty": "责令停业整顿（张伟、李娜经营的门店）"}
    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-02-27", facts=NAMED_FACTS,
                     violations=["unsolicited_commercial_messages"])
    party = case.party_ids[0]
    save_party(db, Party(name=COMPANY, uscc=USCC, address="佛山市南海区桂城街道南海大道1号", legal_rep="梁嘉豪",
                         id=party))
    notice(db, data_dir, case, party, hearing_required=True, **penalties)
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    procedure.apply(db, case.id, "end_statement_period", on_date=DECIDED_ON)
    decision = issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                              {"decided_on": DECIDED_ON, "facts": NAMED_FACTS, **penalties}, party_id=party)
    copy = publication_copy(db, data_dir, decision, names=("张伟", "李娜"))
    assert "张伟" not in copy.text() and "李娜" not in copy.text()
    assert "责令停业整顿" in copy.text()
    with pytest.raises(WorkstationError) as refused:  # the form's own wording is refused still
        publication_copy(db, data_dir, decision, names=("罚款",))
    assert "行政处罚内容" in refused.value.message
