"""The scratch file of decrypted bundles: it reads back what was written wherever one seeks, and once it is larger
than its memory share the bytes on the disk are not the plaintext; an encrypted bundle larger than the share still
merges."""

from __future__ import annotations

import io
import os
import zipfile

from tests.helpers import copy_station_and_hq, figures, run_json
from workstation.sealed_spool import SealedSpool

MARKER = "佛山市南海区某房产中介有限公司客户名单".encode()


def test_it_reads_back_what_was_written_in_memory_and_sealed_on_the_disk():
    data = os.urandom(70_000) + MARKER * 500 + os.urandom(33_333)
    for limit in (1 << 20, 1000):  # all in memory; rolled over to the disk after 1,000 bytes
        spool = SealedSpool(limit)
        for start in range(0, len(data), 4099):  # unaligned pieces
            spool.write(data[start:start + 4099])
        assert spool.on_disk == (limit < len(data))
        assert spool.seek(0, io.SEEK_END) == len(data)
        for offset, size in ((0, 17), (15, 33), (70_001, 5_000), (len(data) - 9, 100), (4096 * 3 + 1, 1)):
            spool.seek(offset)
            assert spool.read(size) == data[offset:offset + size]
            assert spool.tell() == offset + len(data[offset:offset + size])
        spool.seek(0)
        assert spool.read() == data
        if spool.on_disk:
            spool._disk.seek(0)
            stored = spool._disk.read()
            assert len(stored) == len(data) and MARKER not in stored and stored != data
        spool.close()
        assert spool.closed


def test_zipfile_reads_an_archive_through_it():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", MARKER * 100)
        archive.writestr("b.bin", os.urandom(5000), compress_type=zipfile.ZIP_STORED)
    spool = SealedSpool(512)
    spool.write(buffer.getvalue())
    spool.seek(0)
    with zipfile.ZipFile(spool) as archive:
        assert archive.read("a.txt") == MARKER * 100 and archive.testzip() is None
    spool.close()


def test_an_encrypted_bundle_larger_than_the_memory_share_merges(capsys, tmp_path, monkeypatch,
                                                                     station_and_hq_template):
    from workstation.bundle import reader

    dirs = copy_station_and_hq(station_and_hq_template(), tmp_path / "work")
    run_json(capsys, "--data-dir", dirs / "station", "station", "headquarters", dirs / "hq.card")
    exported = run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "one.bundle")
    assert exported["encrypted"]
    spools = []

    class Watched(SealedSpool):
        def __init__(self, max_size, directory=None):
            super().__init__(max_size, directory)
            spools.append(self)

    monkeypatch.setattr(reader, "SealedSpool", Watched)
    monkeypatch.setattr(reader, "SPOOL_IN_MEMORY", 4096)
    run_json(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "station.card")
    merged = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "one.bundle")
    assert merged["new"] == exported["records"]
    assert spools and all(s.on_disk for s in spools)
    assert figures(capsys, dirs / "hq") == figures(capsys, dirs / "station")
