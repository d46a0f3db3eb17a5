"""The printing and fonts audit (s61): Print in the document editor puts the pages on the paper at their true size
(whatever the printer's margins), only those of the range chosen, at no more than 600 dpi, off the GUI thread with a
progress dialog whose Cancel stops it; the print dialog offers the document's pages; characters pasted from Word or
the web that show nothing (soft hyphen, zero-width spaces, variation selectors) are not printed; a font file copied
in but damaged is said where the officer looks (the editor, ``docs render``, the Documents page), and the Documents
page says that titles are set in the Song face; a line never starts with a full-width space and closing punctuation."""

from __future__ import annotations

import json
import threading

import pytest
from pypdf import PdfReader

from PySide6.QtCore import QMarginsF, QSize, QTimer
from PySide6.QtGui import QImage, QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from tests.helpers import pdf_text, run
from workstation.documents.glyphs import document_missing_glyphs, printable, xml_text
from workstation.documents.linebreak import break_lines, check_lines
from workstation.store import find_case

CASE = "佛南市监立〔2026〕9号"  # demo case under investigation: its 责令改正通知书 is two pages
MM = 72 / 25.4


def _printer(path, mode=QPrinter.PrinterMode.ScreenResolution, margins=None) -> QPrinter:
    printer = QPrinter(mode)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    if margins is not None:
        printer.setPageMargins(QMarginsF(*margins), QPageLayout.Unit.Millimeter)
    return printer


