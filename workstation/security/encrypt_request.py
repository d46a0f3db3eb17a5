"""The request, made in the window (口令与安全 → 加密数据…), to encrypt the data of a workstation kept unencrypted:
the data cannot be encrypted while the window has it open (``access.encrypt_data_dir`` refuses data open in a
program), so the request is recorded in the data directory, and the next start of the window offers the encryption
with its progress and Cancel (``ui.gate``). Until then it can be withdrawn; the encryption done (in the window or by
``security encrypt``: ``access.encrypt_data_dir`` withdraws it), or keeping the data unencrypted chosen again at that
start, ends it."""

from __future__ import annotations

import json
from pathlib import Path

from workstation.errors import WorkstationError
from workstation.i18n import _
from workstation.shared_file import write_whole

REQUEST_NAME = "encrypt-request.json"


def request_path(data_dir: Path) -> Path:
    return Path(data_dir) / REQUEST_NAME


def request_encryption(data_dir: Path, officer: str) -> dict:
    """Record that ``officer`` asked for the data of ``data_dir`` to be encrypted at the next start; returns the
    request. Refused (nothing written) for data encrypted already."""
    from workstation.records import now
    from workstation.security import keyring

    data_dir = Path(data_dir)
    if keyring.state(data_dir) == "encrypted":
        raise WorkstationError(_("The data in {path} is already encrypted.").format(path=data_dir))
    request = {"officer": officer or "", "requested_at": now()}
    path = request_path(data_dir)
    try:  # whole or not at all, readable by its owner only
        write_whole(path, json.dumps(request, ensure_ascii=False))
    except WorkstationError as refused:
        exc = refused.__context__  # the system's refusal (``write_whole`` raises its message from None)
        error = (getattr(exc, "strerror", None) or exc) if isinstance(exc, OSError) else refused.message
        raise WorkstationError(_("The request to encrypt the data could not be written to {path} ({error}): nothing "
                                 "was changed. Check that the data folder can be written to, then try again.").format(
            path=path, error=error)) from exc
    return request


def encryption_requested(data_dir: Path) -> dict | None:
    """The request to encrypt ``data_dir`` at the next start ({"officer", "requested_at"}), or None when there is
    none. One that cannot be read still counts (asking once too often loses nothing)."""
    path = request_path(data_dir)
    if not path.is_file():
        return None
    try:
        request = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        request = None
    if not isinstance(request, dict):
        request = {}
    return {"officer": str(request.get("officer") or ""), "requested_at": str(request.get("requested_at") or "")}


def withdraw_request(data_dir: Path) -> bool:
    """Withdraw the request (True when there was one)."""
    path = request_path(data_dir)
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise WorkstationError(_("The request to encrypt the data could not be withdrawn: {path} could not be deleted "
                                 "({error}). Delete that file, or check that the data folder can be written to.")
                               .format(path=path, error=exc.strerror or exc)) from exc
    return True
