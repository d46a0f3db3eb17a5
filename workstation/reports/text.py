"""The wording of the progress report (通报): its paragraphs written from the campaign figures in the style of
the seed report ("共查办各类侵害消费者个人信息案件36件，其中房地产租售领域案件19件……罚没金额18.9万元。"),
and the amounts, counts and periods as the report prints them (counts from 100,000 on in 万, ``count_text``). Report
text is Chinese content, not translated.

The amount is what the cases record as fined and confiscated (罚没金额), not what was paid in: the seed's
"已罚没入库" (paid into the treasury) would need the payments, which only a closing approval of a case run
here records, never a case imported from a register."""

from __future__ import annotations

from collections.abc import Callable

from workstation.evaluation import percent, stated_bounds
from workstation.money import chinese_date
from workstation.vocabulary import label

#: The cases the city bureau handles itself (no district of their own), as the report's text and table 2 name them.
CITY_OWN = "市局本级"


def district_names(by_district: dict) -> dict:
    """``by_district`` (the figures by case district) with the city bureau's own cases, of no district (""), under
    ``CITY_OWN``, as the report, the statistics export and ``stats --json`` name them."""
    return {(key or CITY_OWN): value for key, value in by_district.items()}


SECTION_HEADINGS = ("一、案件查办情况", "二、线索核查情况", "三、行政约谈情况", "四、宣传教育情况")


def wan(fen: int) -> str:
    """An amount as the report's text says it: from ten thousand yuan on in 万元 with the two decimals the tables' 万元
    columns show (``wan_figure``: half up; 18.90万元, 11.69万元, 20.00万元), so that the text and its tables read
    alike (the text said 2044.5万元 above a table saying 2044.50); else in yuan (8500元, 123.45元). A period frozen
    before keeps its paragraphs as they were sent."""
    if fen >= 1_000_000:
        return f"{wan_figure(fen)}万元"
    yuan, cents = divmod(fen, 100)
    return f"{yuan}元" if not cents else f"{yuan}.{cents:02d}".rstrip("0") + "元"


def count_text(count: int) -> str:
    """A count as the report's text says it: from 100,000 on in 万, rounded half up to two decimals with trailing
    zeros dropped (162万, 12.35万, 10万), as the text writes amounts from ten thousand yuan in 万元; below, in full
    (41800). The tables keep the exact figures."""
    if count < 100_000:
        return str(count)
    hundredths = (count + 50) // 100
    decimals = f"{hundredths % 100:02d}".rstrip("0")
    return f"{hundredths // 100}.{decimals}万" if decimals else f"{hundredths // 100}万"


def wan_hundredths(fen: int) -> int:
    """An amount in hundredths of 万元, rounded half up, as a table column headed 万元 prints it (1890 for 18.90)."""
    return (fen + 5_000) // 10_000


def wan_figure(fen: int) -> str:
    """An amount in a table column headed 万元: two decimals, rounded half up (18.90)."""
    hundredths = wan_hundredths(fen)
    return f"{hundredths // 100}.{hundredths % 100:02d}"


#: what a 万元 column prints from format 18 on for an amount that is not nothing but rounds to 0.00 (under 50 yuan),
#: which read as no fine at all
UNDER_A_HUNDREDTH = "<0.01"


def wan_cell(fen: int) -> str:
    """An amount in a table column headed 万元 from format 18 on: ``wan_figure``, but ``UNDER_A_HUNDREDTH`` for one
    that is not nothing and rounds to 0.00."""
    return UNDER_A_HUNDREDTH if fen > 0 and not wan_hundredths(fen) else wan_figure(fen)


def period_text(date_from: str | None, date_to: str | None, generated_on: str) -> str:
    """2026年1月1日至12月31日 (the end's year written only when it is not the start's: 2026年12月1日至2027年1月31日),
    a single day as that date alone (2026年6月30日, not 2026年6月30日至6月30日: from format 22 on, a period frozen
    before keeping the text it stored), 2026年3月1日以来, or 截至<date> (the end, else the day of the report). A bound
    by which a script says "no start" or "no end" (``stated_bounds``: 0001-01-01, 9999-12-31) is written as none: not
    截至9999年12月31日; a period not begun is stated as asked for (2030年1月1日至3月31日)."""
    date_from, date_to = stated_bounds(date_from, date_to, generated_on)
    if date_from and date_to:
        if date_from == date_to:
            return chinese_date(date_from)
        end = chinese_date(date_to)
        if date_from[:4] == date_to[:4]:
            end = end.removeprefix(f"{date_to[:4]}年")
        return f"{chinese_date(date_from)}至{end}"
    if date_from:
        return f"{chinese_date(date_from)}以来"
    return f"截至{chinese_date(date_to or generated_on)}"


