"""PySide6's support modules compiled once, not at every start.

shiboken6 carries its support modules (``signature_bootstrap`` and the ``shibokensupport`` package: signatures,
``__feature__``) as Python source inside its library and compiles them at every import of PySide6: ~14 modules,
~130 kB of source, ~25 ms of each start on a quiet machine (any PySide6 program pays it, the empty window too).
``import_pyside`` keeps their code objects as Python keeps a module's .pyc: in the ``__pycache__`` folder of
shiboken6 (or under ``sys.pycache_prefix`` when one is set), written only when Python writes bytecode, and used
only for the same source (its size and CRC-32), the same compiler flags and the same interpreter (the bytecode's
magic number). Anything else — no cache yet, a damaged or foreign file, a folder that cannot be written — compiles
as PySide6 does itself."""

from __future__ import annotations
import __future__

import builtins
import importlib.util
import marshal
import os
import sys
import zlib
from pathlib import Path

# the compiler flags a compile() without dont_inherit takes from the code that calls it: its __future__ imports
FUTURE_FLAGS = 0
for _feature in __future__.all_feature_names:
    FUTURE_FLAGS |= getattr(__future__, _feature).compiler_flag
del _feature


def _support_source(filename: object, mode: str) -> bool:
    return mode == "exec" and isinstance(filename, str) and (
        filename == "signature_bootstrap.py" or filename.startswith("shibokensupport/"))


def cache_path() -> Path | None:
    """Where the compiled support modules are kept (None when shiboken6 is not found as a package on disk)."""
    spec = importlib.util.find_spec("shiboken6")
    if spec is None or not spec.origin or not os.path.isabs(spec.origin):
        return None
    folder = Path(spec.origin).parent
    name = f"shibokensupport.{sys.implementation.cache_tag}.marshal"
    if sys.pycache_prefix:
        return Path(sys.pycache_prefix) / folder.relative_to(folder.anchor) / name
    return folder / "__pycache__" / name


def read_cache(path: Path) -> dict:
    """The code objects kept at ``path``: {filename: (flags, optimize, size, crc, code)}; empty when there are none or the file
    is not one this interpreter wrote."""
    try:
        magic, kept = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if magic != importlib.util.MAGIC_NUMBER or not isinstance(kept, dict):
        return {}
    return kept


def write_cache(path: Path, kept: dict) -> None:
    """Keep ``kept`` at ``path`` (through a temporary file, so a start never reads half of one); a folder that
    cannot be written is left as it is."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(marshal.dumps((importlib.util.MAGIC_NUMBER, kept)))
        os.replace(temporary, path)
    except (OSError, ValueError):
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass


def import_pyside() -> None:
    """Import PySide6 (its QtCore, which loads shiboken6 and its support modules), the support modules' code taken
    from the cache when it holds them for the same source. Nothing is done when PySide6 is imported already."""
    if "shiboken6" in sys.modules:
        return
    path = cache_path()
    if path is None:
        import PySide6.QtCore  # noqa: F401
        return
    kept = read_cache(path)
    compiled = builtins.compile
    changed = []

    def compile_support(source, filename, mode, flags=0, dont_inherit=False, optimize=-1, **options):
        if options or not _support_source(filename, mode) or not isinstance(source, (bytes, str)):
            return compiled(source, filename, mode, flags, dont_inherit, optimize, **options)
        if not dont_inherit:  # the __future__ flags compile() would have taken from its caller, made explicit
            flags |= sys._getframe(1).f_code.co_flags & FUTURE_FLAGS
        data = source if isinstance(source, bytes) else source.encode("utf-8", "surrogatepass")
        key = (flags, optimize if optimize != -1 else sys.flags.optimize, len(data), zlib.crc32(data))
        held = kept.get(filename)
        if isinstance(held, tuple) and len(held) == 5 and held[:4] == key:
            return held[4]
        code = compiled(source, filename, mode, flags, True, optimize)
        kept[filename] = (*key, code)
        changed.append(filename)
        return code

    builtins.compile = compile_support
    try:
        import PySide6.QtCore  # noqa: F401
    finally:
        builtins.compile = compiled
    if changed and not sys.dont_write_bytecode:
        write_cache(path, kept)


def quicken_pyside_import_hook() -> None:
    """PySide6 asks of every module imported after it whether its source names PySide6 (its ``__feature__``
    switches are set per module): through ``inspect.getsource``, which reads the file line by line through the
    line cache and the tokenizer, ~7 ms over the ~36 modules imported before the first paint. The same question is
    answered here by looking for the name in the file's bytes (~1.6 ms); a module without a .py file is asked as
    PySide6 asks it. Nothing is changed when PySide6's hook is not where this version has it."""
    feature = sys.modules.get("shibokensupport.feature")
    asked = getattr(feature, "_mod_uses_pyside", None)
    if asked is None or getattr(asked, "quickened", False):
        return

    def uses_pyside(module) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return asked(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return asked(module)

    uses_pyside.quickened, uses_pyside.asked = True, asked  # PySide6's own kept: the tests compare the two
    feature._mod_uses_pyside = uses_pyside