def _page_image(document: QPdfDocument, index: int, scale: float = 2.0) -> QImage:
    """Page ``index`` of ``document`` on white at ``scale`` pixels a point, in grey."""
    size = document.pagePointSize(index)
    raw = document.render(index, QSize(round(size.width() * scale), round(size.height() * scale)))
    image = QImage(raw.size(), QImage.Format.Format_RGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    painter.drawImage(0, 0, raw)
    painter.end()
    return image.convertToFormat(QImage.Format.Format_Grayscale8)


def _ink(image: QImage, scale: float = 2.0) -> tuple[float, float, float, float]:
    """The margins around what is printed on ``image`` (left, right, top, bottom) in mm."""
    from PIL import Image, ImageOps

    pil = Image.frombuffer("L", (image.bytesPerLine(), image.height()), bytes(image.constBits()), "raw", "L", 0,
                           1).crop((0, 0, image.width(), image.height()))
    box = ImageOps.invert(pil).point(lambda v: 255 if v > 100 else 0).getbbox()
    assert box, "nothing printed"
    return (box[0] / scale / MM, (image.width() - box[2]) / scale / MM, box[1] / scale / MM,
            (image.height() - box[3]) / scale / MM)


def _loaded(path) -> QPdfDocument:
    document = QPdfDocument()
    document.load(str(path))
    return document


@pytest.fixture
def two_pages(demo_db, opened):
    ed = opened(demo_db, "rectification_order", find_case(demo_db, CASE))
    ed.wait_for_preview()
    assert ed.pages == ed.pdf.pageCount() == 2
    return ed


# ---- 1. printing: true size, page range, resolution, progress and Cancel ------------------------------------------

@pytest.mark.parametrize("margins", [None, (6.35, 6.35, 6.35, 6.35)])
def test_print_puts_the_pages_on_a4_at_their_true_size_whatever_the_printers_margins(two_pages, tmp_path, margins):
    out = tmp_path / "printed.pdf"
    assert two_pages.print_to(_printer(out, margins=margins)) == 2
    printed = _loaded(out)
    assert printed.pageCount() == 2
    for index in range(2):
        size = printed.pagePointSize(index)
        assert abs(size.width() - 595.3) < 1 and abs(size.height() - 841.9) < 1  # A4
        want = _ink(_page_image(two_pages.pdf, index))
        got = _ink(_page_image(printed, index))
        assert all(abs(a - b) <= 1.0 for a, b in zip(want, got, strict=True)), (want, got)  # ±1 mm, 1:1


def _difference(a: QImage, b: QImage) -> float:
    from PIL import Image, ImageChops, ImageStat

    def pil(image):
        return Image.frombuffer("L", (image.bytesPerLine(), image.height()), bytes(image.constBits()), "raw", "L",
                                0, 1).crop((0, 0, image.width(), image.height()))

    return ImageStat.Stat(ImageChops.difference(pil(a), pil(b))).mean[0]


def test_print_prints_only_the_pages_of_the_range_chosen(two_pages, tmp_path):
    out = tmp_path / "range.pdf"
    printer = _printer(out)
    printer.setFromTo(2, 2)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    assert two_pages.print_to(printer) == 1
    printed = _loaded(out)
    assert printed.pageCount() == 1
    shown = _page_image(printed, 0, 0.5)
    second, first = _page_image(two_pages.pdf, 1, 0.5), _page_image(two_pages.pdf, 0, 0.5)
    assert _difference(shown, second) * 5 < _difference(shown, first)


def test_a_page_range_beyond_the_document_is_refused_naming_its_pages(two_pages, tmp_path, prompts, english):
    out = tmp_path / "none.pdf"
    printer = _printer(out)
    printer.setFromTo(3, 4)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    assert two_pages.print_to(printer) == 0
    assert prompts.errors == ["Pages 3 to 4 are not in the document, whose last page is 2. Choose pages from 1 to 2."]
    assert not out.exists()


def test_a_high_resolution_printer_gets_the_pages_rendered_at_600_dpi(two_pages, tmp_path):
    out = tmp_path / "hires.pdf"
    printer = _printer(out, QPrinter.PrinterMode.HighResolution)
    assert printer.resolution() == 1200
    printer.setFromTo(1, 1)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    assert two_pages.print_to(printer) == 1
    page = PdfReader(str(out)).pages[0]
    widths = [obj.get_object()["/Width"] for obj in page["/Resources"]["/XObject"].values()]
    assert widths and max(widths) == round(595.2756 * 600 / 72)  # A4's width at 600 dpi, not at 1200


def test_the_print_dialog_offers_the_documents_pages(two_pages, tmp_path, monkeypatch):
    seen = {}

    def exec_(dialog):
        seen.update(pages=(dialog.minPage(), dialog.maxPage()),
                    page_size=dialog.printer().pageLayout().pageSize().id())
        return 0  # the officer closes it

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    assert two_pages.print_document() == 0
    from PySide6.QtGui import QPageSize

    assert seen == {"pages": (1, 2), "page_size": QPageSize.PageSizeId.A4}


class _Host(QWidget):
    """A window with a task runner, as the main window has (``MainWindow.runner``)."""

    def __init__(self):
        super().__init__()
        from ui.task_runner import TaskRunner

        self.runner = TaskRunner(self)


def test_the_pages_are_rendered_off_the_gui_thread_and_the_window_goes_on_meanwhile(demo_db, data_dir, prompts,
                                                                                  qtbot, tmp_path, monkeypatch):
    from ui.form_editor import FormEditor
    from workstation.documents.drafts import find_form

    host = _Host()
    qtbot.addWidget(host)
    ed = FormEditor(demo_db, data_dir, find_case(demo_db, CASE), find_form("rectification_order"), prompts,
                    parent=host)
    try:
        ed.wait_for_preview()
        threads = []
        render = QPdfDocument.render

        def rendering(document, *args):  # the real rendering, noting the thread it runs on
            threads.append(threading.current_thread())
            return render(document, *args)

        monkeypatch.setattr(QPdfDocument, "render", rendering)
        ticks = []
        timer = QTimer()
        timer.timeout.connect(lambda: ticks.append(1))
        timer.start(0)  # events handled while the pages are printed: the window is not frozen
        out = tmp_path / "printed.pdf"
        assert ed.print_to(_printer(out)) == 2
        timer.stop()
        assert len(PdfReader(str(out)).pages) == 2 and prompts.errors == []
        assert len(threads) == 2 and threading.main_thread() not in threads
        assert ticks
    finally:
        ed.shutdown()
        host.runner.wait()


@pytest.mark.parametrize("threaded", [False, True])
def test_cancel_in_the_progress_dialog_stops_printing(demo_db, data_dir, prompts, qtbot, tmp_path, english,
                                                       threaded):
    from ui.form_editor import FormEditor
    from workstation.documents.drafts import find_form

    host = _Host() if threaded else None
    if host is not None:
        qtbot.addWidget(host)
    ed = FormEditor(demo_db, data_dir, find_case(demo_db, CASE), find_form("rectification_order"), prompts,
                    parent=host)
    try:
        ed.wait_for_preview()
        out = tmp_path / "printed.pdf"
        pressed = []

        def press_cancel():
            dialog = ed.findChild(QProgressDialog, "printing")
            if dialog is not None and not pressed:
                pressed.append(dialog.labelText())
                dialog.findChild(QPushButton).click()

        timer = QTimer()
        timer.timeout.connect(press_cancel)
        timer.start(0)
        printed = ed.print_to(_printer(out))
        timer.stop()
        # without a task runner the pages are drawn as rendered, Cancel heard between them: after the first
        assert pressed and (threaded or pressed == ["Printing page 2 of 2…"])
        assert printed < 2 and prompts.errors == []
        assert len(PdfReader(str(out)).pages) == max(printed, 1)  # a file cannot be taken back: what was printed
        assert ed.statusBar().currentMessage() == "Printing cancelled."
    finally:
        ed.shutdown()
        if host is not None:
            host.runner.wait()


# ---- 2. characters that show nothing are not printed ---------------------------------------------------------------

@pytest.mark.parametrize("written, printed", [
    ("葛氏贸易\u00ad有限公司", "葛氏贸易有限公司"),  # a soft hyphen from Word
    ("葛\U000E0100氏", "葛氏"),  # an ideographic variation selector
    ("佛山\u200b市\u200c禅\u200d城\u200e区\u200f某\u2060店\ufeff", "佛山市禅城区某店"),  # zero-width, marks, BOM
    ("葛\ufe00氏", "葛氏"),  # a standardized variation selector after a character
    ("\u2122\ufe0f", "\u2122"),  # ™ asked as an emoji: printed as the sign it is
    ("好\u2764\ufe0f", "好\u2764\ufe0f"),  # an emoji keeps its selector (refused all the same)
    ("\U0001F468\u200d\U0001F469", "\U0001F468\u200d\U0001F469"),  # as an emoji sequence keeps its joiner
])
def test_characters_that_show_nothing_are_left_out_of_both_writers(written, printed):
    assert printable(written) == printed
    assert xml_text(written) == printed


def test_a_soft_hyphen_and_a_variation_selector_pasted_into_a_name_print_nothing(demo_db, data_dir, tmp_path,
                                                                               capsys):
    values = tmp_path / "values.json"
    values.write_text(json.dumps({"party_name": "葛\U000E0100氏贸易\u00ad有限公司"}, ensure_ascii=False), "utf-8")
    out = tmp_path / "x.pdf"
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", CASE, "--form", "materials_order",
                          "--values", values, "-o", out)
    assert code == 0, err
    text = pdf_text(out.read_bytes())
    assert "葛氏贸易有限公司" in text and "\u00ad" not in text
    assert "U+E0100" not in err and "E0100" not in err  # no blank box to warn of