def _counts(items: dict[str, int], group: str | None, unit: str, suffix: str = "") -> str:
    """"房地产租售领域案件19件、教育培训领域案件7件": the non-zero counts, largest first (ties in the given order), 其他
    (the key "other") last whatever its count, as a catch-all is named after the kinds it does not cover."""
    ordered = sorted((item for item in items.items() if item[1]), key=lambda item: (item[0] == "other", -item[1]))
    return "、".join(f"{label(group, key) if group else key}{suffix}{count_text(count)}{unit}" for key, count in ordered)


#: how the cases of a period are counted (``stats.campaign_stats``), said as the cases section's last paragraph (as
#: ``LEADS_COUNTED`` is after the leads' figures): the cases by their filing date (立案; one decided on the spot, never filed, by its decision's),
#: the fines and confiscation by the date they were decided and the transfers to the police by the transfer's date,
#: whatever the case's filing date — so that a month's report counts what was decided and transferred in it
CASES_COUNTED = ("（案件按立案日期计入本期，适用简易程序当场处罚的按决定日期；罚没金额按处罚决定日期（未录入处罚决定日期"
                 "的按立案日期）、移送公安机关按移送日期计入本期。）")


def _cases(stats: dict, units: dict[str, int] | None = None) -> list[str]:
    """The paragraphs on the cases; ``units`` as ``campaign_sections`` takes them. A period without a case filed
    in it still says the amounts decided and the transfers made in it (``CASES_COUNTED``)."""
    cases = stats["cases"]
    if not cases["total"]:
        if not (stats["penalties_total_fen"] or cases["transferred_to_police"]):
            return ["本期暂无查办的侵害消费者个人信息案件。"]
        sentence = "本期暂无新立案查办的侵害消费者个人信息案件"
        if stats["penalties_total_fen"]:
            sentence += f"，作出处罚决定罚没金额{wan(stats['penalties_total_fen'])}"
        return [sentence + "。", _police(cases), *_transferred_out(cases), CASES_COUNTED]
    sentence = f"共查办各类侵害消费者个人信息案件{count_text(cases['total'])}件"
    sectors = _counts(cases["by_sector"], "sectors", "件", "领域案件")
    if sectors:
        sentence += f"，其中{sectors}"
    sentence += f"，涉案侵权信息{count_text(stats['infringing_records'])}条"
    if stats["penalties_total_fen"]:
        sentence += f"，罚没金额{wan(stats['penalties_total_fen'])}"
    if cases.get("simple_procedure"):  # figures gathered before m029 say nothing of the simple procedure
        sentence += f"，其中适用简易程序当场处罚{count_text(cases['simple_procedure'])}件"
        if cases.get("simple_fines_fen"):
            sentence += f"，罚款{wan(cases['simple_fines_fen'])}"
    paragraphs = [sentence + "。"]
    violations = _counts(cases.get("by_violation", {}), "violations", "件")
    if violations:
        paragraphs.append(f"从违法行为类型看，涉及{violations}（同一案件可涉及多种违法行为）。")
    if units is None:  # the city's report: by district
        districts = _counts(district_names(cases["by_district"]), None, "件")
        if districts:
            paragraphs.append(f"从辖区分布看，{districts}。")
    elif offices := _counts(units, None, "件"):  # a district bureau's: by the unit handling the cases
        paragraphs.append(f"从承办单位看，{offices}。")
    paragraphs.append(_police(cases))
    return [*paragraphs, *_transferred_out(cases), CASES_COUNTED]


def _transferred_out(cases: dict) -> list[str]:
    """The sentence on the cases sent to another agency with a 案件移送函 (``stats.TRANSFERRED_OUT_CASE``: 移送其他机关),
    which the figures above leave out — the receiving agency counts them; none when there are none (and for figures
    gathered before format 24, which did not count them)."""
    count = cases.get("transferred_out", 0)
    if not count:
        return []
    return [f"另有经查不属本单位管辖、以案件移送函移送其他机关{count_text(count)}件，未计入上述案件数。"]


