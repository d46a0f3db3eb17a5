"""Publication (公示) and the publicity log, mended after an audit: a natural person's home address written after
家住, 现住, 暂住, 住在 or 居住在/于 is masked (a firm's 住所 still published); another person's passport or permit
number after 护照, 港澳/台湾…通行证, 台胞证 or 回乡证 is masked as the party's own is; the publication review says
which addresses it masks and asks to check the others; the refusal to mask the party's name cites no article that
does not say so; a publicity activity's title is one line, and a date before the campaign's earliest is warned of
on the command line (still saved and counted)."""

from __future__ import annotations

import pytest

from tests.helpers import run, run_json
from tests.test_publication_copy import decided
from workstation.documents.publication import masker, names_to_mask, publication_copy
from workstation.errors import WorkstationError
from workstation.masking import rules_in_force

NANHAI_CODE = "440605"
HOME_FACTS = ("经查，当事人朱子轩，男，家住佛山市禅城区季华五路10号3座1201房，于2026年3月至6月将业主名单出售给李明"
              "（现住佛山市顺德区大良街道新桂路5号），涉及消费者个人信息493条。")


def person_mask(text: str) -> str:
    values = {"party_is_person": True, "party_name": "朱子轩", "party_code": "44060419900101123X",
              "party_address": "佛山市南海区桂城街道南海大道北281号302铺"}
    return masker(values, rules_in_force())(text)


def company_mask(text: str) -> str:
    values = {"party_is_person": False, "party_name": "佛山市南海区誉嘉房地产代理有限公司",
              "party_code": "91512081MA62K0260E", "party_address": "佛山市南海区桂城街道南海大道1号"}
    return masker(values, rules_in_force())(text)


# ---- 1. a home address written after 家住, 现住, 暂住, 住在, 居住在/于

@pytest.mark.parametrize("cue", ["家住", "现住", "暂住", "住在", "居住在", "居住于", "家住在", "现住：", "暂住于", "现住所："])
@pytest.mark.parametrize("mask", [person_mask, company_mask])
def test_an_address_after_a_home_cue_is_masked_in_any_decision(cue, mask):
    text = f"证人李某，男，{cue}佛山市禅城区季华五路10号3座1201房，其证实……"
    assert mask(text) == f"证人李某，男，{cue}佛山市禅城区****，其证实……"


def test_the_audited_facts_publish_neither_home_address(db, data_dir, make_case):
    _case, decision = decided(db, data_dir, make_case, person=True, facts=HOME_FACTS)
    text = publication_copy(db, data_dir, decision).text()
    assert "家住佛山市禅城区****，于2026年3月" in text and "（现住佛山市顺德区****）" in text
    for street in ("季华五路", "1201房", "大良街道", "新桂路"):
        assert street not in text


@pytest.mark.parametrize("text", [
    "当事人住所在佛山市南海区桂城街道南海大道1号，经营场所位于佛山市南海区桂城街道海八路2号。",
    "当事人住所：佛山市南海区桂城街道南海大道1号。",
    "当事人在佛山市南海区桂城街道海八路2号开设门店。",
])
def test_a_firms_address_is_still_published_as_it_is(text):
    assert company_mask(text) == text


def test_a_temporary_residence_permit_is_no_address():
    assert company_mask("其暂住证已过期。") == "其暂住证已过期。"


# ---- 4. another person's passport or permit number

@pytest.mark.parametrize(("written", "shown"), [
    ("护照号码E12345678", "护照号码E1*****78"),
    ("护照号：EA1234567", "护照号：EA*****67"),
    ("港澳通行证H12345678", "港澳通行证H1*****78"),
    ("往来港澳通行证C12345678", "往来港澳通行证C1*****78"),
    ("港澳居民来往内地通行证号码：H1234567801", "港澳居民来往内地通行证号码：H1*******01"),
    ("台湾居民来往大陆通行证12345678", "台湾居民来往大陆通行证12****78"),
    ("台胞证12345678", "台胞证12****78"),
    ("回乡证号码为M12345678", "回乡证号码为M1*****78"),
])
@pytest.mark.parametrize("mask", [person_mask, company_mask])
def test_a_passport_or_permit_number_of_anyone_is_masked(written, shown, mask):
    assert mask(f"证人陈某（{written}）证实") == f"证人陈某（{shown}）证实"


