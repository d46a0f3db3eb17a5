"""`stats` without --json names the leads, complaints and interviews its JSON counts, not only cases and
publicity: an officer reading the summary on the command line sees the whole campaign."""


def cli(capsys, *args):
    from workstation.cli import main

    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_plain_summary_names_leads_complaints_and_interviews(demo_db, data_dir, capsys, english):
    code, out, _err = cli(capsys, "--data-dir", data_dir, "--json", "stats")
    assert code == 0
    import json

    stats = json.loads(out)
    code, out, _err = cli(capsys, "--data-dir", data_dir, "stats")
    assert code == 0
    leads = stats["leads"]
    assert (f"Leads: {leads['total']} ({leads['assigned']} assigned, {leads['decided']} decided); "
            f"complaints: {stats['complaints']['imported']:,} imported, {stats['complaints']['related']:,} "
            "concerning personal information.") in out
    assert f"Interviews: {stats['interviews']}, of which the party did not attend {stats['interviews_absent']}." in out
    assert stats["interviews"] > 0 and leads["total"] > 0


def test_the_plain_summary_in_chinese(demo_db, data_dir, capsys, chinese):
    code, out, _err = cli(capsys, "--data-dir", data_dir, "stats")
    assert code == 0
    assert "行政约谈" in out and "线索" in out
