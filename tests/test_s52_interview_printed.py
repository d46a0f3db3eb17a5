"""What the check of a change to an issued 约谈通知书 compares (``PRINTED_FIELDS``: its interviewers and contact
person, its contact phone) is what the notice prints: both read them from ``interview_values.notice_officers`` and
``interview_values.printed_contact_phone``, so that the one cannot change without the other (s52)."""

from __future__ import annotations

from tests.helpers import open_db, pdf_text, run
from tests.test_s50_interview_fix import Q, _add, _issue
from tests.test_s52_interviews import _at
from workstation.formkit.interview_values import notice_officers, printed_contact_phone
from workstation.store.interviews import get_interview

#: with the officers ``_add`` gives (邓颖诗 科长, 陈敏仪 科员) a third who only keeps the record
STAFF = ("--recorder", "黄少芬")


def _notice(capsys, data_dir, tmp_path, interview) -> str:
    """The text of the 约谈通知书 issued for ``interview`` with the values the interview gives it (none typed)."""
    code, _out, err = _issue(capsys, data_dir, interview, "interview_notice", tmp_path / "n.pdf", {})
    assert code == 0, err
    return pdf_text((tmp_path / "n.pdf").read_bytes())


def _printed(data_dir, interview) -> tuple[list[tuple[str, str]], str]:
    db = open_db(data_dir)
    try:
        stored = get_interview(db, interview)
        return notice_officers(db, stored), printed_contact_phone(db, stored)
    finally:
        db.close()


def _edit(capsys, data_dir, interview, *options):
    return run(capsys, "interviews", "edit", "--data-dir", data_dir, interview, *options)


def test_the_notice_prints_the_interviewers_contact_and_phone_the_check_compares(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    _at(monkeypatch, "08:00")
    interview = _add(capsys, data_dir, "--party", Q, *STAFF, "--contact-phone", "0757 8303 0000",
                     date="2026-12-09")
    text = _notice(capsys, data_dir, tmp_path, interview)
    officers, phone = _printed(data_dir, interview)
    # the bureau's staff but the recorder, each with the post, in the order entered; the first is the contact
    assert [name for name, _post in officers] == ["邓颖诗", "陈敏仪"]
    assert f"四、约谈人：{'、'.join(f'{name}（{post}）' for name, post in officers)}。" in text, text
    assert f"七、联系人：{officers[0][0]}，联系电话：{phone}。" in text, text
    assert phone == "0757-83030000"  # the number typed, in the form it is printed in
    assert "黄少芬" not in text


def test_without_a_phone_typed_the_notice_prints_the_agency_s_and_the_check_compares_that(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    _at(monkeypatch, "08:00")
    interview = _add(capsys, data_dir, "--party", Q, *STAFF, date="2026-12-09")
    code, _out, err = _edit(capsys, data_dir, interview, "--contact-phone", "")
    assert code == 0, err
    text = _notice(capsys, data_dir, tmp_path, interview)
    officers, phone = _printed(data_dir, interview)
    assert phone and f"七、联系人：{officers[0][0]}，联系电话：{phone}。" in text, text
    # typing the number the notice printed changes nothing it printed: no corrected notice is asked for
    code, _out, err = _edit(capsys, data_dir, interview, "--contact-phone", phone)
    assert code == 0, err
    # nor does another recorder, whom the notice does not name; another interviewer does
    code, _out, err = _edit(capsys, data_dir, interview, "--officer", "邓颖诗:科长", "--officer", "陈敏仪:科员",
                            "--recorder", "李明")
    assert code == 0, err
    db = open_db(data_dir)
    try:
        assert ("李明", "记录人") in [(a["name"], a["post"]) for a in get_interview(db, interview).attendees]
    finally:
        db.close()
    assert _printed(data_dir, interview) == (officers, phone)
    code, _out, err = _edit(capsys, data_dir, interview, "--officer", "邓颖诗:科长", "--officer", "李明:科员",
                            "--recorder", "陈敏仪")
    assert code == 1 and "Interviewers and contact person" in err and "--despite-issued" in err, err
