"""Two PDFs made at once on two threads — the document editor renders its preview on a thread of its own while
the officer issues, prints or saves on the window's — embed their glyphs one after the other: reportlab reads a
face's file through one cursor, and the faces are shared by the whole process. Made at once they read each
other's glyphs: the issue failed with a KeyError now and then, or embedded other bytes than the same document
made alone (seen as a random failure of the interview tests while the editor's preview was rendering)."""

import threading
from pathlib import Path

import pytest
from reportlab.pdfbase import ttfonts

from workstation.documents.blocks import Document, Paragraph
from workstation.documents.casefile import _stamps
from workstation.documents.fonts import resolve_fonts
from workstation.documents.pdf_writer import render_pdf

UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")

pytestmark = pytest.mark.skipif(not UMING.is_file(), reason="needs fonts-arphic-uming")

# ㉑ and ㎡ are drawn from other glyphs (composite glyphs), whose parts subsetting looks up through the cursor
TEXT = "约谈纪要：当事人承诺于5月11日前完成整改，㉑号房屋面积120㎡。"


@pytest.fixture(autouse=True)
def _no_windows_fonts(monkeypatch):
    monkeypatch.delenv("WINDIR", raising=False)


GRACE = 1.0  # seconds the second PDF is given to get into the embedding while the first one is in it


def made_while_another_embeds(monkeypatch, make) -> tuple[int, list[bytes | None]]:
    """``make()`` here, and again on a second thread started once the first embeds its glyphs (reportlab's
    subsetting, watched and called through), the first held there until the second is done or ``GRACE`` has
    passed. The most PDFs seen embedding at one moment, and the two outputs."""
    original = ttfonts.TTFontFace.makeSubset
    lock, inside, most = threading.Lock(), [0], [0]
    second: list[threading.Thread] = []
    outputs: dict[str, bytes] = {}
    second_done = threading.Event()

    def make_second() -> None:
        outputs["second"] = make()
        second_done.set()

    def watched(face, subset):
        with lock:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
            first = not second
            if first:
                second.append(threading.Thread(target=make_second))
        try:
            if first:
                second[0].start()
                second_done.wait(GRACE)
            return original(face, subset)
        finally:
            with lock:
                inside[0] -= 1

    monkeypatch.setattr(ttfonts.TTFontFace, "makeSubset", watched)
    outputs["first"] = make()
    second[0].join(30)
    return most[0], [outputs.get("first"), outputs.get("second")]


def test_a_pdf_made_while_another_embeds_its_glyphs_waits_and_comes_out_the_same(data_dir, monkeypatch):
    fonts = resolve_fonts(data_dir)
    document = Document("约谈纪要", (Paragraph.of(TEXT),))
    alone = render_pdf(document, fonts).data

    most, outputs = made_while_another_embeds(monkeypatch, lambda: render_pdf(document, fonts).data)
    assert most == 1  # one PDF embedding at a time: the second waited for the first
    assert outputs == [alone, alone]


def test_the_case_files_page_numbers_wait_too(data_dir, monkeypatch):
    resolve_fonts(data_dir)
    alone = _stamps([(595, 842)], 7)

    most, outputs = made_while_another_embeds(monkeypatch, lambda: _stamps([(595, 842)], 7))
    assert most == 1
    assert outputs == [alone, alone]
