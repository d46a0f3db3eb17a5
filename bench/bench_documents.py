"""Benchmark: rendering 行政处罚决定书 to PDF against a bare reportlab canvas drawing the same lines.

Target (issue 3, "Numbers"): 200 行政处罚决定书 rendered in one process, per document within 1.5× of a bare
reportlab canvas drawing the same lines with the same fonts; at least 4× faster than LibreOffice's batch
conversion of the same DOCX files where LibreOffice is installed; peak memory under 300 MB.

- subject: ``render_pdf(document, fonts)`` of a realistic two-page decision (agency, title, 文号, party table,
  15 paragraphs of facts, evidence, legal basis and the decision with amounts in figures and 大写, signature
  and date), N times (default 200);
- baseline: the very lines and table rules of that document, laid out once untimed by the writer's own page
  flow, drawn N times with ``canvas.drawString`` (character spacing of justified lines passed to it) and
  ``canvas.line`` in the same faces, same canvas options (A4, compressed, invariant), fonts embedded as
  subsets alike;
- informational: the subject with its paragraphs laid out anew each time (the lines ``pdf_layout`` keeps from one
  rendering to the next forgotten first): N different decisions rather than one N times;
- informational: LibreOffice (``soffice --headless --convert-to pdf``) converting the DOCX of the same
  document N times in one batch, only when ``soffice`` is on PATH.

Baseline and subject samples alternate, best of R (default 5); ratio = subject / baseline per document.
Peak memory = the process's maximum resident set size after all samples (``resource.getrusage``).

    .venv/bin/python bench/bench_documents.py [--docs N] [--quick] [--repeat R] [--profile]

Exit 0 when within target, 1 when not.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

TARGET = 1.5
LIBREOFFICE_FACTOR = 4.0
MEMORY_MB = 300
PARTY = "佛山市喆犇镕赟堃置业有限公司"

FACTS = [
    "2026年3月5日，本局执法人员根据12345热线转办的投诉线索，对当事人位于佛山市南海区桂城街道海五路28号的售楼部"
    "进行现场检查，发现其电脑中存有购房意向客户的姓名、手机号码等信息共计3,200条。",
    "经查，当事人自2025年3月起，未经消费者同意收集其个人信息，并委托他人向上述客户发送楼盘推广短信息，累计发送"
    "商业性短信息18,176条。",
    "当事人购买他人提供的“业主名单”5,000条用于电话营销，支付费用人民币叁仟元整（¥3,000.00）。",
    "上述事实，有现场笔录、询问笔录、电子数据证据提取笔录、短信发送记录等证据证实，足以认定。",
]
BASIS = [
    "本局认为，当事人的行为违反了《中华人民共和国消费者权益保护法》第二十九条第一款、第三款的规定，构成侵害消费者"
    "个人信息依法得到保护的权利的违法行为。",
    "本局于2026年4月10日向当事人送达了《行政处罚告知书》（佛南市监罚告〔2026〕15号），当事人在法定期限内未提出"
    "陈述、申辩，亦未要求听证。",
    "鉴于当事人积极配合调查，主动删除所收集的个人信息，依法可以从轻处罚。",
]
DECISION = [
    "依据《中华人民共和国消费者权益保护法》第五十六条第一款第（九）项的规定，本局决定对当事人作出如下行政处罚：",
    "1.责令改正；",
    "2.警告；",
]
AFTER = [
    "当事人应当自收到本决定书之日起十五日内缴纳罚款。到期不缴纳的，本局可以每日按罚款数额的百分之三加处罚款。",
    "当事人如不服本决定，可以在收到本决定书之日起六十日内向佛山市南海区人民政府申请行政复议，也可以在六个月内"
    "依法向佛山市南海区人民法院提起行政诉讼。",
]


def decision_document():
    """A realistic two-page 行政处罚决定书 as document blocks."""
    from workstation.documents.blocks import Cell, Document, Paragraph, Row, Run, Spacer, Table

    party = Table((
        Row((Cell.of("当事人", "cell_label"), Cell.of(PARTY, colspan=3))),
        Row((Cell.of("统一社会信用代码", "cell_label"), Cell.of("91440605MA5F6D7A4N"),
             Cell.of("法定代表人", "cell_label"), Cell.of("张三"))),
        Row((Cell.of("住所", "cell_label"), Cell.of("佛山市南海区桂城街道海五路28号华南国际金融中心1座2501室",
                                                    colspan=3))),
    ), (0.22, 0.34, 0.18, 0.26))
    amount = Paragraph((Run("3.罚款"), Run("人民币壹拾捌万玖仟元整", underline=True), Run("（¥189,000.00）。")))
    blocks = (
        Paragraph.of("佛山市南海区市场监督管理局", "agency"),
        Paragraph.of("行政处罚决定书", "title"),
        Paragraph.of("佛南市监处〔2026〕19号", "number"),
        party,
        Spacer(0.5),
        Paragraph.of("一、违法事实", "heading1", keep_with_next=True),
        *(Paragraph.of(text) for text in FACTS),
        Paragraph.of("二、处罚依据", "heading1", keep_with_next=True),
        *(Paragraph.of(text) for text in BASIS),
        Paragraph.of("三、处罚决定", "heading1", keep_with_next=True),
        *(Paragraph.of(text) for text in DECISION),
        amount,
        *(Paragraph.of(text) for text in AFTER),
        Spacer(1),
        Paragraph.of("佛山市南海区市场监督管理局", "signature"),
        Paragraph.of("2026年4月28日", "signature"),
    )
    return Document("行政处罚决定书", blocks, metadata={"date": "2026-04-28"})


def bare_canvas(pages, fonts) -> bytes:
    """The laid-out lines and rules drawn with plain canvas calls: drawString per face segment, line per rule."""
    from reportlab.pdfgen.canvas import Canvas

    from workstation.documents.pdf_pages import Frame

    frame = Frame.from_layout()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(frame.width, frame.height), invariant=1, pageCompression=1,
                    initialFontName=fonts.name("song"))
    for page in pages:
        canvas.setLineWidth(0.5)
        for x1, y1, x2, y2 in page.rules:
            canvas.line(x1, y1, x2, y2)
        for line in page.lines:
            x = line.x
            for segment in line.segments:
                canvas.setFont(segment.font, line.size)
                canvas.drawString(x, line.y, segment.text, charSpace=line.char_space)
                x += segment.width + line.char_space * len(segment.text)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def libreoffice_seconds(document, n: int, work: Path) -> float | None:
    """Seconds per document for ``soffice --convert-to pdf`` of n copies of the document's DOCX in one batch
    (one process, its profile created by an untimed first conversion); None when LibreOffice is missing."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("note: LibreOffice (soffice) is not on PATH; the LibreOffice comparison is skipped")
        return None
    try:
        from workstation.documents.docx_writer import render_docx
    except ImportError as exc:
        print(f"note: no DOCX writer to compare with LibreOffice ({exc}); skipped")
        return None
    source, target = work / "docx", work / "lo-pdf"
    source.mkdir()
    data = render_docx(document)
    files = []
    for i in range(n):
        files.append(source / f"decision-{i:03d}.docx")
        files[-1].write_bytes(data)
    command = [soffice, f"-env:UserInstallation={(work / 'lo-profile').as_uri()}", "--headless", "--convert-to",
               "pdf", "--outdir", str(target)]
    subprocess.run([*command, str(files[0])], check=True, capture_output=True)  # untimed: creates the profile
    start = time.perf_counter()
    subprocess.run([*command, *map(str, files)], check=True, capture_output=True)
    return (time.perf_counter() - start) / n


