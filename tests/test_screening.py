import json
import random
import sys
import uuid
from pathlib import Path

import pytest

from workstation.cli import main
from workstation.errors import Cancelled
from workstation.paths import database_path
from workstation.progress import CancelToken
from workstation.records import today
from workstation.screening import (
    RulesError,
    classify,
    district_of,
    load_rules,
    preview_rules,
    screen,
    sector_hint,
)
from workstation.screening.complaint import screen_complaint
from workstation.screening.grouping import Member, group_members
from workstation.screening.phones import extract_businesses, extract_phones, normalise_phone
from workstation.screening.rules import Place, parse_rules, save_rules, shipped_rules_path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import make_complaints  # noqa: E402

# ---------------------------------------------------------------------------------------------------------------
# a small export generator with known answers: actors (a business and its numbers) behind related complaints,
# written in every form the normaliser must read; unrelated complaints about billing, outages and hotlines


def written_forms(number: str, rng: random.Random) -> str:
    """``number`` (normalised) as a complainant might write it."""
    full_width = str.maketrans("0123456789", "０１２３４５６７８９")
    if len(number) == 11 and number.startswith("1"):
        forms = [number, f"+86 {number[:3]} {number[3:7]} {number[7:]}", f"86-{number}",
                 f"{number[:3]}-{number[3:7]}-{number[7:]}", number.translate(full_width), f"+86{number}"]
    else:
        local = number[4:]
        forms = [f"0757-{local}", f"(0757){local}", f"+86-757-{local}", local, f"{local[:4]} {local[4:]}",
                 f"0757 {local}", f"0757-{local}".translate(full_width)]
    return rng.choice(forms)


SECTORS = {"real_estate": ("房地产代理有限公司", "楼盘", "二手房房源"), "education": ("教育培训中心", "培训课程", "辅导班"),
           "decoration": ("装饰工程有限公司", "装修", "全屋装修"), "microloan": ("信息咨询有限公司", "贷款", "网贷额度")}
PLACES = ("南海区", "顺德区", "禅城区", "三水区", "高明区")
RELATED = (
    "最近一周每天都接到{phone}的骚扰电话，自称是{business}的，推销{thing}，严重影响生活，请求处理。",
    "号码{phone}频繁来电推销{thing}，拉黑后又换号打来，要求查处{business}。",
    "收到{phone}发来的营销短信，推广{thing}，我从未同意接收，要求{business}停止发送。",
    "{business}知道我的姓名和住址，用{phone}打电话推销{thing}，怀疑我的个人信息被泄露。",
    "本人电话{own}，多次接到{phone}的推销电话，介绍{thing}。",
    "{business}的业务员天天打电话推销{thing}，已多次要求不要再打。",
)
UNRELATED = (
    "收到10086发来的话费账单短信，对本月流量费用有疑问，要求核实。",
    "家里宽带经常断网，报修多次仍未解决，要求尽快处理。",
    "拨打10086客服电话打不通，人工客服一直占线，要求改进服务。",
    "本人手机{own}信号差，通话经常中断，要求运营商检修基站。",
    "办理携号转网被拒，营业厅说合约未到期，要求解释。",
    "套餐资费争议：本人号码{own}被扣了不明费用，要求退还。",
    "收到流量提醒短信说本月流量已用完，但实际没怎么用，要求查明。",
)


