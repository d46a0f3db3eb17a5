"""An unfinished document draft an officer kept for a lead screening made (a half-written 案件来源登记表 or 移送函) is
not deleted with the lead: the lead is kept, emptied, as one a document was issued for, whether the next import
joins its complaints into another lead, the import is withdrawn (撤回导入) or its only complaint is corrected to not
related; and screening says it kept the lead for its draft. The shipped screening rules catch the demo's seed lead
texts when they arrive as complaints, and still leave unrelated complaints alone."""

from __future__ import annotations

import csv
import json

from tests.helpers import program_day
from workstation.paths import resource

HEADER = ["投诉编号", "投诉时间", "投诉人", "联系电话", "被投诉方", "投诉内容"]


def _write(path, rows) -> str:
    with open(path, "w", encoding="gb18030", newline="") as f:
        csv.writer(f).writerows([HEADER, *rows])
    return str(path)


def _drafts(db) -> int:
    return db.execute("SELECT COUNT(*) FROM drafts").fetchone()[0]


def _keep_draft(db, lead_id: str, form_id: str, title: str, values: dict, status: str = "saved") -> str:
    """A draft of a lead's document the officer closed to continue later (``saved``), as the editor keeps it."""
    from workstation.store.drafts import open_draft, set_status

    draft = open_draft(db, form_id, values, lead_id=lead_id, title=title)
    if status != "open":
        set_status(db, draft.id, status)
    return draft.id


def _listed(page) -> set[str]:
    return {row["id"] for row in page.all_leads}


TWO_LEADS = [["B1", "2026-10-30 09:00", "甲", "13800000001", "", "号码13911110001多次来电推销楼盘"],
             ["B2", "2026-10-30 10:00", "乙", "13800000002", "", "号码13922220002多次来电推销楼盘"]]
JOINING = [["B3", "2026-11-04 09:00", "丙", "13800000003", "", "号码13911110001和13922220002轮流多次来电推销楼盘"]]


# 1. drafts kept with their lead ------------------------------------------------------------------------------------
def test_a_lead_joined_into_another_is_kept_for_its_draft(db, make_window, prompts, tmp_path, monkeypatch):
    from workstation.i18n import _, ngettext

    page = make_window(db).leads_page
    program_day(monkeypatch, "2026-11-02")
    page.run_import([_write(tmp_path / "a.csv", TWO_LEADS)], "consumer_council", None)
    leads = [r[0] for r in db.execute("SELECT id FROM leads ORDER BY phones")]
    assert len(leads) == 2
    for lead_id in leads:
        _keep_draft(db, lead_id, "case_transfer_letter", "移送函", {"receiver": "广东省通信管理局"})
    program_day(monkeypatch, "2026-11-05")
    page.run_import([_write(tmp_path / "b.csv", JOINING)], "consumer_council", None)
    assert _drafts(db) == 2  # neither officer's draft lost
    assert set(leads) <= _listed(page)  # both leads still listed, one of them emptied
    counts = sorted(r[0] for r in db.execute("SELECT complaint_count FROM leads"))
    assert counts == [0, 3]
    assert _("{n} leads left without complaints were removed.").format(n=1) not in page.summary.text()
    kept = ngettext("{n} lead left without complaints was kept, emptied, because a document draft is kept for it: "
                    "finish or discard the draft in the lead.",
                    "{n} leads left without complaints were kept, emptied, because document drafts are kept for "
                    "them: finish or discard the drafts in those leads.", 1).format(n=1)
    assert kept in page.summary.text()  # said where the screening's outcome is said


def test_screening_says_it_kept_a_lead_for_its_draft(db, tmp_path, monkeypatch, english):
    from workstation.importing.complaints import import_complaints
    from workstation.screening import screen

    program_day(monkeypatch, "2026-11-02")
    import_complaints(db, [_write(tmp_path / "a.csv", TWO_LEADS)], profile="consumer_council")
    screen(db)
    leads = [r[0] for r in db.execute("SELECT id FROM leads ORDER BY phones")]
    for lead_id in leads:
        _keep_draft(db, lead_id, "case_source_register", "案件来源登记表", {"facts": "已写了半天的登记表"})
    program_day(monkeypatch, "2026-11-05")
    import_complaints(db, [_write(tmp_path / "b.csv", JOINING)], profile="consumer_council")
    result = screen(db)
    assert result.removed == 0
    assert len(result.drafts_kept) == 1 and result.drafts_kept[0] in leads
    assert result.drafts_note() == ("1 lead left without complaints was kept, emptied, because a document draft is "
                                    "kept for it: finish or discard the draft in the lead.")
    # a later run empties nothing more: said once, not every run
    again = screen(db)
    assert again.drafts_kept == [] and again.drafts_note() == "" and again.removed == 0
    assert _drafts(db) == 2