def test_a_document_with_a_variation_selector_has_no_missing_glyph(demo_db):
    from workstation.documents.compose import compose
    from workstation.documents.drafts import find_form

    form = find_form("materials_order")
    document = compose(form, {"party_name": "葛\U000E0100氏贸易有限公司"}, agency="佛山市南海区市场监督管理局",
                       case_number=CASE, date="2026-12-01")
    assert document_missing_glyphs(document) == []


# ---- 3. a damaged font file is said where the officer looks --------------------------------------------------------

@pytest.fixture
def damaged_simfang(data_dir):
    (data_dir / "fonts").mkdir(exist_ok=True)
    path = data_dir / "fonts" / "simfang.ttf"
    path.write_bytes(bytes(range(256)) * 20)  # not a font
    return path


def test_the_stand_in_note_says_the_damaged_file_was_skipped(damaged_simfang, english):
    from workstation.documents.fonts import resolve_fonts, stand_in_note

    note = stand_in_note(resolve_fonts(damaged_simfang.parent.parent), damaged_simfang.parent)
    assert note.startswith(f"Font file {damaged_simfang} was skipped: ")
    assert "Put the official fonts (simfang.ttf)" in note


def test_the_editor_says_the_damaged_font_file(demo_db, damaged_simfang, opened, english):
    ed = opened(demo_db, "rectification_order", find_case(demo_db, CASE))
    assert f"Font file {damaged_simfang} was skipped" in ed.fonts_note.text()
    assert not ed.fonts_note.isHidden()


