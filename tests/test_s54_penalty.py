"""The decision stage's checks (session 54 audit): the 行政处罚告知书 is not served before the day it bears, for any party;
a fine above ten times the gains confiscated is refused where the case records no gains; no more is confiscated
than the illegal gains recorded (documents and case editor); 个体工商户 takes the natural person's thresholds; a fine
under 个人信息保护法 art. 66 para. 1 comes with its warning; a 裁量理由 stating a tier its fine is outside is refused
without a reason; the notice is not dated before the file went to review; the 不予行政处罚决定书's education fits any
violation; the 当场行政处罚决定书 ticks no warning by itself; a decision issued after T2 ran out is warned of."""

from __future__ import annotations

from dataclasses import replace

import pytest

from workstation import procedure
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.issuing import issue_document
from workstation.documents.stage_rules import stage_warnings
from workstation.errors import TransitionRefused, ValidationError, WorkstationError
from workstation.formkit.values import case_context, default_values
from workstation.law import thresholds
from workstation.records import Party
from workstation.store import get_case, save_party
from workstation.store.cases import case_field_errors, update_case

FACTS = "经查，当事人未经消费者同意向其发送商业性短信300条。"
MESSAGES = "unsolicited_commercial_messages"  # 消法 art. 56: ¥0–500,000 without gains, 1–10× them with
COLLECTION = "illegal_collection_or_use"  # with 拒不改正 recorded: 个人信息保护法 art. 66 para. 1, up to ¥1,000,000
FILED, REVIEWED = "2026-10-12", "2026-10-21"


@pytest.fixture
def reviewed(db, make_case):
    """A case with one party sent to review on 2026-10-21, awaiting its 行政处罚告知书."""

    def make(**fields):
        fields = {"violations": [MESSAGES], "facts": FACTS, **fields}
        return make_case(status="under_review", filed_on=FILED, review_on=REVIEWED, act_on="2026-08-01", **fields)

    return make


def notice(db, data_dir, case, party_id=None, **values):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                          {"facts": FACTS, "issued_on": "2026-11-05", "warning": True, **values}, party_id=party_id)


def with_employee(db, case):
    """The case with a natural person as its second party: (case, company id, employee id)."""
    company = case.party_ids[0]
    employee = save_party(db, Party(name="朱子轩", kind="person", id_number="11010519491231002X",
                                    address="佛山市禅城区祖庙路3号"))
    return update_case(db, replace(get_case(db, case.id), party_ids=[company, employee.id])), company, employee.id


# ---- 1. the notice served on or after the day it bears ---------------------------------------------------------

def test_the_first_notice_is_not_recorded_served_before_the_day_it_bears(db, data_dir, reviewed, english):
    case = reviewed()
    issued = notice(db, data_dir, case, fine_fen="2000")
    refusal = procedure.date_refusal(db, get_case(db, case.id), "send_pre_notice", "2026-11-04")
    assert refusal and issued.number in refusal and "2026-11-05" in refusal and "2026-11-04" in refusal
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "send_pre_notice", on_date="2026-11-04")
    assert refused.value.message == refusal
    assert get_case(db, case.id).status == "under_review"  # nothing recorded
    assert procedure.apply(db, case.id, "send_pre_notice", on_date="2026-11-05").notice_served_on == "2026-11-05"


def test_each_party_is_served_its_own_notice_on_or_after_the_day_it_bears(db, data_dir, reviewed, english):
    case, company, employee = with_employee(db, reviewed())
    notice(db, data_dir, case, company, fine_fen="2000")
    later = notice(db, data_dir, case, employee, fine_fen="100", issued_on="2026-11-10")
    refusal = procedure.date_refusal(db, get_case(db, case.id), "send_pre_notice", "2026-11-06")  # both parties
    assert refusal.startswith("朱子轩: ") and later.number in refusal and "2026-11-10" in refusal
    assert "佛山市南海区誉嘉房地产代理有限公司" not in refusal
    with pytest.raises(TransitionRefused):
        procedure.apply(db, case.id, "send_pre_notice", on_date="2026-11-06", party_ids=(company, employee))
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-11-06", party_ids=(company,))
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "send_pre_notice", on_date="2026-11-09", party_ids=(employee,))
    assert later.number in refused.value.message
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-11-10", party_ids=(employee,))


# ---- 2. a fine above ten times the gains confiscated, the case recording none ----------------------------------