#: how many of the cases reaching the criminal threshold untransferred the text names by number (the rest: 等)
NAMED_CASES = 5


def named_cases(cases: list[str], join: Callable[[list[str]], str] = "、".join, more: str = "{names}等") -> str:
    """The cases ``cases`` (their numbers) as the report names them for follow-up: the first ``NAMED_CASES``, with
    等 after them when there are more ("佛南市监立〔2026〕21号、佛南市监立〔2026〕22号等"). ``join`` and ``more`` say
    it in the user's language where the figures are shown rather than printed (``stats.untransferred_text``)."""
    names = join(cases[:NAMED_CASES])
    return more.format(names=names) if len(cases) > NAMED_CASES else names


def _police(cases: dict) -> str:
    """The sentence on transfers to the police: how many were transferred, and apart from them the cases that reach
    the criminal threshold (``stats.threshold_not_transferred``) but were not transferred, named for follow-up
    (``named_cases``); neither said of the other (no transfer is not "none reached the threshold")."""
    police, pending = cases["transferred_to_police"], cases.get("threshold_not_transferred", [])
    sentence = f"向公安机关移送涉嫌犯罪案件{count_text(police)}件" if police else "本期未向公安机关移送涉嫌犯罪案件"
    if not pending:
        return sentence + "。"
    numbers = named_cases(pending)
    return (f"{sentence}；另有{count_text(len(pending))}件案件经测算已达到刑事追诉标准但尚未移送（{numbers}），"
            "请承办单位抓紧核查，符合移送条件的依法及时移送公安机关。")


#: How the complaints of a report are counted (``stats.complaint_scope``): what the sentence says of them, up to
#: the related ones; ``IN_LEADS`` follows. A bureau's or office's sentence states no "imported" figure: screening
#: places only the related complaints in a district, so the imported ones of an agency would be its related ones
#: again ("100 % concern personal information"); it names what it counts instead.
COMPLAINT_SCOPES = {
    "district": "全市通过12345热线、12315平台、消费者委员会等渠道导入的投诉举报中，经筛查涉及侵害消费者个人信息且属本辖区的"
                "{related}宗（所涉线索已交办的按承办单位统计，其余按筛查认定的所属区统计）",
    "assigned": "全市通过12345热线、12315平台、消费者委员会等渠道导入的投诉举报中，经筛查涉及侵害消费者个人信息且所涉线索由"
                "本单位核查的{related}宗",
}
CITY_COMPLAINTS = "通过12345热线、12315平台、消费者委员会等渠道导入投诉举报{imported}宗，经筛查涉及侵害消费者个人信息的{related}宗"
#: the related complaints a lead groups (``stats`` complaints.in_leads), said of the related ones only
IN_LEADS = "，其中已归入线索{in_leads}宗"


def _complaints(complaints: dict, complaint_scope: str) -> str:
    """The sentence on the complaints: imported (the whole city's only), related and, of those, how many leads
    group (left out when none does, or for figures gathered before ``in_leads`` was counted: not "已归入线索0宗")."""
    sentence = COMPLAINT_SCOPES.get(complaint_scope, CITY_COMPLAINTS).format(
        imported=count_text(complaints["imported"]), related=count_text(complaints["related"]))
    if complaints["related"] and complaints.get("in_leads"):
        sentence += IN_LEADS.format(in_leads=count_text(complaints["in_leads"]))
    return sentence + "。"