def main() -> int:
    parser = argparse.ArgumentParser(description="行政处罚决定书 to PDF vs a bare reportlab canvas")
    parser.add_argument("--docs", type=int, default=None, help="documents per sample (default 200)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 20 documents, 3 samples")
    parser.add_argument("--repeat", type=int, default=None, help="samples of each measurement (default 5)")
    parser.add_argument("--profile", action="store_true", help="profile one subject sample (top 15 cumulative)")
    args = parser.parse_args()
    n = args.docs or (20 if args.quick else 200)
    repeat = args.repeat or (3 if args.quick else 5)

    with benchlib.workspace("documents") as work:
        from workstation.documents.fonts import resolve_fonts
        from workstation.documents.pdf_layout import forget_lines, measurer
        from workstation.documents.pdf_pages import Frame, add_furniture, flow
        from workstation.documents.pdf_writer import render_pdf

        t0 = time.perf_counter()
        fonts = resolve_fonts()
        document = decision_document()
        rendered = render_pdf(document, fonts)
        frame = Frame.from_layout()
        pages = flow(document, frame, measurer(fonts))
        add_furniture(pages, document, frame, measurer(fonts))
        baseline_pdf = bare_canvas(pages, fonts)
        print(f"fonts resolved and first document rendered in {time.perf_counter() - t0:.2f} s: "
              f"{rendered.pages} pages, {len(rendered.lines)} lines, {len(rendered.data):,} bytes "
              f"(bare canvas: {len(baseline_pdf):,} bytes)")
        first_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if rendered.pages != 2 or len(pages) != 2:
            print(f"ERROR: the decision should fill 2 pages, not {rendered.pages}")
            return 1

        def repeated(fn):
            def run() -> None:
                for _ in range(n):
                    fn()  # each result dropped at once, as a batch that writes files would
            return lambda: benchlib.timed(run) / n

        subject = repeated(lambda: render_pdf(document, fonts))
        baseline = repeated(lambda: bare_canvas(pages, fonts))

        def laid_out_anew() -> None:
            forget_lines()
            render_pdf(document, fonts)

        results = benchlib.interleaved({"baseline": baseline, "subject": subject, "anew": repeated(laid_out_anew)},
                                       repeat)
        best = {k: min(v) for k, v in results.items()}
        ratio = best["subject"] / best["baseline"]
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        lo = libreoffice_seconds(document, n, work)

        labels = {"baseline": "bare canvas.drawString of the same lines", "subject": "render_pdf  [target]",
                  "anew": "render_pdf, laid out anew each time"}
        table = [[labels[k], benchlib.fmt_s(s), f"{s / best['baseline']:.2f}",
                  " ".join(f"{x * 1e3:.2f}" for x in results[k])] for k, s in best.items()]
        if lo is not None:
            table.append(["LibreOffice --convert-to pdf (DOCX)", benchlib.fmt_s(lo), f"{lo / best['baseline']:.2f}", ""])
        print(f"\n{n} documents per sample, best of {len(results['subject'])}, interleaved; seconds per document")
        benchlib.print_table(["measurement", "per document", "× baseline", "samples (ms)"], table)
        print(f"\nratio render_pdf / bare canvas = {ratio:.2f} (target ≤ {TARGET:.1f}); laid out anew each time "
              f"{best['anew'] / best['baseline']:.2f}")
        print(f"peak memory (max RSS of this process) = {peak_mb:.0f} MB (target < {MEMORY_MB} MB); "
              f"{first_mb:.0f} MB after the fonts were loaded and the first document rendered")
        ok = ratio <= TARGET and peak_mb < MEMORY_MB
        if lo is not None:
            print(f"LibreOffice / render_pdf = {lo / best['subject']:.1f} (target ≥ {LIBREOFFICE_FACTOR:.0f})")
            ok = ok and lo / best["subject"] >= LIBREOFFICE_FACTOR

        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(n):
                render_pdf(document, fonts)
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumulative").print_stats(15)
            print("\ncProfile of one subject sample (top 15 cumulative):")
            print("\n".join(line for line in out.getvalue().splitlines() if line.strip()))
        return benchlib.verdict(ok, args.quick)


if __name__ == "__main__":
    sys.exit(main())