def test_a_fine_above_ten_times_the_gains_confiscated_is_refused(db, data_dir, reviewed, english):
    case = reviewed()
    with pytest.raises(WorkstationError) as refused:
        notice(db, data_dir, case, fine_fen="200000", confiscated_fen="5000", hearing_required=True)
    message = refused.value.message
    assert "¥200,000.00" in message and "¥50,000.00" in message and "¥5,000.00" in message
    assert "Lower the fine to ¥50,000.00 at most" in message and "record them on the case" in message
    assert notice(db, data_dir, case, fine_fen="50000", confiscated_fen="5000").number


# ---- 3. no more confiscated than the illegal gains recorded ------------------------------------------------------

def test_a_notice_confiscating_more_than_the_gains_recorded_is_refused(db, data_dir, reviewed, english):
    case = reviewed(illegal_gains_fen=1_000_000)
    with pytest.raises(WorkstationError) as refused:
        notice(db, data_dir, case, fine_fen="10000", confiscated_fen="20000")
    message = refused.value.message
    assert "¥20,000.00" in message and "¥10,000.00" in message and "Edit case" in message
    assert notice(db, data_dir, case, fine_fen="10000", confiscated_fen="10000").number


def test_the_case_refuses_a_confiscation_above_its_illegal_gains(db, reviewed, english):
    case = reviewed(illegal_gains_fen=1_000_000)
    errors = case_field_errors(db, replace(case, confiscated_fen=2_000_000), existing=True, stored=case)
    assert "¥20,000.00" in errors["confiscated_fen"] and "¥10,000.00" in errors["confiscated_fen"]
    with pytest.raises(ValidationError):
        update_case(db, replace(case, confiscated_fen=2_000_000))
    # no gains recorded: what is confiscated is not compared; as much as the gains is
    assert "confiscated_fen" not in case_field_errors(db, replace(case, illegal_gains_fen=0, confiscated_fen=5),
                                                      existing=True, stored=case)
    assert update_case(db, replace(case, confiscated_fen=1_000_000)).confiscated_fen == 1_000_000


@pytest.mark.gui
def test_the_case_dialog_shows_a_confiscation_above_the_gains_under_its_field(qtbot, db, reviewed, prompts, english):
    from ui.case_dialog import CaseDialog

    case = reviewed(illegal_gains_fen=1_000_000)
    dialog = CaseDialog(db, prompts, get_case(db, case.id))
    qtbot.addWidget(dialog)
    dialog.money["confiscated_fen"].setText("20000")
    dialog.validate()
    assert "¥10,000.00" in dialog.errors["confiscated_fen"].text()
    dialog.money["confiscated_fen"].setText("10000")
    dialog.validate()
    assert dialog.errors["confiscated_fen"].text() == ""


# ---- 4. 个体工商户 at the natural person's thresholds ---------------------------------------------------------------

def test_an_individual_business_keeps_its_publication_period_of_an_organisation():
    """Counted with natural persons for a hearing, an individual business keeps the organisation's lower-fine amount
    of the publication rules: its ¥20,000 fine is published for 3 months as before, not for 3 years (and the end of
    a publication already made does not move)."""
    assert thresholds.publication("individual_business", 2_000_000).period_months == 3
    assert thresholds.publication("person", 2_000_000).period_months == 36


def test_an_individual_business_has_the_natural_persons_thresholds(db, reviewed):
    assert thresholds.hearing("individual_business", 1_000_000).applies  # ¥10,000, as for a natural person
    assert not thresholds.hearing("company", 1_000_000).applies
    assert not thresholds.simple_procedure("individual_business", 30_000).applies  # ¥300 > ¥200
    case = reviewed(fine_fen=5_000_000)
    save_party(db, Party(name="佛山市南海区复现八装饰设计工作室", kind="individual_business", uscc="92440605MA4UJ9QA8C",
                         address="佛山市南海区桂城街道海八路1号", id=case.party_ids[0]))
    values = default_values(find_form("pre_penalty_notice"), case_context(db, get_case(db, case.id)))
    assert values["hearing_required"] is True


# ---- 5. 个人信息保护法 art. 66 para. 1: the warning with the fine -------------------------------------------------

def test_a_fine_under_pipl_66_1_needs_its_warning(db, data_dir, reviewed, english):
    case = reviewed(violations=[COLLECTION], law_conditions=["refused_correction"])
    with pytest.raises(WorkstationError) as refused:
        notice(db, data_dir, case, fine_fen="20000", warning=False)
    message = refused.value.message
    assert "第六十六条第一款" in message and "a warning" in message
    assert notice(db, data_dir, case, fine_fen="20000", warning=True).number


# ---- 6. the tier the 裁量理由 states against the fine -------------------------------------------------------------

