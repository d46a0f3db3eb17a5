"""Faults of the interviews audit (约谈, s55): a notice printing another day or time than the interview's, or voided,
is no summons — its absence needs the officer's word, and no 送达回证 is issued for it —; a case opened from an
interview counts its T1 from the day the rectification was found not made, is linked to the interview's lead, and
its facts write dates as the case file does; the 约谈记录 button opens the editor; `interviews issue` words its
warnings as said after the document was issued."""

from __future__ import annotations

from tests.helpers import pdf_text, run, run_json
from tests.test_s50_interview_fix import _add, _issue
from tests.test_s50_interview_fix import _at as at

Q = "佛山市禅城区禾屿教育科技有限公司"
NOTICE = {"contact_phone": "0757-83030000"}
STUDIO_ID = "20d7f887-658a-5fd3-b5b7-e46e4c33b3f0"


def _at(monkeypatch, clock: str = "08:00", day: str = "2026-12-04") -> None:
    at(monkeypatch, clock, day)


def _moved(capsys, data_dir, tmp_path, monkeypatch, *options) -> str:
    """An interview of 2026-12-09 10:00 whose notice was issued, then moved with the officer's word (``options``)."""
    _at(monkeypatch)
    interview = _add(capsys, data_dir, "--party", Q, date="2026-12-09", time="10:00")
    code, _out, err = _issue(capsys, data_dir, interview, "interview_notice", tmp_path / "n.pdf", NOTICE)
    assert code == 0, err
    assert "2026年12月9日上午10时" in pdf_text((tmp_path / "n.pdf").read_bytes())
    code, _out, err = run(capsys, "interviews", "edit", "--data-dir", data_dir, interview, *options, "--despite-issued")
    assert code == 0, err
    return interview


def _receipt(capsys, data_dir, interview, out):
    return run(capsys, "interviews", "issue", "--data-dir", data_dir, interview, "--form",
               "interview_delivery_receipt", "-o", out)


# 1. a notice printing another day is no summons ---------------------------------------------------------------------
def test_a_notice_of_the_day_before_the_interview_moved_is_no_summons(demo_db, data_dir, capsys, tmp_path,
                                                                       monkeypatch, english):
    from workstation.documents.interview_documents import interview_documents
    from workstation.store.interviews import get_interview

    interview = _moved(capsys, data_dir, tmp_path, monkeypatch, "--date", "2026-12-14")
    code, _out, err = _receipt(capsys, data_dir, interview, tmp_path / "r.pdf")  # it would serve the old notice
    assert code == 1 and not (tmp_path / "r.pdf").exists(), err
    assert "约谈通知书（" in err and "2026-12-09 10:00" in err and "2026-12-14" in err and "new 约谈通知书" in err, err
    assert [d.form_id for d in interview_documents(demo_db, interview)] == ["interview_notice"]
    _at(monkeypatch, "09:00", "2026-12-17")
    code, _out, err = run(capsys, "interviews", "absent", "--data-dir", data_dir, interview, "--reason",
                          "经送达约谈通知书后未到场")
    assert code == 1 and "--without-notice" in err and "2026-12-09" in err, err
    assert get_interview(demo_db, interview).status == "scheduled"