def make_export(n_actors=12, per_actor=6, n_unrelated=60, seed=7):
    """Complaint rows and the known answers: the related external ids and the actor of each."""
    rng = random.Random(seed)
    rows, related, actor_of = [], set(), {}
    serial = iter(range(1, 10_000))
    for a in range(n_actors):
        sector = list(SECTORS)[a % 4]
        suffix, *things = SECTORS[sector]
        place = PLACES[a % 5]
        business = f"佛山市{place}{'嘉华誉德恒丰瑞祥宏达'[a % 10]}{'鑫隆源泰'[a % 4]}{a}{suffix}"
        phones = [f"13{rng.randint(5, 9)}{rng.randint(10_000_000, 99_999_999)}",
                  f"0757{rng.randint(2, 8)}{rng.randint(1_000_000, 9_999_999)}"][: 1 + a % 2]
        for k in range(per_actor):
            external = f"GD{next(serial):06d}"
            template = RELATED[k % len(RELATED)] if k else RELATED[3]
            own = f"139{rng.randint(10_000_000, 99_999_999)}"
            phone = phones[k % len(phones)]
            text = template.format(phone=written_forms(phone, rng), business=business, thing=rng.choice(things),
                                   own=own)
            if k == 0:  # one complaint names every number of the actor, so grouping is transitive
                text += "另一个号码" + "、".join(written_forms(p, rng) for p in phones) + "也打来过。"
            rows.append(complaint_row(external, f"2026-03-{1 + k:02d} 10:00:00", text, own))
            related.add(external)
            actor_of[external] = a
    for k in range(n_unrelated):
        own = f"137{rng.randint(10_000_000, 99_999_999)}"
        text = UNRELATED[k % len(UNRELATED)].format(own=own)
        rows.append(complaint_row(f"GD{next(serial):06d}", f"2026-03-{1 + k % 28:02d} 09:00:00", text, own))
    rng.shuffle(rows)
    return rows, related, actor_of


def complaint_row(external_id, received_at, text, own="", source="12345", address=""):
    return {"id": str(uuid.uuid4()), "source": source, "channel": source, "external_id": external_id,
            "received_at": received_at, "text": text, "complainant_phone": own, "address": address,
            "created_at": "2026-03-31T00:00:00+08:00"}