def test_a_lead_whose_draft_was_discarded_is_still_removed(db, make_window, prompts, tmp_path, monkeypatch):
    page = make_window(db).leads_page
    program_day(monkeypatch, "2026-11-02")
    page.run_import([_write(tmp_path / "a.csv", TWO_LEADS)], "consumer_council", None)
    for lead_id in [r[0] for r in db.execute("SELECT id FROM leads")]:
        _keep_draft(db, lead_id, "case_transfer_letter", "移送函", {"receiver": "广东省通信管理局"},
                    status="discarded")
    program_day(monkeypatch, "2026-11-05")
    page.run_import([_write(tmp_path / "b.csv", JOINING)], "consumer_council", None)
    assert db.execute("SELECT COUNT(*) FROM leads").fetchone()[0] == 1
    assert _drafts(db) == 1  # the discarded draft went with its lead, as before


def test_withdrawing_the_import_keeps_a_lead_with_a_draft(db, make_window, prompts, tmp_path, english):
    page = make_window(db).leads_page
    page.run_import([_write(tmp_path / "a.csv", TWO_LEADS[:1])], "consumer_council", None)
    lead_id = db.execute("SELECT id FROM leads").fetchone()[0]
    _keep_draft(db, lead_id, "case_source_register", "案件来源登记表", {"facts": "已写了半天的登记表"})
    prompts.choices, prompts.confirm_answer = [0], True
    page.withdraw_import()
    assert prompts.errors == []
    assert db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0] == 0  # the import was withdrawn
    assert _drafts(db) == 1
    assert lead_id in _listed(page)
    # said as kept, emptied — not as "counted again" from other complaints it does not have
    said = " ".join(prompts.infos)
    assert "kept, emptied" in said and "counted again" not in said, said
    assert db.execute("SELECT complaint_count FROM leads WHERE id = ?", [lead_id]).fetchone()[0] == 0


def test_correcting_the_only_complaint_keeps_a_lead_with_an_open_draft(db, make_window, prompts, tmp_path):
    from ui.complaint_verdict import ask_and_correct

    page = make_window(db).leads_page
    page.run_import([_write(tmp_path / "a.csv", TWO_LEADS[:1])], "consumer_council", None)
    lead_id = db.execute("SELECT id FROM leads").fetchone()[0]
    # an editor still open on it (or left by a crash): open
    _keep_draft(db, lead_id, "case_source_register", "案件来源登记表", {"facts": "已写了半天的登记表"}, status="open")
    complaint = db.execute("SELECT id FROM complaints WHERE lead_id = ?", [lead_id]).fetchone()[0]
    prompts.choices, prompts.texts = [1], ["与个人信息无关"]
    assert ask_and_correct(page, db, prompts, complaint, "B1")
    assert prompts.errors == []
    assert db.execute("SELECT lead_id FROM complaints WHERE id = ?", [complaint]).fetchone()[0] is None
    assert _drafts(db) == 1
    page.refresh()
    assert lead_id in _listed(page)


# 2. the shipped rules catch the seed wording ------------------------------------------------------------------------
def _seed_texts() -> list[str]:
    seed = json.loads(resource("demo", "seed.json").read_text(encoding="utf-8"))
    return [lead["description"] for lead in seed["leads"]]


UNRELATED = [
    "店铺电话8323 4567一直打不通，预付卡无法退款",
    "售楼处推销楼盘时承诺的学位没有兑现，开发商的电话和短信都不回",
    "装修的电话线被施工队挖断，要求电信尽快维修",
    "快递员不知道我的房号，包裹放错了楼栋",
    "多个号码的话费账单有误，要求核查",
]


def test_every_seed_lead_text_is_related_under_the_shipped_rules():
    from workstation.screening.rules import classify, load_rules

    rules = load_rules()
    missed = [text for text in _seed_texts() if classify(text, rules) is None]
    assert missed == []
    assert [text for text in UNRELATED if classify(text, rules) is not None] == []


def test_seed_wording_imported_as_complaints_makes_leads(db, make_window, prompts, tmp_path):
    texts = [t for t in _seed_texts() if "知道其房号" in t or "陆续接到号码" in t]
    assert len(texts) >= 2
    rows = [[f"S{n}", "2026-10-30 09:00", "甲", f"1380000{n:04d}", "", text] for n, text in enumerate(texts)]
    rows += [[f"U{n}", "2026-10-30 09:00", "乙", f"1370000{n:04d}", "", text] for n, text in enumerate(UNRELATED)]
    page = make_window(db).leads_page
    page.run_import([_write(tmp_path / "seed.csv", rows)], "consumer_council", None)
    related = {r[0] for r in db.execute("SELECT external_id FROM complaints WHERE category != ''")}
    assert related == {f"S{n}" for n in range(len(texts))}
    in_leads = {r[0] for r in db.execute("SELECT external_id FROM complaints WHERE lead_id IS NOT NULL")}
    assert in_leads == related
