"""Headquarters' analyst reading the campaign's figures and report: the evaluation table's rows add up to the city
total (a lead not assigned yet has its 未交办线索 row), equal counts get equal shares in 表1, 其他 comes last
among the sectors of the 通报's text, and the 通报's 落款 never stands alone on a page."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from pathlib import Path

import pytest

from workstation.case_records import Lead
from workstation.evaluation import shares
from workstation.reports import report_data
from workstation.reports.document import report_document, tables
from workstation.stats import bureau_table
from workstation.stats_export import write_bureau_csv
from workstation.store import save_lead

UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")
FIGURES = ("cases", "records", "fines_fen", "leads", "leads_decided", "leads_in_time", "interviews", "publicity")


def _unassigned_lead(db) -> None:
    save_lead(db, Lead(source="12315", received_at="2026-05-06T09:00:00+08:00"))


def test_the_evaluation_table_rows_add_up_to_the_city_total_with_the_leads_not_assigned(demo_db):
    _unassigned_lead(demo_db)
    rows = bureau_table(demo_db)
    total = next(r for r in rows if r["kind"] == "total")
    unassigned = [r for r in rows if r["kind"] == "unassigned"]
    assert len(unassigned) == 1 and unassigned[0]["leads"] >= 1 and unassigned[0]["short_name"] == "未交办线索"
    assert rows.index(unassigned[0]) == len(rows) - 2  # just above 全市合计
    units = [r for r in rows if r["kind"] in ("agency", "unassigned")]
    for figure in FIGURES:
        assert sum(r[figure] for r in units) == total[figure], figure


def test_the_report_and_the_export_list_the_unassigned_leads_row(demo_db, tmp_path):
    _unassigned_lead(demo_db)
    data = report_data(demo_db)
    caption, _header, rows, _widths, bold = next(t for t in tables(data) if t[0].startswith("表3"))
    names = [row[0].replace("\n", "") for row in rows]  # from format 18 on broken between its words: 未交办 / 线索
    assert "未交办线索" in names and names[-1] == "全市合计"
    assert names.index("未交办线索") not in bold  # a row like a unit's, not a total
    leads = [r["leads"] for r in data["bureau_table"]]
    kinds = [r["kind"] for r in data["bureau_table"]]
    assert sum(n for n, k in zip(leads, kinds, strict=True) if k in ("agency", "unassigned")) == leads[-1]
    path = write_bureau_csv(demo_db, bureau_table(demo_db), tmp_path / "考评.csv")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh))
    assert any(line and line[0] == "未交办线索" for line in lines)


def test_no_unassigned_row_when_every_lead_is_assigned(demo_db):
    demo_db.execute("DELETE FROM leads WHERE agency_id IS NULL")
    assert all(r["kind"] != "unassigned" for r in bureau_table(demo_db))


@pytest.mark.parametrize("counts", [[7, 7, 41, 43], [5, 5, 3, 1], [2, 2, 2, 1], [1, 1, 1], [9, 9, 9, 9, 1, 1]])
def test_equal_counts_get_equal_shares(counts):
    shown = shares(counts)
    for count in set(counts):
        assert len({s for c, s in zip(counts, shown, strict=True) if c == count}) == 1, shown
    # and each share stays within a tenth of the exact one
    total = sum(counts)
    for count, share in zip(counts, shown, strict=True):
        assert abs(float(share[:-1]) - 100 * count / total) < 0.1 + 1e-9


def test_shares_are_each_rounded_half_up():
    assert shares([7, 7, 41, 43]) == ["7.1%", "7.1%", "41.8%", "43.9%"]  # 41.84%: its nearest tenth, 99.9% in all
    assert shares([1, 2]) == ["33.3%", "66.7%"]


def test_the_other_sector_comes_last_in_the_report_text(demo_db):
    demo_db.execute("UPDATE cases SET sector = 'other' WHERE id IN (SELECT id FROM cases ORDER BY case_number "
                    "LIMIT 20)")
    text = "\n".join(report_data(demo_db)["text"])
    sentence = next(line for line in text.splitlines() if "领域案件" in line)
    named = [label for label in ("房地产租售", "教育培训", "装饰装修", "小贷金融") if f"{label}领域案件" in sentence]
    assert named  # 其他 holds the most cases, and still comes after every sector named
    assert sentence.index("其他领域案件") > max(sentence.index(f"{label}领域案件") for label in named)


@pytest.mark.skipif(not UMING.is_file(), reason="needs fonts-arphic-uming")
def test_the_report_s_signature_never_stands_alone_on_a_page(demo_db, data_dir, monkeypatch):
    from workstation.documents.fonts import resolve_fonts
    from workstation.documents.pdf_writer import render_pdf

    monkeypatch.delenv("WINDIR", raising=False)
    fonts = resolve_fonts(data_dir)
    data = report_data(demo_db)
    agency = data["agency"]["name"]
    last = data["sections"][-1]
    seen = set()
    for extra in range(0, 24):  # one more line of text each time: the signature reaches the foot of a page
        filler = [f"第{n}行补充正文。" for n in range(extra)]
        sections = [*data["sections"][:-1], {**last, "paragraphs": [*last["paragraphs"], *filler]}]
        document = report_document({**data, "sections": sections}, with_charts=False)
        rendered = render_pdf(replace(document), fonts)
        lines = [line for line in rendered.lines if line.kind == "text"]
        at = next(i for i, line in enumerate(lines) if line.text == agency)
        page = lines[at].page
        before = [line for line in lines[:at] if line.text.strip("\u3000 ")]
        seen.add(before[-1].page == page - 1)
        # the body's last lines share the signature's page: at least two of them, the 附件 line among them
        assert [line.page for line in before[-2:]] == [page, page], (extra, [line.text for line in before[-3:]])
    assert seen == {False}


@pytest.fixture
def station_dirs(station_and_hq_template, tmp_path):
    from tests.helpers import copy_station_and_hq

    return copy_station_and_hq(station_and_hq_template(), tmp_path)


def test_an_export_with_nothing_new_is_written_and_says_so(capsys, station_dirs, english):
    from tests.helpers import run

    dirs = station_dirs
    code, out, err = run(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "one.bundle")
    assert code == 0 and "Nothing changed" not in err
    code, out, err = run(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "two.bundle",
                         "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["nothing_new"] and result["cases"] == 0 and (dirs / "two.bundle").is_file()
    warning = next(line for line in err.splitlines() if line.startswith("Warning: "))
    assert warning.startswith("Warning: Nothing changed since the last export (")
    assert "only the number blocks" in warning
    # a change since: the next bundle carries it, and no warning
    from tests.helpers import CASE, open_db
    from workstation.store import find_case, update_case

    db = open_db(dirs / "station")
    update_case(db, replace(find_case(db, CASE), facts="补充的违法事实"))  # CASE is closed: its counts stay
    db.conn.close()
    code, out, err = run(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "three.bundle",
                         "--json")
    assert code == 0 and not json.loads(out)["nothing_new"] and "Nothing changed" not in err


def test_table_1_says_under_it_when_equal_shares_do_not_add_up_to_100(demo_db):
    from workstation.reports.document import SHARES_NOTE

    data = report_data(demo_db)
    tied = [{**s, "cases": 1, "share": share} for s, share in zip(data["sectors"][:3], shares([1, 1, 1]),
                                                                    strict=True)]
    texts = [getattr(b, "text", "") for b in report_document({**data, "sectors": tied}, with_charts=False).blocks]
    assert SHARES_NOTE in texts and texts.index(SHARES_NOTE) > texts.index("附件")
    plain = [getattr(b, "text", "") for b in report_document(data, with_charts=False).blocks]
    assert SHARES_NOTE not in plain  # the demo's shares add up to 100.0%
