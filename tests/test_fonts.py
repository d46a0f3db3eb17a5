import io
import shutil
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from workstation.documents import fonts
from workstation.documents.fonts import STYLES, FontError, describe, resolve_fonts
from workstation.errors import WorkstationError

UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")
UKAI = Path("/usr/share/fonts/truetype/arphic/ukai.ttc")
MICROHEI = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
COMPANY = "佛山市喆犇镕赟堃置业有限公司"

pytestmark = pytest.mark.skipif(not all(p.is_file() for p in (UMING, UKAI, MICROHEI)),
                                reason="needs fonts-arphic-uming, fonts-arphic-ukai and fonts-wqy-microhei")


@pytest.fixture(autouse=True)
def _no_windows_fonts(monkeypatch):
    monkeypatch.delenv("WINDIR", raising=False)


@pytest.fixture
def user_fonts(data_dir):
    folder = data_dir / "fonts"
    folder.mkdir()
    return folder


def without_debian(spec, *styles):
    """A copy of candidates.toml in which ``styles`` have no Debian candidate."""
    styles_spec = {}
    for style, entry in spec["styles"].items():
        kept = [c for c in entry["candidates"] if style not in styles or c["source"] != "debian"]
        styles_spec[style] = {**entry, "candidates": kept}
    return {**spec, "styles": styles_spec}


def test_every_style_resolves_to_a_debian_truetype_face_on_this_machine(data_dir):
    fontset = resolve_fonts(data_dir)
    assert set(fontset.faces) == set(STYLES)
    assert {s: (f.family, f.path, f.source) for s, f in fontset.faces.items()} == {
        "song": ("AR PL UMing CN", UMING, "debian"),
        "fangsong": ("AR PL UMing CN", UMING, "debian"),
        "hei": ("WenQuanYi Micro Hei", MICROHEI, "debian"),
        "kai": ("AR PL UKai CN", UKAI, "debian"),
        "title": ("AR PL UMing CN", UMING, "debian"),  # no 小标宋 face: the song face, its documented stand-in
    }
    assert not fontset.faces["song"].fallback and not fontset.faces["hei"].fallback
    assert not fontset.faces["kai"].fallback


def test_every_resolved_face_is_embedded_in_a_pdf(data_dir):
    fontset = resolve_fonts(data_dir)
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for y, style in enumerate(STYLES):
        x = 72
        for name, text in fontset.runs(style, COMPANY):
            pdf.setFont(name, 16)
            pdf.drawString(x, 700 - 30 * y, text)
            x += pdf.stringWidth(text, name, 16)
    pdf.save()
    data = out.getvalue()
    assert data.count(b"/FontFile2") >= 3  # UMing, WenQuanYi and UKai, each embedded as a TrueType subset
    for face in ("UMingCN", "WenQuanYiMicroHei", "UKaiCN"):
        assert face.encode() in data


def test_fangsong_falls_back_to_uming_with_a_warning_naming_the_file_to_add(data_dir):
    fontset = resolve_fonts(data_dir)
    fangsong = fontset.faces["fangsong"]
    assert fangsong.fallback and fangsong.family == "AR PL UMing CN"
    warning = fontset.style_warnings["fangsong"]
    assert "simfang.ttf" in warning and str(data_dir / "fonts") in warning and "AR PL UMing CN" in warning
    assert warning in fontset.warnings
    assert set(fontset.style_warnings) == {"fangsong"}


def test_fallback_warning_reads_in_english_too(data_dir, english):
    warning = resolve_fonts(data_dir).style_warnings["fangsong"]
    assert warning.startswith("No FangSong face is installed, so FangSong text uses AR PL UMing CN")


def test_a_font_named_in_candidates_toml_in_the_user_folder_takes_precedence(data_dir, user_fonts):
    shutil.copyfile(UMING, user_fonts / "FangSong.ttc")  # a listed name (case is ignored)
    fontset = resolve_fonts(data_dir)
    fangsong = fontset.faces["fangsong"]
    assert (fangsong.source, fangsong.path) == ("user", user_fonts / "FangSong.ttc")
    # it is still UMing, not a FangSong face: served, but said so
    assert fangsong.fallback and str(user_fonts / "FangSong.ttc") in fontset.style_warnings["fangsong"]
    assert fangsong.name != "UMingCN"  # registered apart from the Debian copy of the same face


def test_any_user_font_whose_family_serves_a_style_is_taken_whatever_its_file_name(data_dir, user_fonts):
    shutil.copyfile(MICROHEI, user_fonts / "my heading font.ttc")
    fontset = resolve_fonts(data_dir)
    hei = fontset.faces["hei"]
    assert (hei.source, hei.path, hei.fallback) == ("user", user_fonts / "my heading font.ttc", False)
    assert fontset.faces["song"].source == "debian"


