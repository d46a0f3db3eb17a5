"""Three clock defects the publicity and deadline audits found (s59):

1. T18 for a party registered in another province: 市场监督管理行政处罚信息公示规定 art. 10 has the information pushed
   to the party's registration province within ten working days of the decision (thresholds.toml [publication]
   other_province_working_days), not the twenty of art. 9; a party whose province is not known keeps twenty.
2. T19 (withdraw within 3 working days) is not demanded when the decision is voided after the publication period
   (T20) is over: nothing stands published to withdraw.
3. The days used and left of a running T2 count only the days up to today: an announcement (公告) running past today
   leaves its days still to come out of both, and says so.
"""

from dataclasses import replace

from workstation import clocks
from workstation.records import ClockEvent, Party
from workstation.store import get_case, save_party
from workstation.store.cases import update_case
from workstation.store.clock_events import record_clock_event
from workstation.validators import uscc_check_character


def uscc(first17: str) -> str:
    return first17 + uscc_check_character(first17)


def decided_case(db, make_case, **party):
    """A case decided on 2026-09-10 (a fine: published) whose party is ``party``."""
    case = make_case(fine_fen=500_000)
    saved = save_party(db, Party(**{"name": "某某商贸有限公司", **party}))
    return update_case(db, replace(get_case(db, case.id), party_ids=[saved.id], status="penalty_decided",
                                   filed_on="2026-01-10",
                                   notice_served_on="2026-01-20", decided_on="2026-09-10"),
                       allow_status_change=True)


def t18(db, case, on="2026-09-11"):
    [d] = [d for d in clocks.case_clocks(db, get_case(db, case.id), on=on) if d.clock == "T18"]
    return d


def t18_on_board(db, case, on="2026-09-11"):
    return [d for d in clocks.board(db, on=on) if d.case_id == case.id and d.clock == "T18"]


# ---- 1. T18: a party registered in another province ------------------------------------------------------------

# 10 working days from 2026-09-10: 09-11, 09-14…18, make-up Sunday 09-20, 09-21, 09-22, 09-23
OTHER_PROVINCE_DUE = "2026-09-23"
# 20 working days (art. 9): … 09-28…30, [国庆], 10-08, 10-09, 10-10 (make-up), 10-12…14
SAME_PROVINCE_DUE = "2026-10-14"


def test_a_party_whose_address_is_in_another_province_is_pushed_within_ten_working_days(db, make_case, english):
    case = decided_case(db, make_case, address="湖南省长沙市岳麓区麓谷大道100号", uscc=uscc("91440604MA4L12345"))
    d = t18(db, case)
    assert (d.due, d.state, d.as_dict()["period"]) == (OTHER_PROVINCE_DUE, "open", 10)
    assert d.source == "《市场监督管理行政处罚信息公示规定》第十条"
    lines = d.calculation().splitlines()
    assert lines[0] == "Counted 10 working days from the day after 2026-09-10 (decision date)."
    assert ("某某商贸有限公司 is registered in 湖南省, as its address shows, not in 广东省 where the decision was made: "
            "within 10 working days of the decision the penalty information is pushed, through the province's market "
            "regulation department, to the market regulation department of the place of registration, which "
            "publishes it (市场监督管理行政处罚信息公示规定 art. 10).") in lines
    assert lines[-1] == "Source: 《市场监督管理行政处罚信息公示规定》第十条"
    [shown] = t18_on_board(db, case)
    assert (shown.due, shown.rule.period) == (OTHER_PROVINCE_DUE, 10)


def test_the_registration_code_of_the_uscc_shows_another_province_when_the_address_does_not(db, make_case, english):
    case = decided_case(db, make_case, uscc=uscc("91430104MA4L12345"))  # 43: 湖南省; no address, no place in the name
    d = t18(db, case)
    assert d.due == OTHER_PROVINCE_DUE
    assert "某某商贸有限公司 is registered in 湖南省, as its unified social credit code shows, not in 广东省" in \
        d.calculation()


