"""Publication (公示版) mended after the year-end audit (s67): an address after a bare 住 (张伟住佛山市…28号) is
masked; a name after a word for a relative, a colleague or a friend (其同事王小明, 其妻李娜) is suggested and masked
as the window ticks it; a date of birth (1988年3月5日出生, 出生于…, 1988-03-05出生) and a vehicle plate (粤E12345,
粤E·12345, a new-energy 粤BD12345) are masked, their digits stars; the party's name, its code and the dates of the
violation and the decision are published as they were; `docs publication` says on stderr, not in the file, to read
the whole text before publishing, as the window does."""

from __future__ import annotations

import pytest

from tests.helpers import run
from tests.test_publication_copy import decided
from tests.test_s59_publication import company_mask, person_mask
from workstation.documents.publication import publication_copy, unmasked_names

# the audit's facts.json and facts2.json (/tmp/audit_yearend_publicity)
AUDIT_FACTS = ("经查，当事人朱子轩（男，1988年3月5日出生，手机13912345678，微信号zzx_1988）于2026年3月至6月将业主名单出售给"
               "张伟（身份证号码440681199001011234，电话0757-86123456），经其同事王小明介绍，所得款项存入当事人中国工商银行"
               "账户6222021234567890123。当事人现住佛山市南海区桂城街道海五路28号3座1201房，其妻李娜知情。邮箱zzx@example.com。"
               "车牌粤E12345。护照号E12345678。")
AUDIT_FACTS2 = ("经查，当事人将客户资料出售给张伟（身份证号：44068119900101123X），款项存入其银行卡6222 0212 3456 7890 123。"
                "张伟住佛山市南海区桂城街道海五路28号。证人陈静，女，户籍所在地广东省佛山市顺德区大良街道某路1号。"
                "消费者黄小红于2026年5月1日投诉。")


# ---- an address after a bare 住

@pytest.mark.parametrize("mask", [person_mask, company_mask])
def test_an_address_after_a_bare_zhu_is_masked(mask):
    assert mask("张伟住佛山市南海区桂城街道海五路28号。") == "张伟住佛山市南海区****。"
    assert mask("证人李某住广东省佛山市顺德区大良街道新桂路5号，其证实") == "证人李某住广东省佛山市顺德区****，其证实"


@pytest.mark.parametrize("text", [
    "当事人住所：佛山市南海区桂城街道南海大道1号。",
    "当事人住所地佛山市南海区桂城街道南海大道1号。",
    "消费者入住佛山市南海区某酒店。",
    "当事人居住的小区位于桂城街道。",
    "业主在小区居住多年。",
    "当事人暂住证已过期。",
])
def test_a_firms_domicile_and_ordinary_words_are_kept(text):
    assert company_mask(text) == text


# ---- relationship cues

@pytest.mark.parametrize("cue", ["其同事", "同事", "其妻", "其夫", "丈夫", "妻子", "朋友", "其朋友", "亲属", "父亲",
                                 "母亲", "儿子", "女儿", "其子", "其女", "亲戚"])
def test_a_name_after_a_relationship_is_suggested(db, data_dir, make_case, cue):
    _case, decision = decided(db, data_dir, make_case, facts=f"经查，当事人经{cue}王小明介绍，向消费者发送短信。")
    names = [found.name for found in unmasked_names(publication_copy(db, data_dir, decision))]
    assert "王小明" in names


# ---- birth dates and plates

@pytest.mark.parametrize(("written", "shown"), [
    ("1988年3月5日出生", "****年*月*日出生"),
    ("1988年03月05日生", "****年**月**日生"),
    ("出生于1988年3月5日", "出生于****年*月*日"),
    ("出生日期：1988年3月5日", "出生日期：****年*月*日"),
    ("1988-03-05出生", "****-**-**出生"),
    ("出生年月：1988年3月", "出生年月：****年*月"),
])
@pytest.mark.parametrize("mask", [person_mask, company_mask])
def test_a_birth_date_is_masked(written, shown, mask):
    assert mask(f"证人李某（男，{written}）证实") == f"证人李某（男，{shown}）证实"


