"""What the 约谈 page says when it issues a document straight from the register (no editor open): a value the
document lacks is named by its field with where to fill it in, and a record (which has no 文号) is reported without
a 文号 placeholder."""

from workstation.documents.drafts import find_form
from workstation.documents.interview_documents import interview_documents
from workstation.records import Interview, today
from workstation.store import agency_id_for_code, list_parties
from workstation.store.interviews import save_interview

CITY = "440600"


def _interview(db, attendees, status="held"):
    company = next(p for p in list_parties(db, "", limit=1000) if p.kind == "company" and p.uscc)
    return save_interview(db, Interview(agency_id=agency_id_for_code(CITY), held_on=today(), subject="约谈骚扰电话问题",
                                        party_ids=[company.id], attendees=attendees, topics="骚扰电话问题",
                                        contact_phone="0757-83030000", status=status))


def test_a_notice_lacking_its_interviewers_names_the_fields_and_where_to_fill_them(demo_db, make_window, prompts,
                                                                                    english, tmp_path):
    interview = _interview(demo_db, [], "scheduled")  # no staff of the bureau among the attendees: no 约谈人, no 联系人
    page = make_window(demo_db).interviews_page
    page.select(interview.id)
    prompts.files.append(str(tmp_path / "notice.pdf"))
    page.buttons["interview_notice"].click()
    message = prompts.errors[-1]
    assert "约谈人: " in message and "联系人: " in message, message
    assert "Write a document…" in message and "attendees" in message
    assert prompts.files == [str(tmp_path / "notice.pdf")]  # refused before asking where to save it
    assert interview_documents(demo_db, interview.id) == []


def test_a_record_issued_from_the_page_is_reported_without_a_number(demo_db, make_window, prompts, english,
                                                                    tmp_path, monkeypatch):
    staff = [{"name": "欧文辉", "organisation": "佛山市市场监督管理局", "post": "科长"},
             {"name": "黎晓", "organisation": "佛山市市场监督管理局", "post": "科员"}]
    interview = _interview(demo_db, [*staff, {"name": "王五", "organisation": "", "post": "法定代表人"}])
    page = make_window(demo_db).interviews_page
    page.select(interview.id)
    target = tmp_path / "record.pdf"
    prompts.files.append(str(target))
    page.buttons["interview_record"].click()  # the register keeps no end time: it is written in the editor
    assert "结束时间" in prompts.errors[-1] and "Write a document…" in prompts.errors[-1]
    assert "attendees" not in prompts.errors[-1]  # not the interviewers' hint: the end time is not drawn from them
    assert not target.exists() and prompts.files == [str(target)]
    monkeypatch.setitem(find_form("interview_record").__dict__, "required_to_issue", ("issues",))
    page.buttons["interview_record"].click()
    assert prompts.errors[1:] == [] and target.is_file()
    assert [d.number for d in interview_documents(demo_db, interview.id)] in ([None], [""])
    assert prompts.infos[-1] == f"约谈记录 issued: {target}"