def test_a_notice_of_another_time_is_no_summons_either(demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    interview = _moved(capsys, data_dir, tmp_path, monkeypatch, "--time", "15:00")
    _at(monkeypatch, "16:00", "2026-12-09")
    code, _out, err = run(capsys, "interviews", "absent", "--data-dir", data_dir, interview, "--reason", "未到场")
    assert code == 1 and "--without-notice" in err and "10:00" in err, err


def test_a_new_notice_of_the_new_day_summons_the_party(demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    from workstation.documents.interview_documents import interview_documents

    interview = _moved(capsys, data_dir, tmp_path, monkeypatch, "--date", "2026-12-14")
    old = interview_documents(demo_db, interview)[0]
    assert run(capsys, "docs", "void", "--data-dir", data_dir, old.id, "--reason", "约谈改期")[0] == 0
    code, _out, err = _issue(capsys, data_dir, interview, "interview_notice", tmp_path / "n2.pdf", NOTICE)
    assert code == 0, err
    code, _out, err = _receipt(capsys, data_dir, interview, tmp_path / "r.pdf")
    assert code == 0, err
    _at(monkeypatch, "09:00", "2026-12-17")
    marked = run_json(capsys, "interviews", "absent", "--data-dir", data_dir, interview, "--reason", "经送达后未到场")
    assert marked["state"] == "absent"


def test_the_receipt_of_a_voided_notice_is_no_summons(demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    from workstation.documents.interview_documents import interview_documents
    from workstation.documents.issuing import void_document
    from workstation.store.interviews import absent_without_notice, get_interview

    _at(monkeypatch)
    interview = _add(capsys, data_dir, "--party", Q, date="2026-12-09", time="10:00")
    assert _issue(capsys, data_dir, interview, "interview_notice", tmp_path / "n.pdf", NOTICE)[0] == 0
    assert _receipt(capsys, data_dir, interview, tmp_path / "r.pdf")[0] == 0
    assert absent_without_notice(demo_db, get_interview(demo_db, interview)) is None
    notice = next(d for d in interview_documents(demo_db, interview) if d.form_id == "interview_notice")
    void_document(demo_db, notice.id, "送达地址有误")
    assert absent_without_notice(demo_db, get_interview(demo_db, interview))  # its receipt alone summons nobody


def test_the_window_asks_before_recording_an_absence_after_a_stale_notice(demo_db, data_dir, capsys, tmp_path,
                                                                          monkeypatch, make_window, prompts,
                                                                          english):
    from workstation.store.interviews import get_interview

    interview = _moved(capsys, data_dir, tmp_path, monkeypatch, "--date", "2026-12-14")
    _at(monkeypatch, "09:00", "2026-12-17")
    page = make_window(demo_db).interviews_page
    page.refresh()
    page.select(interview)
    prompts.texts.append("未到场")
    page.absent()  # answered No
    assert prompts.confirmations and "2026-12-09" in prompts.confirmations[-1], prompts.confirmations
    assert get_interview(demo_db, interview).status == "scheduled"


# 2. a case opened from an interview ---------------------------------------------------------------------------------
def _studio_interview(demo_db, monkeypatch, agency_code="440608", **values):
    from workstation.records import Interview
    from workstation.store.interviews import record_follow_up, save_interview

    _at(monkeypatch, "10:00", "2026-12-22")
    agency = demo_db.execute("SELECT id FROM agencies WHERE code = ?", [agency_code]).fetchone()[0]
    interview = save_interview(demo_db, Interview(
        agency_id=agency, held_on="2026-11-20", held_at="09:30", subject="约谈工作室", party_ids=[STUDIO_ID],
        topics="你单位用户投诉集中反映发送营销短信问题", commitments="停止发送营销短信", rectification_due="2026-12-11",
        status="held", **values))
    return record_follow_up(demo_db, interview.id, "2026-12-15", "仍在发送营销短信，未整改", outcome="not_rectified")


def test_a_case_opened_from_an_interview_counts_from_the_follow_up_and_takes_its_lead(demo_db, make_window, prompts,
                                                                                       monkeypatch):
    import ui.interviews_page as page_module
    from workstation.leads_workflow import get_lead_row, lead_state
    from workstation.store import get_case

    lead_id, code = demo_db.execute(  # of 2026-10-30: its T1 long passed
        "SELECT l.id, a.code FROM leads l JOIN agencies a ON a.id = l.agency_id WHERE l.case_id IS NULL AND "
        "l.status IN ('registered', 'assigned') ORDER BY l.received_at LIMIT 1").fetchone()
    # held by the agency the lead is assigned to: another agency's lead is refused (s58)
    interview = _studio_interview(demo_db, monkeypatch, code, lead_id=lead_id)
    page = make_window(demo_db).interviews_page
    page.refresh()
    page.select(interview.id)
    shown = {}

    def exec_once(dialog):  # the officer reads the case the interview gives and saves it
        case, errors = dialog.current()
        shown["case"] = case
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(page_module, "exec_once", exec_once)
    prompts.texts.append("")  # no case named: a new one
    page.escalate()
    assert not prompts.errors, prompts.errors
    case = shown["case"]
    assert case.lead_received_on == "2026-12-15"  # the day the rectification was found not made, not the lead's
    assert "2026年11月20日" in case.facts and "整改期限：2026年12月11日。" in case.facts
    assert "2026年12月15日回访复查情况" in case.facts and "2026-1" not in case.facts
    from workstation.store.interviews import get_interview

    case_id = get_interview(demo_db, interview.id).case_id
    lead = get_lead_row(demo_db, lead_id)
    assert lead["case_id"] == case_id and lead_state(lead) == "filing"  # no longer undecided and overdue on its own
    assert get_case(demo_db, case_id).lead_received_on == "2026-12-15"


def test_a_case_opened_from_an_interview_without_a_lead_has_a_t1(demo_db, monkeypatch):
    from workstation.records import Interview
    from workstation.store.interviews import case_prefill, mark_absent, save_interview

    interview = _studio_interview(demo_db, monkeypatch)  # followed up on 2026-12-15: not rectified
    assert case_prefill(demo_db, interview, STUDIO_ID)["lead_received_on"] == "2026-12-15"
    scheduled = save_interview(demo_db, Interview(agency_id=interview.agency_id, held_on="2026-12-21", held_at="09:30",
                                                  subject="约谈工作室", party_ids=[STUDIO_ID], topics="骚扰电话"))
    absent = mark_absent(demo_db, scheduled.id, "未到场")
    assert case_prefill(demo_db, absent, STUDIO_ID)["lead_received_on"] == "2026-12-22"  # the escalation's day


# 3. the 约谈记录 button ----------------------------------------------------------------------------------------------
def test_the_record_button_opens_the_editor(demo_db, make_window, prompts, english):
    from workstation.documents.interview_documents import interview_documents
    from workstation.records import Interview, today
    from workstation.store import agency_id_for_code, list_parties
    from workstation.store.interviews import save_interview

    company = next(p for p in list_parties(demo_db, "", limit=1000) if p.kind == "company" and p.uscc)
    staff = [{"name": "欧文辉", "organisation": "佛山市市场监督管理局", "post": "科长"},
             {"name": "王五", "organisation": "", "post": "法定代表人"}]
    interview = save_interview(demo_db, Interview(
        agency_id=agency_id_for_code("440600"), held_on=today(), subject="约谈骚扰电话问题", party_ids=[company.id],
        attendees=staff, topics="骚扰电话问题", contact_phone="0757-83030000", status="held"))
    window = make_window(demo_db)
    page = window.interviews_page
    page.select(interview.id)
    assert page.buttons["interview_record"].isEnabled()
    page.buttons["interview_record"].click()
    assert not prompts.errors, prompts.errors  # not refused for the end time the register does not keep
    editor = window.editors[-1]
    assert editor.form.id == "interview_record" and editor.interview.id == interview.id
    assert interview_documents(demo_db, interview.id) == []  # written and issued in the editor
    editor.shutdown()


# 4. the warnings of `interviews issue` ------------------------------------------------------------------------------
def test_issue_says_its_warning_after_the_notice_was_issued(demo_db, data_dir, capsys, tmp_path, monkeypatch,
                                                            english):
    _at(monkeypatch)
    interview = _add(capsys, data_dir, "--party", Q, date="2026-12-12")  # a Saturday
    code, _out, err = _issue(capsys, data_dir, interview, "interview_notice", tmp_path / "n.pdf", NOTICE)
    assert code == 0, err
    assert "Issued; check" in err and "2026-12-12" in err and "before its notice is issued" not in err, err