def test_a_late_publication_under_the_shorter_period_is_late(db, make_case):
    case = decided_case(db, make_case, address="广西壮族自治区南宁市青秀区民族大道1号")
    case = update_case(db, replace(case, status="served", served_on="2026-09-10"), allow_status_change=True)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-09-30"))  # after service
    d = t18(db, case, on="2026-10-12")
    assert (d.state, d.due, d.done_on) == ("late", OTHER_PROVINCE_DUE, "2026-09-30")


def test_a_party_in_guangdong_or_of_no_known_province_keeps_twenty_working_days(db, make_case):
    local = decided_case(db, make_case, address="广东省佛山市南海区桂城街道海八路1号", uscc=uscc("91430104MA4L12345"))
    unknown = decided_case(db, make_case, name="张三", kind="person")
    city = decided_case(db, make_case, address="佛山市禅城区祖庙街道岭南大道北40号")
    for case in (local, unknown, city):
        d = t18(db, case)
        assert (d.due, d.source) == (SAME_PROVINCE_DUE, "《市场监督管理行政处罚信息公示规定》第九条")
        assert "registered in" not in d.calculation()
        assert [x.due for x in t18_on_board(db, case)] == [SAME_PROVINCE_DUE]


def test_the_ten_working_days_are_the_figure_of_thresholds_toml(db, make_case, monkeypatch):
    from workstation.law import data

    loaded = data.load

    def load(name):
        table = loaded(name)
        if name != "thresholds":
            return table
        return {**table, "publication": {**table["publication"], "other_province_working_days": 5}}

    monkeypatch.setattr(data, "load", load)
    case = decided_case(db, make_case, address="湖南省长沙市岳麓区麓谷大道100号")
    assert t18(db, case).due == "2026-09-17"  # 09-11, 09-14…17


# ---- 2. T19 once the publication period is over ------------------------------------------------------------------

def served_case(db, make_case, fine_fen=500_000):
    case = make_case(fine_fen=fine_fen)
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-03-10",
                                   notice_served_on="2026-05-01", decided_on="2026-06-15", served_on="2026-06-16"),
                       allow_status_change=True)


def void_decision(db, case, voided_on):
    from tests.test_clock_withdrawal import decision

    decision(db, case, 1, "2026-06-15", voided_on=voided_on, fine_fen=case.fine_fen)  # what was published


def t19(db, case, on):
    return [(d.state, d.start, d.due) for d in clocks.case_clocks(db, get_case(db, case.id), on=on)
            if d.clock == "T19"]


def t19_on_board(db, case, on):
    return [(d.state, d.due) for d in clocks.board(db, on=on) if d.case_id == case.id and d.clock == "T19"]


