"""Streaming line input for gzip or plain files, with a stable fingerprint per input.

Lines are read in bounded blocks (isal's gzip decompressor, ~2.5x zlib), so memory stays
flat whatever the file size. A truncated or corrupt gzip stops the file with a
`TruncatedInput` that names the last good line: what was read before is kept.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from isal import igzip

FINGERPRINT_BYTES = 1 << 20


class TruncatedInput(Exception):
    """The compressed stream ended early or is corrupt; lines before `after_line` are good."""

    def __init__(self, path: str, after_line: int, reason: str):
        super().__init__(f"{path}: compressed input is truncated or corrupt after line {after_line} ({reason})")
        self.path = path
        self.after_line = after_line
        self.reason = reason


class LineSource:
    """Lines of a gzip or plain file, with how many compressed bytes have been consumed
    (for progress bars that advance with the file, not with a guessed record count)."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self.total_bytes = os.path.getsize(path)
        self._raw: BinaryIO | None = None

    @property
    def bytes_read(self) -> int:
        try:
            return self._raw.tell() if self._raw is not None and not self._raw.closed else self.total_bytes
        except (OSError, ValueError):
            return self.total_bytes

    def __iter__(self) -> Iterator[tuple[int, bytes]]:
        """Yield (1-based line number, line without newline)."""
        lineno = 0
        try:
            with self._open() as stream:
                for line in stream:
                    lineno += 1
                    yield lineno, line.rstrip(b"\r\n")
        except (EOFError, OSError, zlib.error, gzip.BadGzipFile) as exc:
            raise TruncatedInput(self.path, lineno, str(exc) or type(exc).__name__) from exc

    @contextmanager
    def _open(self) -> Iterator[BinaryIO]:
        """The decompressed stream (gzip recognised by its magic bytes, else the plain file)."""
        with open(self.path, "rb") as raw:
            self._raw = raw
            gz = raw.read(2) == b"\x1f\x8b"
            raw.seek(0)
            if not gz:
                yield raw
                return
            with igzip.IGzipFile(fileobj=raw, mode="rb") as stream:
                yield stream  # type: ignore[misc]

    def blocks(self, max_lines: int, skip_lines: int = 0) -> Iterator[tuple[int, int, bytes]]:
        """Yield (first line number, last line number, block) for blocks of up to `max_lines` whole
        lines, each ending in a newline except perhaps the file's last line. Lines up to `skip_lines`
        are read but not yielded (resuming). One bytes object per block instead of one per line keeps
        the reading process cheap; the lines are split where they are parsed. A block also ends after
        `BLOCK_BYTES`, so a run of huge records cannot grow it without bound."""
        lineno = 0  # lines consumed so far: yielded or skipped
        pieces: list[bytes] = []  # the current block's lines so far, in pieces
        n_block, size = 0, 0  # its lines and bytes
        try:
            with self._open() as stream:
                while data := stream.read1(READ_BYTES):  # read1: what was decompressed before damage comes back
                    begin = 0  # where the current block's part of `data` starts
                    pos = 0
                    while (nl := data.find(b"\n", pos)) >= 0:  # memchr: the loop costs ~0.2 us a line
                        pos = nl + 1
                        if lineno < skip_lines:  # a resumed run drops the lines already stored
                            lineno += 1
                            pieces, size, begin = [], 0, pos
                            continue
                        n_block += 1
                        if n_block >= max_lines or size + pos - begin >= BLOCK_BYTES:
                            pieces.append(data[begin:pos])
                            yield lineno + 1, lineno + n_block, b"".join(pieces)
                            lineno += n_block
                            pieces, n_block, size, begin = [], 0, 0, pos
                    if begin < len(data):
                        pieces.append(data[begin:] if begin else data)
                        size += len(data) - begin
        except (EOFError, OSError, zlib.error, gzip.BadGzipFile) as exc:
            if n_block:  # keep the whole lines read before the damage; the partial one after them is lost
                block = b"".join(pieces)
                yield lineno + 1, lineno + n_block, block[:block.rfind(b"\n") + 1]
                lineno += n_block
            raise TruncatedInput(self.path, lineno, str(exc) or type(exc).__name__) from exc
        block = b"".join(pieces)
        if block and lineno >= skip_lines:  # the rest; the file's last line may lack a newline
            yield lineno + 1, lineno + n_block + (not block.endswith(b"\n")), block


READ_BYTES = 128 << 10  # small reads: a damaged gzip loses only what its last read decompressed
BLOCK_BYTES = 64 << 20


def iter_lines(path: str | Path) -> Iterator[tuple[int, bytes]]:
    """Yield (1-based line number, line without newline) from a gzip or plain file."""
    return iter(LineSource(path))


def input_key(path: str | Path) -> str:
    """A cheap, stable identity of an input file (size + head/tail hash) used to resume it.

    Computed without reading the whole file, so resuming a 2 GB part file costs nothing."""
    p = Path(path)
    size = p.stat().st_size
    h = hashlib.sha256(str(size).encode())
    with open(p, "rb") as fh:
        h.update(fh.read(FINGERPRINT_BYTES))
        if size > 2 * FINGERPRINT_BYTES:
            fh.seek(size - FINGERPRINT_BYTES)
            h.update(fh.read(FINGERPRINT_BYTES))
    return h.hexdigest()[:32]


def file_sha256(path: str | Path, chunk: int = 1 << 22) -> str:
    """Full sha256 of a file, recorded with the run as provenance."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def describe_input(path: str | Path) -> dict[str, object]:
    p = Path(path)
    return {"path": str(p.resolve()), "bytes": p.stat().st_size, "sha256": file_sha256(p),
            "mtime": int(os.path.getmtime(p))}
