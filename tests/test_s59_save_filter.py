"""The save dialog's chosen filter gives a name typed without an extension its format."""

from ui.prompts import with_chosen_extension


def test_name_without_extension_takes_the_chosen_filters():
    assert with_chosen_extension("/tmp/统计", "CSV (*.csv)") == "/tmp/统计.csv"
    assert with_chosen_extension("/tmp/统计", "Excel (*.xlsx)") == "/tmp/统计.xlsx"
    assert with_chosen_extension("/tmp/通报（2026.1-6月）", "PDF (*.pdf)") == "/tmp/通报（2026.1-6月）.pdf"


def test_name_with_a_format_or_a_filter_without_one_is_left_as_typed():
    assert with_chosen_extension("/tmp/统计.xlsx", "CSV (*.csv)") == "/tmp/统计.xlsx"
    assert with_chosen_extension("/tmp/证据", "All files (*)") == "/tmp/证据"
    assert with_chosen_extension("/tmp/站点.card", "站点卡片 (*.card *.json)") == "/tmp/站点.card"
    assert with_chosen_extension("/tmp/站点", "站点卡片 (*.card *.json)") == "/tmp/站点"
    assert with_chosen_extension("", "CSV (*.csv)") == ""