def test_a_decision_voided_after_the_publication_period_ended_starts_no_withdrawal(db, make_case):
    case = served_case(db, make_case)  # a fine of ¥5,000 on a company: published 3 months
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-06-20"))
    [t20] = [d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-12-07") if d.clock == "T20"]
    assert (t20.state, t20.due) == ("ended", "2026-09-20")
    void_decision(db, case, "2026-12-04")
    assert t19(db, case, "2026-12-07") == [] and t19_on_board(db, case, "2026-12-07") == []


def test_a_decision_voided_on_the_last_day_of_the_period_still_starts_it(db, make_case):
    case = served_case(db, make_case)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-06-20"))
    void_decision(db, case, "2026-09-20")  # Sunday: 09-21, 09-22, 09-23
    assert t19(db, case, "2026-09-21") == [("due_soon", "2026-09-20", "2026-09-23")]
    assert t19_on_board(db, case, "2026-09-21") == [("due_soon", "2026-09-23")]


def test_a_decision_published_three_years_still_starts_it_after_three_months(db, make_case):
    case = served_case(db, make_case, fine_fen=20_000_000)  # ¥200,000: published 3 years
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-06-20"))
    void_decision(db, case, "2026-12-04")  # Friday: 12-07, 12-08, 12-09
    assert t19(db, case, "2026-12-07") == [("due_soon", "2026-12-04", "2026-12-09")]


def test_the_helper_says_whether_a_publication_stood_on_a_day(db, make_case):
    case = served_case(db, make_case)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-06-20"))
    stood = [clocks.publication_standing(db, get_case(db, case.id), day)
             for day in ("2026-06-19", "2026-06-20", "2026-09-20", "2026-09-21")]
    assert stood == [None, "2026-06-20", "2026-06-20", None]


# ---- 3. days used and left while an announcement runs past today -------------------------------------------------

def test_the_days_used_and_left_count_only_the_days_up_to_today(db, make_case, english):
    case = make_case()
    case = update_case(db, replace(get_case(db, case.id), status="investigating", filed_on="2026-10-08"),
                       allow_status_change=True)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="announcement", starts_on="2026-11-20"))
    [d] = [d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-12-06") if d.clock == "T2"]
    # 59 days since the filing, 17 of them (11-20…12-06) announced; 12-07…12-20 still to come
    lines = d.calculation().splitlines()
    assert ("Used 42 days of 90 days; 48 days left (Public announcement: 14 days still to come, not counted).") \
        in lines
    assert not any(line.startswith("Used 28 days") for line in lines)


def test_without_days_to_come_the_line_is_as_before(db, make_case, english):
    case = make_case()
    case = update_case(db, replace(get_case(db, case.id), status="investigating", filed_on="2026-10-08"),
                       allow_status_change=True)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="announcement", starts_on="2026-11-20"))
    [d] = [d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-12-21") if d.clock == "T2"]
    # 74 days since the filing, 31 of them announced (11-20…12-20)
    assert "Used 43 days of 90 days; 47 days left." in d.calculation().splitlines()


# ---- 4. the void's message and a second publication follow the end of the publication period ---------------------

def voiding_says_t19(db, case, on, monkeypatch):
    """Whether the confirmation of voiding the decision (issued, not voided) on ``on`` names T19's withdrawal."""
    import datetime as dt

    from tests.helpers import move_program_clock
    from tests.test_clock_challenges import T19_SENTENCE
    from tests.test_clock_withdrawal import decision
    from workstation.documents.issuing import get_document, void_consequences

    if not db.execute("SELECT 1 FROM documents WHERE id = '1'").fetchone():
        decision(db, case, 1, "2026-06-15", fine_fen=case.fine_fen)  # the decision in force judges the period
    move_program_clock(monkeypatch, dt.datetime.fromisoformat(f"{on}T10:00:00+08:00"))
    return T19_SENTENCE in void_consequences(db, get_document(db, "1"))


def test_the_void_names_the_withdrawal_only_while_the_publication_period_runs(db, make_case, english,
                                                                               monkeypatch):
    case = served_case(db, make_case)  # ¥5,000: published 3 months, to 2026-09-20
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-06-20"))
    assert voiding_says_t19(db, case, "2026-09-20", monkeypatch)
    assert not voiding_says_t19(db, case, "2026-09-21", monkeypatch)
    assert not voiding_says_t19(db, case, "2026-12-04", monkeypatch)


def test_the_void_names_the_withdrawal_of_a_publication_of_three_years(db, make_case, english, monkeypatch):
    case = served_case(db, make_case, fine_fen=20_000_000)  # ¥200,000: published 3 years
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-06-20"))
    assert voiding_says_t19(db, case, "2026-12-04", monkeypatch)


def publication(case, on):
    return ClockEvent(case_id=case.id, kind="publication", starts_on=on)


def refusal(db, event):
    import pytest

    from workstation.errors import ValidationError

    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, event)
    return refused.value.errors["starts_on"]


ALREADY = "The penalty information is already recorded as published on {}, and no withdrawal of that publication"


