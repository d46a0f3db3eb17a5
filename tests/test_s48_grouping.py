"""Found auditing how screening groups complaints into leads: a complainant's contact cell with several numbers
(13911110001/0757-81234567) gives every one as the complainant's own (not a lead's number, masked in the samples);
a complaint and its copy received through another channel (``same_as``) are one complaint, in one lead, counted and
quoted once; a lead's sector counts "other" only when no complaint hints at one and breaks a tie in the rules'
order; and ``leads screen --json`` gives a district as a string."""


from workstation.importing.complaints import complainant_digits, import_complaints
from workstation.screening import screen
from workstation.screening.grouping import Member, group_members, summarise
from workstation.screening.rules import load_rules

HOTLINE = "工单编号,受理时间,工单来源,工单类型,诉求人,来电号码,诉求地址,内容描述,被反映对象,承办单位,办理状态,办结时间\n"
COUNCIL = "投诉编号,投诉时间,投诉人,联系电话,被投诉方,投诉内容,投诉类别,处理状态\n"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text("\ufeff" + text, encoding="utf-8")
    return path


# --- 1. every number of the complainant's cell is the complainant's own ------------------------------------------


def test_every_number_of_a_contact_cell_is_kept():
    assert complainant_digits("13911110001/0757-81234567") == "13911110001 075781234567"
    assert complainant_digits("13911110001、81234567") == "13911110001 075781234567"
    assert complainant_digits("+86 139 1111 0001") == "13911110001"
    assert complainant_digits("0757-83331234转801") == "075783331234"
    assert complainant_digits("13911110001/13911110001") == "13911110001"


def test_a_second_own_number_makes_no_lead_and_is_masked(db, tmp_path):
    path = write(tmp_path, "council.csv", COUNCIL + (
        "TS1,2026-03-02 10:00:00,陈先生,13911110001/0757-81234567,,家里座机81234567和手机每天接到13522220001的推销电话，"
        "推销楼盘，骚扰电话,房屋及装修,\n"
        "TS2,2026-03-09 10:00:00,陈先生,13911110001/0757-81234567,,家里座机81234567又接到13533330001的推销电话，"
        "推销贷款，骚扰电话,金融服务,\n"))
    import_complaints(db, [path])
    result = screen(db).as_dict()
    assert sorted(lead["phones"] for lead in result["leads"]) == [["13522220001"], ["13533330001"]]
    for (description,) in db.execute("SELECT description FROM leads"):
        assert "81234567" not in description
    screen(db, everything=True)  # screened again: the stored numbers are read alike
    assert db.execute("SELECT COUNT(*) FROM leads").fetchone()[0] == 2
    phones = {r[0] for r in db.execute("SELECT phones FROM complaints")}
    assert phones == {"13522220001", "13533330001"}


# --- 4. a complaint and its copy through another channel are one ------------------------------------------------


def test_linked_copies_make_one_lead_counted_once(db, tmp_path):
    hotline = write(tmp_path, "hotline.csv", HOTLINE + (
        "GD1,2026-03-01 09:00:00,电话,投诉,陈先生,13911110001,佛山市南海区桂城街道,最近一个月天天接到13522220001打来的推销"
        "电话，推销南海的楼盘，骚扰电话太多，严重影响生活，请处理,,,,\n"))
    council = write(tmp_path, "council.csv", COUNCIL + (
        "TS1,2026-03-02 10:00:00,陈先生,13911110001,佛山市鸿运房地产代理有限公司,最近一个月天天接到13522220001打来的推销"
        "电话，推销南海的楼盘，骚扰电话太多，严重影响生活，请处理,房屋及装修,\n"))
    import_complaints(db, [hotline])
    import_complaints(db, [council])
    assert db.execute("SELECT COUNT(*) FROM complaints WHERE same_as IS NOT NULL").fetchone()[0] == 1
    result = screen(db).as_dict()
    assert result["related"] == 2
    assert len(result["leads"]) == 1
    assert sorted(result["leads"][0]["complaint_ids"]) == ["GD1", "TS1"]
    count, description = db.execute("SELECT complaint_count, description FROM leads").fetchone()
    assert count == 1
    assert "2. " not in description  # the copy is no second sample


