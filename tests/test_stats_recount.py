"""The campaign figures (统计 page, ``stats``, the report's tables and the 各局考评 table) recounted independently from
the raw tables with SQL of this file's own, on the demo campaign with its edge cases added: a case filed on the last
day of a month and closed in the next, one filed on the first day, a case handed to another bureau's office, a
decision corrected, one voided and issued again, a case whose only decision was voided, leads decided on the last
day of T1, a day late and within an extension, leads received in the last second of a month and the first of the
next, an interview scheduled but never held, a lead no agency was assigned yet, cases never filed: one 待立案, one
不予立案 and one 不予立案 then closed (no 查办案件: only the figures by status show them), and a case decided on the spot
(简易程序) on the last day of March but entered in April (it counts in March, on the day of its decision)."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace

import pytest

from tests.helpers import beijing_today
from workstation import procedure
from workstation.case_records import Case, Lead
from workstation.demo import load_seed
from workstation.evaluation import in_time_rate, percent
from workstation.leads_workflow import assign_lead, decide_lead
from workstation.reports import report_data
from workstation.stats import bureau_table, campaign_stats, monthly
from workstation.store import agency_id_for_code, get_case, save_lead
from workstation.store.cases import create_case, update_case

CITY, SHUNDE, SHUNDE_OFFICE, NANHAI = (agency_id_for_code(c) for c in ("440600", "440606", "440606005", "440605"))
# (start of T1, decided on, extension days) -> decided in time, counted by hand on the 2026 calendar: the 15th working
# day after 09-01 is 09-21 (Sunday 09-20 a make-up working day); the 30th is 10-19 (中秋 09-25..27, 国庆 10-01..07,
# Saturday 10-10 a make-up working day)
HAND_IN_TIME = {("2026-09-01", "2026-09-21", 0): True, ("2026-09-01", "2026-09-22", 0): False,
                ("2026-09-01", "2026-10-19", 15): True}
# the demo's leads its bureaus decided: each within its T1 (tests/test_demo_consistency.py checks them one by one)
SEED_DECIDED = {item["id"] for item in load_seed()["leads"] if item.get("decision")}


# ---- the recount: nothing of workstation.stats or penalty_terms is used


def _agencies(db, agency_id, own):
    """The ids of the agency and (unless ``own``) every agency under it, walked down in Python; None for all."""
    if agency_id is None:
        return None
    ids = {agency_id}
    if not own:
        children = db.execute("SELECT id, parent_id FROM agencies").fetchall()
        while True:
            more = {child for child, parent in children if parent in ids} - ids
            if not more:
                break
            ids |= more
    return ids


def _decided(db, case_id, typed_fine, typed_confiscated):
    """(fine, confiscated) of a case: each party's last issued, not voided 行政处罚决定书 summed; the typed amounts
    while it has none."""
    first = db.execute("SELECT party_id FROM case_parties WHERE case_id = ? ORDER BY position LIMIT 1",
                       [case_id]).fetchone()
    last = {}
    for values in db.execute("SELECT values_json FROM documents WHERE case_id = ? AND form_id = 'penalty_decision' "
                             "AND status = 'issued' ORDER BY issued_at, rowid", [case_id]):
        values = json.loads(values[0])
        last[values.get("party_id") or first[0]] = values
    if not last:
        return typed_fine, typed_confiscated
    return (sum(int(v.get("fine_fen") or 0) for v in last.values()),
            sum(int(v.get("confiscated_fen") or 0) for v in last.values()))


def _decided_in(db, case_id, typed_fine, typed_confiscated, case_day, date_from, date_to):
    """(fine, confiscated) a case's decisions made in the period imposed: each party's last issued 行政处罚决定书 by the
    date written on it (else the case's decision date, else its issue); the typed amounts while it has none, by the
    case's decision date (else ``case_day``, the day it was filed or entered)."""
    first = db.execute("SELECT party_id FROM case_parties WHERE case_id = ? ORDER BY position LIMIT 1",
                       [case_id]).fetchone()
    last = {}
    for values, issued_at in db.execute("SELECT values_json, issued_at FROM documents WHERE case_id = ? AND "
                                        "form_id = 'penalty_decision' AND status = 'issued' ORDER BY issued_at, rowid",
                                        [case_id]):
        values = json.loads(values)
        last[values.get("party_id") or first[0]] = (values, issued_at)
    if not last:
        return (typed_fine, typed_confiscated) if _within(case_day, date_from, date_to) else (0, 0)
    decided = db.execute("SELECT decided_on FROM cases WHERE id = ?", [case_id]).fetchone()[0]
    dated = [v for v, issued_at in last.values()
             if _within((v.get("decided_on") or decided or issued_at)[:10], date_from, date_to)]
    return sum(int(v.get("fine_fen") or 0) for v in dated), sum(int(v.get("confiscated_fen") or 0) for v in dated)


def _within(day, date_from, date_to):
    return day is not None and (date_from is None or day >= date_from) and (date_to is None or day <= date_to)


def recount(db, agency_id=None, date_from=None, date_to=None, own=False, whole_city_leads=None):
    ids = _agencies(db, agency_id, own)
    if whole_city_leads is None:  # the city bureau with its offices is everything, leads not assigned yet too
        whole_city_leads = agency_id is None or (not own and db.execute(
            "SELECT level FROM agencies WHERE id = ?", [agency_id]).fetchone()[0] == "city")
    ours = lambda agency: ids is None or agency in ids  # noqa: E731
    # 查办案件 are the cases filed: not those awaiting the decision (待立案) or declined (不予立案, closed since or not)
    declined = {row[0] for row in db.execute("SELECT case_id FROM case_events WHERE to_status = 'not_filed'")}
    out = {"cases": 0, "records": 0, "fines": 0, "confiscated": 0, "by_status": {}, "by_sector": {},
           "by_district": {}, "months": {}}
    period = date_from or date_to
    decisions = {}  # in a period: the amounts decided in it, whatever the case's filing date, by decision month
    rows = db.execute("SELECT id, agency_id, status, sector, filed_on, created_at, records_trace + records_sensitive + "
                      "records_other, fine_fen, confiscated_fen, procedure_kind, decided_on FROM cases").fetchall()
    for case_id, agency, status, _sector, filed, created, _records, fine, confiscated, _kind, decided in rows:
        if period and ours(agency) and status not in ("pending_filing", "not_filed") and case_id not in declined:
            decision_day = decided or filed or created[:10]
            amounts = _decided_in(db, case_id, fine, confiscated, decision_day, date_from, date_to)
            out["fines"] += amounts[0]
            out["confiscated"] += amounts[1]
            decisions[decision_day[:7]] = decisions.get(decision_day[:7], 0) + sum(amounts)
    for case_id, agency, status, sector, filed, created, records, fine, confiscated, kind, decided in rows:
        # a case decided on the spot (简易程序) is never filed: it counts on the day of its decision
        day = filed or (decided if kind == "simple" else None) or created[:10]
        if not ours(agency) or not _within(day, date_from, date_to):
            continue
        # every case, under its status; one whose filing was declined under 不予立案, closed since or not (s65)
        shown = "not_filed" if case_id in declined else status
        out["by_status"][shown] = out["by_status"].get(shown, 0) + 1
        if status in ("pending_filing", "not_filed") or case_id in declined:
            continue
        fine, confiscated = (0, 0) if period else _decided(db, case_id, fine, confiscated)
        district = db.execute("SELECT district FROM agencies WHERE id = ?", [agency]).fetchone()[0]
        out["cases"] += 1
        out["records"] += records
        out["fines"] += fine
        out["confiscated"] += confiscated
        for key, value in (("by_sector", sector), ("by_district", district)):
            out[key][value] = out[key].get(value, 0) + 1
        month = out["months"].setdefault(day[:7], [0, 0, 0])
        month[0] += 1
        month[1] += records
        month[2] += fine + confiscated
    for month, figures in out["months"].items():  # a period: each month's amounts those decided in it
        figures[2] += decisions.get(month, 0)
    leads = [row for row in db.execute("SELECT agency_id, received_at, assigned_on, decided_on, status, "
                                       "extension_days, id FROM leads")
             if (ours(row[0]) or (whole_city_leads and row[0] is None)) and _within(row[1][:10], date_from, date_to)]
    decided = [row for row in leads if row[3]]
    out["leads"] = (len(leads), sum(1 for row in leads if row[2] or row[4] == "assigned"), len(decided),
                    sum(row[6] in SEED_DECIDED or HAND_IN_TIME[(row[2] or row[1][:10], row[3], row[5])]
                        for row in decided))
    out["interviews"] = sum(1 for agency, held, status in db.execute(
        "SELECT agency_id, held_on, status FROM interviews")
        if ours(agency) and _within(held, date_from, date_to) and status == "held" and held <= beijing_today().isoformat())
    publicity = [row[1:] for row in db.execute("SELECT agency_id, flyers, sms, held_on FROM publicity")
                 if ours(row[0]) and _within(row[3], date_from, date_to)]
    out["publicity"] = (len(publicity), sum(p[0] for p in publicity), sum(p[1] for p in publicity))
    return out


def figures(db, agency_id=None, date_from=None, date_to=None, own=False):
    """The same figures as the code under test gives them."""
    stats = campaign_stats(db, agency_id, date_from, date_to, own=own)
    cases, leads = stats["cases"], stats["leads"]
    return {"cases": cases["total"], "records": stats["infringing_records"], "fines": stats["fines_fen"],
            "confiscated": stats["confiscated_fen"], "by_status": cases["by_status"],
            "by_sector": {k: v for k, v in cases["by_sector"].items() if v}, "by_district": cases["by_district"],
            "months": {m["month"]: [m["cases"], m["records"], m["penalties_total_fen"]]
                       for m in monthly(db, agency_id, date_from, date_to, own=own) if m["cases"]},
            "leads": (leads["total"], leads["assigned"], leads["decided"], leads["in_time"]),
            "interviews": stats["interviews"],
            "publicity": tuple(stats["publicity"][k] for k in ("campaigns", "flyers", "sms"))}


# ---- the edge cases added to the demo campaign


def _decision(db, case_id, party_id, fine, confiscated, issued_at, status="issued"):
    values = {"fine_fen": fine, "confiscated_fen": confiscated} | ({"party_id": party_id} if party_id else {})
    db.execute("INSERT INTO documents (id, case_id, form_id, form_version, title, status, number, values_json, "
               "pdf_sha256, pages, issued_at, issued_by) VALUES (?, ?, 'penalty_decision', 1, '行政处罚决定书', ?, ?, "
               "?, 'recount', 1, ?, '李明')",
               [str(uuid.uuid4()), case_id, status, f"佛市监罚〔2026〕{fine}号", json.dumps(values), issued_at])


@pytest.fixture
def campaign(demo_db):
    db = demo_db
    cases = [r[0] for r in db.execute("SELECT id FROM cases ORDER BY filed_on, case_number")]
    with db.atomic():
        db.execute("INSERT OR IGNORE INTO files (sha256, size, media_type, created_at) VALUES ('recount', 1, "
                   "'application/pdf', '2026-05-01T10:00:00+08:00')")
        # filed on the last day of March, closed in April; filed on the first day of April
        db.execute("UPDATE cases SET filed_on = '2026-03-31', closed_on = '2026-04-15' WHERE id = ?", [cases[5]])
        db.execute("UPDATE cases SET filed_on = '2026-04-01' WHERE id = ?", [cases[6]])
        # two parties: the company's decision corrected (¥50,000 → ¥40,000), the employee's voided and issued again
        two = cases[8]
        parties = [r[0] for r in db.execute("SELECT party_id FROM case_parties WHERE case_id = ? ORDER BY position",
                                            [two])]
        if len(parties) == 1:
            other = db.execute("SELECT id FROM parties WHERE id != ? LIMIT 1", parties).fetchone()[0]
            db.execute("INSERT INTO case_parties (case_id, party_id, position) VALUES (?, ?, 1)", [two, other])
            parties.append(other)
        _decision(db, two, None, 5_000_000, 100_000, "2026-05-01T10:00:00+08:00")  # no party: the first party's
        _decision(db, two, parties[0], 4_000_000, 100_000, "2026-05-02T10:00:00+08:00")
        _decision(db, two, parties[1], 900_000, 0, "2026-05-01T11:00:00+08:00", status="void")
        _decision(db, two, parties[1], 500_000, 0, "2026-05-03T11:00:00+08:00")
        # the only decision voided: the case counts what it records again
        db.execute("UPDATE cases SET fine_fen = 1800000, confiscated_fen = 30000 WHERE id = ?", [cases[9]])
        _decision(db, cases[9], None, 2_000_000, 0, "2026-05-01T10:00:00+08:00", status="void")
        # received in the last second of March, and at midnight starting April
        leads = [r[0] for r in db.execute("SELECT id FROM leads ORDER BY received_at")]
        db.execute("UPDATE leads SET received_at = '2026-03-31T23:59:59+08:00' WHERE id = ?", [leads[3]])
        db.execute("UPDATE leads SET received_at = '2026-04-01 00:00:00' WHERE id = ?", [leads[4]])
        # scheduled and never marked held; a row dated after today (a date to come is never held)
        interviews = [r[0] for r in db.execute("SELECT id FROM interviews ORDER BY held_on")]
        db.execute("UPDATE interviews SET status = 'scheduled' WHERE id = ?", [interviews[0]])
        db.execute("UPDATE interviews SET held_on = '2099-03-01' WHERE id = ?", [interviews[1]])
    # handed on from Chancheng to an office of Shunde: its district follows
    moved = get_case(db, cases[7])
    update_case(db, replace(moved, agency_id=SHUNDE_OFFICE))
    # three leads received, assigned and decided here (the demo's were decided in time, or are still open)
    undecided = [save_lead(db, Lead(source="12345", received_at="2026-08-28T09:00:00+08:00")).id for _ in range(3)]
    for lead in undecided:
        assign_lead(db, lead, SHUNDE, on="2026-09-01")
    decide_lead(db, undecided[0], "not_file", on="2026-09-21", reason="未发现违法行为")
    decide_lead(db, undecided[1], "not_file", on="2026-09-22", reason="未发现违法行为")
    with db.atomic():
        db.execute("UPDATE leads SET extension_days = 15, extension_approved_on = '2026-09-10', "
                   "extension_approved_by = '张局长' WHERE id = ?", [undecided[2]])
    decide_lead(db, undecided[2], "refer", on="2026-10-19", referred_to="佛山市公安局")
    save_lead(db, Lead(source="12345", received_at="2026-05-05T09:00:00+08:00"))  # not assigned yet
    _unfiled_cases(db, cases[0])
    _on_the_spot_case(db, cases[0])
    return db, cases


def _on_the_spot_case(db, like):
    """A case of Shunde's office decided on the spot (简易程序, never filed) on the last day of March and entered on
    2 April: it counts in March, the month of its decision. Its id."""
    party = db.execute("SELECT party_id FROM case_parties WHERE case_id = ?", [like]).fetchone()[0]
    case_id = create_case(db, Case(case_number="", cause="涉嫌未经消费者同意发送商业性信息案", sector="microloan",
                                   agency_id=SHUNDE_OFFICE, party_ids=[party], records_other=3,
                                   violations=["unsolicited_commercial_messages"])).id
    with db.atomic():
        db.execute("UPDATE cases SET status = 'served', procedure_kind = 'simple', decided_on = '2026-03-31', "
                   "served_on = '2026-03-31', fine_fen = 20000, created_at = '2026-04-02T09:00:00+08:00' "
                   "WHERE id = ?", [case_id])
    return case_id


def _unfiled_cases(db, like):
    """Three cases of Shunde's office entered in March, with records and a fine typed, never filed: one 待立案, one
    不予立案, one 不予立案 then closed (结案). Their ids."""
    party = db.execute("SELECT party_id FROM case_parties WHERE case_id = ?", [like]).fetchone()[0]
    made = [create_case(db, Case(case_number="", cause="涉嫌未经消费者同意发送商业性信息案", sector="microloan",
                                 agency_id=SHUNDE_OFFICE, party_ids=[party], records_other=700, fine_fen=300_000,
                                 violations=["unsolicited_commercial_messages"])).id for _ in range(3)]
    for case_id in made[1:]:
        procedure.apply(db, case_id, "decline_filing", on_date="2026-03-12", reason="违法行为轻微并及时改正，没有造成危害后果")
    procedure.apply(db, made[2], "close", on_date="2026-03-20")
    with db.atomic():
        db.execute(f"UPDATE cases SET created_at = '2026-03-10T09:00:00+08:00' WHERE id IN ({', '.join('?' * 3)})",
                   made)
    return made


PERIODS = [(None, None, None, False), (None, "2026-03-01", "2026-03-31", False),
           (None, "2026-04-01", "2026-04-30", False), (None, "2026-02-01", "2026-06-30", False),
           (SHUNDE, None, None, False), (SHUNDE, None, None, True), (SHUNDE_OFFICE, None, None, False),
           (NANHAI, "2026-01-01", "2026-03-31", False), (CITY, None, None, False), (CITY, None, None, True)]
PERIOD_IDS = ["city", "march", "april", "feb-june", "shunde", "shunde-own", "shunde-office", "nanhai-q1",
              "city-bureau-and-offices", "city-bureau-own"]


@pytest.mark.parametrize(("agency_id", "date_from", "date_to", "own"), PERIODS, ids=PERIOD_IDS)
def test_every_figure_equals_the_recount_from_the_raw_tables(campaign, agency_id, date_from, date_to, own):
    db, _cases = campaign
    assert figures(db, agency_id, date_from, date_to, own) == recount(db, agency_id, date_from, date_to, own)


def test_the_edge_cases_count_as_counted_by_hand(campaign):
    db, cases = campaign
    march, april = (recount(db, None, f"2026-0{m}-01", f"2026-0{m}-{d}") for m, d in ((3, 31), (4, 30)))
    assert figures(db, None, "2026-03-01", "2026-03-31") == march
    assert figures(db, None, "2026-04-01", "2026-04-30") == april
    both = recount(db, None, "2026-03-01", "2026-04-30")
    assert both["cases"] == march["cases"] + april["cases"] and both["leads"][0] == march["leads"][0] + april[
        "leads"][0]
    two, voided = (db.execute("SELECT fine_fen, confiscated_fen FROM cases WHERE id = ?", [c]).fetchone()
                   for c in cases[8:10])
    assert _decided(db, cases[8], *two) == (4_500_000, 100_000)  # ¥40,000 corrected + ¥5,000 issued again
    assert _decided(db, cases[9], *voided) == (1_800_000, 30_000)  # the typed amounts again
    whole = figures(db)
    # the demo's 28 leads decided in time, and the three above: on the last day of T1, a day late, extended
    assert whole["leads"][2:] == (31, 30) and whole["interviews"] == 5
    assert db.execute("SELECT district FROM cases WHERE id = ?", [cases[7]]).fetchone()[0] == "顺德区"


def test_a_case_decided_on_the_spot_counts_in_the_month_of_its_decision_not_of_its_entry(campaign):
    db, _cases = campaign
    simple = db.execute("SELECT id, fine_fen FROM cases WHERE procedure_kind = 'simple' AND decided_on = "
                        "'2026-03-31' AND created_at LIKE '2026-04-02%'").fetchall()
    assert len(simple) == 1 and simple[0][1] == 20_000
    march, april = (campaign_stats(db, None, f"2026-0{m}-01", f"2026-0{m}-{d}") for m, d in ((3, 31), (4, 30)))
    assert (march["cases"]["simple_procedure"], march["cases"]["simple_fines_fen"]) == (1, 20_000)
    assert april["cases"]["simple_procedure"] == 0
    assert march["cases"]["total"] == recount(db, None, "2026-03-01", "2026-03-31")["cases"]
    months = {m["month"]: m["cases"] for m in monthly(db, None, "2026-03-01", "2026-04-30")}
    assert months == {month: recount(db, None, f"{month}-01", f"{month}-{day}")["cases"]
                      for month, day in (("2026-03", "31"), ("2026-04", "30"))}
    shunde = next(r for r in bureau_table(db, "2026-03-01", "2026-03-31") if r["agency_id"] == SHUNDE_OFFICE)
    assert shunde["cases"] == recount(db, SHUNDE_OFFICE, "2026-03-01", "2026-03-31", own=True)["cases"] >= 1


@pytest.mark.parametrize("period", [(None, None), ("2026-03-01", "2026-03-31"), ("2026-04-01", "2026-09-30")])
def test_each_row_of_the_evaluation_table_equals_the_recount(campaign, period):
    db, _cases = campaign

    def row_figures(row):
        return (row["cases"], row["records"], row["fines_fen"], row["confiscated_fen"], row["leads"],
                row["leads_decided"], row["leads_in_time"], row["interviews"], row["publicity"])

    def recounted(agency_id, own):
        r = recount(db, agency_id, *period, own=own, whole_city_leads=agency_id is None)
        return (r["cases"], r["records"], r["fines"], r["confiscated"], r["leads"][0], r["leads"][2], r["leads"][3],
                r["interviews"], r["publicity"][0])

    rows = bureau_table(db, *period)
    for row in [r for r in rows if r["kind"] != "unassigned"]:  # 未交办线索: test_hqfix_walkthrough
        agency, own = {"agency": (row["agency_id"], True), "district_total": (row["agency_id"], False),
                       "total": (None, False)}[row["kind"]]
        assert row_figures(row) == recounted(agency, own), row["name"]
    # table 2 of the report: every district (none left out for having no case), and the city bureau's own cases
    districts = {r["district"]: r["cases"] for r in report_data(db, *period)["districts"]}
    every = {r[0]: 0 for r in db.execute("SELECT district FROM agencies WHERE level = 'district'")}
    assert districts == every | {key or "市局本级": count for key, count in recount(db, None, *period)["by_district"].items()}


def test_the_city_bureau_with_its_offices_counts_the_leads_not_assigned_yet_as_its_report_table_does(campaign):
    db, _cases = campaign
    city = campaign_stats(db, CITY)["leads"]
    assert city == campaign_stats(db)["leads"] and city["by_status"]["registered"] == 1
    data = report_data(db, agency_id=CITY)
    total = next(r for r in data["bureau_table"] if r["kind"] == "total")
    assert total["leads"] == data["stats"]["leads"]["total"] == 35
    assert "共受理骚扰电话、违规发送商业短信等相关线索35条" in "\n".join(data["text"])
    assert campaign_stats(db, CITY, own=True)["leads"]["total"] == 0  # its own records: none assigned to it


def test_rates_and_shares_round_half_up_as_the_amounts_in_wan_do(demo_db):
    assert [percent(count, 16) for count in (1, 3, 5, 7)] == ["6.3", "18.8", "31.3", "43.8"]  # float said 6.2, 31.2
    assert (percent(1, 3), percent(2, 3), percent(0, 7), percent(5, 5)) == ("33.3", "66.7", "0.0", "100.0")
    assert in_time_rate({"leads_in_time": 1, "leads_decided": 16}) == "6.3%"
    # 16 leads received on a day the demo received none, one decided on the last day of T1, 15 a day late
    leads = [save_lead(demo_db, Lead(source="12345", received_at="2026-08-28T09:00:00+08:00")).id for _ in range(16)]
    for lead in leads:
        assign_lead(demo_db, lead, SHUNDE, on="2026-09-01")
    for index, lead in enumerate(leads):
        decide_lead(demo_db, lead, "not_file", on="2026-09-21" if index == 0 else "2026-09-22", reason="未发现违法行为")
    text = "".join(report_data(demo_db, "2026-08-28", "2026-08-28")["text"])
    assert "已核查办结16条，其中按期办结1条，按期办结率6.3%" in text
    with demo_db.atomic():  # 1 case of 16 in a sector: 6.25% of them
        demo_db.execute("UPDATE cases SET filed_on = '2026-01-05', sector = 'microloan' WHERE id = (SELECT id FROM "
                        "cases ORDER BY case_number LIMIT 1)")
        demo_db.execute("UPDATE cases SET filed_on = '2026-01-06', sector = 'education' WHERE id IN (SELECT id FROM "
                        "cases ORDER BY case_number LIMIT 15 OFFSET 1)")
    sectors = {s["key"]: s["share"] for s in report_data(demo_db, "2026-01-01", "2026-01-31")["sectors"]}
    # shown as shares of table 1: each rounded half up on its own (6.25% and 93.75%: 100.1% in all, which the note
    # under table 1 says)
    assert (sectors["microloan"], sectors["education"]) == ("6.3%", "93.8%")


def test_the_shares_of_table_1_are_each_rounded_half_up_and_noted_when_they_do_not_add_up():
    from workstation.evaluation import shares

    # each its nearest tenth, half up (report format 17 on): 18.8 + 31.3 + 6.3 + 43.8 = 100.2, which the note under
    # table 1 says (test_hqfix_walkthrough); equal counts keep equal shares, 33.3% each
    assert shares([1, 1, 1]) == ["33.3%", "33.3%", "33.3%"]
    assert shares([3, 5, 1, 7]) == ["18.8%", "31.3%", "6.3%", "43.8%"]
    assert shares([19, 7, 5, 3, 2]) == ["52.8%", "19.4%", "13.9%", "8.3%", "5.6%"]
    for counts in ([19, 7, 5, 3, 2], [1, 2, 3, 4, 5, 6]):
        assert sum(float(part.rstrip("%")) * 10 for part in shares(counts)) == 1000
    assert shares([0, 0]) == ["—", "—"]


def test_cases_awaiting_or_declined_filing_are_no_cases_handled_but_show_under_their_status(demo_db):
    db = demo_db
    assert db.execute("SELECT COUNT(*) FROM cases WHERE status IN ('pending_filing', 'not_filed')").fetchone() == (0,)

    def every_figure():
        stats = campaign_stats(db)
        return (stats, campaign_stats(db, SHUNDE, "2026-03-01", "2026-03-31"), bureau_table(db),
                monthly(db, None, "2026-03-01", "2026-03-31"), report_data(db)["text"],
                report_data(db, "2026-03-01", "2026-03-31", SHUNDE_OFFICE)["text"])

    before = every_figure()
    _unfiled_cases(db, db.execute("SELECT id FROM cases ORDER BY case_number LIMIT 1").fetchone()[0])
    after = every_figure()
    # the statuses alone show them: 1 待立案, 2 不予立案 — the one closed since too, not among the closed (s65)
    for which in (0, 1):  # the whole city; Shunde in March
        old, new = (figures[which]["cases"].pop("by_status") for figures in (before, after))
        assert new == old | {"pending_filing": 1, "not_filed": 2}
    assert after[0]["cases"]["total"] == 36 and after[0]["penalties_total_fen"] == 18_900_000
    assert after == before  # 查办案件, records, amounts, 考评 table, months, the report's paragraphs: all unchanged
    assert "共查办各类侵害消费者个人信息案件36件" in "".join(after[4])


def test_a_period_frozen_while_unfiled_cases_counted_prints_as_sent_and_its_comparison_says_so(demo_db, tmp_path,
                                                                                                 monkeypatch):
    from workstation import stats
    from workstation.reports import live_changes
    from workstation.reports.campaign import write_campaign_report

    db = demo_db
    _unfiled_cases(db, db.execute("SELECT id FROM cases ORDER BY case_number LIMIT 1").fetchone()[0])
    q1 = {"date_from": "2026-01-01", "date_to": "2026-03-31"}
    with monkeypatch.context() as before:  # counted as before this change: every case, filed or not
        before.setattr(stats, "FILED_CASE", "1 = 1")
        sent = write_campaign_report(db, tmp_path / "sent.xlsx", "xlsx", freeze_as="2026年第一季度", **q1)
    again = write_campaign_report(db, tmp_path / "again.xlsx", "xlsx", period_label="2026年第一季度")
    assert again["sha256"] == sent["sha256"]
    live = campaign_stats(db, None, **q1)["cases"]["total"]
    assert live_changes(db, "2026年第一季度")["cases"] == {"frozen": live + 3, "live": live}


def test_a_case_awaiting_or_declined_filing_counts_by_status_in_the_period_of_its_own_step(demo_db):
    """待立案 by the day its lead was received, 不予立案 by the day of that decision — not the day it was typed in."""
    db = demo_db
    pending, declined, _closed = _unfiled_cases(db, db.execute("SELECT id FROM cases ORDER BY case_number "
                                                               "LIMIT 1").fetchone()[0])
    with db.atomic():
        # typed in December; the lead of the one 待立案 received on 12 March, the other declined on 12 March
        db.execute("UPDATE cases SET created_at = '2026-12-02T09:00:00+08:00', lead_received_on = '2026-03-12' "
                   "WHERE id IN (?, ?)", [pending, declined])
    march = campaign_stats(db, None, "2026-03-01", "2026-03-31")["cases"]["by_status"]
    december = campaign_stats(db, None, "2026-12-01", "2026-12-31")["cases"]["by_status"]
    assert (march.get("pending_filing"), march.get("not_filed")) == (1, 2)  # the one declined then closed too
    assert "pending_filing" not in december and "not_filed" not in december
    with db.atomic():  # declined on 20 March after a lead of 12 March: still March; a lead of February: 待立案 there
        db.execute("UPDATE case_events SET on_date = '2026-04-20' WHERE case_id = ? AND to_status = 'not_filed'",
                   [declined])
        db.execute("UPDATE cases SET lead_received_on = '2026-02-27' WHERE id = ?", [pending])
    assert campaign_stats(db, None, "2026-04-01", "2026-04-30")["cases"]["by_status"].get("not_filed") == 1
    assert campaign_stats(db, None, "2026-02-01", "2026-02-28")["cases"]["by_status"].get("pending_filing") == 1
    assert campaign_stats(db, None, "2026-03-01", "2026-03-31")["cases"]["by_status"].get("pending_filing") is None
