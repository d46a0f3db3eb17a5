"""The checks the audit of the forms found missing: an explanation required for the choices that need one, the same
officer never named twice, times of day checked and never before the lead nor still to come, and the electronic
service channels of the 送达地址确认书 checked (formkit.values ``field_errors``)."""
from __future__ import annotations

from workstation.documents.drafts import find_form
from workstation.formkit.values import field_errors

CONTEXT = {"today": "2026-12-04", "now": "2026-12-04 10:00", "case.lead_received_on": "2026-11-02",
           "case.filed_on": "2026-11-05"}


def errors(form_id: str, values: dict, **context) -> dict[str, str]:
    return field_errors(find_form(form_id), values, {**CONTEXT, **context})[1]


def test_no_penalty_other_ground_requires_what_it_is_and_its_article():
    wrong = errors("no_penalty_decision", {"ground": "其他", "basis": ""})
    assert "ground_other" in wrong and "basis" in wrong
    given = errors("no_penalty_decision", {"ground": "其他", "ground_other": "当事人系受胁迫实施",
                                           "basis": "《中华人民共和国行政处罚法》第三十三条第二款"})
    assert "ground_other" not in given and "basis" not in given
    # the default basis of 其他 names no article: it starts empty, so left as it is it is refused
    assert find_form("no_penalty_decision").field("basis").default_for("其他") == ""


def test_other_matter_requires_the_matter_and_its_own_reason():
    assert "matter_other" in errors("matter_approval", {"matter": "其他"})
    assert "matter_other" not in errors("matter_approval", {"matter": "延长办案期限"})
    assert find_form("matter_approval").field("reason").default_for("其他") == ""


def test_hearing_report_change_states_the_change():
    assert "proposal_text" in errors("hearing_report", {"proposal": "变更"})
    assert "proposal_text" not in errors("hearing_report", {"proposal": "维持"})


def test_legal_review_improper_discretion_states_the_problem():
    assert "problems" in errors("legal_review", {"discretion_proper": "否"})
    assert "problems" not in errors("legal_review", {"discretion_proper": "是"})


def test_the_same_officer_is_refused_as_the_second():
    for form_id in ("filing_approval", "electronic_evidence_record", "evidence_extraction"):
        same = errors(form_id, {"officer1_name": "罗建华", "officer2_name": "罗建华",
                                "officer1_cert": "44060514331", "officer2_cert": "44060514331"})
        assert "officer2_name" in same and "officer2_cert" in same, form_id
    same = errors("inquiry_record", {"interviewer1": "罗建华", "interviewer2": "罗建华"})
    assert "interviewer2" in same
    different = errors("filing_approval", {"officer1_name": "罗建华", "officer2_name": "黄丽娟",
                                           "officer1_cert": "44060514331", "officer2_cert": "44060514332"})
    assert "officer2_name" not in different and "officer2_cert" not in different


def test_appointment_times_are_times_of_day():
    assert "appear_time" in errors("inquiry_notice", {"appear_time": "下午25时"})
    assert "appear_time" not in errors("inquiry_notice", {"appear_time": "下午3时"})
    assert "hearing_time" in errors("hearing_notice", {"hearing_time": "下午25时"})


def test_electronic_extraction_not_before_the_lead():
    assert "time_from" in errors("electronic_evidence_record", {"time_from": "2020年1月4日9时30分"})
    assert "time_from" not in errors("electronic_evidence_record", {"time_from": "2026年11月4日9时30分"})


def test_inquiry_record_of_an_interview_still_to_come_is_refused():
    later = errors("inquiry_record", {"time_from": "2026-12-04 22:00", "time_to": "2026-12-04 23:00"})
    assert "time_from" in later and "time_to" in later
    held = errors("inquiry_record", {"time_from": "2026-12-04 09:00", "time_to": "2026-12-04 09:50"})
    assert "time_from" not in held and "time_to" not in held


def test_service_address_channels_are_checked():
    wrong = errors("service_address_confirmation", {"sms_phone": "12345", "email": "not-an-email",
                                                    "postal_code": "abc", "e_consent": "同意"})
    assert {"sms_phone", "email", "postal_code"} <= set(wrong)
    assert "sms_phone" in errors("service_address_confirmation", {"e_consent": "同意"})
    good = errors("service_address_confirmation", {"sms_phone": "13800138000", "email": "a@example.com",
                                                   "postal_code": "528000", "e_consent": "同意"})
    assert not {"sms_phone", "email", "postal_code"} & set(good)
    assert "sms_phone" not in errors("service_address_confirmation", {"e_consent": "不同意"})
