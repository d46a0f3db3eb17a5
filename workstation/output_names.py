"""The format a file the officer names for writing is written in, as its name says it: one rule for the command
line's ``--output`` and the window's exports. Only the extension of a document or table format (``DOCUMENT_SUFFIXES``:
.pdf, .docx, .xlsx, .csv, .txt…) says a format; any other dot is part of the name (统计.bak, 通报2026.H1,
通报（2026.1-6月）), which is written as asked."""

from __future__ import annotations

from pathlib import Path

from workstation.errors import WorkstationError
from workstation.i18n import _

#: extensions of document and table formats: an output file named with one of them gets that format or is refused
#: before any work (a 决定书.docx holding PDF bytes opens nowhere, and issuing it would have taken its 文号)
DOCUMENT_SUFFIXES = frozenset({"pdf", "docx", "doc", "wps", "xlsx", "xls", "et", "csv", "odt", "ods", "rtf", "txt"})


class OtherFormatName(WorkstationError):
    """A file's name whose extension (``extension``) says another format than the one of ``formats`` it would be
    written in (``chosen``): one of ``formats`` when another was asked for, else one it cannot be written in. Its
    facts let the command line word it with its options (``--format``)."""

    def __init__(self, message: str, *, extension: str, chosen: str, formats: tuple[str, ...]):
        super().__init__(message)
        self.extension, self.chosen, self.formats = extension, chosen, formats


def file_extension(path: str | Path) -> str:
    """The extension of the file's name ``path`` when it is a document or table format's (``DOCUMENT_SUFFIXES``),
    lower case without its dot ("csv" of 统计.CSV); '' for any other (统计.bak, 通报2026.H1) or none."""
    suffix = Path(str(path)).suffix[1:].lower()
    return suffix if suffix in DOCUMENT_SUFFIXES else ""


def output_format(path: str | Path, formats: tuple[str, ...], fmt: str | None = None) -> str:
    """The format of ``formats`` a file named ``path`` is written in: ``fmt`` when given, else its extension's, else
    the first of ``formats``. An extension of another document or table format (统计.pdf, 统计.txt; ``file_extension``),
    or of one of ``formats`` other than ``fmt``, is refused (``OtherFormatName``), naming the file and the formats it
    can be written in: it would be written in a format its name does not say, and open as garbage or not at all. A
    name without such an extension (统计, 统计.bak) is written in the format chosen."""
    extension = file_extension(path)
    chosen = fmt or (extension if extension in formats else formats[0])
    if not extension or extension == chosen:
        return chosen
    facts = {"extension": extension, "chosen": chosen, "formats": formats}
    if extension in formats:
        raise OtherFormatName(_("{file} ends in .{suffix}, but it is to be written as {format}: end the file's name "
                                "in .{extension}.").format(file=path, suffix=extension, format=chosen.upper(),
                                                           extension=chosen), **facts)
    raise OtherFormatName(_("{file} ends in .{suffix}, but it can be written as {formats} only: end the file's name "
                            "in {extensions}.").format(file=path, suffix=extension,
                                                       formats="、".join(f.upper() for f in formats),
                                                       extensions=" / ".join(f".{f}" for f in formats)), **facts)


def with_extension(path: str, fmt: str) -> str:
    """``path`` with ``.fmt`` added unless its name ends in a document or table format's extension
    (``file_extension``): 统计 → 统计.xlsx, 统计.bak → 统计.bak.xlsx, 通报（2026.1-6月） → 通报（2026.1-6月）.xlsx; one
    it has is kept, for ``output_format`` to refuse if it is another format's. A folder's path is left as typed,
    for the writing to refuse it."""
    if not path or file_extension(path) or str(path).endswith(("/", "\\")) or Path(path).is_dir():
        return path
    return f"{path}.{fmt}"