def test_a_publication_may_be_recorded_again_once_the_period_of_the_first_is_over(db, make_case, english):
    case = served_case(db, make_case)  # ¥5,000: the publication of 06-20 stands to 09-20
    record_clock_event(db, publication(case, "2026-06-20"))
    assert refusal(db, publication(case, "2026-09-20")).startswith(ALREADY.format("2026-06-20"))
    again = record_clock_event(db, publication(case, "2026-09-21"))
    # one recorded before it is refused only while its own period would still run on the later one's day
    assert refusal(db, publication(case, "2026-06-21")).startswith(ALREADY.format("2026-06-20"))
    assert db.execute("SELECT starts_on FROM clock_events WHERE case_id = ? AND kind = 'publication' ORDER BY "
                      "starts_on", [case.id]).fetchall() == [("2026-06-20",), ("2026-09-21",)]
    # the later one moved: judged without its own day
    assert refusal(db, replace(again, starts_on="2026-09-20")).startswith(ALREADY.format("2026-06-20"))
    moved = record_clock_event(db, replace(again, starts_on="2026-09-22"))
    assert moved.starts_on == "2026-09-22"


def test_a_publication_before_a_later_one_is_refused_while_its_own_period_would_run(db, make_case, english):
    case = served_case(db, make_case)
    record_clock_event(db, publication(case, "2026-09-21"))
    assert refusal(db, publication(case, "2026-06-21")).startswith(ALREADY.format("2026-09-21"))
    record_clock_event(db, publication(case, "2026-06-20"))  # its period is over on 09-20


def test_a_publication_of_three_years_still_refuses_a_second_after_three_months(db, make_case, english):
    case = served_case(db, make_case, fine_fen=20_000_000)
    record_clock_event(db, publication(case, "2026-06-20"))
    assert refusal(db, publication(case, "2026-12-04")).startswith(ALREADY.format("2026-06-20"))


# ---- 5. a publication is as long as the decision it published, whatever corrects it since (final read) ----------

def corrected_down(db, case, first=1):
    """The decision of ¥200,000 (published 3 years) issued 06-15, voided on 12-04 and corrected to ¥5,000 (whose
    publication would be 3 months); the documents' ids ``first`` and the next."""
    from tests.test_clock_withdrawal import LONG, decision

    decision(db, case, first, "2026-06-15", voided_on="2026-12-04", fine_fen=LONG)
    decision(db, case, first + 1, "2026-12-04", supersedes=str(first), fine_fen=500_000)


def test_a_correction_lowering_the_fine_still_has_the_publication_of_three_years_withdrawn(db, make_case):
    case = served_case(db, make_case)
    record_clock_event(db, publication(case, "2026-06-20"))
    corrected_down(db, case)  # Friday 12-04: 12-07, 12-08, 12-09
    assert t19(db, case, "2026-12-07") == [("due_soon", "2026-12-04", "2026-12-09")]
    assert t19_on_board(db, case, "2026-12-07") == [("due_soon", "2026-12-09")]
    assert clocks.publication_standing(db, get_case(db, case.id), "2026-12-04") == "2026-06-20"


def test_a_correction_lowering_the_fine_lets_no_second_publication_through(db, make_case, english):
    case = served_case(db, make_case)
    record_clock_event(db, publication(case, "2026-06-20"))
    corrected_down(db, case)
    assert refusal(db, publication(case, "2026-12-05")).startswith(ALREADY.format("2026-06-20"))
    # one recorded before it is judged by its own decision of ¥200,000 too
    later = served_case(db, make_case)
    record_clock_event(db, publication(later, "2026-12-05"))
    corrected_down(db, later, first=3)
    assert refusal(db, publication(later, "2026-06-20")).startswith(ALREADY.format("2026-12-05"))


def test_a_publication_of_three_months_is_over_when_a_later_correction_raises_the_fine(db, make_case):
    from tests.test_clock_withdrawal import LONG, decision

    case = served_case(db, make_case)
    record_clock_event(db, publication(case, "2026-06-20"))  # ¥5,000 published: it stands to 09-20
    decision(db, case, 1, "2026-06-15", voided_on="2026-12-04")
    decision(db, case, 2, "2026-12-04", supersedes="1", fine_fen=LONG)
    assert t19(db, case, "2026-12-07") == []
    assert clocks.publication_standing(db, get_case(db, case.id), "2026-12-04") is None


