"""The deadline board's handout and cells as a QA of the new features found them wrong: the printed list is A4 turned
with columns wide enough that no date, 文号, masked number or officer's name is broken across lines; a lead's party
cell names its target (or —), not the case cell again; an interview's time limit has no fake code and its case cell
does not repeat its parties — in the board, the handout and ``clocks``."""

import io

from pypdf import PdfReader

from tests.helpers import run
from tests.test_interview11 import ASSOCIATION, day, shunde_interview
from workstation import clocks
from workstation.board_export import HEADER, handout_bytes, handout_document, name_rows, row_texts
from workstation.documents.pdf_writer import render_pdf
from workstation.i18n import _

ROWS = [
    ("期限已届满", "2026-11-16", "已过16日", "佛三市监立〔2026〕6号", "佛山市三水区琮楠房地产经纪有限公司", "冯凤仪、区颖诗",
     "T4 当事人陈述、申辩及申请听证", "《行政处罚法》第六十四条第一项、第八十五条；《市场监督管理行政处罚程序规定》"),
    ("已逾期", "2026-11-20", "已过152日", "线索：垃圾短信（130****9670）", "—", "—", "T1 核查线索并决定是否立案",
     "《市场监督管理行政处罚程序规定》第十八条"),
    ("计时中（日历待核实）（末日逢休息日）", "2027-02-14", "74日后", "佛顺市监立〔2026〕9号",
     "佛山市顺德区铎恒置业顾问有限公司", "莫文辉、邓美玲、欧阳志强", "T2 作出处理决定（办案期限）", "《行政处罚法》第六十条"),
]


def test_the_printed_list_keeps_dates_numbers_and_names_whole_on_a_turned_page():
    header = [_(text) for text in HEADER]
    rendered = render_pdf(handout_document("期限提醒（全部）", "统计截至2026-12-02，共3项期限。", header, ROWS,
                                           "2026-12-02"))
    lines = rendered.text_lines(("cell",))
    for whole in ("2026-11-16", "2026-11-20", "2027-02-14", "已过152日", "佛三市监立〔2026〕6号", "佛顺市监立〔2026〕9号",
                  "（130****9670）", "佛山市三水区琮楠房地产经纪有限公司", "佛山市顺德区铎恒置业顾问有限公司"):
        assert any(whole in line for line in lines), (whole, lines)
    # the officers one a line, each name whole
    for name in ("冯凤仪", "区颖诗", "莫文辉", "邓美玲", "欧阳志强"):
        assert name in [line.rstrip("、") for line in lines], (name, lines)
    page = PdfReader(io.BytesIO(rendered.data)).pages[0].mediabox
    assert float(page.width) > float(page.height)  # A4 turned


def test_the_handout_pdf_of_the_board_is_landscape(db):
    data = handout_bytes("pdf", "期限提醒", "2026-12-02", [])
    page = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert round(float(page.width)) == 842 and round(float(page.height)) == 595


def insert_lead(db, lead_id: str, **columns):
    values = {"id": lead_id, "source": "hotline", "received_at": "2026-03-02T09:00:00",
              "description": "垃圾短信：5件投诉；号码：13070129670", "category": "marketing_sms", "phones": "13070129670",
              "status": "registered", "created_at": "2026-03-02", "updated_at": "2026-03-02", **columns}
    db.execute(f"INSERT INTO leads ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
               list(values.values()))


def test_a_leads_party_cell_names_its_target_or_no_one_never_the_case_cell_again(db):
    insert_lead(db, "L1")
    insert_lead(db, "L2", businesses="佛山市南海区誉嘉房地产代理有限公司")
    leads = {d.lead_id: d for d in clocks.board(db, on="2026-03-05") if d.lead_id}
    name_rows(db, list(leads.values()))
    anonymous, named = row_texts(leads["L1"]), row_texts(leads["L2"])
    subject = _("Lead: {target}").format(target="垃圾短信（130****9670）")
    assert anonymous[3] == subject and anonymous[4] == "—"
    assert named[3] == subject and named[4] == "佛山市南海区誉嘉房地产代理有限公司"
    assert anonymous[6] == "T1 " + leads["L1"].title  # a lead's clock is a statutory one: its code stays


def test_an_interviews_row_names_it_by_its_day_its_parties_apart_and_its_limit_without_a_code(demo_db, data_dir,
                                                                                             capsys):
    held, due = day(-10), day(11)
    interview = shunde_interview(demo_db, ASSOCIATION, held, due)
    deadline = next(d for d in clocks.board(demo_db, on=day(-3)) if d.interview_id == interview.id)
    name_rows(demo_db, [deadline])
    cells = row_texts(deadline)
    assert cells[3] == _("Interview of {date}").format(date=held)
    assert cells[4] == ASSOCIATION.name
    assert cells[6] == deadline.title == _("rectification report after the interview")
    assert not cells[6].startswith(deadline.clock)
    # ``clocks`` as text says the same: the day, the parties beside it, the limit with no code
    code, out, err = run(capsys, "clocks", "--data-dir", str(data_dir), "--as-of", day(-3))
    assert code == 0, err
    line = next(text for text in out.splitlines() if _("Interview of {date}").format(date=held) in text)
    assert ASSOCIATION.name in line and f"{deadline.clock} {deadline.title}" not in line
    assert line.rstrip().endswith(deadline.title)