def insert(db, rows):
    with db.atomic():
        for row in rows:
            db.execute(f"INSERT INTO complaints ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                       list(row.values()))


def leads_of(db):
    return db.execute("SELECT id, group_key, status, complaint_count FROM leads WHERE group_key != '' "
                      "ORDER BY group_key").fetchall()


# ---------------------------------------------------------------------------------------------------------------
# normalisation


@pytest.mark.parametrize(("written", "normalised"), [
    ("13800138000", "13800138000"),
    ("+86 138 0013 8000", "13800138000"),
    ("+8613800138000", "13800138000"),
    ("86-13800138000", "13800138000"),
    ("138-0013-8000", "13800138000"),
    ("（+86）13800138000", "13800138000"),
    ("１３８００１３８０００", "13800138000"),
    ("0757-81234567", "075781234567"),
    ("(0757)8123 4567", "075781234567"),
    ("０７５７－８１２３４５６７", "075781234567"),
    ("+86-757-81234567", "075781234567"),
    ("+86 757 8123 4567", "075781234567"),
    ("0086 757 81234567", "075781234567"),
    ("81234567", "075781234567"),
    ("8123-4567", "075781234567"),
    ("2123456", "07572123456"),
    ("020-83456789", "02083456789"),
    ("400-823-4567", "4008234567"),
])
def test_numbers_are_normalised_however_written(written, normalised):
    assert normalise_phone(written) == normalised
    assert extract_phones(f"接到{written}的电话") == [normalised]


@pytest.mark.parametrize("service", ["10086", "10010", "10000", "10001", "1008611", "12345", "12315", "95555",
                                     "96333"])
def test_operator_and_service_numbers_are_never_a_leads_number(service):
    assert extract_phones(f"接到{service}的电话，又接到13800138000的推销电话") == ["13800138000"]


def test_the_complainants_own_number_never_counts():
    text = "本人电话13900139000，我的手机：13700137000，每天接到13800138000和139 0013 9000的骚扰电话"
    assert extract_phones(text, own="+86 139-0013-9000") == ["13800138000"]
    assert extract_phones("接到81234567的电话", own="0757-81234567") == []


def test_dates_money_counts_and_ids_are_no_local_numbers():
    text = "2026年3月1日（20260301）被骗12345678元，工单号88889999，订单23456789，共35678901条，座机82345678"
    assert extract_phones(text) == ["075782345678"]


def test_a_local_number_gets_the_area_code_of_the_rules(tmp_path):
    text = shipped_rules_path().read_text(encoding="utf-8").replace('default_area_code = "0757"',
                                                                      'default_area_code = "020"')
    assert extract_phones("座机83456789打来", rules=parse_rules(text)) == ["02083456789"]


def test_business_names_are_taken_where_written():
    text = ("自称是佛山市南海区誉嘉房地产代理有限公司的业务员，另有一家房产中介打来，贵公司应当处理，还有顺德小明教育"
            "工作室，我投诉中国移动通信集团广东有限公司佛山分公司，某某装修公司也打过，对方不肯透露公司名称")
    assert extract_businesses(text) == ["佛山市南海区誉嘉房地产代理有限公司", "顺德小明教育工作室"]
    assert extract_businesses("在佛山市顺德区和信培训学校有限公司报名后") == ["佛山市顺德区和信培训学校有限公司"]
    assert extract_businesses("佛山市鸿运置业有限公司南海分公司的人打来") == ["佛山市鸿运置业有限公司南海分公司"]


# ---------------------------------------------------------------------------------------------------------------
# rules


@pytest.mark.parametrize(("text", "category"), [
    ("每天接到推销电话，严重影响休息", "harassment_call"),
    ("号码13800138000频繁来电", "harassment_call"),
    ("收到大量营销短信，推广贷款", "marketing_sms"),
    ("垃圾短信太多，要求处理", "marketing_sms"),
    ("我的个人信息被泄露，对方知道我的姓名", "information_leak"),
    ("怀疑有人倒卖业主信息", "information_leak"),
    ("收到10086发来的话费账单短信，有疑问", None),
    ("收到营销短信说话费余额不足", None),
    ("拨打10086客服电话打不通，投诉服务", None),
    ("家里宽带断网，还有骚扰电话", "harassment_call"),  # the outage rules out its own clause only
    ("家里宽带断网骚扰电话也多", None),
    ("手机信号差，要求检修", None),
    ("要求退订增值业务", None),
])
def test_classification_with_exclusions(text, category):
    assert classify(text) == category


def test_sector_hints_and_districts():
    assert sector_hint("推销二手房房源和新楼盘") == "real_estate"
    assert sector_hint("推销课程和辅导班") == "education"
    assert sector_hint("上门装修报价") == "decoration"
    assert sector_hint("网贷额度，贷款") == "microloan"
    assert sector_hint("推销保健品") is None
    assert district_of("佛山市南海区桂城街道南海大道") == Place("南海区", "桂城街道")
    assert district_of("住在大良，接到电话") == Place("顺德区", "大良街道")
    assert district_of("九江镇某路") == Place("南海区", "九江镇")
    assert district_of("江西九江市") is None
    assert district_of("") is None


@pytest.mark.parametrize(("change", "key"), [
    (('keywords = [\n    "骚扰电话"', 'keywords = [\n    42'), "category[1].keywords[1]"),
    (('key = "marketing_sms"', 'key = "harassment_call"'), "category[2].key"),
    (('[sectors]\nreal_estate', '[sectors]\nhouses'), "sectors.houses"),
    (('default_area_code = "0757"', 'default_area_code = 757'), "phones.default_area_code"),
    (('"10086", "1008611"', '"10086", "10O86"'), "phones.service_numbers[2]"),
    (('aliases = ["禅城"', 'aliases = ["广州"'), "places.aliases[1]"),
    (('{businesses}；地点', '{business}；地点'), "summary.template"),
    (('[summary]', '[sumary]'), "sumary"),
])
def test_a_malformed_rules_file_is_refused_naming_file_and_key(tmp_path, english, change, key):
    text = shipped_rules_path().read_text(encoding="utf-8")
    assert change[0] in text
    path = tmp_path / "rules.toml"
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(RulesError) as refused:
        load_rules(path)
    assert str(path) in refused.value.message and key in refused.value.message


def test_a_rules_file_that_is_no_toml_is_refused_naming_the_file(tmp_path, english):
    path = tmp_path / "rules.toml"
    path.write_text("[[category]\nkey = ", encoding="utf-8")
    with pytest.raises(RulesError, match="rules.toml: not a valid TOML file at line 1, column 11") as refused:
        load_rules(path)
    assert refused.value.line == 1


@pytest.mark.parametrize(("old", "new", "key", "written"), [
    ('"骚扰电话", "骚扰来电"', '"骚扰电话", ""', "category[1].keywords[2]", '"骚扰电话", ""'),
    ('"多个号码推销",\n]', '"多个号码推销",\n    # 新增\n    42,\n]', "category[1].keywords[89]", "42,"),
    ('"满意度回访"]', '"满意度回访", ""]', "category[1].exclusions[24]", '"满意度回访", ""]'),
    ('label = "垃圾短信"', 'label = "垃圾短信"\nkeyword = ["营销"]', "category[2].keyword", 'keyword = ["营销"]'),
    ('key = "marketing_sms"', 'key = "harassment_call"', "category[2].key", 'key = "harassment_call"'),
    ('"95", "96"', '"95", "9 6"', "phones.service_prefixes[2]", '"9 6"'),
    ('sample_length = 120', 'sample_length = 5', "summary.sample_length", "sample_length = 5"),
    ('[summary]', '[sumary]', "sumary", "[sumary]"),
    ('label = "垃圾短信"', 'label = " "', "category[2].label", 'label = " "'),  # no name to show leads under
    ('"骚扰电话", "骚扰来电"', '"骚扰电话", 骚扰来电', "not a valid TOML file", "骚扰来电,"),
])
def test_a_malformed_rule_is_refused_with_its_line(english, old, new, key, written):
    text = shipped_rules_path().read_text(encoding="utf-8")
    assert old in text
    edited = text.replace(old, new, 1)
    with pytest.raises(RulesError) as refused:
        parse_rules(edited, "rules.toml")
    line = refused.value.line
    assert line and written in edited.splitlines()[line - 1]
    assert f"line {line}" in refused.value.message and key in refused.value.message


@pytest.mark.parametrize(("table", "key"), [("phones", "own_number_word"), ("businesses", "suffix"),
                                            ("places", "alias"), ("summary", "templates")])
def test_a_misspelt_word_list_is_refused_rather_than_left_out(english, table, key):
    text = shipped_rules_path().read_text(encoding="utf-8").replace(f"[{table}]\n", f'[{table}]\n{key} = ["本机"]\n', 1)
    with pytest.raises(RulesError, match=rf"line \d+: {table}\.{key}: unknown key"):
        parse_rules(text)


def test_rules_are_read_again_when_the_file_changes(tmp_path):
    path = tmp_path / "rules.toml"
    text = shipped_rules_path().read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    assert classify("呼死你软件", load_rules(path)) == "harassment_call"
    assert load_rules(path) is load_rules(path)
    path.write_text(text.replace('"呼死你",', ""), encoding="utf-8")
    assert classify("呼死你软件", load_rules(path)) is None


# ---------------------------------------------------------------------------------------------------------------
# grouping


def test_complaints_sharing_a_number_or_business_are_grouped_transitively():
    members = [Member(1, ("13800138000",), (), "2026-03-01"), Member(2, ("13800138000", "075781234567"), ()),
               Member(3, ("075781234567",), ("甲公司有限公司",), "2026-03-05"), Member(4, (), ("甲公司有限公司",)),
               Member(5, ("13900000000",), ()), Member(6, (), ())]
    groups = group_members(members)
    assert [sorted(m.ref for m in g.members) for g in groups] == [[1, 2, 3, 4], [5]]
    assert groups[0].key == "075781234567"
    assert groups[0].first_at == "2026-03-01" and groups[0].last_at == "2026-03-05"
    assert groups[0].count == 4


# ---------------------------------------------------------------------------------------------------------------
# screening the stored complaints


def test_screening_finds_the_related_complaints_with_known_answers(db):
    rows, related, actor_of = make_export()
    insert(db, rows)
    result = screen(db)
    found = set(result.related_ids)
    precision = len(found & related) / len(found)
    recall = len(found & related) / len(related)
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)
    assert result.screened == len(rows)
    actors = [{actor_of[c] for c in lead["complaint_ids"]} for lead in result.leads]
    assert all(len(a) == 1 for a in actors)
    assert sorted(a.pop() for a in actors) == sorted(set(actor_of.values()))
    assert db.execute("SELECT COUNT(*) FROM complaints WHERE screened_at IS NULL").fetchone()[0] == 0


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The importer's generator: a hotline and a council export of 2,500 rows each, with known answers."""
    folder = tmp_path_factory.mktemp("generated")
    hotline = make_complaints.write_hotline_xlsx(folder / "hotline.xlsx", 2500)
    council = make_complaints.write_council_csv(folder / "council.csv", 2500, encoding="gb18030")
    return folder, hotline, council


