"""The DOCX names the faces of the official layout (仿宋_GB2312, 方正小标宋简体, 宋体, 黑体, 楷体_GB2312), which a reader's
machine may lack — Windows has shipped 仿宋 and 楷体 instead of the _GB2312 faces since Vista. Its font table declares
each of them as a Simplified Chinese face with the face Word and WPS look for instead, so that the text is not set in
a substitute of the reader's own choosing; read back from the DOCX's fontTable.xml."""

import io
import zipfile

import pytest
from lxml import etree

from tests.rendering import case_draft, docx_of
from tests.test_docx_writer import sample
from workstation.documents.blocks import layout

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
CASE = "佛南市监立〔2026〕1号"


def parts(data: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {
            name: etree.fromstring(package.read(name))
            for name in package.namelist()
            if name.startswith("word/") and name.endswith(".xml")
        }


def font_table(data: bytes) -> dict[str, list[tuple[str, str | None]]]:
    """Each declared face's children in order, as (tag, w:val)."""
    table = parts(data)["word/fontTable.xml"]
    return {
        font.get(f"{{{W}}}name"): [(etree.QName(child).localname, child.get(f"{{{W}}}val")) for child in font]
        for font in table.findall("w:font", NS)
    }


def named_faces(data: bytes) -> set[str]:
    """Every face the styles, the runs and the footers of the DOCX name, East Asian and Western."""
    names = set()
    for part in parts(data).values():
        for fonts in part.iter(f"{{{W}}}rFonts"):
            names |= {fonts.get(f"{{{W}}}{side}") for side in ("eastAsia", "ascii", "hAnsi")} - {None}
    return names


def test_every_face_of_the_layout_is_declared_a_simplified_chinese_face():
    declared = font_table(docx_of(sample()))
    for face in {spec["docx_font"] for spec in layout()["styles"].values()}:
        assert ("charset", "86") in declared[face], face  # 86: GB2312_CHARSET


def test_the_legacy_faces_point_the_reader_at_the_faces_windows_has():
    declared = font_table(docx_of(sample()))
    assert declared["仿宋_GB2312"] == [("altName", "仿宋"), ("charset", "86")]  # the body, in schema order
    assert declared["楷体_GB2312"][0] == ("altName", "楷体")
    assert declared["方正小标宋简体"][0] == ("altName", "宋体")  # the title: proprietary, no Windows has it
    assert declared["宋体"][0] == ("altName", "SimSun") and declared["黑体"][0] == ("altName", "SimHei")
    assert declared["Times New Roman"]  # the template's own entries stay


@pytest.mark.parametrize("form_id", ["penalty_decision", "inquiry_record", "closing_approval", "file_index"])
def test_a_forms_docx_declares_every_face_it_names(read_demo_db, form_id):
    data = docx_of(case_draft(read_demo_db, CASE, form_id))
    declared = font_table(data)
    chinese = {face for face in named_faces(data) if not face.isascii()}
    assert {"仿宋_GB2312", "宋体"} <= chinese
    assert all(("charset", "86") in declared.get(face, []) for face in chinese), chinese - declared.keys()
