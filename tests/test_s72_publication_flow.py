"""Publication (公示) mended after the s72 audit (REFERENCE §1.9, §1.2 T18–T20): a publication dated before the
decision was served on the party is refused (市场监督管理行政处罚信息公示规定 arts. 7–8: the party is told in writing
at service that the decision will be published), in a case with several parties before the service on each party
a decision published is addressed to; recording an early stop of the publication before any publication names the
early stop, not a withdrawal; and an address written after 住所 is masked in every decision's publication copy, the
party's own 住所 of a firm kept whole."""

from __future__ import annotations

import pytest

from tests.helpers import run, run_json
from tests.test_multiparty13 import EMPLOYEE, decided_case, serve
from tests.test_publication_copy import FACTS, decided
from workstation.documents.publication import publication_copy, publication_reminder
from workstation.errors import ValidationError
from workstation.masking import mask_cued_addresses, mask_published
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import clock_event_errors, clock_events_of, record_clock_event

# ---- 1. no publication before the decision was served


def _publish(capsys, data_dir, case, on):
    return run(capsys, "--data-dir", data_dir, "clocks", "record", case.case_number, "publication", "--on", on)


def test_a_publication_before_the_decision_was_served_is_refused(db, data_dir, make_case, capsys, english):
    case, _decision = decided(db, data_dir, make_case)  # decided 03-10, not served
    code, _out, err = _publish(capsys, data_dir, case, "2026-03-12")
    assert code == 1
    assert "has not been served yet" in err and "arts. 7–8" in err and "serve_decision" in err
    assert clock_events_of(db, case.id) == []
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "serve_decision", "--date",
                      "2026-03-13")
    assert get_case(db, case.id).served_on == "2026-03-13", result
    code, _out, err = _publish(capsys, data_dir, case, "2026-03-12")
    assert code == 1 and "was served on 2026-03-13" in err and "arts. 7–8" in err
    assert clock_events_of(db, case.id) == []
    code, out, err = _publish(capsys, data_dir, case, "2026-03-13")
    assert code == 0, err
    assert [(e.kind, e.starts_on) for e in clock_events_of(db, case.id)] == [("publication", "2026-03-13")]


def test_the_store_refuses_it_too(db, data_dir, make_case, english):
    case, _decision = decided(db, data_dir, make_case)
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-03-12"))
    assert "has not been served yet" in refused.value.errors["starts_on"]
    assert clock_events_of(db, case.id) == []


def test_the_dialog_check_refuses_it_too(db, data_dir, make_case, english):
    # what ClockEventDialog.validate shows
    case, _decision = decided(db, data_dir, make_case)
    errors = clock_event_errors(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-03-12"), case)
    assert "has not been served yet" in errors["starts_on"]


@pytest.mark.parametrize("status", ["closed", "archived"])
def test_a_register_case_closed_without_its_service_can_record_its_publication(db, make_case, english, status):
    # imported from a register: decided, no service recorded, no steps — its service can no longer be recorded
    case = make_case(status=status, filed_on="2026-02-20", decided_on="2026-03-10", fine_fen=500_000)
    assert get_case(db, case.id).served_on is None
    saved = record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-03-20"))
    assert [(e.kind, e.starts_on) for e in clock_events_of(db, case.id)] == [("publication", "2026-03-20")], saved


def test_in_a_case_of_several_parties_each_party_published_must_be_served(db, data_dir, make_case, capsys, english):
    case, company, employee = decided_case(db, data_dir, make_case)
    serve(db, case, "2026-03-12", company)
    code, _out, err = _publish(capsys, data_dir, case, "2026-03-13")
    assert code == 1 and f"not been served on {EMPLOYEE}" in err and "arts. 7–8" in err
    serve(db, case, "2026-03-16", employee)
    code, _out, err = _publish(capsys, data_dir, case, "2026-03-13")
    assert code == 1 and f"served on {EMPLOYEE} on 2026-03-16" in err
    assert clock_events_of(db, case.id) == []
    code, _out, err = _publish(capsys, data_dir, case, "2026-03-16")
    assert code == 0, err


# ---- 2. an early stop recorded before any publication names itself


def _stop_first(capsys, data_dir, case, kind):
    extra = ("--applied-on", "2026-03-19") if kind == "publication_stopped" else ()
    return run(capsys, "--data-dir", data_dir, "clocks", "record", case.case_number, kind, "--on", "2026-03-20",
               *extra, "--note", "x")


def test_an_early_stop_before_any_publication_names_the_early_stop(db, data_dir, make_case, capsys, english):
    case, _decision = decided(db, data_dir, make_case)
    run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "serve_decision", "--date", "2026-03-13")
    code, _out, err = _stop_first(capsys, data_dir, case, "publication_stopped")
    assert code == 1
    assert "record the publication first, then the “Publication stopped early (on the party's application)”" in err
    assert "withdraw" not in err
    code, _out, err = _stop_first(capsys, data_dir, case, "publication_withdrawn")
    assert code == 1 and "record the publication first, then the “Published penalty information withdrawn”" in err
    assert clock_events_of(db, case.id) == []


