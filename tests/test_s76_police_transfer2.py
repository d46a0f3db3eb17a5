"""Transfer to the police (s76 audit, second part): the 涉嫌犯罪案件移送书 is refused, as the transfer is, without two
certified officers; in a case with several parties the refusals of a per-party transfer say how the officer goes on
(the party whose conduct is not criminal dealt with in a case of its own); a lead referred to the police with a
案件移送函 is warned that a suspected crime goes with a 涉嫌犯罪案件移送书 once the case is filed."""

from dataclasses import replace

import pytest

from tests.helpers import registered_lead, run, run_json
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue
from workstation.errors import TransitionRefused, WorkstationError
from workstation.leads_workflow import get_lead_row
from workstation.records import Party
from workstation.store import get_case, save_party, update_case

SPLIT = "dealt with in a separate case"


def test_the_transfer_letter_is_refused_without_two_officers_as_the_transfer_is(db, make_case, english):
    case = make_case(status="investigating", filed_on="2026-03-02", officer_names=(), records_other=6200,
                     facts="经查，当事人出售业主信息。")
    with pytest.raises(TransitionRefused) as transfer:
        procedure.apply(db, case.id, "transfer_to_police", on_date="2026-04-21", reason="涉嫌侵犯公民个人信息罪")
    with pytest.raises(WorkstationError) as letter:
        check_issue(db, get_case(db, case.id), find_form("police_transfer"))
    assert "needs at least two active officers" in letter.value.message
    assert transfer.value.message in letter.value.message or letter.value.message in transfer.value.message


def test_the_transfer_report_and_its_approval_are_refused_without_two_officers_too(db, make_case, english):
    from workstation.store.clock_events import kind_refusal

    case = make_case(status="investigating", filed_on="2026-03-02", officer_names=(), records_other=6200,
                     facts="经查，当事人出售业主信息。")
    for kind in ("transfer_report", "transfer_approved"):
        assert "needs at least two active officers" in (kind_refusal(db, get_case(db, case.id), kind) or "")
    staffed = make_case(status="investigating", filed_on="2026-03-02", records_other=6200, facts="经查，当事人出售业主信息。")
    assert "officers" not in (kind_refusal(db, get_case(db, staffed.id), "transfer_report") or "")


def test_the_transfer_letter_of_a_case_with_its_officers_is_not_refused_for_them(db, make_case, english):
    case = make_case(status="investigating", filed_on="2026-03-02", records_other=6200, facts="经查，当事人出售业主信息。")
    try:
        check_issue(db, get_case(db, case.id), find_form("police_transfer"))
    except WorkstationError as exc:
        assert "officers" not in exc.message


@pytest.fixture
def two_parties(db, make_case):
    case = make_case(status="investigating", filed_on="2026-03-02", records_other=8000, facts="经查，当事人出售业主信息。")
    other = save_party(db, Party(name="丁某", kind="person", id_number="11010519491231002X"))
    return update_case(db, replace(case, party_ids=[*case.party_ids, other.id])), other


def test_a_per_party_transfer_refused_says_to_deal_with_the_other_party_separately(db, two_parties, english):
    case, other = two_parties
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "transfer_to_police", on_date="2026-04-21", reason="涉嫌犯罪",
                        party_id=case.party_ids[0])
    assert "whole case" in refused.value.message and SPLIT in refused.value.message


def test_a_notice_refused_at_the_threshold_in_a_case_of_several_parties_says_the_same(db, two_parties, english):
    case, other = two_parties
    refusal = procedure._transfer_guard(db, case, set(), "send_pre_notice")
    assert refusal and "criminal threshold" in refusal and SPLIT in refusal


def test_a_case_of_one_party_at_the_threshold_is_not_told_to_split(db, make_case, english):
    case = make_case(status="investigating", filed_on="2026-03-02", records_other=8000, facts="经查，当事人出售业主信息。")
    refusal = procedure._transfer_guard(db, case, set(), "send_pre_notice")
    assert refusal and SPLIT not in refusal