def test_the_related_flag_on_the_generators_exports_has_precision_and_recall_of_95_percent(db, generated):
    from workstation.importing.complaints import import_complaints

    folder, hotline, council = generated
    import_complaints(db, [folder / "hotline.xlsx", folder / "council.csv"])
    result = screen(db)
    answers = {**hotline.complaints, **council.complaints}
    related = {k for k, v in answers.items() if v["related"]}
    found = set(result.related_ids)
    precision, recall = len(found & related) / len(found), len(found & related) / len(related)
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)
    stored = dict(db.execute("SELECT external_id, phones FROM complaints WHERE category != ''").fetchall())
    normalised = sum(sorted(stored[k].split()) == answers[k]["phones"] for k in found & related)
    assert normalised / len(found & related) >= 0.98
    expected = {frozenset(lead["complaint_ids"]): lead for lead in make_complaints.expected_leads(hotline, council)}
    formed = {frozenset(lead["complaint_ids"]): lead for lead in result.leads}
    assert len(expected.keys() & formed.keys()) >= 0.95 * len(expected)
    for ids in expected.keys() & formed.keys():
        assert sorted(formed[ids]["phones"]) == expected[ids]["phones"]
        assert sorted(formed[ids]["businesses"]) == expected[ids]["businesses"]
        assert not expected[ids]["district"] or formed[ids]["district"] == expected[ids]["district"]


