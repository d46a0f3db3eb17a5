"""Legal data pinned to the figures and citations of the domain REFERENCE where a cross-check found them wrong."""

import datetime as dt

from workstation import clocks
from workstation.law.catalogue import norm, norms_for
from workstation.workdays import default_calendar


def test_announcement_service_deadline_cites_the_samr_procedure_rules_art_82():
    """REFERENCE §2.2 (No. 10 / No. 50, service methods: SAMR rules art. 82 per [S19]) and §10 (public-notice
    service period 30 days): a 公告送达 is deemed served 30 calendar days after publication, and the deadline
    names the SAMR procedure rules, art. 82, as its source — not an instrument that does not exist."""
    engine = clocks._Engine(default_calendar(), dt.date(2026, 3, 2).toordinal())
    published = dt.date(2026, 3, 2).toordinal()
    deadline = engine.compute(clocks.rule("T30"), "case", "N", "investigating", published, None, [])
    assert deadline.due == "2026-04-01"
    assert deadline.source == "《市场监督管理行政处罚程序规定》第八十二条"


def test_intermediary_duty_is_cited_as_item_2_of_single_paragraph_article_13():
    """REFERENCE §4.3 ("Art. 13(2): housing-rental/household-service intermediaries …") and its source [S12]:
    art. 13 of 《侵害消费者权益行为处罚办法》 has one paragraph, so the item is cited without a 第一款."""
    expected = "《侵害消费者权益行为处罚办法》第十三条第（二）项"
    assert norm("consumer_measures_13_2").citation == expected
    duties = norms_for("illegal_provision_or_leak", "2025-05-01", kind="duty", conditions=["intermediary"])
    assert expected in [n.citation for n in duties]
