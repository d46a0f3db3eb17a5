import functools
from pathlib import Path

from babel.messages.extract import extract_from_dir

from workstation import i18n

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


@functools.cache
def message_ids() -> frozenset:
    """Every message id of the sources, extracted once per test process (~2.5 s each time)."""
    ids = set()
    for package in ("workstation", "ui"):
        for _file, _line, message, _comments, _context in extract_from_dir(
                ROOT / package, method_map=[("**.py", "python")], keywords=KEYWORDS):
            ids.update(message if isinstance(message, tuple) else (message,))
    return frozenset(ids)


def test_every_ui_string_has_a_chinese_translation():
    catalogue = i18n.read_po(i18n.catalogue_path("zh_CN"))
    ids = message_ids()
    assert len(ids) > 200
    missing = sorted(m for m in ids if not catalogue.get(m))
    assert missing == [], "untranslated (run .ci/update-translations and translate): " + "; ".join(missing)


def test_translations_keep_their_placeholders():
    import string

    catalogue = i18n.read_po(i18n.catalogue_path("zh_CN"))
    fields = lambda text: sorted(f for _lit, f, _spec, _conv in string.Formatter().parse(text) if f)  # noqa: E731
    wrong = [m for m, t in catalogue.items() if fields(m) != fields(t)]
    assert wrong == []


def test_a_file_written_is_said_in_one_wording():
    """Where a file the officer asked for went (a document, an export, a case file, a bundle, a backup, a copy of
    stored evidence) is said one way, ``output.written_text``'s 已写入 <file>。: no other message says it in the
    wordings said before (已保存到 / 已保存至 / 已导出至 / 备份已写入：…; "was written to {path}", "Backup written:
    {path}")."""
    import re

    catalogue = i18n.read_po(i18n.catalogue_path("zh_CN"))
    chinese = re.compile(r"(已保存[到至]|已导出至|已写入)\s*[：:]?\s*\{(path|file)\}")
    english = re.compile(r"(?<!be )(?<!not )\b(saved to \{|written to \{|exported to \{|written: )")
    other = sorted(m for m in message_ids() if m != "{file} written."
                   and (english.search(m) or chinese.search(catalogue.get(m) or "")))
    assert other == []


def test_chinese_is_the_default_and_english_ids_remain_available(monkeypatch):
    monkeypatch.delenv("WORKSTATION_LANG", raising=False)
    try:
        assert i18n.set_language() == "zh_CN"
        assert i18n._("Cases") == "案件"
        assert i18n.set_language("en") == "en"
        assert i18n._("Cases") == "Cases"
    finally:
        i18n.set_language("zh_CN")


def test_no_message_is_translated_inside_an_f_string():
    """pybabel does not extract ``_()`` written inside an f-string, so such a message is never translated."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    inside = re.compile(r"""f(["']).*\{[^}]*(?<![\w.])_\(""")  # {_(…)} and {value or _(…)}
    found = [f"{path.relative_to(root)}:{number}" for folder in ("ui", "workstation")
             for path in sorted((root / folder).rglob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if inside.search(line)]
    assert found == []


def test_the_compiled_catalogue_is_that_of_the_po():
    po = i18n.catalogue_path("zh_CN")
    compiled = i18n.read_compiled(i18n.compiled_path("zh_CN"), po.read_bytes())
    assert compiled is not None, "run .ci/update-translations --compile"
    assert compiled == i18n.read_po(po)
    assert i18n.load_catalogue("zh_CN") == compiled


def test_a_compiled_catalogue_of_another_po_or_damaged_is_not_used(monkeypatch, tmp_path):
    po = tmp_path / "workstation.po"
    po.write_text('msgid "Cases"\nmsgstr "案件"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "catalogue_path", lambda language: po)
    compiled = i18n.compile_catalogue("xx")
    assert compiled == tmp_path / "workstation.cat"
    assert i18n.load_catalogue("xx") == {"Cases": "案件"}
    po.write_text('msgid "Cases"\nmsgstr "案卷"\n', encoding="utf-8")  # edited after compiling
    assert i18n.load_catalogue("xx") == {"Cases": "案卷"}
    i18n.compile_catalogue("xx")
    whole = compiled.read_bytes()
    # damaged, of the same .po: cut short anywhere (a translation cut to its first character too), or with bytes before
    for damaged in (b"", whole[:-1], whole[:-2], whole[:-4], whole[:-6], b"\x00\x00" + whole):
        compiled.write_bytes(damaged)
        assert i18n.load_catalogue("xx") == {"Cases": "案卷"}, damaged
    po.unlink()
    assert i18n.load_catalogue("xx") == {}


def test_a_plural_entry_gives_its_chinese_form_to_both_ids(tmp_path):
    po = tmp_path / "p.po"
    po.write_text('#, python-brace-format\nmsgid "{n} row refused"\nmsgid_plural "{n} rows refused"\n'
                  'msgstr[0] "{n}行"\n"有误"\n\nmsgid "Other"\nmsgstr "其他"\n', encoding="utf-8")
    assert i18n.read_po(po) == {"{n} row refused": "{n}行有误", "{n} rows refused": "{n}行有误", "Other": "其他"}
    assert i18n.ngettext("{rows} row: {imported} imported, {skipped} skipped as stored already, {errors} with errors "
                         "not imported.", "{rows} rows: {imported} imported, {skipped} skipped as stored already, "
                         "{errors} with errors not imported.", 2).startswith("共")