def test_windows_fonts_come_before_the_user_folder(data_dir, user_fonts, tmp_path, monkeypatch):
    windows_fonts = tmp_path / "Windows" / "Fonts"
    windows_fonts.mkdir(parents=True)
    shutil.copyfile(MICROHEI, windows_fonts / "SIMHEI.TTF")  # reportlab reads the header, not the name
    shutil.copyfile(MICROHEI, user_fonts / "simhei.ttf")
    monkeypatch.setenv("WINDIR", str(tmp_path / "Windows"))
    hei = resolve_fonts(data_dir).faces["hei"]
    assert (hei.source, hei.path) == ("windows", windows_fonts / "SIMHEI.TTF")


def test_an_unreadable_font_file_in_the_user_folder_is_skipped_with_a_warning(data_dir, user_fonts):
    broken = user_fonts / "simfang.ttf"
    broken.write_text("this is not a font", encoding="utf-8")
    fontset = resolve_fonts(data_dir)
    assert fontset.faces["fangsong"].path == UMING
    about_it = [w for w in fontset.warnings if str(broken) in w]
    assert len(about_it) == 1


def test_a_cff_font_is_refused_and_the_warning_says_why(data_dir, user_fonts, english):
    (user_fonts / "simfang.ttf").write_bytes(b"OTTO" + bytes(64))
    warnings = resolve_fonts(data_dir).warnings
    assert any("simfang.ttf" in w and "PostScript (CFF)" in w for w in warnings)


def test_when_no_face_is_usable_a_font_error_names_the_broken_file(data_dir, user_fonts, monkeypatch):
    spec = without_debian(fonts.font_spec(), *STYLES)
    monkeypatch.setattr(fonts, "font_spec", lambda: spec)
    broken = user_fonts / "simsun.ttc"
    broken.write_bytes(b"\0\1\0\0" + bytes(3))
    with pytest.raises(FontError) as caught:
        resolve_fonts(data_dir)
    assert isinstance(caught.value, WorkstationError)
    assert str(broken) in str(caught.value) and str(user_fonts) in str(caught.value)


def test_a_style_without_a_face_of_its_own_borrows_one_with_a_warning(data_dir, monkeypatch):
    spec = without_debian(fonts.font_spec(), "kai")
    monkeypatch.setattr(fonts, "font_spec", lambda: spec)
    fontset = resolve_fonts(data_dir)
    kai = fontset.faces["kai"]
    assert kai.fallback and kai.family == fontset.faces["fangsong"].family
    assert "fonts-arphic-ukai" in fontset.style_warnings["kai"]


def test_resolution_is_cached_until_the_user_folder_changes(data_dir, user_fonts):
    first = resolve_fonts(data_dir)
    assert resolve_fonts(data_dir) is first
    shutil.copyfile(MICROHEI, user_fonts / "hei.ttc")
    second = resolve_fonts(data_dir)
    assert second is not first and second.faces["hei"].source == "user"


def test_runs_never_draw_a_character_from_a_face_lacking_it(data_dir):
    fontset = resolve_fonts(data_dir)
    song, hei = fontset.name("song"), fontset.name("hei")
    # an ideograph WenQuanYi has and UMing lacks (UMing lacks about 2,000 of them)
    lacking = next(c for c in sorted(fontset.chars[hei]) if "\u4e00" <= c <= "\u9fff" and c not in fontset.chars[song])
    text = f"当事人：{COMPANY}{lacking}（统一社会信用代码：91440604MA51ABCD2X）"
    for style in STYLES:
        runs = fontset.runs(style, text)
        assert "".join(part for _name, part in runs) == text
        for name, part in runs:
            assert set(part) <= fontset.chars[name], (style, name, part)
        assert all(a[0] != b[0] for a, b in zip(runs, runs[1:], strict=False))  # neighbours merged
    assert fontset.face_for("song", lacking) == hei
    assert fontset.uncovered(text) == ""


def test_the_company_name_is_drawn_from_the_styles_own_face_where_it_has_every_character(data_dir):
    fontset = resolve_fonts(data_dir)
    assert fontset.runs("fangsong", COMPANY) == [(fontset.name("fangsong"), COMPANY)]


def test_a_character_no_face_has_is_reported_and_drawn_from_the_styles_face(data_dir):
    fontset = resolve_fonts(data_dir)
    nowhere = "\U0010fffd"  # a private-use code point no installed face maps
    assert fontset.uncovered(f"甲{nowhere}乙") == nowhere
    assert fontset.face_for("kai", nowhere) == fontset.name("kai")
    assert nowhere in fontset.missing