#: how the leads of a period are counted (``stats.LEAD_DAY``), said after their figures: as the complaints, by receipt
LEADS_COUNTED = "（线索按其首件投诉举报的受理时间计入本期，人工登记的线索按登记时间）"
#: after the leads decided, those of them never handed to anyone (``stats`` leads.decided_unassigned: registered and
#: checked by a bureau or office itself), so that a reader sees why more were decided than assigned ("已交办属地核查
#: 31条，已核查办结32条（含未经交办、自行登记核查的2条）"); said alike of the city, a bureau and an office
UNASSIGNED_DECIDED = "（含未经交办、自行登记核查的{count}条）"
#: no lead received in the period while its complaints joined leads (``IN_LEADS``): those leads were received before
#: (a lead counts by its first complaint, ``LEADS_COUNTED``), said so rather than "本期暂无受理的相关线索" after
#: "其中已归入线索29宗"
NO_NEW_LEADS = "本期暂无新受理的相关线索，上述已归入线索的投诉举报均归入此前受理的线索"
#: after how the interviews were followed up, when some of those past their deadline have one counted through a year
#: without holiday data (``stats`` interviews_overdue_unconfirmed: 日历待核实): how many of the overdue ones, said as
#: a part of them ("已过整改期限未报送整改情况5次……已过整改期限的约谈中，有2次的…"), not as the number overdue
UNCONFIRMED_OVERDUE = "已过整改期限的约谈中，有{count}次的整改期限含尚未核实的{years}年节假日安排，待国务院公布后核实。"
#: after the rate of leads decided in time, when some of those verdicts rest on a T1 counted through a year without
#: holiday data (``stats`` leads.calendar_unconfirmed: 日历待核实), how many and which years
UNCONFIRMED_VERDICTS = "按期办结情况按现有日历计算，其中{count}条的核查期限含尚未核实的{years}年节假日安排，待国务院公布后核实。"
#: after the leads decided, those past their verification period (T1) without a decision, as the deadline board counts
#: them (``stats`` leads.overdue_undecided): without it a rate of 100% read as though no lead were late. A clause of its
#: own after a semicolon, naming the leads, so that it is not read as a part of those decided after 其中 ("已核查办结1条，
#: 其中按期办结1条，按期办结率100%；另有逾期未办结线索3条"), nor of the work going on ("核查工作正在推进；另有…")
OVERDUE_UNDECIDED = "；另有逾期未办结线索{count}条"
#: after the leads' sentence, when some of those overdue have a T1 counted through a year without holiday data ended
#: so shortly before today that its holidays may move it (``stats`` leads.overdue_unconfirmed: 日历待核实), how many
#: of the overdue ones, said as a part of them (as ``UNCONFIRMED_OVERDUE`` of the interviews)
UNCONFIRMED_OVERDUE_LEADS = "逾期未办结的线索中，有{count}条的核查期限含尚未核实的{years}年节假日安排，待国务院公布后核实。"


def _leads(stats: dict, complaint_scope: str = "city") -> list[str]:
    paragraphs = []
    complaints = stats["complaints"]
    if complaints["imported"]:
        paragraphs.append(_complaints(complaints, complaint_scope))
    leads = stats["leads"]
    if not leads["total"]:
        if complaints["imported"] and complaints["related"] and complaints.get("in_leads"):
            return paragraphs + [NO_NEW_LEADS + LEADS_COUNTED + "。"]
        return paragraphs + ["本期暂无受理的相关线索。"]
    sentence = (f"共受理骚扰电话、违规发送商业短信等相关线索{count_text(leads['total'])}条，"
                f"已交办属地核查{count_text(leads['assigned'])}条")
    decided, in_time = leads.get("decided", 0), leads.get("in_time", 0)
    if decided:
        rate = percent(in_time, decided).removesuffix(".0")
        sentence += f"，已核查办结{count_text(decided)}条"
        if unassigned := leads.get("decided_unassigned"):  # figures gathered before it was counted have none
            sentence += UNASSIGNED_DECIDED.format(count=count_text(unassigned))
        sentence += f"，其中按期办结{count_text(in_time)}条，按期办结率{rate}%"
    else:
        sentence += "，核查工作正在推进"
    if overdue := leads.get("overdue_undecided"):  # figures gathered before it was counted have none
        sentence += OVERDUE_UNDECIDED.format(count=count_text(overdue))
    unconfirmed = leads.get("calendar_unconfirmed") or {}  # figures gathered before it was counted have none
    after = UNCONFIRMED_VERDICTS.format(count=count_text(unconfirmed["decided"]),
                                        years="、".join(map(str, unconfirmed["years"]))) \
        if decided and unconfirmed.get("decided") else ""
    if overdue and (late := leads.get("overdue_unconfirmed") or {}).get("overdue"):
        after += UNCONFIRMED_OVERDUE_LEADS.format(count=count_text(late["overdue"]),
                                                  years="、".join(map(str, late["years"])))
    return paragraphs + [sentence + LEADS_COUNTED + "。" + after]