def test_the_importer_screens_each_row_so_that_screening_only_groups(db, generated):
    from workstation.importing.complaints import import_complaints

    folder, _hotline, council = generated
    import_complaints(db, [folder / "council.csv"])
    unscreened, related = db.execute("SELECT COUNT(*) FILTER (WHERE screened_at IS NULL), "
                                     "COUNT(*) FILTER (WHERE category != '') FROM complaints").fetchone()
    assert unscreened == 0 and related == sum(v["related"] for v in council.complaints.values())
    grouped = screen(db)
    assert grouped.newly_screened == 0 and grouped.leads
    again = screen(db, everything=True)
    assert again.newly_screened == grouped.screened
    assert again.as_dict() == grouped.as_dict()


def test_after_the_rules_changed_the_importer_leaves_screening_to_the_next_run(db, data_dir):
    from workstation.importing.complaints import import_complaints

    insert(db, [complaint_row("R1", "2026-03-01 09:00:00", "13800138000上门推销保险，说是新业务")])
    assert screen(db).related == 0
    save_rules(data_dir, shipped_rules_path().read_text(encoding="utf-8").replace('"呼死你",', '"呼死你", "推销保险",'))
    export = data_dir / "council.csv"
    export.write_text("投诉编号,投诉时间,联系电话,投诉内容\nR2,2026-03-02 10:00:00,13900139000,"
                      "13800138000又上门推销保险\n", encoding="utf-8")
    import_complaints(db, [export], profile="consumer_council")
    assert db.execute("SELECT screened_at FROM complaints WHERE external_id = 'R2'").fetchone()[0] is None
    result = screen(db)
    assert result.newly_screened == 2 and sorted(result.related_ids) == ["R1", "R2"]