def test_describe_lists_the_four_styles_with_their_faces(data_dir):
    rows = describe(resolve_fonts(data_dir))
    assert [row["style"] for row in rows] == list(STYLES)
    by_style = {row["style"]: row for row in rows}
    assert by_style["fangsong"]["fallback"] is True and by_style["fangsong"]["warning"]
    assert by_style["song"] == {**by_style["song"], "face": "AR PL UMing CN", "file": str(UMING),
                                "source": "debian", "fallback": False, "warning": ""}
    assert by_style["hei"]["label"] == "黑体"


# ---- faces are parsed and registered with reportlab when first drawn or measured, not when resolved

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.fixture
def fresh_process(monkeypatch):
    """The font caches and reportlab's font registry as a new process has them (restored afterwards); returns
    the names of the faces registered since."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for cache in ("_PROBED", "_LOADED", "_FAMILIES", "_FONTSETS"):
        monkeypatch.setattr(fonts, cache, {}, raising=False)
    monkeypatch.setattr(pdfmetrics, "_fonts", {})
    return lambda: {name for name in pdfmetrics.getRegisteredFontNames()
                    if isinstance(pdfmetrics.getFont(name), TTFont)}


def test_resolving_and_listing_the_fonts_loads_no_face(data_dir, fresh_process):
    rows = describe(resolve_fonts(data_dir))
    assert {row["name"] for row in rows} == {"UMingCN", "WenQuanYiMicroHei", "UKaiCN"}
    assert fresh_process() == set()


def test_a_document_in_the_song_face_loads_no_other_face_and_comes_out_the_same(data_dir, fresh_process):
    from workstation.documents.blocks import Document, Paragraph
    from workstation.documents.pdf_writer import render_pdf

    document = Document("责令改正通知书", (Paragraph.of("责令改正通知书", "title"),
                                            Paragraph.of(f"{COMPANY}：你单位于2026年5月11日前改正。", "agency")))
    fontset = resolve_fonts(data_dir)
    lazily = render_pdf(document, fontset).data
    assert fresh_process() == {fontset.faces["song"].name} == {"UMingCN"}
    for name in fontset.chars:  # every face loaded, as resolving did before
        fontset.chars[name]  # noqa: B018
    assert fresh_process() == {"UMingCN", "WenQuanYiMicroHei", "UKaiCN"}
    assert render_pdf(document, fontset).data == lazily


def test_a_charts_labels_load_only_the_hei_face(data_dir, fresh_process):
    from workstation.reports.charts import label_face

    fontset = resolve_fonts(data_dir)
    assert label_face(fontset, "禅城区南海区顺德区0123456789") == "WenQuanYiMicroHei"
    assert fresh_process() == {"WenQuanYiMicroHei"}


@pytest.mark.skipif(not DEJAVU.is_file(), reason="needs fonts-dejavu-core")
def test_a_face_damaged_past_its_header_fails_where_first_used_naming_the_file_then_is_skipped(
        data_dir, user_fonts, english):
    from workstation.documents.blocks import Document, Paragraph
    from workstation.documents.pdf_writer import render_pdf

    data = bytearray(DEJAVU.read_bytes())
    tables = {bytes(data[12 + 16 * i:16 + 16 * i]): 12 + 16 * i for i in range(int.from_bytes(data[4:6], "big"))}
    cmap = int.from_bytes(data[tables[b"cmap"] + 8:tables[b"cmap"] + 12], "big")
    data[cmap + 2:cmap + 4] = bytes(2)  # no character map at all: only parsing the whole face finds out
    broken = user_fonts / "simfang.ttf"
    broken.write_bytes(data)
    fontset = resolve_fonts(data_dir)
    assert fontset.faces["fangsong"].path == broken  # its header tables are sound

    with pytest.raises(FontError) as caught:
        render_pdf(Document("询问通知书", (Paragraph.of("请于5月11日到我局接受询问。", "body"),)), fontset)
    assert str(caught.value).startswith(f"Font file {broken} cannot be used: it is damaged or not a TrueType font")
    assert "replace it with a working copy or remove it" in str(caught.value)

    again = resolve_fonts(data_dir)  # the file is skipped as if resolving had found the damage
    assert again.faces["fangsong"].path == UMING
    about_it = [w for w in again.warnings if str(broken) in w]
    assert len(about_it) == 1 and about_it[0].startswith(f"Font file {broken} was skipped: it is damaged")