def test_docs_render_warns_of_the_damaged_font_file(demo_db, data_dir, damaged_simfang, tmp_path, capsys, english):
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", CASE, "--form", "materials_order",
                          "-o", tmp_path / "x.pdf")
    assert code == 0, err
    assert f"Font file {damaged_simfang} was skipped" in err


def test_the_documents_page_says_the_damaged_file_and_the_title_face(data_dir, damaged_simfang, qtbot, english):
    from ui.documents_page import DocumentsPage

    page = DocumentsPage(data_dir)
    qtbot.addWidget(page)
    assert f"Font file {damaged_simfang} was skipped" in page.fonts_skipped.text()
    assert not page.fonts_skipped.isHidden()
    model = page.fonts_model
    rows = {model.index(row, 0).data(): model.index(row, model.columnCount() - 1).data()
            for row in range(model.rowCount())}
    assert rows["XiaoBiaoSong"].startswith("No XiaoBiaoSong face is installed, so XiaoBiaoSong text uses the Song face")


# ---- 4. a full-width space before closing punctuation --------------------------------------------------------------

def _width(text: str) -> float:
    return float(len(text))


def test_a_line_never_starts_with_a_full_width_space_and_closing_punctuation():
    lines = break_lines("甲乙丙丁戊己庚辛一百条\u3000。其后还有", 12, _width)
    assert not any(line.startswith("\u3000。") for line in lines), lines
    assert lines == ["甲乙丙丁戊己庚辛一百", "条\u3000。其后还有"]
    assert check_lines(["甲乙丙", "\u3000。丁"]) != []  # the check sees it too


# ---- 5. final read: Cancel heard while the print waits behind other work --------------------------------------------

def test_cancel_is_heard_while_printing_waits_behind_a_write(demo_db, data_dir, prompts, qtbot, tmp_path, english):
    from ui.form_editor import FormEditor
    from workstation.documents.drafts import find_form

    host = _Host()
    qtbot.addWidget(host)
    ed = FormEditor(demo_db, data_dir, find_case(demo_db, CASE), find_form("rectification_order"), prompts,
                    parent=host)
    release = threading.Event()
    ended = []
    try:
        ed.wait_for_preview()

        def write(progress, cancel):  # a write queued before the print: the print's reading waits at the gate
            release.wait(10)

        host.runner.start("a write", write, lambda _r: ended.append(1), lambda _e: ended.append(1), lambda *_a: None)
        pressed = []

        def press_cancel():
            dialog = ed.findChild(QProgressDialog, "printing")
            if dialog is not None and not pressed:
                pressed.append(True)
                dialog.findChild(QPushButton).click()

        timer = QTimer()
        timer.timeout.connect(press_cancel)
        timer.start(0)
        QTimer.singleShot(5000, release.set)  # without Cancel heard, the print ends once the write has
        printed = ed.print_to(_printer(tmp_path / "printed.pdf"))
        timer.stop()
        assert not release.is_set()  # ended on Cancel, the write still running
        assert pressed and printed == 0 and prompts.errors == []
        assert ed.statusBar().currentMessage() == "Printing cancelled."
    finally:
        release.set()
        ed.shutdown()
        host.runner.wait()
        qtbot.waitUntil(lambda: bool(ended))  # the write's end handled before its window goes