def test_a_screened_lead_carries_what_an_officer_reads(db):
    insert(db, [complaint_row("A1", "2026-03-02 10:00:00", "佛山市顺德区大良嘉华房地产代理有限公司用13800138000打来推销电话，"
                              "推销楼盘", own="13900139000"),
                complaint_row("A2", "2026-03-05 11:00:00", "又接到138 0013 8000的骚扰电话，推销二手房",
                              source="consumer_council"),
                complaint_row("A3", "2026-03-01 09:00:00", "每天接到推销电话，但没看清号码")])
    result = screen(db)
    assert result.related == 3 and len(result.leads) == 1
    lead = db.execute("SELECT * FROM leads WHERE id = ?", [result.leads[0]["id"]]).fetchone()
    lead = dict(zip([d[0] for d in db.execute("SELECT * FROM leads").description], lead, strict=True))
    assert lead["status"] == "registered" and lead["source"] == "12345"
    assert lead["phones"] == "13800138000" and lead["businesses"] == "佛山市顺德区大良嘉华房地产代理有限公司"
    assert lead["target_phone"] == "13800138000" and lead["sector"] == "real_estate"
    assert lead["district"] == "顺德区" and lead["category"] == "harassment_call"
    # received (registered) the day screening found it in the complaints imported, the day its T1 counts from; the
    # hotline's receipt of its first complaint is the complaints' date
    assert lead["complaint_count"] == 2 and lead["first_at"] == "2026-03-02 10:00:00"
    assert lead["received_at"][:10] == today()
    assert "顺德区大良街道" in lead["description"] and "1. 佛山市顺德区" in lead["description"]
    linked = db.execute("SELECT external_id, lead_id FROM complaints ORDER BY external_id").fetchall()
    assert linked == [("A1", lead["id"]), ("A2", lead["id"]), ("A3", None)]
    assert result.as_dict()["related_ids"] == ["A1", "A2", "A3"]


def test_a_lead_found_again_keeps_the_day_it_was_registered(db):
    insert(db, [complaint_row("B1", "2026-03-02 10:00:00", "13800138000每天打来推销电话")])
    [lead] = screen(db).leads
    db.execute("UPDATE leads SET received_at = '2026-03-31T09:00:00+08:00' WHERE id = ?", [lead["id"]])
    insert(db, [complaint_row("B2", "2026-04-20 10:00:00", "又接到13800138000的推销电话")])
    [again] = screen(db).leads
    row = db.execute("SELECT received_at, complaint_count, last_at FROM leads WHERE id = ?", [lead["id"]]).fetchone()
    assert again["id"] == lead["id"] and tuple(row) == ("2026-03-31T09:00:00+08:00", 2, "2026-04-20 10:00:00")


def test_screening_again_updates_the_same_leads(db):
    rows, _related, _actors = make_export(n_actors=5, per_actor=3, n_unrelated=10)
    insert(db, rows)
    first = screen(db)
    before = leads_of(db)
    audit_entries = db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    again = screen(db)
    assert leads_of(db) == before and again.created == again.updated == again.removed == 0
    assert again.as_dict() == first.as_dict()
    assert again.newly_screened == 0
    assert db.execute("SELECT COUNT(*) FROM audit").fetchone()[0] == audit_entries + 1
    everything = screen(db, everything=True)
    assert everything.newly_screened == len(rows) and leads_of(db) == before


def test_new_complaints_join_the_lead_of_their_number_and_merge_leads_they_link(db):
    insert(db, [complaint_row("B1", "2026-03-01", "13800138000频繁来电推销"),
                complaint_row("B2", "2026-03-02", "13700137000频繁来电推销")])
    screen(db)
    (lead_a, key_a, _s, _c), (lead_b, key_b, _s2, _c2) = sorted(leads_of(db), key=lambda r: r[1], reverse=True)
    assert (key_a, key_b) == ("13800138000", "13700137000")
    insert(db, [complaint_row("B3", "2026-03-03", "138-0013-8000又打来推销电话")])
    screen(db)
    assert [(r[0], r[3]) for r in leads_of(db)] == [(lead_b, 1), (lead_a, 2)]
    insert(db, [complaint_row("B4", "2026-03-04", "13800138000和13700137000轮流打推销电话")])
    result = screen(db)
    assert result.removed == 1 and [(r[0], r[1], r[3]) for r in leads_of(db)] == [(lead_b, "13700137000", 4)]
    actions = db.execute("SELECT action FROM audit WHERE entity = 'lead' AND entity_id = ?", [lead_a]).fetchall()
    assert actions[-1] == ("delete",)