# ---- 6. closing warns of the publication not made, citing the article its due date is counted by -----------------

def test_closing_cites_art_10_for_a_party_in_another_province_and_art_9_for_one_here(db, make_case, english):
    from workstation.closing import closing_warnings

    elsewhere = decided_case(db, make_case, address="湖南省长沙市岳麓区麓谷大道100号")
    [warning] = [w.message for w in closing_warnings(db, get_case(db, elsewhere.id))
                 if w.message.startswith("The penalty has not been published yet")]
    assert f"is due on {t18(db, elsewhere, on=None).due}" in warning
    assert "(《市场监督管理行政处罚信息公示规定》第十条)" in warning and "第九条" not in warning
    here = decided_case(db, make_case, address="佛山市南海区桂城街道南海大道北281号")
    [warning] = [w.message for w in closing_warnings(db, get_case(db, here.id))
                 if w.message.startswith("The penalty has not been published yet")]
    assert "(《市场监督管理行政处罚信息公示规定》第九条)" in warning


# ---- 7. a company's name beginning with a province's short name shows it -------------------------------------------

def test_a_name_beginning_with_a_short_province_name_shows_another_province(db, make_case, english):
    for name, province in (("上海某某有限公司", "上海市"), ("湖南某某有限公司", "湖南省"),
                           ("广西某某贸易有限公司", "广西壮族自治区"), ("内蒙古某某牧业有限公司", "内蒙古自治区")):
        d = t18(db, decided_case(db, make_case, name=name))
        assert d.due == OTHER_PROVINCE_DUE, name
        assert f"{name} is registered in {province}, as its name shows, not in 广东省" in d.calculation()


def test_a_short_name_another_province_s_division_begins_with_shows_none(db, make_case):
    # 河北: also 天津市河北区; 海南: also 青海省海南藏族自治州; 广东 is the bureau's own
    for name in ("河北某某有限公司", "海南某某有限公司", "广东某某有限公司", "佛山某某有限公司"):
        assert t18(db, decided_case(db, make_case, name=name)).due == SAME_PROVINCE_DUE, name


# ---- 8. a road named after a province in an address shows no province -----------------------------------------------

ROADS = ("四川北路100号", "北京路8号", "湖南路5号", "江西中路2号", "吉林大路1号", "上海路3号")


def test_a_road_named_after_a_province_shows_no_province(db, make_case):
    for road in ROADS:
        assert clocks.registration_province("", "", road) is None, road
        d = t18(db, decided_case(db, make_case, address=road))
        assert (d.due, d.source) == (SAME_PROVINCE_DUE, "《市场监督管理行政处罚信息公示规定》第九条"), road
        assert "registered in" not in d.calculation(), road


def test_a_road_named_after_a_province_leaves_the_name_to_show_it(db, make_case):
    assert clocks.registration_province("上海某某有限公司", "", "北京路8号") == ("31", "name")
    assert clocks.registration_province("上海某某有限公司", "", "") == ("31", "name")


def test_full_province_and_short_name_with_a_prefecture_in_an_address_still_show_it(db, make_case, english):
    assert clocks.registration_province("", "", "湖南省长沙市岳麓区麓谷大道100号") == ("43", "address")
    assert clocks.registration_province("", "", "湖南长沙市岳麓区麓谷大道100号") == ("43", "address")
    d = t18(db, decided_case(db, make_case, name="上海某某有限公司"))
    assert d.due == OTHER_PROVINCE_DUE
    assert "上海某某有限公司 is registered in 上海市, as its name shows" in d.calculation()
    d = t18(db, decided_case(db, make_case, address="湖南省长沙市岳麓区麓谷大道100号"))
    assert d.due == OTHER_PROVINCE_DUE
    assert "is registered in 湖南省, as its address shows" in d.calculation()
