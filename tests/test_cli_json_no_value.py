"""`--json` gives "no value" one way, null, and keeps every key CLI.md lists: a lead whose district the screening
did not find has "district": null (not ""), and the campaign report written as DOCX or XLSX has "pages": null, as
`docs render` gives for a DOCX (CLI.md lists `{"path", "pages"}` there, and only `{"path"}` for the report)."""

import pytest

from tests.helpers import run_json

COMPLAINTS = ("投诉编号,投诉时间,投诉人,联系电话,被投诉方,投诉内容,投诉类别,处理状态\n"
              "XW2026101,2026-03-01 09:00,张先生,13800138000,某房产中介,号码13512345678一直打电话推销房子，泄露我的个人"
              "信息,房屋及装修,已办结\n"
              "XW2026102,2026-03-02 10:00,李女士,13900139000,某房产中介,13512345678多次来电推销楼盘，个人信息被泄露,"
              "房屋及装修,已办结\n"
              "XW2026103,2026-03-03 10:00,王先生,13700137000,佛山市南海区某房产中介,南海区桂城13512345679多次来电推销楼盘，"
              "个人信息被泄露,房屋及装修,已办结\n")


@pytest.fixture
def station(tmp_path, cli_station):
    """A data directory with the demo loaded through the command line."""
    return cli_station(tmp_path / "station", ["init", "--agency", "440605"], ["demo", "--without-complaints"])


def test_leads_screen_gives_null_for_a_district_not_found(tmp_path, cli_station, capsys):
    data = cli_station(tmp_path / "station", ["init", "--agency", "440605"])
    exports = tmp_path / "消委会.csv"
    exports.write_text(COMPLAINTS, encoding="utf-8")
    run_json(capsys, "--data-dir", data, "complaints", "import", exports)
    result = run_json(capsys, "--data-dir", data, "leads", "screen")
    leads = sorted(result["leads"], key=lambda lead: lead["phones"])
    assert [(lead["phones"], lead["district"]) for lead in leads] == [
        (["13512345678"], None), (["13512345679"], "南海区")]
    assert all(set(lead) == {"id", "phones", "businesses", "complaint_ids", "district"} for lead in leads)


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_report_campaign_gives_null_pages_for_a_docx_or_xlsx(station, tmp_path, capsys, fmt):
    result = run_json(capsys, "--data-dir", station, "report", "campaign", "--format", fmt,
                      "-o", tmp_path / f"通报.{fmt}")
    assert result["path"] == str(tmp_path / f"通报.{fmt}")
    assert "pages" in result and result["pages"] is None
    assert result["period"] is None  # no period named: null, as the other values it does not have


def test_report_campaign_counts_the_pages_of_a_pdf(station, tmp_path, capsys):
    from pypdf import PdfReader

    result = run_json(capsys, "--data-dir", station, "report", "campaign", "-o", tmp_path / "通报.pdf")
    assert result["pages"] == len(PdfReader(tmp_path / "通报.pdf").pages) >= 1