#: the parties interviewed as the report counts them: {party kind: (what they are called, measure word)}
PARTY_KINDS = {"company": ("企业", "家"), "association": ("行业协会等社会团体", "家"),
               "individual_business": ("个体工商户", "户"), "person": ("自然人", "人")}
#: how the interviews were followed up (``stats.interview_follow_up``), as the report says each, in this order,
#: counted per interview in 次, with the parties those interviews concern (``interviews_follow_up_parties``) after
#: it: "经回访已完成整改4次（涉及9家）" — an interview of several parties is one 次, not one 家; figures gathered before
#: the parties were counted say 家（次）as they did
FOLLOW_UP_TEXT = (("rectified", "经回访已完成整改"), ("not_due", "尚在整改期限内"),
                  ("overdue", "已过整改期限未报送整改情况"), ("not_rectified", "经回访未整改到位"),
                  ("unverified", "经回访未能核实整改情况"), ("escalated", "转立案查处"), ("no_deadline", "未设整改期限"))


#: said before the follow-up figures when some joint interview counts under several outcomes (``stats.
#: split_follow_ups``): its parties' rectification standing differently, it is counted under each
SPLIT_FOLLOW_UPS = "（按被约谈对象的整改情况计入，其中{count}次联合约谈的被约谈对象整改情况不一，分别计入相应情形）"


def _follow_up_count(times: int, parties: dict | None) -> str:
    """"4次（涉及9家）", "1次（涉及1家、2人）" (natural persons in 人); "4家（次）" without the parties counted."""
    if parties is None:
        return f"{count_text(times)}家（次）"
    involved = "、".join(part for part in (f"{count_text(parties['units'])}家" if parties.get("units") else "",
                                           f"{count_text(parties['persons'])}人" if parties.get("persons") else "")
                         if part)
    return f"{count_text(times)}次" + (f"（涉及{involved}）" if involved else "")


def _interviewed(by_kind: dict[str, int]) -> str:
    """"约谈企业3家、行业协会等社会团体1家": the kinds of party interviewed with their counts, in ``PARTY_KINDS``'
    order ('' for figures gathered before the parties were counted)."""
    parts = [f"{PARTY_KINDS[kind][0]}{count_text(by_kind[kind])}{PARTY_KINDS[kind][1]}"
             for kind in PARTY_KINDS if by_kind.get(kind)]
    return f"约谈{'、'.join(parts)}" if parts else ""


def _interviews(stats: dict) -> list[str]:
    """The paragraph on the interviews: how many were held and of which kind, the kinds of party interviewed
    (``interviews_by_party_kind``) and how their rectification stands (``interviews_follow_up``), as the data
    say them — never a party kind nobody of which was interviewed."""
    total = stats["interviews"]
    if not total:
        return ["本期暂未开展行政约谈。"]
    kinds = _counts(stats.get("interviews_by_kind", {}), "interview_kinds", "次")
    sentence = f"组织行政约谈{count_text(total)}次" + (f"，其中{kinds}" if kinds else "")
    if absent := stats.get("interviews_absent"):  # summoned and not attended: counted, said apart
        sentence += f"，{'' if kinds else '其中'}当事人未到场{count_text(absent)}次"
    if parties := _interviewed(stats.get("interviews_by_party_kind", {})):
        sentence += f"，{parties}"
    follow_up = stats.get("interviews_follow_up")
    if follow_up is None:  # figures gathered before the follow-up was counted
        return [sentence + "，督促被约谈单位落实个人信息保护主体责任。"]
    parties = stats.get("interviews_follow_up_parties")
    outcomes = "、".join(text + _follow_up_count(follow_up[key], None if parties is None else parties.get(key, {}))
                         for key, text in FOLLOW_UP_TEXT if follow_up.get(key))
    sentence += "，督促其落实个人信息保护主体责任"
    if outcomes:
        # a joint interview whose parties stand differently counts under each of their outcomes (``stats.
        # interview_follow_up``): said, so that figures adding up to more than the interviews read as they are
        split = stats.get("interviews_follow_up_split") or 0
        counted = SPLIT_FOLLOW_UPS.format(count=count_text(split)) if split else ""
        sentence += f"。从整改落实情况看{counted}，{outcomes}"
    unconfirmed = stats.get("interviews_overdue_unconfirmed") or {}
    after = UNCONFIRMED_OVERDUE.format(count=count_text(unconfirmed["overdue"]),
                                       years="、".join(map(str, unconfirmed["years"]))) \
        if outcomes and unconfirmed.get("overdue") else ""
    return [sentence + "。" + after]


