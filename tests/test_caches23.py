"""What the command line, the forms and the catalogue keep between calls is dropped when its source changes: the
parser built once per language, the forms and the translations read again only when a file changed."""

from __future__ import annotations

import os
import time

from tests.test_formkit import MINIMAL
from workstation import i18n
from workstation.formkit import spec

#: a form of tests/test_formkit.py's smallest shape, named and titled as asked
FORM = MINIMAL.replace('"{id}"', '"{name}"').replace('"测试文书"', '"{title}"')


def _settled_at_once(monkeypatch):
    """Files count as settled as soon as written (their times no longer hold the cache off for two seconds)."""
    monkeypatch.setattr(spec, "_SETTLED_NS", -10**12)


def test_a_form_file_edited_added_or_removed_is_read_again(tmp_path, monkeypatch):
    _settled_at_once(monkeypatch)
    (tmp_path / "alpha.toml").write_text(FORM.format(name="alpha", title="甲通知书"), encoding="utf-8")
    forms, broken = spec.load_forms(tmp_path)
    assert broken == {} and forms["alpha"].title == "甲通知书"
    forms["alpha"] = None  # a caller changing its dict changes nothing kept
    assert spec.load_forms(tmp_path)[0]["alpha"].title == "甲通知书"

    (tmp_path / "alpha.toml").write_text(FORM.format(name="alpha", title="乙通知书书"), encoding="utf-8")
    assert spec.load_forms(tmp_path)[0]["alpha"].title == "乙通知书书"
    (tmp_path / "beta.toml").write_text(FORM.format(name="beta", title="丙通知书"), encoding="utf-8")
    assert set(spec.load_forms(tmp_path)[0]) == {"alpha", "beta"}
    (tmp_path / "beta.toml").unlink()
    assert set(spec.load_forms(tmp_path)[0]) == {"alpha"}


def test_a_broken_form_is_reported_at_every_call_until_mended(tmp_path, monkeypatch):
    _settled_at_once(monkeypatch)
    path = tmp_path / "alpha.toml"
    path.write_text(FORM.format(name="alpha", title="甲通知书").replace('kind = "notice"', 'kind = "poem"'),
                    encoding="utf-8")
    assert "alpha.toml" in spec.load_forms(tmp_path)[1]
    assert "alpha.toml" in spec.load_forms(tmp_path)[1]
    path.write_text(FORM.format(name="alpha", title="甲通知书"), encoding="utf-8")
    forms, broken = spec.load_forms(tmp_path)
    assert broken == {} and forms["alpha"].title == "甲通知书"


def test_a_form_changed_within_the_timestamp_granularity_is_still_read_again(tmp_path):
    path = tmp_path / "alpha.toml"
    path.write_text(FORM.format(name="alpha", title="甲通知书"), encoding="utf-8")
    assert spec.load_forms(tmp_path)[0]["alpha"].title == "甲通知书"
    stat = path.stat()
    path.write_text(FORM.format(name="alpha", title="乙通知书"), encoding="utf-8")  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same time
    assert spec.load_forms(tmp_path)[0]["alpha"].title == "乙通知书"


def test_a_catalogue_edited_since_it_was_read_is_read_again(tmp_path, monkeypatch):
    po = tmp_path / "workstation.po"
    monkeypatch.setattr(i18n, "catalogue_path", lambda language: po)
    old = 10**18  # 2001: long settled
    po.write_text('msgid "Cases"\nmsgstr "案件"\n', encoding="utf-8")
    os.utime(po, ns=(old, old))
    later = time.time_ns() + 10 * 10**9
    monkeypatch.setattr(time, "time_ns", lambda: later)  # ten seconds after the file's times: settled
    assert i18n.load_catalogue("xx") == {"Cases": "案件"}
    assert i18n.load_catalogue("xx") is i18n.load_catalogue("xx")  # kept, not decoded again
    po.write_text('msgid "Cases"\nmsgstr "案卷卷"\n', encoding="utf-8")
    os.utime(po, ns=(old, old))  # the same time: the size and the change time tell it
    assert i18n.load_catalogue("xx") == {"Cases": "案卷卷"}


def test_the_command_line_parser_is_built_once_per_language_and_speaks_that_language(english):
    from workstation.cli import _parser
    from workstation.cli_language import argparse_in_user_language

    with argparse_in_user_language():
        english_parser = _parser()
        assert _parser() is english_parser
        assert "show this help message and exit" in english_parser.format_help()
    i18n.set_language("zh_CN")
    try:
        with argparse_in_user_language():
            chinese_parser = _parser()
            assert chinese_parser is not english_parser
            assert "show this help message and exit" not in chinese_parser.format_help()
    finally:
        i18n.set_language("en")
    with argparse_in_user_language():
        assert _parser() is english_parser