@pytest.mark.parametrize(("written", "shown"), [
    ("粤E12345", "粤E*****"),
    ("粤E·12345", "粤E·*****"),
    ("粤BD12345", "粤B******"),
    ("粤B12345D", "粤B******"),
    ("粤EA123B", "粤E*****"),
])
@pytest.mark.parametrize("mask", [person_mask, company_mask])
def test_a_vehicle_plate_is_masked(written, shown, mask):
    assert mask(f"其驾驶车牌{written}小型轿车到场") == f"其驾驶车牌{shown}小型轿车到场"


@pytest.mark.parametrize("text", [
    "当事人于2026年3月至6月发送短信，本局于2026年8月12日作出决定。",
    "消费者于2026年5月1日投诉，2026-05-01出具意见。",
    "当事人统一社会信用代码91512081MA62K0260E，粤E字号广告。",
])
def test_other_dates_and_codes_are_kept(text):
    assert company_mask(text) == text


# ---- the audit's decisions

def test_the_audited_decision_publishes_none_of_the_third_persons_data(db, data_dir, make_case, capsys, tmp_path):
    case, _decision = decided(db, data_dir, make_case, person=True, facts=AUDIT_FACTS)
    out = tmp_path / "m.txt"
    code, _out, err = run(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir, "-o", out)
    assert code == 0, err
    text = out.read_text(encoding="utf-8-sig")
    for whole in ("1988年3月5日", "王小明", "李娜", "粤E12345", "海五路"):
        assert whole not in text, whole
    assert "其同事王某某介绍" in text and "其妻李某知情" in text and "****年*月*日出生" in text and "车牌粤E*****" in text
    assert "于2026年3月至6月" in text and "2026年3月10日" in text


def test_the_audited_second_decision_masks_the_address_after_zhu(db, data_dir, make_case):
    _case, decision = decided(db, data_dir, make_case, facts=AUDIT_FACTS2)
    text = publication_copy(db, data_dir, decision).text()
    assert "海五路" not in text and "住佛山市南海区****。" in text
    assert "黄小红于2026年5月1日投诉" in text or "黄某某于2026年5月1日投诉" in text


def test_a_company_keeps_its_name_code_domicile_and_representative(db, data_dir, make_case):
    from tests.test_party_case10 import COMPANY
    from tests.test_publication_copy import USCC

    facts = "经查，当事人法定代表人梁嘉豪安排员工发送短信，其妻李娜知情。"
    _case, decision = decided(db, data_dir, make_case, facts=facts)
    copy = publication_copy(db, data_dir, decision)
    text = copy.text()
    assert COMPANY in text and USCC in text and "梁嘉豪" in text and "南海大道1号" in text
    assert [found.name for found in unmasked_names(copy)] == ["李娜"]


# ---- the reminder on the command line

def test_docs_publication_reminds_to_read_the_whole_text_on_stderr(db, data_dir, make_case, capsys, tmp_path,
                                                                     english):
    from workstation.documents.publication import publication_reminder

    case, _decision = decided(db, data_dir, make_case, person=True, facts=AUDIT_FACTS)
    out = tmp_path / "m.txt"
    code, stdout, err = run(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir, "-o", out)
    assert code == 0, err
    reminder = publication_reminder()
    assert "Read the whole text before publishing" in reminder
    assert reminder in err and reminder not in stdout
    assert "Read the whole text" not in out.read_text(encoding="utf-8-sig")
    code, stdout, err = run(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir, "-o",
                            tmp_path / "j.txt", "--json")
    assert code == 0 and reminder in err