def test_summarise_counts_and_quotes_a_copy_once():
    members = [Member(1, ("13800138000",), (), "2026-03-01", root="a"),
               Member(2, ("13800138000",), (), "2026-03-02", duplicate=True, root="a"),
               Member(3, ("13800138000",), (), "2026-03-03", root="c")]
    group = summarise(members)
    assert group.count == 2
    assert group.samples == [1, 3]


def test_copies_naming_different_numbers_join():
    members = [Member(1, ("13800138000",), (), root="a"), Member(2, ("13900139000",), (), duplicate=True, root="a"),
               Member(3, ("13700137000",), (), root="c")]
    groups = group_members(members)
    assert sorted(len(g.members) for g in groups) == [1, 2]
    assert next(g for g in groups if len(g.members) == 2).count == 1


# --- 7. the suspected sector --------------------------------------------------------------------------------------


def test_other_counts_only_when_no_complaint_hints_at_a_sector():
    rules = load_rules()
    members = [Member(1, ("13800138000",), (), sector="real_estate"),
               Member(2, ("13800138000",), (), sector="other"), Member(3, ("13800138000",), (), sector="other")]
    assert summarise(members, rules=rules).sector == "real_estate"
    assert summarise([Member(1, ("1",), (), sector="other")], rules=rules).sector == "other"


def test_a_tie_between_sectors_follows_the_rules_order():
    rules = load_rules()
    order = list(rules.sectors)
    first, later = order[0], order[-1]
    assert later < first  # alphabetically the later one would win
    members = [Member(1, ("13800138000",), (), sector=later), Member(2, ("13800138000",), (), sector=first)]
    assert summarise(members, rules=rules).sector == first
    assert group_members(members, rules)[0].sector == first


# --- minor: the district of leads screen --json --------------------------------------------------------------------


def test_a_complainant_giving_a_second_number_is_linked_across_channels(db, tmp_path):
    text = "最近一个月天天接到13522220001打来的推销电话，推销南海的楼盘，骚扰电话太多，严重影响生活，请处理"
    hotline = write(tmp_path, "hotline.csv", HOTLINE + f"GD1,2026-03-01 09:00:00,电话,投诉,陈先生,13911110001,,{text},,,,\n")
    council = write(tmp_path, "council.csv", COUNCIL + (
        f"TS1,2026-03-02 10:00:00,陈先生,13911110001/0757-81234567,,{text},房屋及装修,\n"))
    import_complaints(db, [hotline])
    import_complaints(db, [council])
    assert db.execute("SELECT same_as IS NOT NULL FROM complaints WHERE external_id = 'TS1'").fetchone()[0] == 1
    # and the other way round: the stored complainant gave two numbers, the new one the first alone
    db.execute("DELETE FROM complaints")
    import_complaints(db, [council])
    import_complaints(db, [hotline])
    assert db.execute("SELECT COUNT(*) FROM complaints WHERE same_as IS NOT NULL").fetchone()[0] == 1


def test_a_complaint_stored_with_the_first_number_alone_is_not_imported_again(db, tmp_path):
    from workstation.store.complaints import content_key

    path = write(tmp_path, "hotline.csv", HOTLINE.replace("工单编号,", "") + (
        "2026-03-01 09:00:00,电话,投诉,陈先生,13911110001/0757-81234567,,天天接到13522220001的推销电话，骚扰电话,,,,\n"))
    import_complaints(db, [path])
    # as a version keeping the first number of several stored it
    source, received, text = db.execute("SELECT source, received_at, text FROM complaints").fetchone()
    db.execute("UPDATE complaints SET complainant_phone = '13911110001', content_key = ?",
               [content_key(source, received, "13911110001", text)])
    result = import_complaints(db, [path])
    assert result.imported == 0
    assert db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0] == 1


def test_a_stored_value_of_two_numbers_is_both_the_complainant_s_own():
    """As verdicts, the lead's masking and re-screening pass the stored value whole (13911110001 075781234567)."""
    from workstation.screening.phones import extract_phones, hide_own_numbers

    text = "家里座机81234567也接到过，13800138000天天打来推销"
    assert extract_phones(text, own="13911110001 075781234567") == ["13800138000"]
    assert "81234567" not in hide_own_numbers(text, "13911110001 075781234567")
    assert hide_own_numbers("我的号码139 1111 0001", "139 1111 0001") != "我的号码139 1111 0001"