def test_a_lead_already_assigned_is_never_regrouped(db):
    insert(db, [complaint_row("C1", "2026-03-01", "13800138000频繁来电推销楼盘")])
    lead_id = screen(db).leads[0]["id"]
    db.execute("UPDATE leads SET status = 'assigned' WHERE id = ?", [lead_id])
    insert(db, [complaint_row("C2", "2026-03-09", "13800138000又打来推销电话，还有13700137000")])
    result = screen(db, everything=True)
    assert db.execute("SELECT complaint_count, status FROM leads WHERE id = ?", [lead_id]).fetchone() == (1, "assigned")
    by_id = {lead["id"]: lead["complaint_ids"] for lead in result.leads}
    assert by_id[lead_id] == ["C1"]
    [other] = [i for i in by_id if i != lead_id]
    assert by_id[other] == ["C2"]


def test_numbers_stored_before_the_area_code_rule_are_normalised_again_and_group(db):
    """Complaints screened by an earlier version kept a landline written without its area code as written
    (phones 81234567, the complainant 82223333): screening normalises them again, without redoing the
    screening, so a new complaint naming 0757-81234567 joins their lead; assigned leads keep their complaints."""
    insert(db, [complaint_row("L1", "2026-01-05 10:00:00", "每天接到81234567的推销电话", own="82223333"),
                complaint_row("L2", "2026-01-06 10:00:00", "8123-4567频繁来电推销楼盘"),
                complaint_row("L3", "2026-01-07 10:00:00", "83334444频繁来电推销贷款")])
    screen(db)
    # the state an earlier version left: numbers as written, the leads keyed by them
    db.execute("UPDATE complaints SET phones = '81234567' WHERE external_id IN ('L1', 'L2')")
    db.execute("UPDATE complaints SET phones = '83334444', complainant_phone = '82223333' WHERE external_id = 'L3'")
    db.execute("UPDATE complaints SET complainant_phone = '82223333' WHERE external_id = 'L1'")
    db.execute("UPDATE leads SET group_key = '81234567', phones = '81234567' WHERE group_key = '075781234567'")
    db.execute("UPDATE leads SET group_key = '83334444', phones = '83334444', status = 'assigned' "
               "WHERE group_key = '075783334444'")
    (open_id,), (assigned_id,) = db.execute("SELECT id FROM leads ORDER BY group_key").fetchall()
    insert(db, [complaint_row("L4", "2026-03-02 10:00:00", "0757-81234567又打来推销电话", own="0757-82223333"),
                complaint_row("L5", "2026-03-03 10:00:00", "0757 8333 4444频繁来电推销贷款")])
    result = screen(db)
    assert result.newly_screened == 2
    by_id = {lead["id"]: lead for lead in result.leads}
    assert by_id[open_id]["complaint_ids"] == ["L1", "L2", "L4"] and by_id[open_id]["phones"] == ["075781234567"]
    assert db.execute("SELECT group_key, phones, complaint_count FROM leads WHERE id = ?", [open_id]).fetchone() == \
        ("075781234567", "075781234567", 3)
    # the assigned lead keeps its one complaint; the new complaint about its number is a lead of its own
    assert db.execute("SELECT status, complaint_count FROM leads WHERE id = ?", [assigned_id]).fetchone() == \
        ("assigned", 1)
    assert by_id[assigned_id]["complaint_ids"] == ["L3"] and by_id[assigned_id]["phones"] == ["075783334444"]
    [other] = [lead for lead in result.leads if lead["id"] not in (open_id, assigned_id)]
    assert other["complaint_ids"] == ["L5"]
    stored = dict(db.execute("SELECT external_id, phones || ' ' || complainant_phone FROM complaints").fetchall())
    assert stored["L1"] == "075781234567 075782223333" and stored["L3"] == "075783334444 075782223333"
    # idempotent: a second run changes nothing
    leads_before = db.execute("SELECT * FROM leads ORDER BY id").fetchall()
    again = screen(db)
    assert again.created == again.updated == again.removed == 0 and again.as_dict() == result.as_dict()
    assert db.execute("SELECT * FROM leads ORDER BY id").fetchall() == leads_before