def test_a_tier_stated_beside_a_fine_outside_it_is_refused_without_a_reason(db, data_dir, reviewed, english):
    case = reviewed()
    lighter = "当事人具有初次违法的情节，依法从轻处罚。"
    with pytest.raises(WorkstationError) as refused:  # ¥400,000 lies in the 从重 band of ¥0–500,000
        notice(db, data_dir, case, fine_fen="400000", discretion=lighter, hearing_required=True)
    assert "从轻" in refused.value.message and "从重" in refused.value.message
    assert "no reason" in refused.value.message
    reason = lighter + "鉴于当事人发送数量巨大，罚款高于从轻档。"
    assert notice(db, data_dir, case, fine_fen="400000", discretion=reason, hearing_required=True).number


def test_a_reason_written_before_the_tier_counts_as_one(db, data_dir, reviewed):
    case = reviewed()
    before = "当事人发送数量巨大，影响恶劣，但积极配合调查，依法从轻处罚。"  # the reason first, as Chinese puts it
    assert notice(db, data_dir, case, fine_fen="400000", discretion=before, hearing_required=True).number


# ---- 7. the notice dated on or after the review ------------------------------------------------------------------

def test_the_notice_is_not_dated_before_the_file_went_to_review(db, data_dir, reviewed, english):
    case = reviewed()
    with pytest.raises(ValidationError) as refused:
        notice(db, data_dir, case, fine_fen="2000", issued_on="2026-10-13")
    (label, message), = refused.value.errors.items()
    assert label == "告知日期" and REVIEWED in message and "2026-10-13" in message
    assert notice(db, data_dir, case, fine_fen="2000", issued_on=REVIEWED).number


# ---- 8. the education of the 不予行政处罚决定书 ----------------------------------------------------------------------

def test_the_no_penalty_education_fits_a_leak_case(db, make_case):
    case = make_case(status="under_review", filed_on=FILED, review_on=REVIEWED, facts="经查，当事人将业主信息100条提供给装修公司。",
                     violations=["illegal_provision_or_leak"])
    printed = draft_document(db, case, find_form("no_penalty_decision"), {"reasons": "首次违法，及时改正。",
                                                                                "party_address": "佛山市南海区桂城街道1号",
                                                                                "decided_on": "2026-11-20"}).text
    (education,) = [line for line in printed.splitlines() if "本局已对当事人进行教育" in line]
    assert "责令其立即改正违法行为" in education and "商业性信息" not in education


def test_a_kept_draft_with_the_old_education_takes_the_new_one(db, make_case):
    from workstation.formkit.values import resumed_values

    case = make_case(status="under_review", filed_on=FILED, review_on=REVIEWED, violations=["illegal_provision_or_leak"])
    form = find_form("no_penalty_decision")
    old = next(f for f in form.fields if f.name == "education").old_defaults[0]
    assert "商业性信息" in old
    kept = resumed_values(form, {"education": old}, case_context(db, case))
    assert kept["education"] == next(f for f in form.fields if f.name == "education").default


# ---- 9. the on-the-spot decision ticks no warning by itself -----------------------------------------------------

def test_the_on_the_spot_decision_prints_only_the_fine_typed(db, make_case):
    case = make_case(status="investigating", lead_received_on="2026-12-04",
                     facts="经查，当事人未经同意发送推广短信20条。", violations=[MESSAGES])
    form = find_form("on_the_spot_decision")
    assert not default_values(form, case_context(db, case)).get("warning")
    typed = {"serial_no": "0009", "fine_fen": "200", "decided_at": "2026-12-05 10:00",
             "party_address": "佛山市南海区桂城街道1号", "place": "佛山市南海区桂城街道1号"}
    printed = draft_document(db, case, form, typed).text
    assert "警告" not in printed.split("当场作出如下行政处罚")[1]


# ---- 10. a decision issued after T2 ran out -----------------------------------------------------------------------

@pytest.mark.parametrize("form_id", ["penalty_decision", "no_penalty_decision"])
def test_a_decision_dated_after_the_time_limit_is_warned_of(db, make_case, form_id, english):
    case = make_case(status="decision_pending", filed_on="2026-06-03", notice_served_on="2026-08-20",
                     notice_waived=True, facts=FACTS, violations=[MESSAGES])  # T2: 90 days, to 2026-09-01
    late = [w for w in stage_warnings(db, case, form_id, {"decided_on": "2026-11-20", "fine_fen": 200_000})
            if "T2" in w]
    assert len(late) == 1 and "2026-09-01" in late[0] and "80 days" in late[0]
    assert not [w for w in stage_warnings(db, case, form_id, {"decided_on": "2026-09-01", "fine_fen": 200_000})
                if "T2" in w]