def test_in_chinese_the_early_stop_is_not_called_a_withdrawal(db, data_dir, make_case, capsys, chinese):
    case, _decision = decided(db, data_dir, make_case)
    run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "serve_decision", "--date", "2026-03-13")
    code, _out, err = _stop_first(capsys, data_dir, case, "publication_stopped")
    assert code == 1 and "提前停止公示" in err and "撤回" not in err


# ---- 3. 住所 cues an address in every decision

CONSUMER = "佛山市南海区大沥镇黄岐嘉洲广场8座901房"
COMPLAINT = f"消费者黄志强投诉称，其住所位于{CONSUMER}，多次收到当事人发送的商业性短信。"


@pytest.mark.parametrize("person", [False, True])
def test_an_address_after_zhusuo_is_masked_whoever_the_party(person):
    assert mask_cued_addresses(COMPLAINT, person=person) == COMPLAINT.replace(CONSUMER, "佛山市南海区****")


@pytest.mark.parametrize("text", ["当事人住所：佛山市南海区桂城街道南海大道2号。",
                                  "当事人另有住所：佛山市南海区桂城街道南海大道2号。"])
def test_a_firms_own_zhusuo_stays_whole(text):
    assert mask_cued_addresses(text) == text


def test_a_company_copy_masks_the_consumers_address_and_keeps_its_own(db, data_dir, make_case):
    _case, decision = decided(db, data_dir, make_case, facts=FACTS + COMPLAINT)
    text = publication_copy(db, data_dir, decision).text()
    assert "其住所位于佛山市南海区****，多次收到" in text and "嘉洲广场" not in text
    assert "住所：佛山市南海区桂城街道南海大道1号" in text  # the company's own 住所 line, whole


def test_the_reminder_names_zhusuo(english):
    assert "住所" in publication_reminder()


# ---- 4. legal wording after 住所地 is no address; a firm's own 住所 written another way stays whole

JURISDICTION = "本案由违法行为发生地或者住所地县级以上市场监督管理部门管辖。"


@pytest.mark.parametrize("text", [JURISDICTION, "由当事人住所地市场监督管理部门管辖。", "住所地人民法院提起行政诉讼。",
                                  "向住所地登记机关申请变更登记。", "经营场所和住所地管辖。"])
@pytest.mark.parametrize("person", [False, True])
def test_legal_wording_after_zhusuodi_is_never_masked(text, person):
    assert mask_published(text, person=person) == text


def test_a_company_copy_keeps_the_jurisdiction_wording(db, data_dir, make_case):
    _case, decision = decided(db, data_dir, make_case, facts=FACTS + JURISDICTION)
    assert JURISDICTION in publication_copy(db, data_dir, decision).text()


OWN = "广东省佛山市南海区桂城街道南海大道2号"


@pytest.mark.parametrize("text", ["该公司住所位于佛山市南海区桂城街道南海大道２号。",
                                  "其住所佛山市南海区桂城南海大道2号。",
                                  "其住所地佛山市南海区桂城街道南海大道二号。",
                                  "实际住所位于佛山市南海区桂城街道南海大道 2 号。",
                                  "本公司住所：广东省佛山市南海区桂城街道南海大道2号。",
                                  "住所：佛山市南海区桂城街道南海大道2号"])
def test_a_firms_own_address_written_another_way_stays_whole(text):
    assert mask_cued_addresses(text, own=OWN) == text
    assert mask_published(text, own=OWN) == text


def test_another_address_after_its_cue_is_still_masked_with_the_own_address_given():
    text = "其住所位于佛山市南海区桂城街道南海大道8号。"
    assert mask_published(text, own=OWN) == "其住所位于佛山市南海区****。"
    assert mask_published(COMPLAINT, own=OWN) == COMPLAINT.replace(CONSUMER, "佛山市南海区****")


def test_a_company_copy_keeps_its_address_written_another_way(db, data_dir, make_case):
    written = "该公司实际住所位于佛山市南海区桂城街道南海大道１号，"
    _case, decision = decided(db, data_dir, make_case, facts=FACTS + written + COMPLAINT)
    text = publication_copy(db, data_dir, decision).text()
    assert written in text
    assert "其住所位于佛山市南海区****，多次收到" in text


@pytest.mark.parametrize("start", ["", "投诉人信息如下：\n", "投诉人信息如下：\n实际"])
def test_another_persons_zhusuo_starting_a_line_is_masked_in_a_firms_decision(start):
    """住所 starting a line is not the firm's own for that alone: a complainant's written so is masked; the firm's
    own is kept as its registered address (``own``), however written."""
    text = f"{start}住所：广东省佛山市南海区桂城街道海八路9号"
    masked = f"{start}住所：广东省佛山市南海区****"
    assert mask_cued_addresses(text, own="广东省佛山市禅城区祖庙路1号") == masked
    assert mask_published(text, own="广东省佛山市禅城区祖庙路1号") == masked
