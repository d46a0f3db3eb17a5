"""Test exports of complaints with their known answers: a 12345 hotline work-order export (.xlsx) and a
consumer-council export (.csv in UTF-8 with BOM or GB18030), as they arrive at a district bureau.

The hotline export has a title row, optionally a two-row header with merged group cells, the columns 工单编号
受理时间 工单来源 工单类型 诉求人 来电号码 诉求地址 内容描述 被反映对象 承办单位 办理状态 办结时间, times as date-time
cells or text, and a 合计 row at the end. The council export has a title row and the columns 投诉编号 投诉时间 投诉人
联系电话 被投诉方 投诉内容 投诉类别 处理状态. About 15 % of the complaints concern personal information (harassment
calls and marketing SMS of real-estate agencies, training schools, decoration firms, micro-lenders and others,
information sold on): they name the calling number in the spellings officers meet (+86 138 0013 8000,
86-138-0013-8000, 0757-8123 4567, 81234567 without area code, full-width digits) and often the business; the
others are billing disputes, 10086 service SMS, outages, calls to operator hotlines and quality complaints.
Some texts mention the complainant's own number, which is never a lead's number. A complaint is received every 30
seconds from 1 January 2026, or from earlier when that would bring a file's last rows after today (``start_for``: the
importer refuses a file with a row received in the future); files written together share one start (``pair_start``).

Row j of each file is a pure function of (seed, j): the council row j repeats hotline row j when j % 25 == 7
(same complainant, near-identical text, within three days: the same complaint through two channels), has the
same complainant but another complaint when j % 25 == 11, and repeats the text five days later when j % 25 ==
19 (both not the same complaint). Hotline row j repeats row j - 1 (a duplicate work order) when j % 50 == 13,
council row j when j % 97 == 5. The answers (``KnownAnswers``) say for every work-order id: related or not,
the lead numbers (normalised: mobiles 11 digits, landlines area code + number, 0757 when none is written), the
business, sector, district, the complainant's number, the receipt time, the file row and which complaint of the
other channel it repeats; ``expected_leads`` groups the related complaints of one or more files into leads
(shared number or business, transitively).

    python bench/make_complaints.py --rows 1000 --out /tmp/complaints [--council-encoding gb18030] [--answers]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))

START = dt.datetime(2026, 1, 1, 8, 0, 0)  # the first complaint's time of a file that ends before today
STEP_SECONDS = 30  # one complaint every half minute: 1,000,000 rows span 347 days
# the latest time a file writes after its last row's receipt: a council repeat five days and ten hours later, a work
# order done up to seven days later
AFTER_LAST = dt.timedelta(days=8)
CHINA = dt.timezone(dt.timedelta(hours=8))  # the importer's today is Asia/Shanghai's (no daylight saving)
TOWNS = {
    "禅城区": ["石湾镇街道", "张槎街道", "祖庙街道", "南庄镇"],
    "南海区": ["桂城街道", "九江镇", "西樵镇", "丹灶镇", "狮山镇", "大沥镇", "里水镇"],
    "顺德区": ["伦教街道", "勒流街道", "大良街道", "容桂街道", "陈村镇", "北滘镇", "乐从镇", "龙江镇", "杏坛镇", "均安镇"],
    "三水区": ["西南街道", "云东海街道", "大塘镇", "乐平镇", "白坭镇", "芦苞镇", "南山镇"],
    "高明区": ["荷城街道", "杨和镇", "明城镇", "更合镇"],
}
DISTRICTS = list(TOWNS)
ROADS = ["南海大道", "季华路", "佛山大道", "汾江路", "桂澜路", "岭南大道", "广佛路", "碧桂路", "顺峰山路", "荷富路"]
SECTORS = ["real_estate", "education", "decoration", "microloan", "other"]
SECTOR_WEIGHTS = [45, 20, 15, 12, 8]
INDUSTRY = {"real_estate": ["房地产代理", "置业顾问", "房产经纪", "地产营销策划"],
            "education": ["教育科技", "培训学校", "文化教育", "教育咨询"],
            "decoration": ["装饰工程", "建筑装饰", "家居装饰设计", "全屋定制"],
            "microloan": ["小额贷款", "融资咨询", "金融信息服务", "信贷咨询"],
            "other": ["健康管理", "保险代理", "电子商务", "信息咨询"]}
BRAND_A = list("鸿嘉华信德盛安泰广恒瑞福丰兴宏达永金汇荣佳和创锦辉祥康美天宇豪景博伟凯顺富")
BRAND_B = list("运业源润通成联邦发朗晟宁海星誉家辰峰聚鑫悦鼎利远禾雅诚立")
PROJECTS = ["碧桂园天玺", "保利天汇", "万科金色里程", "美的君兰江山", "中海寰宇天下", "招商依云", "绿地璀璨天城", "龙光玖龙湖"]
SURNAMES = "陈李黄张梁何林王吴刘罗郭谭周麦冯区邓"
OWN_PREFIXES = ["137", "139", "150", "187", "188", "159"]
ENTITY_PREFIXES = ["135", "158", "186"]
HOTLINE_HEADER = ["工单编号", "受理时间", "工单来源", "工单类型", "诉求人", "来电号码", "诉求地址", "内容描述", "被反映对象",
                  "承办单位", "办理状态", "办结时间"]
# the two-row form: groups over 诉求人信息 (3 columns), 诉求信息 (2) and 办理信息 (3)
HOTLINE_GROUPS = ["工单编号", "受理时间", "工单来源", "工单类型", "诉求人信息", "", "", "诉求信息", "", "办理信息", "", ""]
HOTLINE_SUBS = ["", "", "", "", "诉求人", "来电号码", "诉求地址", "内容描述", "被反映对象", "承办单位", "办理状态", "办结时间"]
COUNCIL_HEADER = ["投诉编号", "投诉时间", "投诉人", "联系电话", "被投诉方", "投诉内容", "投诉类别", "处理状态"]
COUNCIL_CATEGORIES = {"real_estate": "房屋及装修", "decoration": "房屋及装修", "education": "教育培训服务",
                      "microloan": "金融服务", "billing": "通信服务", "service_sms": "通信服务", "outage": "通信服务",
                      "operator_hotline": "通信服务", "quality": "家用电器", "price": "商品价格"}
HOTLINE_TITLE = "佛山市12345政务服务便民热线工单明细表"
COUNCIL_TITLE = "佛山市消费者委员会投诉登记表"
STREAMS = {"hotline": 1, "council": 2, "council-repeat": 3}
FULLWIDTH = str.maketrans("0123456789-()+ ", "０１２３４５６７８９－（）＋　")


@dataclass(frozen=True)
class Entity:
    """A business behind harassment calls or marketing SMS: its numbers, name, sector and district."""

    key: int
    name: str
    brand: str
    sector: str
    district: str
    address: str
    phones: tuple[str, ...]


@cache
def entity(seed: int, k: int) -> Entity:
    """Entity k of a seed (the same in every file of that seed); numbers never repeat between entities."""
    rng = random.Random(seed * 1_000_003 + k)
    sector = rng.choices(SECTORS, SECTOR_WEIGHTS)[0]
    district = DISTRICTS[k % len(DISTRICTS)]
    brand = BRAND_A[k % len(BRAND_A)] + BRAND_B[(k // len(BRAND_A)) % len(BRAND_B)]
    if k >= len(BRAND_A) * len(BRAND_B):
        brand = BRAND_B[(k // (len(BRAND_A) * len(BRAND_B))) % len(BRAND_B)] + brand
    name = f"佛山市{district}{brand}{_pick(rng, INDUSTRY[sector])}有限公司"
    town = _pick(rng, TOWNS[district])
    address = f"佛山市{district}{town}{_pick(rng, ROADS)}{_below(rng, 1, 300)}号"
    serial = (k * 7_654_321 + seed) % 10**8
    phones = [f"{ENTITY_PREFIXES[j]}{serial:08d}" for j in range(_pick(rng, (1, 1, 2)))]
    if rng.random() < 0.5:
        phones.append(f"0757{8 + k % 2}{(k * 3_456_789 + seed) % 10**7:07d}")
    return Entity(k, name, brand, sector, district, address, tuple(phones))


def spell_mobile(number: str, rng: random.Random) -> str:
    a, b, c = number[:3], number[3:7], number[7:]
    forms = [number, f"{a} {b} {c}", f"{a}-{b}-{c}", f"+86 {a} {b} {c}", f"+86{number}", f"86-{a}-{b}-{c}",
             number.translate(FULLWIDTH)]
    return _pick(rng, forms)


def spell_landline(number: str, rng: random.Random) -> str:
    area, local = number[:4], number[4:]
    forms = [f"{area}-{local[:4]} {local[4:]}", f"{area}-{local}", f"({area}){local}", f"（{area}）{local[:4]}-{local[4:]}",
             f"+86-{area[1:]}-{local[:4]}-{local[4:]}", f"{area} {local[:4]} {local[4:]}",
             f"{area}-{local}".translate(FULLWIDTH)]
    if area == "0757":
        forms += [local, local]  # Foshan numbers are often written without the area code
    return _pick(rng, forms)


def spell(number: str, rng: random.Random) -> str:
    return spell_mobile(number, rng) if number.startswith("1") else spell_landline(number, rng)


@dataclass
class Complaint:
    """One generated complaint and what a screening of it should find."""

    text: str
    complainant: str
    complainant_phone: str
    address: str
    target: str
    received: dt.datetime
    related: bool
    phones: list[str] = field(default_factory=list)
    business: str = ""
    sector: str = ""
    district: str = ""
    entity: int | None = None
    category: str = ""


def _pick(rng: random.Random, seq):
    return seq[int(rng.random() * len(seq))]  # random.choice is three times slower


def _below(rng: random.Random, start: int, stop: int | None = None) -> int:
    return start + int(rng.random() * (stop - start)) if stop is not None else int(rng.random() * start)


def _own_phone(rng: random.Random) -> str:
    return _pick(rng, OWN_PREFIXES) + f"{_below(rng, 10**8):08d}"


def _when(moment: dt.datetime, rng: random.Random) -> str:
    form = _below(rng, 5)
    if form < 2:
        day = moment - dt.timedelta(days=_below(rng, 1, 20))
        return f"{day.month}月{day.day}日" if form == 0 else f"{day.month}月初"
    return ("近期", "最近一个月", "上周")[form - 2]


RELATED = {
    "real_estate": [
        "{when}起频繁接到{num}的来电，{who}，推销{project}的房子，我多次表示不需要仍继续拨打，严重影响生活，请求查处。",
        "{when}收到{num}发来的短信：“【{brand}地产】{project}特价房源，首付{k}万起，回T退订”，{who}，我从未向其提供过手机号码。",
        "我只在{project}售楼处登记过一次，之后每天接到多个中介电话，其中{num}最频繁，{who}，怀疑个人信息被泄露。",
    ],
    "education": [
        "{when}接到{num}来电推销少儿编程课程，{who}，对方能准确说出我孩子的姓名和就读学校，怀疑个人信息被泄露。",
        "近一个月{num}多次发送考研培训广告短信，{who}，回复退订后仍然发送，要求处理。",
    ],
    "decoration": [
        "刚收楼就接到{num}的装修推销电话，{who}，对方知道我的小区名称和房号，怀疑开发商或物业泄露业主信息。",
        "{when}以来{num}每周打三四次电话推销全屋定制装修，{who}，拒绝后换号码继续打。",
    ],
    "microloan": [
        "每天收到{num}发来的贷款短信，称“额度20万，当天放款”，{who}，我没有申请过任何贷款。",
        "{num}多次来电推销信用贷款，{who}，对方知道我的工作单位和收入情况，怀疑个人信息被出售。",
    ],
    "other": [
        "{num}频繁来电推销保健品，{who}，能说出我父母的姓名和住址，要求查处。",
        "{when}起{num}不断发送保险推销短信，{who}，我从未授权其使用我的手机号码。",
    ],
}
LEAK = "在{biz}办理会员登记后，就不断接到各种推销电话和短信，怀疑该公司把我的个人信息卖给了他人，请求调查。"
ANONYMOUS = ["最近每天都接到好几个推销房产、贷款的骚扰电话，号码每次都不一样，不知道是哪家公司，请求整治。",
             "手机经常收到陌生号码发来的营销短信，内容有楼盘、装修、贷款，退订也没用，个人信息不知道从哪里泄露的。"]
UNRELATED = [
    ("billing", "本人手机号{own}本月话费被多扣{x}元，中国移动营业厅解释不清，要求退还多收的费用。"),
    ("service_sms", "收到10086发送的流量超额提醒短信，称本月套餐流量已用完，但我实际用得很少，要求运营商核实扣费。"),
    ("outage", "{district}{town}某小区宽带从{when}开始断网，拨打10000号多次报修仍未修复，影响孩子上网课。"),
    ("operator_hotline", "多次拨打10010客服热线一直无法接通人工服务，等待超过半小时，要求改进服务。"),
    ("quality", "在{shop}购买的电饭煲使用一周就坏了，商家拒绝退换，要求维护消费者权益。"),
    ("price", "{shop}的商品标价与结账价格不一致，多收了{x}元，要求退还差价。"),
    ("billing", "宽带合约到期后被自动续约并收取{x}元违约金，中国电信未提前告知，要求退费。"),
]
SHOPS = ["佛山市禅城区惠万家超市", "顺德区大良某家电商场", "南海区桂城某便利店", "佛山市高明区好又多百货"]


def _related(rng: random.Random, seed: int, n_entities: int, own: str, moment: dt.datetime) -> Complaint:
    base = dict(complainant_phone=own, received=moment, related=True, complainant="", address="", target="",
                text="")
    if rng.random() < 0.06:
        return Complaint(**{**base, "text": _pick(rng, ANONYMOUS), "category": "harassment"})
    ent = entity(seed, _below(rng, n_entities))
    mode = rng.random()
    names_business = mode >= 0.5
    names_number = mode < 0.8
    complaint = Complaint(**base, sector=ent.sector, entity=ent.key, category="harassment")
    if not names_number:
        text = LEAK.format(biz=ent.name)
        complaint.category = "leak"
    else:
        number = _pick(rng, ent.phones)
        complaint.phones = [number]
        if names_business:
            who = _pick(rng, [f"对方自称是{ent.name}的工作人员", f"自称{ent.name}置业顾问"
                              if ent.sector == "real_estate" else f"自称{ent.name}客服"])
        else:
            who = _pick(rng, ["对方未说明公司名称", "对方自称是某公司客服", "对方不肯透露公司名称"])
        text = _pick(rng, RELATED[ent.sector]).format(when=_when(moment, rng), num=spell(number, rng), who=who,
                                                      project=_pick(rng, PROJECTS), brand=ent.brand,
                                                      k=_below(rng, 5, 30))
        if len(ent.phones) > 1 and rng.random() < 0.3:
            other = next(p for p in ent.phones if p != number)
            text += f"另有{spell(other, rng)}也多次打来。"
            complaint.phones.append(other)
    if names_business:
        complaint.business = ent.name
        complaint.district = ent.district
        if rng.random() < 0.3:
            text += f"该公司地址为{ent.address}。"
        if rng.random() < 0.5:
            complaint.target = ent.name
    if rng.random() < 0.15:
        text += f"（本人号码{spell_mobile(own, rng)}）"
    complaint.text = text
    return complaint


def _unrelated(rng: random.Random, own: str, moment: dt.datetime) -> Complaint:
    category, template = _pick(rng, UNRELATED)
    district = _pick(rng, DISTRICTS)
    text = template.format(own=spell_mobile(own, rng), x=_below(rng, 5, 300), district=district,
                           town=_pick(rng, TOWNS[district]), when=_when(moment, rng), shop=_pick(rng, SHOPS))
    return Complaint(text=text, complainant="", complainant_phone=own, address="", target="", received=moment,
                     related=False, category=category)


def _rng(seed: int, stream: str, j: int) -> random.Random:
    # str hashes change between processes: the streams are numbered instead
    return random.Random((seed << 40) ^ (STREAMS[stream] << 34) ^ j)


def base_complaint(seed: int, channel: str, j: int, own: str | None = None, start: dt.datetime = START
                   ) -> Complaint:
    """Complaint j of a channel's own stream (not a repeat of the other channel's), the first received at
    ``start``; ``own`` gives the complainant's number instead of a random one."""
    rng = _rng(seed, channel, j)
    moment = start + dt.timedelta(seconds=j * STEP_SECONDS + _below(rng, STEP_SECONDS))
    own = own or _own_phone(rng)
    n_entities = max(4, j // 600 + 4)  # entities added as the file grows: about 40 related complaints each
    complaint = _related(rng, seed, n_entities, own, moment) if rng.random() < 0.15 else _unrelated(rng, own, moment)
    complaint.complainant = _pick(rng, SURNAMES) + _pick(rng, ["先生", "女士", "某"])
    district = _pick(rng, DISTRICTS)
    complaint.address = f"佛山市{district}{_pick(rng, TOWNS[district])}{_pick(rng, ROADS)}{_below(rng, 1, 500)}号"
    return complaint


def council_complaint(seed: int, j: int, start: dt.datetime = START) -> tuple[Complaint, str]:
    """Council complaint j and how it relates to hotline complaint j: 'same' (the same complaint sent twice),
    'other' (same complainant, another complaint), 'late' (same text five days later) or ''."""
    kind = {7: "same", 11: "other", 19: "late"}.get(j % 25, "")
    if not kind:
        return base_complaint(seed, "council", j, start=start), ""
    rng = _rng(seed, "council-repeat", j)
    hotline = base_complaint(seed, "hotline", j, start=start)
    if kind == "other":
        for attempt in range(50):  # another complaint: another kind of text than the hotline one
            mine = base_complaint(seed, "council", j + attempt * 10**9, own=hotline.complainant_phone, start=start)
            if mine.category != hotline.category and similarity(mine.text, hotline.text) < 0.3:
                break
        mine.received = hotline.received + dt.timedelta(hours=_below(rng, 1, 48))
        return mine, kind
    repeat = Complaint(**{**asdict(hotline), "phones": list(hotline.phones)})
    repeat.text = _pick(rng, ["消费者反映：", "投诉人称：", ""]) + hotline.text.replace("本人", "我") + \
        _pick(rng, ["请消委会协助处理。", "要求依法处理。", ""])
    if kind == "same":
        repeat.received = hotline.received + dt.timedelta(minutes=_below(rng, -2 * 1440, 2 * 1440 + 720))
    else:
        repeat.received = hotline.received + dt.timedelta(days=5, minutes=_below(rng, 600))
    return repeat, kind


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the character bigram sets of two texts."""
    grams_a, grams_b = ({t[i:i + 2] for i in range(len(t) - 1)} for t in (a, b))
    return len(grams_a & grams_b) / max(1, len(grams_a | grams_b))


@cache
def _day(index: int, start: dt.datetime = START) -> str:
    return f"{start + dt.timedelta(days=index):%Y%m%d}"


def hotline_id(seed: int, j: int, start: dt.datetime = START) -> str:
    return f"GD{_day(j * STEP_SECONDS // 86_400, start)}{j:07d}"


def council_id(seed: int, j: int, start: dt.datetime = START) -> str:
    return f"TS{_day(j * STEP_SECONDS // 86_400, start)[:6]}{j:07d}"


def span(n: int) -> dt.timedelta:
    """From the first receipt time of a file of N rows to the latest time it writes."""
    return dt.timedelta(seconds=n * STEP_SECONDS) + AFTER_LAST


def start_for(n: int, today: dt.date | None = None) -> dt.datetime:
    """The first receipt time of a file of N rows, so that every time it writes is before ``today`` (default: today
    in China, as the importer reads it, which refuses a whole file with a row received after today): ``START`` when
    the file ends before today from there (the files the tests compare with their references), else two days more
    than the file's span before today, at START's hour. The same for the same N and day."""
    today = today or dt.datetime.now(CHINA).date()
    if START + span(n) < dt.datetime.combine(today, dt.time()):
        return START
    return dt.datetime.combine(today - dt.timedelta(days=span(n).days + 2), START.time())


def pair_start(*rows: int, today: dt.date | None = None) -> dt.datetime:
    """The one start of files written together (a hotline and a council file of these row counts, whose rows
    repeat each other's): ``start_for`` the largest, so that every file ends before ``today``."""
    return start_for(max(rows), today)


def _given_start(n: int, start: dt.datetime | None, today: dt.date | None) -> dt.datetime:
    """``start``, or ``START`` when none is given and a file of N rows ends before today from there; else
    ValueError: a writer never picks a start of its own, which a file written with it could not share."""
    if start is not None:
        return start
    if start_for(n, today) != START:
        raise ValueError(f"{n:,} rows from {START:%Y-%m-%d} would end after today: pass start=start_for({n}) (or "
                         f"pair_start(...) of both files' row counts when a hotline and a council file go together)")
    return START


def council_complaints(n: int) -> int:
    """How many complaints a council file of N rows holds (``council_rows``: one row in 97 repeats the one before):
    what an import of it stores."""
    return n - len(range(5, n, 97))


def hotline_complaints(n: int) -> int:
    """How many complaints a hotline file of N rows holds (``hotline_rows``: one row in 50 repeats the one before)."""
    return n - len(range(13, n, 50))


@dataclass
class KnownAnswers:
    """What importing and screening a generated file must find."""

    channel: str
    rows: int = 0
    first_data_row: int = 0
    complaints: dict[str, dict] = field(default_factory=dict)

    @property
    def duplicates(self) -> int:
        return self.rows - len(self.complaints)

    def add(self, external_id: str, row: int, complaint: Complaint, same_as: str | None = None) -> None:
        self.rows += 1
        if external_id in self.complaints:
            self.complaints[external_id]["rows"].append(row)
            return
        self.complaints[external_id] = {
            "row": row, "rows": [row], "related": complaint.related, "phones": sorted(set(complaint.phones)),
            "business": complaint.business, "sector": complaint.sector if complaint.related else "",
            "district": complaint.district, "complainant_phone": complaint.complainant_phone,
            "received_at": complaint.received.strftime("%Y-%m-%d %H:%M:%S"), "text": complaint.text,
            "category": complaint.category, "entity": complaint.entity, "same_as": same_as}

    def as_dict(self) -> dict:
        return {"channel": self.channel, "rows": self.rows, "duplicates": self.duplicates,
                "first_data_row": self.first_data_row, "complaints": self.complaints}

    def write(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_text(json.dumps(self.as_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
        return path


def expected_leads(*answers: KnownAnswers) -> list[dict]:
    """The leads a screening of these files should form: related complaints sharing a lead number or a
    business name, transitively; each with its numbers, businesses, complaint ids and district."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    members = {}
    for answer in answers:
        for external_id, c in answer.complaints.items():
            keys = [f"phone:{p}" for p in c["phones"]] + ([f"business:{c['business']}"] if c["business"] else [])
            if not c["related"] or not keys:
                continue
            members[external_id] = (c, keys)
            for key in keys:
                parent[find(key)] = find(f"complaint:{external_id}")
    groups: dict[str, list[str]] = {}
    for external_id in members:
        groups.setdefault(find(f"complaint:{external_id}"), []).append(external_id)
    leads = []
    for ids in groups.values():
        complaints = [members[i][0] for i in ids]
        districts = sorted({c["district"] for c in complaints if c["district"]})
        leads.append({"phones": sorted({p for c in complaints for p in c["phones"]}),
                      "businesses": sorted({c["business"] for c in complaints if c["business"]}),
                      "complaint_ids": sorted(ids), "district": districts[0] if len(districts) == 1 else "",
                      "sector": complaints[0]["sector"]})
    return sorted(leads, key=lambda lead: (-len(lead["complaint_ids"]), lead["complaint_ids"][0]))


def _time_cell(moment: dt.datetime, j: int):
    if j % 10 == 3:
        return f"{moment.year}/{moment.month}/{moment.day} {moment.hour}:{moment.minute:02d}"
    if j % 10 == 6:
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    return moment


def _expected_time(cell, moment: dt.datetime) -> dt.datetime:
    return moment.replace(second=0) if isinstance(cell, str) and cell.count(":") == 1 else moment


def _complainant_cell(phone: str, j: int):
    if j % 7 == 2:
        return spell_mobile(phone, random.Random(j))
    return int(phone) if j % 7 == 4 else phone


def hotline_rows(n: int, seed: int, answers: KnownAnswers | None, first_row: int, start: dt.datetime = START
                 ) -> Iterator[list]:
    """N hotline data rows in HOTLINE_HEADER order, the first received at ``start``."""
    previous = None
    for j in range(n):
        if j % 50 == 13 and previous is not None:
            row, external_id, complaint = previous
        else:
            complaint = base_complaint(seed, "hotline", j, start=start)
            external_id = hotline_id(seed, j, start)
            cell = _time_cell(complaint.received, j)
            complaint.received = _expected_time(cell, complaint.received)
            done = complaint.received + dt.timedelta(days=3 + j % 5)
            row = [external_id, cell, ["电话", "网站", "微信", "APP"][j % 4], "投诉举报类" if j % 3 else "咨询类",
                   complaint.complainant, _complainant_cell(complaint.complainant_phone, j), complaint.address,
                   complaint.text, complaint.target, f"{DISTRICTS[j % 5]}市场监督管理局",
                   "已办结" if j % 4 else "办理中", done.strftime("%Y-%m-%d %H:%M:%S") if j % 4 else ""]
        if answers is not None:
            answers.add(external_id, first_row + j, complaint)
        previous = (row, external_id, complaint)
        yield row


def write_hotline_xlsx(path: str | Path, n: int, seed: int = 2026, *, merged_header: bool = False,
                       answers: bool = True, start: dt.datetime | None = None, today: dt.date | None = None
                       ) -> KnownAnswers | None:
    """A 12345 work-order export of N rows (.xlsx): title row, header (two rows with merged group cells when
    ``merged_header``), the rows, a 合计 row; returns the known answers (None when ``answers`` is false). The first
    row is received at ``start`` (default ``START``). A council file's row j repeats this file's row j, so a pair
    of files is given one start, ``pair_start(hotline_rows, council_rows)``: neither picks its own, which would
    differ with the row counts. ValueError, before anything is written, when no start is given and the file would
    not end before ``today`` from ``START`` (the importer would refuse it)."""
    start = _given_start(n, start, today)
    from openpyxl import Workbook
    from openpyxl.worksheet.cell_range import CellRange

    known = KnownAnswers("12345") if answers else None
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("工单明细")
    sheet.append([HOTLINE_TITLE])
    sheet.merged_cells.add(CellRange(min_col=1, min_row=1, max_col=len(HOTLINE_HEADER), max_row=1))
    if merged_header:
        sheet.append(HOTLINE_GROUPS)
        sheet.append(HOTLINE_SUBS)
        for first, last in ((1, 1), (2, 2), (3, 3), (4, 4)):
            sheet.merged_cells.add(CellRange(min_col=first, min_row=2, max_col=last, max_row=3))
        for first, last in ((5, 7), (8, 9), (10, 12)):
            sheet.merged_cells.add(CellRange(min_col=first, min_row=2, max_col=last, max_row=2))
    else:
        sheet.append(HOTLINE_HEADER)
    first_row = 4 if merged_header else 3
    if known is not None:
        known.first_data_row = first_row
    for row in hotline_rows(n, seed, known, first_row, start):
        sheet.append(row)
    sheet.append(["合计", f"共{n}件"] + [None] * (len(HOTLINE_HEADER) - 2))
    workbook.save(path)
    return known


def council_rows(n: int, seed: int, answers: KnownAnswers | None, first_row: int, start: dt.datetime = START
                 ) -> Iterator[list[str]]:
    """N council data rows in COUNCIL_HEADER order (text cells), the first received at ``start``."""
    previous = None
    for j in range(n):
        if j % 97 == 5 and previous is not None:
            row, external_id, complaint, same = previous
        else:
            complaint, kind = council_complaint(seed, j, start)
            external_id = council_id(seed, j, start)
            same = hotline_id(seed, j, start) if kind == "same" else None
            moment = complaint.received
            forms = [moment.strftime("%Y-%m-%d %H:%M:%S"), f"{moment.year}/{moment.month}/{moment.day} "
                     f"{moment.hour}:{moment.minute:02d}", f"{moment.year}年{moment.month}月{moment.day}日 "
                     f"{moment.hour:02d}:{moment.minute:02d}"]
            cell = forms[j % 3]
            complaint.received = _expected_time(cell, moment)
            row = [external_id, cell, complaint.complainant, _complainant_cell(complaint.complainant_phone, j + 1),
                   complaint.target, complaint.text, COUNCIL_CATEGORIES.get(complaint.sector or complaint.category,
                                                                            "其他"),
                   "已受理" if j % 3 else "调解中"]
            row = [str(c) for c in row]
        if answers is not None:
            answers.add(external_id, first_row + j, complaint, same)
        previous = (row, external_id, complaint, same)
        yield row


def write_council_csv(path: str | Path, n: int, seed: int = 2026, encoding: str = "utf-8-sig", *,
                      title: bool = True, answers: bool = True, start: dt.datetime | None = None,
                      today: dt.date | None = None) -> KnownAnswers | None:
    """A consumer-council export of N rows (.csv in ``encoding``: utf-8-sig, utf-8 or gb18030), after a title
    row and a blank row when ``title``; returns the known answers (None when ``answers`` is false). The first row
    is received at ``start`` (default ``START``). Its row j repeats a hotline file's row j, so a pair of files is
    given one start, ``pair_start(hotline_rows, council_rows)``: neither picks its own, which would differ with the
    row counts. ValueError, before anything is written, when no start is given and the file would not end before
    ``today`` from ``START`` (the importer would refuse it)."""
    start = _given_start(n, start, today)
    known = KnownAnswers("consumer_council") if answers else None
    first_row = 4 if title else 2
    if known is not None:
        known.first_data_row = first_row
    with Path(path).open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        if title:
            writer.writerow([COUNCIL_TITLE] + [""] * (len(COUNCIL_HEADER) - 1))
            writer.writerow([])
        writer.writerow(COUNCIL_HEADER)
        writer.writerows(council_rows(n, seed, known, first_row, start))
    return known


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="write test exports of complaints with known answers")
    parser.add_argument("--rows", type=int, default=1000, help="rows of each file (default 1000)")
    parser.add_argument("--council-rows", type=int, help="rows of the council file (default: --rows)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", default=".", help="folder to write hotline.xlsx and council.csv into")
    parser.add_argument("--council-encoding", default="utf-8-sig", choices=["utf-8-sig", "utf-8", "gb18030"])
    parser.add_argument("--merged-header", action="store_true", help="two-row header in the hotline export")
    parser.add_argument("--no-xlsx", action="store_true", help="write the council CSV only")
    parser.add_argument("--answers", action="store_true", help="write the known answers as JSON next to the files")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    found = []
    start = pair_start(args.rows, args.council_rows or args.rows)  # one for both: a council row repeats a hotline one
    if not args.no_xlsx:
        found.append(write_hotline_xlsx(out / "hotline.xlsx", args.rows, args.seed, merged_header=args.merged_header,
                                        answers=args.answers, start=start))
    found.append(write_council_csv(out / "council.csv", args.council_rows or args.rows, args.seed,
                                   args.council_encoding, answers=args.answers, start=start))
    if args.answers:
        for known in found:
            known.write(out / f"{known.channel}.answers.json")
        (out / "leads.answers.json").write_text(json.dumps(expected_leads(*found), ensure_ascii=False, indent=1),
                                                encoding="utf-8")
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