def _publicity(stats: dict) -> list[str]:
    publicity = stats["publicity"]
    if not publicity["campaigns"]:
        return ["本期暂未开展宣传活动。"]
    sentence = f"开展宣传活动{count_text(publicity['campaigns'])}场"
    if publicity["flyers"]:
        sentence += f"，发放宣传资料{count_text(publicity['flyers'])}份"
    if publicity["sms"]:
        sentence += f"，发送提示短信{count_text(publicity['sms'])}条"
    if publicity.get("participants"):  # figures gathered before the participants were counted have none
        sentence += f"，参与人数{count_text(publicity['participants'])}人"
    return [sentence + "。"]


def campaign_sections(stats: dict, complaint_scope: str = "city", units: dict[str, int] | None = None) -> list[dict]:
    """The report's sections from ``campaign_stats`` figures: [{"heading", "paragraphs"}] for cases, leads,
    interviews and publicity; ``complaint_scope`` (``stats.complaint_scope``) says which complaints they count.
    ``units`` says how the cases are broken down: None, by district (the city's report); else {unit: cases}, by
    the units that handled them (a district bureau's report: 区局本级 and its offices), none when it is empty (a
    town office's report, or an agency's own records: a sentence naming the one district would say nothing)."""
    parts = (_cases(stats, units), _leads(stats, complaint_scope), _interviews(stats), _publicity(stats))
    return [{"heading": heading, "paragraphs": paragraphs}
            for heading, paragraphs in zip(SECTION_HEADINGS, parts, strict=True)]


def campaign_text(data: dict) -> list[str]:
    """The report's paragraphs written from the figures, in order, without the section headings. ``data`` is
    ``report_data`` (its frozen sections when it has them, after its opening paragraph) or ``campaign_stats``."""
    if "sections" in data:
        sections = data["sections"]
    else:
        sections = campaign_sections(data.get("stats", data))
    opening = [data["opening"]] if data.get("opening") else []
    return opening + [paragraph for section in sections for paragraph in section["paragraphs"]]


def stations_note(stations: list[dict]) -> str:
    """The note saying how recent the stations' data the figures merge are (``stats.stations_as_of``), the oldest
    first, stations of one day together: "（本通报汇总各站点报送的数据：大良所截至2026年11月20日，南海区局、桂城所截至
    2026年12月2日。）" — a station that sent its bundle in November is not silently mixed with those of December —,
    then the stations trusted that sent chosen cases only (``partial``: the figures count those cases, not the rest):
    "…；南海区局仅报送了部分案件，其余数据尚未报送", then those that have not reported yet (``as_of`` None):
    "…；高明区局尚未报送。）", or, when none has reported, "（高明区局尚未报送数据，本通报未含其数据。）", so that their
    districts are not read as complete (from format 23 on: before, a station of chosen cases only was said to have
    sent nothing, its cases counted all the same; a period frozen before keeps the note it stored). '' where no
    station is trusted (a station's own report)."""
    from workstation.stats import PARTLY_SENT, stations_in_three

    days, partial, silent = stations_in_three(stations, "未命名站点")
    said = ([PARTLY_SENT.format(names="、".join(partial))] if partial else []) + \
        ([f"{'、'.join(silent)}尚未报送" + ("" if days else "数据，本通报未含其数据")] if silent else [])
    if not days:
        return f"（{'；'.join(said)}。）" if said else ""
    parts = [f"{'、'.join(names)}截至{chinese_date(day)}" for day, names in sorted(days.items())]
    if len(parts) == 1 and sum(map(len, days.values())) > 1:
        parts = [parts[0].replace("截至", "均截至", 1)]
    unreported = "".join(f"；{words}" for words in said)
    return f"（本通报汇总各站点报送的数据：{'，'.join(parts)}{unreported}。）"


def conflicts_note(count: int) -> str:
    """The note saying that station data conflicts are still open at headquarters (``stats.open_conflicts``): the
    figures count whichever copy arrived first until they are settled. '' for none."""
    return f"（尚有{count_text(count)}项站点数据冲突未处理，相关数字可能变化。）" if count else ""
