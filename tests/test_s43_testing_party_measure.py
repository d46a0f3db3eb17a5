"""The testing of one party's goods (行政强制法 art. 25): in a case with several parties a testing event may name the
party whose goods are tested; the seal-up or seizure of another party's goods does not count it, that of the party's
own goods does, as every measure counts a testing of the whole case (no party named, as before)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import program_day
from tests.test_doc_stage_rules import refusal
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.formkit.values import case_context, default_values
from workstation.records import ClockEvent, Party
from workstation.store import find_case, get_case, save_party
from workstation.store.cases import update_case
from workstation.store.clock_events import describe, get_clock_event, record_clock_event

MEASURED = "佛三市监立〔2026〕6号"  # demo case awaiting its notice, filed 2026-09-23
MEASURE = {"decided_on": "2026-10-01", "legal_basis": "《中华人民共和国个人信息保护法》第六十三条第一款第（四）项",
           "items": "1 | 台式计算机 | 戴尔 | 1台 | 主机"}
OTHER = "佛山市三水区某某贸易有限公司"
# the measure decided 2026-10-01 ends 2026-10-31; ten days of testing (10-10 … 10-19) counted move it to 11-10
ENDS, MOVED = "2026-10-31", "2026-11-10"


def add_other_party(db, case) -> str:
    other = save_party(db, Party(name=OTHER, uscc="91512081MA62K0260E", address="佛山市三水区西南街道1号"))
    update_case(db, replace(get_case(db, case.id), party_ids=[*get_case(db, case.id).party_ids, other.id]))
    return other.id


@pytest.fixture
def two_parties(demo_db, data_dir, monkeypatch, kept_state):
    """The demo case with a second party, and a 实施行政强制措施决定书 issued to its first: (case, first, other);
    made once, copied into each test (``kept_state``)."""
    program_day(monkeypatch, "2026-12-04")

    def make():
        case = find_case(demo_db, MEASURED)
        first = case.party_ids[0]
        other = add_other_party(demo_db, case)
        issue_document(demo_db, data_dir, get_case(demo_db, case.id), find_form("compulsory_measure_decision"),
                       MEASURE, party_id=first)
        return get_case(demo_db, case.id), first, other

    return kept_state("two_parties", demo_db, data_dir, make)


def record_testing(db, case, party=None) -> ClockEvent:
    return record_clock_event(db, ClockEvent(case_id=case.id, kind="testing", party_id=party, starts_on="2026-10-10",
                                             ends_on="2026-10-19"))


def measure_end_of(db, case, party) -> str:
    """The 原期限届满日期 the 延长行政强制措施期限决定书 for ``party`` offers, and the one its check holds it to."""
    offered = default_values(find_form("compulsory_measure_extension"), case_context(db, case, party))
    message = refusal(db, case, "compulsory_measure_extension", decided_on="2026-10-20", original_until="2026-12-31",
                      extended_until="2027-01-20")
    assert f"Write {offered['original_until']} as the 原期限届满日期" in message
    return offered["original_until"]


def test_the_testing_of_another_partys_goods_does_not_move_the_measure(demo_db, two_parties, english):
    case, first, other = two_parties
    event = record_testing(demo_db, case, other)
    assert get_clock_event(demo_db, event.id).party_id == other  # kept, and named on the timeline
    assert describe(event, demo_db).startswith(f"Testing, inspection, quarantine or expert assessment of {OTHER} ")
    assert measure_end_of(demo_db, case, first) == ENDS
    message = refusal(demo_db, case, "compulsory_measure_extension", decided_on="2026-10-20", original_until=MOVED,
                      extended_until="2026-11-30")
    assert f"The 原期限届满日期 ({MOVED}) is not the day the measure" in message


def test_the_testing_of_the_partys_own_goods_moves_its_measure(demo_db, two_parties, english):
    case, first, _other = two_parties
    record_testing(demo_db, case, first)
    assert measure_end_of(demo_db, case, first) == MOVED


def test_a_testing_of_the_whole_case_moves_every_measure(demo_db, two_parties, english):
    case, first, _other = two_parties
    event = record_testing(demo_db, case)
    assert get_clock_event(demo_db, event.id).party_id is None
    assert measure_end_of(demo_db, case, first) == MOVED


def test_a_measure_naming_no_party_counts_every_testing(demo_db, data_dir, monkeypatch, english):
    # issued while the case had one party: whose goods it holds is not recorded
    program_day(monkeypatch, "2026-12-04")
    case = find_case(demo_db, MEASURED)
    issue_document(demo_db, data_dir, case, find_form("compulsory_measure_decision"), MEASURE)
    other = add_other_party(demo_db, case)
    record_testing(demo_db, get_case(demo_db, case.id), other)
    assert measure_end_of(demo_db, get_case(demo_db, case.id), case.party_ids[0]) == MOVED


def test_a_testing_of_one_partys_goods_runs_beside_anothers(demo_db, two_parties, english):
    case, first, other = two_parties
    record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="testing", party_id=first, starts_on="2026-10-10"))
    record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="testing", party_id=other, starts_on="2026-10-12"))
    from workstation.errors import ValidationError

    with pytest.raises(ValidationError) as refused:  # one of the whole case runs beside none
        record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="testing", starts_on="2026-10-14"))
    assert refused.value.errors["ends_on"].startswith("A “Testing, inspection, quarantine or expert assessment” is "
                                                      "already running since 2026-10-1")


@pytest.mark.gui
def test_the_event_dialog_offers_the_party_whose_goods_are_tested(demo_db, two_parties, qtbot, prompts, english):
    from ui.case_clocks import ClockEventDialog

    case, first, other = two_parties
    dialog = ClockEventDialog(demo_db, case, prompts)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("testing"))
    assert dialog.party.isVisibleTo(dialog)
    assert dialog.rows["party"][0].text().replace("&", "").startswith("Party whose goods are tested")
    assert [dialog.party.itemData(i) for i in range(dialog.party.count())] == [first, other, ""]
    assert dialog.party.currentData() == ""  # optional: the whole case unless named
    assert dialog.party.itemText(2) == "The whole case (goods of every party)"
    dialog.party.setCurrentIndex(dialog.party.findData(other))
    dialog.starts_on.setDate(dialog.starts_on.date().fromString("2026-10-10", "yyyy-MM-dd"))
    dialog.running.setChecked(False)
    dialog.ends_on.setDate(dialog.ends_on.date().fromString("2026-10-19", "yyyy-MM-dd"))
    dialog.save()
    assert dialog.saved is not None and get_clock_event(demo_db, dialog.saved.id).party_id == other
    assert measure_end_of(demo_db, case, first) == ENDS
