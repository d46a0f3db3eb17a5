"""The documents of an administrative interview (约谈通知书, 约谈记录, 约谈纪要) read right for every kind of party
interviewed — a company, an individual business, a natural person, an association — in the PDF and in the DOCX:
你单位 or 你, 被约谈单位 or 被约谈人, the legal representative, the 经营者 or the person himself attending, no
leftover placeholders; a joint interview names every party; the register's page joins its reasons cleanly."""

from dataclasses import replace
from io import BytesIO

import pytest
from docx import Document as Docx

from tests.helpers import pdf_text
from workstation.documents import interview_documents
from workstation.documents.drafts import find_form, render_document
from workstation.documents.interview_documents import draft_interview_document, interview_form_refusal
from workstation.errors import ValidationError
from workstation.records import Interview, Party
from workstation.store import save_party
from workstation.store.interviews import get_interview, save_interview

OPERATORS = "0e7e310e-296a-586e-96a9-4a924496795f"  # the demo's joint interview of the three telecom operators
PARTIES = {
    "company": Party(name="佛山市南海区锦程置业有限公司", kind="company", uscc="91440605MA4UJ6XX01",
                     address="佛山市南海区桂城街道海八路1号", legal_rep="张国栋"),
    "individual_business": Party(name="佛山市南海区雅居装饰工作室", kind="individual_business",
                                 uscc="92440605MA51234X1L", address="佛山市南海区大沥镇广佛路2号", legal_rep="李永强"),
    "person": Party(name="朱子轩", kind="person", id_number="11010519491231002X", address="佛山市禅城区祖庙路3号"),
    "association": Party(name="佛山市家居装饰行业协会", kind="association", uscc="51440600MJL123456P",
                         address="佛山市禅城区季华五路4号", legal_rep="赵志明"),
}


def docx_text(data: bytes) -> str:
    document = Docx(BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "".join([p.text for p in document.paragraphs] + cells).replace("\n", "").replace(" ", "")


def texts(db, interview: Interview, form_id: str, party_id: str | None = None) -> list[str]:
    document = draft_interview_document(db, interview, find_form(form_id), party_id=party_id)
    return [pdf_text(render_document(document, "pdf").data), docx_text(render_document(document, "docx").data)]


def interview_with(db, *kinds: str) -> Interview:
    """The operators' interview held again with parties of ``kinds``, only the bureau's staff recorded."""
    operators = get_interview(db, OPERATORS)
    parties = [save_party(db, replace(PARTIES[k])) for k in kinds]
    staff = [a for a in operators.attendees if a.get("organisation") == "佛山市市场监督管理局"]
    return save_interview(db, replace(operators, id=Interview(agency_id="", held_on="", subject="").id,
                                      party_ids=[p.id for p in parties], attendees=staff, commitments=""))


@pytest.mark.parametrize(("kind", "you", "attends"), [
    ("company", "你单位", "张国栋法定代表人"),
    ("individual_business", "你单位", "李永强经营者"),
    ("person", "你", "朱子轩11010519491231002X"),
    ("association", "你单位", "赵志明法定代表人"),
])
def test_the_notice_and_record_speak_to_each_kind_of_party(demo_db, kind, you, attends):
    interview = interview_with(demo_db, kind)
    name = PARTIES[kind].name
    person = kind == "person"
    for text in texts(demo_db, interview, "interview_notice"):
        assert name in text and "None" not in text and "{" not in text
        assert f"本局决定对{you}进行行政约谈" in text and f"请{you}按时参加约谈" in text
        assert ("你单位" in text) is not person
        # a seal for a company or an association; an individual business, often without one, signs or seals
        assert ("六、需携带的材料（加盖你单位公章）" in text) is (kind in ("company", "association"))
        assert ("六、需携带的材料（由你单位经营者签名或者盖章）" in text) is (kind == "individual_business")
        assert ("六、需携带的材料（复印件由你本人签名确认）" in text) is person
        assert ("五、参加人员：你本人。" in text) is person
        assert ("五、参加人员：你单位经营者。" in text) is (kind == "individual_business")
        assert "2026年4月16日上午9时30分" in text
    for text in texts(demo_db, interview, "interview_record"):
        assert "None" not in text and "{" not in text and "2026年4月16日" in text
        # nobody recorded as attending: its rows blank for the hand, never the one summoned (s44)
        assert f"被约谈{'人' if person else '单位'}{name}" in text and attends not in text
        assert (f"{you}应当自约谈之日起" in text) and ("你单位" in text) is not person
        assert ("被约谈人签名（捺指印）" in text) is person
        assert ("被约谈单位（盖章）" in text) is (kind in ("company", "association"))
        assert ("被约谈单位（签名或者盖章）" in text) is (kind == "individual_business")
        assert "法定代表人" not in text and "经营者" not in text


def test_a_joint_interview_of_every_kind_names_each_party_in_its_documents(demo_db):
    interview = interview_with(demo_db, *PARTIES)
    names = [p.name for p in PARTIES.values()]
    for text in texts(demo_db, interview, "interview_minutes"):
        assert "、".join(names) in text and "None" not in text and "{" not in text
    for party_id, (kind, party) in zip(interview.party_ids, PARTIES.items(), strict=True):
        others = "、".join(n for n in names if n != party.name)
        for text in texts(demo_db, interview, "interview_record", party_id):
            assert f"本次为联合约谈，同场被约谈的还有{others}。本记录记载对{party.name}的约谈情况。" in text
            assert ("你单位" in text) is (kind != "person")


def test_the_page_joins_several_reasons_without_a_stop_before_the_separator(demo_db, monkeypatch):
    def refuse(*_args):
        raise ValidationError({"party_ids": "甲公司没有统一社会信用代码。", "place": "约谈地点为空。"})

    monkeypatch.setattr(interview_documents, "check_interview_form", refuse)
    reason = interview_form_refusal(demo_db, get_interview(demo_db, OPERATORS), find_form("interview_notice"))
    assert reason == "甲公司没有统一社会信用代码；约谈地点为空。"
