"""The 现场笔录's 检查开始时间 and 结束时间 are times to the minute with their day, as the 抽样记录's and the 听证笔录's
(found by the documents audit: a time of day without its day, 9:30, was taken, and 2026-12-01 09:30 was printed as
typed): printed 2026年12月1日9时30分, the end not before the start (version 9 of the form)."""

from __future__ import annotations

import pytest

from tests.rendering import case_draft, pdf_of
from workstation.documents.drafts import find_form
from workstation.formkit.spec import earlier_form
from workstation.formkit.values import field_errors

COMPANY = "佛南市监立〔2026〕1号"  # its lead was received on 2026-02-14 in the demo


def errors(**values) -> dict[str, str]:
    return field_errors(find_form("site_record"), values, {"case.lead_received_on": "2026-02-14"})[1]


def test_the_times_are_datetimes_of_version_nine():
    form = find_form("site_record")
    assert (form.field("time_from").type, form.field("time_to").type) == ("datetime", "datetime")
    assert form.field("time_to").not_before == "time_from" and form.version == 9
    assert earlier_form("site_record", 8).field("time_from").check == "time"  # what version 8 issued keeps


@pytest.mark.parametrize("typed", ["9:30", "9时30分", "上午9时"])
def test_a_time_without_its_day_is_refused(typed, english):
    assert "is not a time to the minute" in errors(time_from=typed)["time_from"]


def test_the_end_is_not_before_the_start(english):
    assert errors(time_from="2026-12-01 09:30", time_to="2026-12-01 09:00")["time_to"] == (
        "This time is before 检查开始时间 (2026-12-01 09:30): pick 2026-12-01 09:30 or later.")
    assert "time_to" not in errors(time_from="2026-12-01 09:30", time_to="2026-12-01 11:05")


def test_the_times_are_printed_in_chinese_to_the_minute(read_demo_db):
    document = case_draft(read_demo_db, COMPANY, "site_record",
                          {"time_from": "2026-12-01 09:30", "time_to": "2026年12月1日11时5分"})
    text = "".join(pdf_of(document).text_lines()).replace(" ", "")
    assert "检查时间2026年12月1日9时30分至2026年12月1日11时05分检查地点" in text
    assert "2026-12-01" not in text