@pytest.mark.gui
def test_the_window_shows_the_same_reminder(db, data_dir, make_case, qtbot, prompts, english):
    from PySide6.QtWidgets import QLabel

    from ui.publication_dialog import PublicationDialog
    from workstation.documents.publication import publication_reminder

    _case, decision = decided(db, data_dir, make_case, person=True, facts=AUDIT_FACTS)
    copy = publication_copy(db, data_dir, decision)
    dialog = PublicationDialog(prompts, None, decision.number, copy, lambda names: copy)
    qtbot.addWidget(dialog)
    assert publication_reminder() in dialog.findChild(QLabel, "note").text()


# ---- mended after the read (s67): dates of other events, 住建, relationships, product models

@pytest.mark.parametrize("text", [
    "违法行为发生于2026年3月5日。",
    "该先生于2026年3月5日到店。",
    "纠纷产生于2026年3月5日。",
    "医生于2026年3月5日出具证明。",
    "学生于2026-03-05报名。",
])
@pytest.mark.parametrize("mask", [person_mask, company_mask])
def test_a_date_after_a_word_ending_in_sheng_yu_is_kept(text, mask):
    assert mask(text) == text


@pytest.mark.parametrize("text", [
    "当事人于2026年3月5日生鲜区促销。",
    "2026年3月5日生猪出栏。",
    "2026年3月5日生物检测。",
    "其于2026年3月5日生病住院。",
    "2026年3月5日生前所立。",
])
def test_a_date_before_a_word_beginning_with_sheng_is_kept(text):
    assert company_mask(text) == text


@pytest.mark.parametrize(("written", "shown"), [
    ("1988年3月5日生，", "****年*月*日生，"),
    ("1988年3月5日生人", "****年*月*日生人"),
    ("1988年3月5日生", "****年*月*日生"),
])
def test_a_bare_sheng_ending_the_phrase_is_a_birth(written, shown):
    assert company_mask(f"证人李某，{written}") == f"证人李某，{shown}"


@pytest.mark.parametrize("text", [
    "南海区住建局向佛山市南海区市场监督管理局移送",
    "南海区住建局向佛山市南海区市场监督管理局移送线索2条。",
    "区住建局于佛山市南海区桂城街道开展检查3次。",
])
def test_a_bureau_of_housing_is_no_address_cue(text):
    assert company_mask(text) == text


@pytest.mark.parametrize("relation", ["朋友关系", "同事关系", "亲属关系", "邻居关系"])
def test_a_relationship_is_no_name(db, data_dir, make_case, relation):
    _case, decision = decided(db, data_dir, make_case, facts=f"经查，当事人与张伟系{relation}，向消费者发送短信。")
    names = [found.name for found in unmasked_names(publication_copy(db, data_dir, decision))]
    assert "关系" not in names and not any(name.startswith("关系") for name in names)


def test_a_friend_buying_is_no_name(db, data_dir, make_case):
    _case, decision = decided(db, data_dir, make_case, facts="经查，其朋友向其购买业主名单，当事人发送短信。")
    names = [found.name for found in unmasked_names(publication_copy(db, data_dir, decision))]
    assert "向其" not in names


@pytest.mark.parametrize("text", [
    "当事人销售型号粤BX2000的设备。",
    "产品编号苏E12345，",
    "货号京A12345的商品，批号沪B54321。",
    "产品型号：粤BX2000。",
])
@pytest.mark.parametrize("mask", [person_mask, company_mask])
def test_a_product_model_is_no_plate(text, mask):
    assert mask(text) == text


@pytest.mark.parametrize(("text", "shown"), [
    ("其驾驶粤E12345号车辆到场", "其驾驶粤E*****号车辆到场"),
    ("车牌粤E·12345", "车牌粤E·*****"),
    ("其粤BD12345轿车", "其粤B******轿车"),
])
@pytest.mark.parametrize("mask", [person_mask, company_mask])
def test_a_plate_is_still_masked(text, shown, mask):
    assert mask(text) == shown