def test_a_complaint_no_longer_related_leaves_its_lead(db, tmp_path):
    insert(db, [complaint_row("D1", "2026-03-01", "13800138000呼死你式来电")])
    assert len(screen(db).leads) == 1
    text = shipped_rules_path().read_text(encoding="utf-8").replace('"呼死你",', "")
    rules = parse_rules(text)
    result = screen(db, rules=rules)
    assert result.related == 0 and result.leads == [] and result.removed == 1
    assert db.execute("SELECT COUNT(*) FROM leads").fetchone()[0] == 0


def test_a_cancelled_screening_changes_nothing(db, table_counts):
    rows, _related, _actors = make_export(n_actors=3, per_actor=2, n_unrelated=4)
    insert(db, rows)
    before = table_counts(db, ("leads", "audit", "settings"))
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        screen(db, cancel=token)
    assert table_counts(db, ("leads", "audit", "settings")) == before
    assert db.execute("SELECT COUNT(*) FROM complaints WHERE screened_at IS NOT NULL").fetchone()[0] == 0


def test_the_edited_rules_of_the_data_dir_are_used(db, data_dir):
    insert(db, [complaint_row("E1", "2026-03-01", "13800138000上门推销保险，说是新业务")])
    assert screen(db).related == 0
    text = shipped_rules_path().read_text(encoding="utf-8").replace('"呼死你",', '"呼死你", "推销保险",')
    save_rules(data_dir, text)
    assert screen(db).related == 1


def test_the_preview_shows_what_edited_rules_would_change_and_writes_nothing(db, table_counts):
    insert(db, [complaint_row("F1", "2026-03-01", "每天接到推销电话"),
                complaint_row("F2", "2026-03-01", "总被呼死你软件轰炸"),
                complaint_row("F3", "2026-03-01", "收到推销保险的来电")])
    before = table_counts(db, ("leads", "audit", "settings", "complaints"))
    text = shipped_rules_path().read_text(encoding="utf-8").replace('"呼死你",', '"推销保险",')
    preview = preview_rules(db, text, limit=10)
    assert (preview.added_count, preview.removed_count, preview.changed_count) == (1, 1, 0)
    assert [i.id for i in preview.added] == ["F3"] and [i.id for i in preview.removed] == ["F2"]
    assert (preview.flagged_before, preview.flagged_after) == (2, 2)
    assert table_counts(db, ("leads", "audit", "settings", "complaints")) == before
    with pytest.raises(RulesError):
        preview_rules(db, text.replace("[summary]", "[summary"))


# ---------------------------------------------------------------------------------------------------------------
# command line


def test_leads_screen_json_has_exactly_the_keys_of_cli_md(tmp_path, capsys):
    from workstation.db import open_database

    station = tmp_path / "station"
    assert main(["--data-dir", str(station), "init"]) == 0
    db = open_database(database_path(station))
    insert(db, [complaint_row("G1", "2026-03-01", "佛山市南海区誉嘉房地产代理有限公司用0757-81234567打推销电话"),
                complaint_row("G2", "2026-03-02", "收到10086的话费账单短信")])
    db.conn.close()
    capsys.readouterr()
    assert main(["--data-dir", str(station), "leads", "screen", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"screened", "related", "related_ids", "leads"}
    assert (result["screened"], result["related"], result["related_ids"]) == (2, 1, ["G1"])
    [lead] = result["leads"]
    assert set(lead) == {"id", "phones", "businesses", "complaint_ids", "district"}
    assert lead["phones"] == ["075781234567"] and lead["businesses"] == ["佛山市南海区誉嘉房地产代理有限公司"]
    assert lead["complaint_ids"] == ["G1"] and lead["district"] == "南海区"
    assert main(["--data-dir", str(station), "leads", "screen"]) == 0
    assert "1" in capsys.readouterr().out


@pytest.mark.parametrize("text", ["被0757-86661234反复骚扰推销房子，拒绝后还继续打",
                                  "13800138000这个号码天天骚扰我，推销贷款", "某中介一直骚扰，打来骚扰好几次"])
def test_harassment_written_as_being_harassed_is_a_harassment_call(text):
    """'反复骚扰推销' and the like named no keyword of the rules (which had only 骚扰电话, 电话骚扰…): such a
    complaint about a caller who keeps harassing formed no lead (found walking a lead from headquarters to a town)."""
    assert screen_complaint(text).category == "harassment_call"