def test_the_copy_masks_the_permit_number_of_a_person_the_decision_names(db, data_dir, make_case):
    facts = "经查，当事人员工陈静（港澳通行证H12345678）使用护照E87654321注册账号向消费者发送商业性短信1,200条。"
    _case, decision = decided(db, data_dir, make_case, facts=facts)
    text = publication_copy(db, data_dir, decision).text()
    assert "港澳通行证H1*****78" in text and "护照E8*****21" in text
    assert "H12345678" not in text and "E87654321" not in text


def test_a_code_after_no_permit_word_is_kept():
    assert company_mask("批次号E12345678的产品") == "批次号E12345678的产品"


# ---- 1. what the review says it masked

@pytest.mark.gui
def test_the_review_says_which_addresses_it_masks_and_asks_to_check_the_others(
        qtbot, db, data_dir, make_case, prompts, english):
    from PySide6.QtWidgets import QLabel

    from ui.publication_dialog import PublicationDialog

    _case, decision = decided(db, data_dir, make_case, person=True, facts=HOME_FACTS)
    copy = publication_copy(db, data_dir, decision)
    dialog = PublicationDialog(prompts, None, decision.number, copy, lambda names: copy)
    qtbot.addWidget(dialog)
    note = dialog.findChild(QLabel, "note").text()
    assert "a natural person's address and the names" not in note  # the claim the audit found too wide
    for cue in ("住址", "家住", "现住", "暂住", "住在", "居住在"):
        assert cue in note
    assert "check" in note.lower() and "written otherwise" in note


# ---- 5. the refusal to mask the party's name

def test_the_refusal_to_mask_the_party_says_why_without_an_article(english):
    with pytest.raises(WorkstationError) as refused:
        names_to_mask(("朱子轩",), {"party_name": "朱子轩", "party_is_person": True})
    message = refused.value.message
    assert message.startswith("“朱子轩” is the party or its representative, whose name is published as it is")
    assert "art." not in message and "规定" not in message and "summary" in message


def test_docs_publication_mask_of_the_party_cites_no_article(db, data_dir, make_case, capsys, tmp_path):
    case, _decision = decided(db, data_dir, make_case, person=True, facts=HOME_FACTS)
    code, _out, err = run(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir, "--mask", "朱子轩",
                          "-o", tmp_path / "a.txt")
    assert code == 1 and "朱子轩" in err and "第六条" not in err and "信息公示规定" not in err


# ---- 6. the publicity log: one-line titles, dates before the campaign

def test_a_title_typed_on_several_lines_is_stored_on_one(db, data_dir, capsys):
    added = run_json(capsys, "--data-dir", data_dir, "publicity", "add", "--agency", NANHAI_CODE, "--date",
                     "2026-03-08", "--title", "进社区\n\n宣传\t 个人信息保护\r\n")
    assert added["title"] == "进社区 宣传 个人信息保护"
    edited = run_json(capsys, "--data-dir", data_dir, "publicity", "edit", added["id"], "--title",
                      "  入户\u3000\u3000宣传 ")
    assert edited["title"] == "入户 宣传"
    listed = run_json(capsys, "--data-dir", data_dir, "publicity", "list")
    assert [row["title"] for row in listed] == ["入户 宣传"]


