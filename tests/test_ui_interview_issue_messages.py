"""What the 约谈 page says when it issues a document straight from the register (no editor open): a value the
document lacks is named by its field with where to fill it in, and a record (which has no 文号) is reported without
a 文号 placeholder."""

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


# (a record issued from the page was reported without a 文号 placeholder: since session 55 its button opens the
# editor — the register keeps no end time — and no document without a 文号 is issued straight from the page)