def test_a_referral_to_the_police_is_warned_of_the_transfer_letter(english):
    from workstation.leads_workflow import police_referral_warning

    warning = police_referral_warning("佛山市公安局禅城分局")
    assert "涉嫌犯罪案件移送书" in warning and "佛山市公安局禅城分局" in warning
    assert police_referral_warning("广东省通信管理局") == ""


@pytest.fixture
def station(cli_station, tmp_path):
    from tests.helpers import open_db
    from workstation.records import Officer
    from workstation.store import agency_id_for_code, save_officer

    path = cli_station(tmp_path / "station", ["init", "--agency", "440605", "--plaintext"])
    db = open_db(path)
    for name, cert in (("陈志强", "44060512001"), ("黄丽娟", "44060512002")):
        save_officer(db, Officer(name=name, cert_no=cert, agency_id=agency_id_for_code("440605")))
    db.close()
    return path


ADD = ("leads", "add", "--source", "report", "--received", "2026-11-24T09:00", "--description",
       "某中介出售业主信息", "--party", "佛山市南海区某中介", "--target-phone", "13512340000")


def test_leads_decide_refer_to_the_police_warns_in_json_and_on_stderr(capsys, station, tmp_path, english):
    lead = run_json(capsys, "--data-dir", station, *ADD)["id"]
    result = run_json(capsys, "--data-dir", station, "leads", "decide", lead, "--refer", "佛山市公安局南海分局",
                      "--date", "2026-11-27", "--reason", "不属于本局管辖", "-o", tmp_path / "refer.pdf",
                      "--officer", "陈志强")
    assert any("涉嫌犯罪案件移送书" in w for w in result.get("warnings", []))
    other = run_json(capsys, "--data-dir", station, *ADD[:-4], "--party", "某公司", "--target-phone", "13512340001")["id"]
    code, _out, err = run(capsys, "--data-dir", station, "leads", "decide", other, "--refer", "佛山市公安局南海分局",
                          "--date", "2026-11-27", "--reason", "不属于本局管辖", "-o", tmp_path / "refer2.pdf",
                          "--officer", "陈志强")
    assert code == 0 and "涉嫌犯罪案件移送书" in err


def test_the_leads_page_refer_dialog_warns_of_the_transfer_letter(db, make_window, prompts, english):
    from workstation.leads_workflow import assign_lead
    from workstation.store import agency_id_for_code

    lead = registered_lead(db, "2026-03-01 09:00", source="12345", party="佛山市南海区某中介",
                           description="中介出售业主信息。", target_phone="")
    assign_lead(db, lead, agency_id_for_code("440605"), on="2026-03-02")
    asked = []
    answers = iter(["佛山市公安局南海分局", None])  # the police named, then (told, and answering No) nothing
    prompts.ask_text = lambda parent, title, label, default="": next(answers)
    prompts.confirm = lambda parent, message, *a, **k: asked.append(message) or False
    page = make_window(db).leads_page
    page.select(lead)
    page.refer()
    assert any("涉嫌犯罪案件移送书" in message for message in asked)
    assert get_lead_row(db, lead)["status"] != "referred"  # answered No: not referred


def test_the_leads_page_refers_to_the_police_once_confirmed(db, make_window, prompts, english):
    from workstation.leads_workflow import assign_lead
    from workstation.store import agency_id_for_code

    lead = registered_lead(db, "2026-03-01 09:00", source="12345", party="佛山市南海区某中介",
                           description="中介出售业主信息。", target_phone="")
    assign_lead(db, lead, agency_id_for_code("440605"), on="2026-03-02")
    answers = iter(["佛山市公安局南海分局"])
    prompts.ask_text = lambda parent, title, label, default="": next(answers)
    prompts.confirm = lambda parent, message, *a, **k: True
    page = make_window(db).leads_page
    page.select(lead)
    page.refer()  # confirmed: the letter's editor opened, the box not asked again (``answers`` holds one)
    editor = page._open_editor_of("case_transfer_letter", lead)
    assert editor is not None and editor.current_values()["receiver"] == "佛山市公安局南海分局"
    assert get_lead_row(db, lead)["status"] != "referred"  # referred once the letter is issued, not before