def test_a_date_before_the_campaign_is_warned_of_and_still_counted(db, data_dir, make_case, capsys, english):
    make_case(status="investigating", filed_on="2026-02-20", lead_received_on="2026-02-10")
    code, out, err = run(capsys, "--data-dir", data_dir, "publicity", "add", "--agency", NANHAI_CODE, "--date",
                         "2025-06-01", "--title", "进社区宣传")
    assert code == 0 and "recorded" in out
    assert err.startswith("Warning:") and "2025-06-01" in err and "2026-02-10" in err
    added = run_json(capsys, "--data-dir", data_dir, "publicity", "add", "--agency", NANHAI_CODE, "--date",
                     "2026-03-01", "--title", "短信提醒")
    _code, _out, err = run(capsys, "--data-dir", data_dir, "publicity", "edit", added["id"], "--date", "2026-03-02")
    assert err == ""
    code, _out, err = run(capsys, "--data-dir", data_dir, "publicity", "edit", added["id"], "--date", "2026-01-31")
    assert code == 0 and "2026-01-31" in err and "2026-02-10" in err
    assert len(run_json(capsys, "--data-dir", data_dir, "publicity", "list")) == 2


def test_no_warning_without_a_case_or_lead(db, data_dir, capsys):
    code, _out, err = run(capsys, "--data-dir", data_dir, "publicity", "add", "--agency", NANHAI_CODE, "--date",
                          "2025-06-01", "--title", "进社区宣传", "--participants", "30")
    assert code == 0 and err == ""


# ---- final read: 现住址, 暂住地址, 家住址 are cues of an address as 住址 is (not 现住 then “址” as the address)

@pytest.mark.parametrize("cue", ["现住址：", "暂住地址：", "家住址：", "住址：", "家住", "现住地址为", "暂住地："])
@pytest.mark.parametrize("mask", [person_mask, company_mask])
def test_an_address_after_a_cue_ending_in_address_is_masked(cue, mask):
    text = f"证人李某，{cue}广东省佛山市禅城区祖庙路3号，其证实……"
    assert mask(text) == f"证人李某，{cue}广东省佛山市禅城区****，其证实……"


def test_the_copy_masks_an_address_after_xianzhuzhi(db, data_dir, make_case):
    facts = ("经查，当事人员工陈静（现住址：广东省佛山市禅城区祖庙路3号）与王某（暂住地址：佛山市顺德区大良街道新桂路5号）"
             "向消费者发送商业性短信1,200条。")
    _case, decision = decided(db, data_dir, make_case, facts=facts)
    text = publication_copy(db, data_dir, decision).text()
    assert "现住址：广东省佛山市禅城区****" in text and "暂住地址：佛山市顺德区****" in text
    for street in ("祖庙路", "大良街道", "新桂路"):
        assert street not in text


# ---- final read: the window warns of a date before the campaign as the command line does

@pytest.mark.gui
def test_the_publicity_window_warns_of_a_date_before_the_campaign_after_saving(db, make_case, prompts, qtbot, english):
    from ui.publicity_dialog import PublicityDialog
    from workstation.store import list_publicity

    make_case(status="investigating", filed_on="2026-02-20", lead_received_on="2026-02-10")
    from workstation.store import agency_by_code

    dialog = PublicityDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.agency.setCurrentIndex(dialog.agency.findData(agency_by_code(db, NANHAI_CODE).id))
    dialog.texts["held_on"].setText("2025-06-01")
    dialog.texts["title"].setText("进社区宣传")
    dialog.save()
    assert prompts.errors == [] and [p.held_on for p in list_publicity(db)] == ["2025-06-01"]
    assert len(prompts.infos) == 1 and "2025-06-01" in prompts.infos[0] and "2026-02-10" in prompts.infos[0]
    assert "check the year" in prompts.infos[0]
    saved = list_publicity(db)[0]
    again = PublicityDialog(db, prompts, saved)  # its title corrected, its date as it was: not said again
    qtbot.addWidget(again)
    again.texts["title"].setText("进社区宣传活动")
    again.save()
    assert len(prompts.infos) == 1 and list_publicity(db)[0].title == "进社区宣传活动"
    later = PublicityDialog(db, prompts, list_publicity(db)[0])
    qtbot.addWidget(later)
    later.texts["held_on"].setText("2026-03-01")
    later.save()
    assert len(prompts.infos) == 1 and list_publicity(db)[0].held_on == "2026-03-01"
