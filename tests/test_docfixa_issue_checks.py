"""Documents that could be issued wrong (QA of the document editor on 佛南市监立〔2026〕9号): a 现场笔录 whose
现场检查情况 holds only its numbered headings (a form's ``headings`` template counts as empty), or with no inspection
time; a 解除先行登记保存证据通知书 dated in the future (``not_after = "today"``) or released past T13's seven working
days (a warning, not a refusal); a 责令改正通知书 whose 改正期限 or 报送期限 is before its own 落款日期; and a 延长办案期限
approval asking for a period that is no number of days or more than the head can grant, citing no article."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from tests.test_doc_stage_rules import FACTS, allowed, refusal
from workstation.documents.drafts import find_form
from workstation.documents.stage_rules import extension_days, stage_warnings
from workstation.formkit.spec import FormError, load_form
from workstation.formkit.values import case_context, default_values, field_errors
from workstation.records import today
from workstation.store import get_case, get_party, save_party


@pytest.fixture
def investigating(db, make_case):
    """A case under investigation filed on 2026-03-02, its party with an address and its facts written, so that only
    the rule under test refuses."""
    case = make_case(status="investigating", lead_received_on="2026-02-20", filed_on="2026-03-02",
                     act_on="2026-02-10", facts=FACTS)
    party = get_party(db, case.party_ids[0])
    save_party(db, replace(party, address="佛山市南海区桂城街道南海大道1号"))
    return case


FINDINGS = find_form("site_record").field("findings")
SITE = {"recusal_answer": "听清楚了，不申请回避。", "time_from": "2026年3月10日9时30分", "time_to": "2026年3月10日11时05分"}


# ---- 1. a template of headings counts as empty -------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["company", "person", "association"])
def test_the_site_records_headings_alone_count_as_empty(kind):
    template = FINDINGS.default if kind == "company" else dict(FINDINGS.party_defaults)[kind]
    assert FINDINGS.only_headings(template)
    assert FINDINGS.only_headings(template.replace("：", "：  ") + "\n\n")  # spaces and blank lines change nothing
    written = template.replace("基本情况：", "基本情况：门店约50平方米，设工位6个", 1)
    assert written != template and not FINDINGS.only_headings(written)
    assert not FINDINGS.only_headings(template + "\n现场发现客户名单3本")
    assert not FINDINGS.only_headings("")


def test_a_site_record_with_only_its_headings_is_refused_naming_the_field(db, investigating, english):
    message = refusal(db, investigating, "site_record", **SITE)
    assert message.startswith("现场检查情况: only the headings of the template are there yet")
    form = find_form("site_record")  # the draft, and the blank sheet printed for the hand, keep the headings
    context = case_context(db, get_case(db, investigating.id))
    assert "findings" not in field_errors(form, {**default_values(form, context), **SITE}, context)[1]
    findings = FINDINGS.default.replace("5.其他情况：", "5.其他情况：无").replace(
        "1.经营场所基本情况：", "1.经营场所基本情况：门店约50平方米")
    assert allowed(db, investigating, "site_record", **SITE, findings=findings)["findings"] == findings


def test_other_forms_with_a_template_of_prompts_use_the_same_mechanism(db, investigating, english):
    statement = find_form("statement_record").field("statement")
    context = case_context(db, get_case(db, investigating.id))
    filled = default_values(find_form("statement_record"), context)["statement"]  # {you} printed as 你单位
    assert statement.headings and statement.only_headings(filled)
    assert not statement.only_headings(filled.replace("答：", "答：对认定的事实无异议。", 1))
    proceedings = find_form("hearing_record").field("proceedings")
    assert proceedings.only_headings(proceedings.default)
    assert not proceedings.only_headings(proceedings.default.replace("调查人员：", "调查人员：当事人于2026年", 1))
    report = find_form("hearing_report").field("party_statement")
    assert report.only_headings(report.default) and not report.only_headings(report.default + "对罚款金额有异议")


def test_headings_are_only_a_multiline_fields_default(tmp_path):
    text = (Path(find_form("site_record").path)).read_text(encoding="utf-8").replace(
        'label = "证照号码名称"', 'label = "证照号码名称"\nheadings = true', 1)
    path = tmp_path / "site_record.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormError, match="headings"):
        load_form(path)


# ---- 2. the 现场笔录's inspection time is required to issue, not to keep a draft --------------------------------

def test_a_site_record_without_its_inspection_time_is_refused_at_issue_only(db, investigating, english):
    findings = FINDINGS.default.replace("1.经营场所基本情况：", "1.经营场所基本情况：门店约50平方米")
    form = find_form("site_record")
    message = refusal(db, investigating, "site_record", recusal_answer="不申请回避。", findings=findings,
                      time_from="", time_to="")
    assert "检查开始时间" in message and "检查结束时间" in message and "before issuing" in message
    context = case_context(db, get_case(db, investigating.id))
    _out, errors = field_errors(form, {**default_values(form, context), "findings": findings, "time_from": ""},
                                context)
    assert "time_from" not in errors and "time_to" not in errors  # a draft may still lack them


# ---- 3. the 解除先行登记保存证据通知书: not dated ahead, warned when late -----------------------------------------

def _ahead(days: int) -> str:
    return (dt.date.fromisoformat(today()) + dt.timedelta(days=days)).isoformat()


RELEASE = {"notice_no": "佛南市监保存〔2026〕1号", "items": "1 | 笔记本电脑 | 联想E14 | 1台 | 本局物证室"}


@pytest.mark.parametrize("field, label", [("released_on", "解除日期"), ("signed_on", "落款日期")])
def test_a_release_dated_in_the_future_is_refused(db, investigating, english, field, label):
    values = {**RELEASE, "preserved_on": "2026-03-05", "released_on": "2026-03-10", "signed_on": "2026-03-10"}
    message = refusal(db, investigating, "preservation_release", **{**values, field: _ahead(27)})
    assert f"{label}: This date ({_ahead(27)}) is still to come" in message
    assert allowed(db, investigating, "preservation_release", **{**values, field: today()})[field] == today()


def test_not_after_today_is_a_form_level_rule():
    assert find_form("preservation_release").field("signed_on").latest() == ("today", 0)


def test_a_release_later_than_seven_working_days_after_the_preservation_is_warned_not_refused(
        db, investigating, english):
    case = get_case(db, investigating.id)
    # preserved on Tuesday 2026-03-03: seven working days run until Thursday 2026-03-12
    late = {**RELEASE, "preserved_on": "2026-03-03", "released_on": "2026-03-13", "signed_on": "2026-03-13"}
    values = allowed(db, investigating, "preservation_release", **late)
    (warning,) = stage_warnings(db, case, "preservation_release", values)
    assert "2026-03-12" in warning and "2026-03-13" in warning and "第五十六条" in warning
    in_time = allowed(db, investigating, "preservation_release", **{**late, "released_on": "2026-03-12"})
    assert stage_warnings(db, case, "preservation_release", in_time) == []


def test_the_release_counts_working_days_on_the_clocks_calendar(db, investigating, english):
    case = get_case(db, investigating.id)
    # preserved on 2026-09-28: the National Day holidays (10-01 to 10-07) do not count; 10-10 is a make-up working
    # day of 2026 if the calendar says so — whatever it says, the last day is the clocks' own
    from workstation import clocks

    rule = clocks.rule("T13")
    last = dt.date.fromordinal(clocks.engine_for(db).add(rule.unit, dt.date(2026, 9, 28).toordinal(), rule.period))
    assert last > dt.date(2026, 10, 7)  # not seven calendar days, not Monday to Friday only
    values = {**RELEASE, "preserved_on": "2026-09-28", "released_on": last.isoformat(),
              "signed_on": last.isoformat()}
    assert stage_warnings(db, case, "preservation_release", values) == []
    later = last + dt.timedelta(days=1)
    assert stage_warnings(db, case, "preservation_release", {**values, "released_on": later.isoformat()})


# ---- 4. deadlines no earlier than the notice's own date -----------------------------------------------------------

@pytest.mark.parametrize("field, label", [("correct_by", "改正期限"), ("submit_by", "报送期限")])
def test_a_rectification_deadline_before_the_notice_is_refused(db, investigating, english, field, label):
    # filed 2026-03-02, the notice signed 2026-03-20: a deadline of 2026-03-10 is after the filing, before the notice
    written = {"signed_on": "2026-03-20", "requirements": "1.停止未经消费者同意向其发送商业性短信的行为。"}
    message = refusal(db, investigating, "rectification_order", **written, **{field: "2026-03-10"})
    assert label in message and "落款日期" in message and "2026-03-20" in message
    assert allowed(db, investigating, "rectification_order", **written, **{field: "2026-03-20"})[field] == "2026-03-20"


# ---- 5. 延长办案期限: a number of days the head can grant, and the article ---------------------------------------

EXTENSION = {"matter": "延长办案期限", "proposed_on": "2026-05-20"}


@pytest.mark.parametrize("period, days", [("延长三十日，至2026年7月1日", (30, "日")), ("9999日", (9999, "日")),
                                          ("延长十五个工作日", (15, "工作日")), ("自2026年5月6日起中止", None),
                                          ("延长２０天", (20, "日"))])
def test_the_days_an_extension_asks_for_are_read(period, days):
    assert extension_days(period) == days


def test_an_extension_of_9999_days_is_refused_saying_what_is_needed(db, investigating, english):
    message = refusal(db, investigating, "matter_approval", **EXTENSION, period="9999日")
    assert "9999 days" in message and "30 days" in message and "集体讨论" in message
    assert "行政处罚案件集体讨论记录" in message


def test_an_extension_without_a_number_of_days_is_refused(db, investigating, english):
    message = refusal(db, investigating, "matter_approval", **EXTENSION, period="视情况而定")
    assert "names no number of days" in message and "延长三十日" in message


def test_an_extension_in_working_days_is_refused_saying_it_is_counted_in_calendar_days(db, investigating, english):
    message = refusal(db, investigating, "matter_approval", **EXTENSION, period="延长十五个工作日")
    assert "names no number of days" not in message
    assert "15 working days (工作日)" in message and "calendar days (日)" in message and "延长三十日" in message


def test_an_extension_of_thirty_days_is_allowed_and_cites_the_article(db, investigating, english):
    values = allowed(db, investigating, "matter_approval", **EXTENSION, period="延长三十日，至2026年7月1日")
    # art. 60 sets the ninety days, the SAMR procedure rules the thirty more (s54: version 2 cited art. 60 alone)
    assert "《中华人民共和国行政处罚法》第六十条和《市场监督管理行政处罚程序规定》的规定" in values["reason"]
    assert "有关规定" not in values["reason"]
    # another matter's period is free text, as before
    allowed(db, investigating, "matter_approval", matter="中止案件调查", period="自2026年5月6日起中止",
            proposed_on="2026-05-20", suspend_ground="等待协查",
            reason="本案因等待协查中止调查，根据有关规定，拟中止案件调查。")
