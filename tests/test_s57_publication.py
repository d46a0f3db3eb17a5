"""Publication (公示) of penalty decisions, mended after an audit (REFERENCE §1.2 T18–T20; 市场监督管理行政处罚信息公示
规定): a name with a middle dot or of five characters is masked as the others are (阿某某某·某某某), a compound surname
kept (欧阳某某); a name suggested is not extended into the words after it (李娜, not 李娜投 of 李娜投诉); a case recorded
from a register whose decision is a warning alone or was changed to no fine is refused a publication; a decision not
to penalise is said not to be published; a withdrawal needs its reason; a natural person's address after 住所地 or
户籍地, or written without the province its record holds, is masked; ``docs publication`` masks the names the text
suggests, as the window does, unless given whole."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import run, run_json
from tests.test_clock_challenges import challenge, outcome, served_case
from tests.test_publication_copy import FACTS, decided, docx_text
from workstation import clocks
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.documents.publication import (
    decision_to_publish,
    masked_name,
    names_to_mask,
    publication_copy,
    unmasked_names,
)
from workstation.documents.publication_review import record_review, stored_review
from workstation.errors import ValidationError, WorkstationError
from workstation.records import ClockEvent, Party
from workstation.store import get_case, save_party
from workstation.store.cases import update_case
from workstation.store.clock_events import clock_event_errors, record_clock_event

DOTTED = ("阿依古丽·买买提", "约翰·史密斯", "玛丽•安", "乌兰其其格")
MASKED_DOTTED = ("阿某某某·某某某", "约某·某某某", "玛某•某", "乌某某某某")
DOTTED_FACTS = ("经查，当事人员工阿依古丽·买买提、约翰·史密斯与玛丽•安使用手机号码13800138000向消费者发送商业性短信"
                "1,200条，乌兰其其格负责提供名单。")


# ---- 1. names with a middle dot, or of five characters

@pytest.mark.parametrize(("name", "shown"), list(zip(DOTTED, MASKED_DOTTED, strict=True)))
def test_a_name_with_a_middle_dot_or_of_five_characters_is_accepted_and_masked_part_by_part(name, shown):
    assert names_to_mask((name,), {"party_name": "朱子轩", "party_is_person": True}) == (name,)
    assert masked_name(name) == shown


def test_the_copy_masks_the_dotted_and_long_names_asked_for(db, data_dir, make_case):
    _case, decision = decided(db, data_dir, make_case, facts=DOTTED_FACTS)
    copy = publication_copy(db, data_dir, decision, names=DOTTED)
    for written in (copy.text(), docx_text(copy.docx())):
        assert "员工阿某某某·某某某、约某·某某某与玛某•某使用" in written and "乌某某某某负责提供名单" in written
        for name in (*DOTTED, "买买提", "史密斯"):
            assert name not in written


def test_another_party_with_a_dotted_name_is_masked_unasked(db, data_dir, make_case):
    case, decision = decided(db, data_dir, make_case, facts=DOTTED_FACTS)
    other = save_party(db, Party(name="阿依古丽·买买提", kind="person", id_number="11010519491231002X"))
    update_case(db, replace(get_case(db, case.id), party_ids=[*case.party_ids, other.id]))
    text = publication_copy(db, data_dir, decision).text()
    assert "员工阿某某某·某某某、约翰·史密斯" in text and "阿依古丽" not in text


@pytest.mark.gui
def test_the_window_accepts_a_dotted_name_typed_and_saves_it_masked(qtbot, db, data_dir, make_case, prompts):
    from ui.publication_dialog import PublicationDialog

    _case, decision = decided(db, data_dir, make_case, facts=DOTTED_FACTS)
    dialog = PublicationDialog(prompts, None, decision.number, publication_copy(db, data_dir, decision),
                               lambda names: publication_copy(db, data_dir, decision, names=names))
    qtbot.addWidget(dialog)
    dialog.names.setText("阿依古丽·买买提、乌兰其其格")
    dialog.names.textEdited.emit(dialog.names.text())
    dialog.recompose()
    assert dialog.error.isHidden() and dialog.save.isEnabled()
    shown = dialog.preview.toPlainText()
    assert "员工阿某某某·某某某、" in shown and "乌某某某某负责" in shown
    assert "阿某某某·某某某" in dialog.processed() and "乌某某某某" in dialog.processed()


# ---- 2. a name suggested is not extended into the words after it

LINA_FACTS = "经查，当事人向消费者发送商业性短信1,200条。消费者李娜投诉称其收到短信。经核实，李娜系当事人客户。"


def test_a_name_before_the_verb_is_suggested_alone_and_masked_everywhere(db, data_dir, make_case):
    _case, decision = decided(db, data_dir, make_case, facts=LINA_FACTS)
    copy = publication_copy(db, data_dir, decision)
    assert [n.name for n in unmasked_names(copy)] == ["李娜"]
    text = publication_copy(db, data_dir, decision, names=("李娜",)).text()
    assert "消费者李某投诉称其收到短信。经核实，李某系当事人客户。" in text and "李娜" not in text


# ---- 3. a case recorded from a register: a warning alone, or changed to no fine, is not published

def publication(case, on):
    return ClockEvent(case_id=case.id, kind="publication", starts_on=on)


def test_a_register_case_decided_a_warning_alone_is_refused_a_publication(db, make_case, english):
    case = make_case(fine_fen=0)
    case = update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-03-10",
                                   notice_served_on="2026-05-01", decided_on="2026-06-01", served_on="2026-06-01"),
                       allow_status_change=True)
    errors = clock_event_errors(db, publication(case, "2026-06-10"), case)
    assert "a warning alone is not published" in errors["kind"]
    assert case.case_number in errors["kind"]


def test_a_register_case_changed_to_no_fine_is_refused_a_new_publication(db, make_case, english):
    case = served_case(db, make_case)  # fined ¥50,000, no decision issued here
    record_clock_event(db, publication(case, "2026-06-05"))
    record_clock_event(db, challenge(case, "reconsideration", "2026-06-10"))
    record_clock_event(db, outcome(case, "challenge_changed", "2026-08-03", no_fine=True))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication_withdrawn", starts_on="2026-08-04",
                                      note="处罚决定经复议变更为不予罚款"))
    case = get_case(db, case.id)
    errors = clock_event_errors(db, publication(case, "2026-08-05"), case)
    assert "was changed on 2026-08-03 (南府行复〔2026〕12号) to no fine" in errors["kind"]
    # published before the change: still recorded as it happened
    assert "kind" not in clock_event_errors(db, replace(publication(case, "2026-06-05"), id="x"), case)


# ---- 4. a decision not to penalise

def test_a_decision_not_to_penalise_is_said_not_to_be_published(db, data_dir, make_case, english):
    case = make_case(status="no_penalty", filed_on="2026-03-02", decided_on="2026-04-01", facts="当事人发送短信。")
    issue_document(db, data_dir, case, find_form("no_penalty_decision"),
                   {"party_address": "佛山市南海区桂城街道南海大道北1号", "ground": "轻微不罚"})
    with pytest.raises(WorkstationError) as refused:
        decision_to_publish(db, get_case(db, case.id))
    assert "decided not to penalise" in refused.value.message and "is not published" in refused.value.message
    assert "Issue it first" not in refused.value.message


# ---- 5. a withdrawal needs its reason (art. 11: 说明理由)

def test_a_withdrawal_without_its_reason_is_refused(db, make_case, english):
    case = served_case(db, make_case)
    record_clock_event(db, publication(case, "2026-06-05"))
    withdrawal = ClockEvent(case_id=case.id, kind="publication_withdrawn", starts_on="2026-07-01", note="  ")
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, withdrawal)
    assert "art. 11" in refused.value.errors["note"]
    record_clock_event(db, replace(withdrawal, note="处罚决定已被撤销"))
    assert db.execute("SELECT note FROM clock_events WHERE kind = 'publication_withdrawn'").fetchone()[0] == \
        "处罚决定已被撤销"


@pytest.mark.gui
def test_the_event_dialog_asks_for_the_reason_of_a_withdrawal(db, make_case, prompts, qtbot, english):
    from PySide6.QtCore import QDate

    from ui.case_clocks import ClockEventDialog

    case = served_case(db, make_case)
    record_clock_event(db, publication(case, "2026-06-05"))
    dialog = ClockEventDialog(db, get_case(db, case.id), prompts)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("publication_withdrawn"))
    dialog.starts_on.setDate(QDate(2026, 7, 2))
    assert "reason for the withdrawal" in dialog.validate()["note"]
    dialog.save()
    assert dialog.saved is None
    dialog.note.setText("处罚决定经复议撤销（南府行复〔2026〕12号）")
    assert "note" not in dialog.validate()
    dialog.save()
    assert dialog.saved is not None and dialog.saved.note == "处罚决定经复议撤销（南府行复〔2026〕12号）"


# ---- 6. a compound surname is kept whole

@pytest.mark.parametrize(("name", "shown"), [("欧阳娜娜", "欧阳某某"), ("司马懿", "司马某"), ("诸葛亮", "诸葛某"),
                                             ("李明", "李某"), ("王小明", "王某某")])
def test_a_compound_surname_is_kept_whole(name, shown):
    assert masked_name(name) == shown


def test_the_copy_keeps_a_compound_surname(db, data_dir, make_case):
    facts = "经查，当事人员工欧阳娜娜与司马懿负责发送短信1,200条。"
    _case, decision = decided(db, data_dir, make_case, facts=facts)
    assert "员工欧阳某某与司马某负责" in publication_copy(db, data_dir, decision, names=("欧阳娜娜", "司马懿")).text()


# ---- 7. a natural person's own address after 住所地 or 户籍地, or without its province

def test_a_natural_persons_address_after_its_cues_or_without_its_province_is_masked(db, data_dir, make_case):
    facts = (FACTS + "当事人住所地为佛山市南海区桂城街道海八路1号。当事人户籍地：湖南省邵阳市新邵县酿溪镇新田村5组。"
             "当事人在广东省佛山市南海区桂城街道海八路1号经营。")
    case, decision = decided(db, data_dir, make_case, person=True, facts=facts)
    party = get_case(db, case.id).party_ids[0]
    save_party(db, Party(name="朱子轩", kind="person", id_number="11010519491231002X",
                         address="广东省佛山市南海区桂城街道海八路1号", id=party))
    decision = issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                              {"decided_on": "2026-03-10", "fine_fen": "5000", "facts": facts},
                              supersedes=decision.id, party_id=party)
    text = publication_copy(db, data_dir, decision).text()
    assert "当事人住所地为佛山市南海区****。" in text
    assert "当事人户籍地：湖南省邵阳市新邵县****。" in text
    assert "当事人在广东省佛山市南海区****经营" in text
    for hidden in ("海八路", "酿溪镇", "新田村"):
        assert hidden not in text


def test_a_firms_registered_address_written_without_its_province_stays_whole(db, data_dir, make_case):
    facts = FACTS + "当事人住所地为佛山市南海区桂城街道南海大道1号。"
    case, decision = decided(db, data_dir, make_case, facts=facts)
    party = get_case(db, case.id).party_ids[0]
    save_party(db, Party(name="佛山市南海区誉嘉房地产代理有限公司", uscc="91512081MA62K0260E",
                         address="广东省佛山市南海区桂城街道南海大道1号", legal_rep="梁嘉豪", id=party))
    decision = issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                              {"decided_on": "2026-03-10", "fine_fen": "5000", "facts": facts},
                              supersedes=decision.id, party_id=party)
    assert "当事人住所地为佛山市南海区桂城街道南海大道1号。" in publication_copy(db, data_dir, decision).text()


# ---- 8. docs publication masks the names suggested, as the window does

NAMED = ("经查，当事人法定代表人梁嘉豪安排员工王小明与陈静使用手机号码13800138000向消费者发送商业性短信1,200条。"
         "证人张伟，男，1985年3月出生，证实上述情况。")


def test_docs_publication_masks_the_suggested_names_unless_given_whole(db, data_dir, make_case, capsys, tmp_path,
                                                                       english):
    case, decision = decided(db, data_dir, make_case, facts=NAMED)
    result = run_json(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir, "-o", tmp_path / "a.txt")
    text = (tmp_path / "a.txt").read_text(encoding="utf-8-sig")
    assert "安排员工王某某与陈某使用" in text and "证人张某，男" in text
    assert result["masked_as_suggested"] == ["王小明", "陈静", "张伟"] and result["unmasked_names"] == []
    # kept with the decision as the window keeps its review: the window offers them ticked again
    assert stored_review(db, decision.id).masked == ("王小明", "陈静", "张伟")
    # a suggestion given whole with --unmask: written whole, kept as left whole (unticked in the window)
    code, out, _err = run(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir, "-o",
                          tmp_path / "b.txt", "--unmask", "陈静")
    assert code == 0 and "安排员工王某某与陈静使用" in (tmp_path / "b.txt").read_text(encoding="utf-8-sig")
    kept = stored_review(db, decision.id)
    assert kept.kept_whole == frozenset({"陈静"}) and kept.masked == ("王小明", "张伟")
    # left whole since: written whole again, and said
    result = run_json(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir, "-o",
                      tmp_path / "c.txt")
    assert "安排员工王某某与陈静使用" in (tmp_path / "c.txt").read_text(encoding="utf-8-sig")
    assert [n["name"] for n in result["unmasked_names"]] == ["陈静"] and result["masked_as_suggested"] == []


def test_docs_publication_unmask_gives_a_suggestion_whole_the_first_time(db, data_dir, make_case, capsys, tmp_path,
                                                                         english):
    case, decision = decided(db, data_dir, make_case, facts=NAMED)
    code, out, _err = run(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir, "-o",
                          tmp_path / "a.txt", "--unmask", "张伟")
    text = (tmp_path / "a.txt").read_text(encoding="utf-8-sig")
    assert code == 0 and "证人张伟，男" in text and "安排员工王某某与陈某使用" in text
    assert "Masked as the text suggests: 王小明、陈静. Write one whole with --unmask NAME." in out.splitlines()
    assert stored_review(db, decision.id).kept_whole == frozenset({"张伟"})
    code, _out, err = run(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir, "-o",
                          tmp_path / "x.txt", "--unmask", "周七")
    assert code == 1 and "--unmask: 周七 is neither among the names the last review" in err
    assert "keeps masked (王小明、陈静) nor among those the text suggests (张伟)" in err
    assert not (tmp_path / "x.txt").exists()


def test_docs_publication_help_says_the_suggested_names_are_masked(capsys, english):
    with pytest.raises(SystemExit):
        run(capsys, "docs", "publication", "--help")
    out = " ".join(capsys.readouterr().out.split())
    assert "the names of natural persons the text suggests are masked unless given whole with --unmask" in out
    assert "one the text suggests, which is masked by default as the window ticks it" in out


def test_a_review_recorded_in_the_window_is_mirrored(db, data_dir, make_case, capsys, tmp_path, english):
    case, decision = decided(db, data_dir, make_case, facts=NAMED)
    record_review(db, decision, "", {"陈静"}, ("王小明",))  # the window: 陈静 unticked, the others ticked
    result = run_json(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir, "-o",
                      tmp_path / "a.txt")
    text = (tmp_path / "a.txt").read_text(encoding="utf-8-sig")
    assert "安排员工王某某与陈静使用" in text and "证人张某，男" in text
    assert result["masked_as_suggested"] == ["张伟"] and [n["name"] for n in result["unmasked_names"]] == ["陈静"]


def test_t18_is_unchanged_for_a_party_of_the_province(db, make_case):
    case = served_case(db, make_case)
    [t18] = [d for d in clocks.case_clocks(db, case, on="2026-06-05") if d.clock == "T18"]
    assert t18.rule.period == 20


# ---- 9. after a final read: 住所 alone, names from records, a register case's amounts, 等 and 称 after a name

OTHER_ADDRESS = "广东省佛山市顺德区大良街道清晖路8号"


def test_an_address_after_zhusuo_alone_is_masked_for_a_natural_person(db, data_dir, make_case):
    from workstation.masking import mask_cued_addresses

    assert mask_cued_addresses(f"住所：{OTHER_ADDRESS}", person=True) == "住所：广东省佛山市顺德区****"
    assert mask_cued_addresses(f"住所：{OTHER_ADDRESS}", own=OTHER_ADDRESS) == f"住所：{OTHER_ADDRESS}"  # a firm's own: published
    facts = FACTS + f"当事人另有住所：{OTHER_ADDRESS}。"
    _case, decision = decided(db, data_dir, make_case, person=True, facts=facts)
    text = publication_copy(db, data_dir, decision).text()
    assert "当事人另有住所：广东省佛山市顺德区****。" in text and "清晖路" not in text


def test_a_firms_address_after_zhusuo_alone_stays_whole(db, data_dir, make_case):
    facts = FACTS + f"当事人另有住所：{OTHER_ADDRESS}。"
    _case, decision = decided(db, data_dir, make_case, facts=facts)
    assert f"当事人另有住所：{OTHER_ADDRESS}。" in publication_copy(db, data_dir, decision).text()


def _questioned(db, data_dir, case, *interviewees):
    from tests.helpers import INQUIRY_TO_ISSUE
    from tests.test_law_guards import under_investigation

    with under_investigation(db, case) as investigated:
        for hour, interviewee in enumerate(interviewees, start=10):
            issue_document(db, data_dir, investigated, find_form("inquiry_record"),
                           {**INQUIRY_TO_ISSUE, "interviewee": interviewee, "time_from": f"2026-02-25 {hour}:00",
                            "time_to": f"2026-02-25 {hour}:50"})


def test_a_long_undotted_value_of_a_record_is_no_name_to_mask(db, data_dir, make_case):
    facts = ("经查，当事人员工李四使用手机号码13800138000向消费者发送商业性短信1,200条，乌兰其其格负责提供名单，"
             "阿依古丽·买买提负责发送。当事人拒绝签字。")
    case, decision = decided(db, data_dir, make_case, facts=facts)
    _questioned(db, data_dir, case, "当事人员工李四", "当事人拒绝签字", "乌兰其其格", "阿依古丽·买买提（当事人员工）")
    text = publication_copy(db, data_dir, decision).text()
    assert "经查，当事人员工李四使用" in text and "当事人拒绝签字。" in text and "当某某" not in text
    assert "乌兰其其格负责提供名单" in text  # five characters from a record: not taken unasked
    assert "阿某某某·某某某负责发送" in text  # a dotted name from a record: masked unasked
    # five characters typed by the officer, or the name of another party recorded: masked
    assert "乌某某某某负责提供名单" in publication_copy(db, data_dir, decision, names=("乌兰其其格",)).text()
    other = save_party(db, Party(name="乌兰其其格", kind="person", id_number="11010519491231002X"))
    update_case(db, replace(get_case(db, case.id), party_ids=[*case.party_ids, other.id]))
    text = publication_copy(db, data_dir, decision).text()
    assert "乌某某某某负责提供名单" in text and "经查，当事人员工李四使用" in text


def test_a_register_case_without_amounts_is_told_to_enter_them(db, make_case, english):
    case = make_case(fine_fen=0)
    case = update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-03-10",
                                   notice_served_on="2026-05-01", decided_on="2026-06-01", served_on="2026-06-01"),
                       allow_status_change=True)
    said = clock_event_errors(db, publication(case, "2026-06-10"), case)["kind"]
    assert "the case records neither a fine nor a confiscation" in said
    assert "If the decision imposed more, enter its amounts on the case" in said
    assert "imposes a warning only" not in said


def test_changed_to_nothing_as_of_a_day(db, make_case):
    from workstation.store.clock_events import changed_to_nothing

    case = served_case(db, make_case)
    record_clock_event(db, challenge(case, "reconsideration", "2026-06-10"))
    record_clock_event(db, outcome(case, "challenge_changed", "2026-08-03", no_fine=True))
    case = get_case(db, case.id)
    assert changed_to_nothing(db, case, on="2026-08-02") is None
    assert changed_to_nothing(db, case, on="2026-08-03").starts_on == "2026-08-03"
    assert changed_to_nothing(db, case).starts_on == "2026-08-03"


def test_a_name_is_not_extended_into_deng_or_cheng_before_a_stop(db, data_dir, make_case):
    facts = ("经查，当事人向消费者发送商业性短信1,200条。消费者李四等，均收到短信。员工王五称，名单由当事人提供。"
             "消费者赵小明等。员工陈静称：其负责发送。")
    _case, decision = decided(db, data_dir, make_case, facts=facts)
    assert [n.name for n in unmasked_names(publication_copy(db, data_dir, decision))] == ["李四", "王五", "赵小明",
                                                                                          "陈静"]
