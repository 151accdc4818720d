"""One input-decoding layer for every reader: bytes of a gzip or plain file → numbered lines.

What a hostile or careless file can throw at a reader is handled here, once:
- gzip: any number of members (`cat a.gz b.gz`); trailing garbage after the last member is ignored
  as `zcat` does (and reported); a truncated or damaged member keeps every byte decompressed before
  the damage (the damaged member is decompressed again in small steps to get close to it);
- byte-order marks: a UTF-8 one is dropped, UTF-16 files are transcoded to UTF-8;
- newlines: LF, CRLF and old-Mac CR all end a line (Python's universal newlines);
- nesting depth: `decode_error` turns a parser's `RecursionError` into a one-line reason.

Lines are read in bounded blocks (isal's gzip decompressor, ~2.5x zlib), so memory stays
flat whatever the file size. Damage stops the file with a `TruncatedInput` that names the last
good line: what was read before is kept.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from isal import isal_zlib

GZIP_MAGIC = b"\x1f\x8b"
RECOVERY_STEP = 4096  # raw bytes fed at a time when decompressing a damaged member again


class TruncatedInput(Exception):
    """The compressed stream ended early or is corrupt; lines up to `after_line` are good. `complete`:
    nothing was lost (only trailing garbage), so the last line read really is the input's last."""

    def __init__(self, path: str, after_line: int, reason: str, complete: bool = False):
        super().__init__(f"{path}: compressed input is truncated or corrupt after line {after_line} ({reason})")
        self.path = path
        self.after_line = after_line
        self.reason = reason
        self.complete = complete


class _Damaged(Exception):
    """Raised after the last recoverable byte. `complete`: nothing was lost (trailing garbage only)."""

    def __init__(self, reason: str, complete: bool = False):
        super().__init__(reason)
        self.complete = complete


def decode_error(exc: BaseException) -> str:
    """A parser's exception as one line; a `RecursionError` (JSON nested about 1,000 levels deep) says so."""
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc) or type(exc).__name__


def gzip_chunks(raw: BinaryIO, read_bytes: int) -> Iterator[bytes]:
    """Decompressed bytes of every gzip member in `raw`; raises `_Damaged` after the last good byte."""
    member_start, emitted = raw.tell(), 0  # where the current member starts; its bytes yielded so far
    d = isal_zlib.decompressobj(wbits=31)
    fed = False  # has the current member received any bytes
    pending = b""
    while True:
        data = pending or raw.read(read_bytes)
        pending = b""
        if not data:
            if fed:
                raise _Damaged("compressed input ends early")
            return
        if not fed and not data.startswith(GZIP_MAGIC[:len(data)]):
            left = os.fstat(raw.fileno()).st_size - raw.tell() + len(data)
            raise _Damaged(f"trailing garbage ignored ({left} bytes)", complete=True)
        if not fed and len(data) < 2:  # a lone byte of a member header: complete it first
            pending = data + raw.read(1)
            if len(pending) < 2:
                raise _Damaged("compressed input ends early")
            continue
        fed = True
        try:
            out = d.decompress(data)
        except (zlib.error, isal_zlib.error) as exc:
            yield from _recover(raw, member_start, emitted)
            raise _Damaged(str(exc) or "corrupt compressed data") from exc
        if out:
            emitted += len(out)
            yield out
        if d.eof:
            pending = d.unused_data
            member_start = raw.tell() - len(pending)
            d, fed, emitted = isal_zlib.decompressobj(wbits=31), False, 0


def _recover(raw: BinaryIO, member_start: int, skip: int) -> Iterator[bytes]:
    """Decompress a damaged member again with zlib and yield what comes after its first `skip` bytes,
    up to the damage: in steps of `RECOVERY_STEP`, and the failing step again byte by byte from a copy
    of the decompressor taken before it."""
    raw.seek(member_start)
    d = zlib.decompressobj(wbits=31)
    while step := raw.read(RECOVERY_STEP):
        before = d.copy()
        try:
            out = d.decompress(step)
        except zlib.error:
            d, out = before, bytearray()
            for k in range(len(step)):
                try:
                    out += d.decompress(step[k:k + 1])
                except zlib.error:
                    break
            step = b""
        if skip:
            cut = min(skip, len(out))
            out, skip = out[cut:], skip - cut
        if out:
            yield bytes(out)
        if not step or d.eof:
            return


def plain_chunks(raw: BinaryIO, read_bytes: int) -> Iterator[bytes]:
    while data := raw.read(read_bytes):
        yield data


def normalised(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Chunks with a UTF-8 byte-order mark dropped, UTF-16 transcoded to UTF-8, and CR or CRLF turned
    into LF. The byte-order mark is looked for in the first 4 bytes of the stream."""
    head = b""
    for data in chunks:
        head += data
        if len(head) >= 4:
            break
    utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    decoder = codecs.getincrementaldecoder("utf-16")("replace") if utf16 else None
    cr = False  # a CR ended the previous chunk: it may be the first half of a CRLF
    for data in _chained(head, chunks):
        if decoder is not None:
            data = decoder.decode(data).encode("utf-8", "replace")
        if cr:
            data = b"\r" + data
        cr = data.endswith(b"\r")
        if cr:
            data = data[:-1]
        if b"\r" in data:
            data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        if data:
            yield data
    if cr:
        yield b"\n"


def _chained(head: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    if head:
        yield head
    yield from rest


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

    def _chunks(self) -> Iterator[bytes]:
        """The decoded stream in chunks (gzip recognised by its magic bytes, else the plain file);
        raises `_Damaged` after the last recoverable byte."""
        with open(self.path, "rb") as raw:
            self._raw = raw
            gz = raw.read(2) == GZIP_MAGIC
            raw.seek(0)
            try:
                yield from normalised(gzip_chunks(raw, GZIP_READ_BYTES) if gz else plain_chunks(raw, READ_BYTES))
            except OSError as exc:  # a read error of the disk: what came before is kept
                raise _Damaged(str(exc) or type(exc).__name__) from exc

    def __iter__(self) -> Iterator[tuple[int, bytes]]:
        """Yield (1-based line number, line without newline)."""
        lineno = 0
        for first, _last, block in self.blocks(ITER_BLOCK_LINES):
            lineno = first - 1
            for line in block.split(b"\n")[:-1] if block.endswith(b"\n") else block.split(b"\n"):
                lineno += 1
                yield lineno, line

    def blocks(self, max_lines: int, skip_lines: int = 0) -> Iterator[tuple[int, int, bytes]]:
        """Yield (first line number, last line number, block) for blocks of up to `max_lines` whole
        lines, each ending in a newline except perhaps the file's last line. Lines up to `skip_lines`
        are read but not yielded (resuming). One bytes object per block instead of one per line keeps
        the reading process cheap; the lines are split where they are parsed. A block also ends after
        `BLOCK_BYTES`, so a run of huge records cannot grow it without bound."""
        lineno = 0  # lines consumed so far: yielded or skipped
        pieces: list[bytes] = []  # the current block's lines so far, in pieces
        n_block, size = 0, 0  # its lines and bytes
        damage: _Damaged | None = None
        try:
            for data in self._chunks():
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
        except _Damaged as exc:
            damage = exc
        block = b"".join(pieces)
        if damage is not None and not damage.complete:  # the partial line after the damage is lost
            block = block[:block.rfind(b"\n") + 1]
        if block and lineno >= skip_lines:  # the rest; the file's last line may lack a newline
            n = n_block + (not block.endswith(b"\n"))
            yield lineno + 1, lineno + n, block
            lineno += n
        if damage is not None:
            raise TruncatedInput(self.path, lineno, str(damage), damage.complete)


ITER_BLOCK_LINES = 10_000  # lines per block behind `LineSource.__iter__`: memory stays small for any file
READ_BYTES = 128 << 10  # bytes per read of a plain file
# compressed bytes per decompression step: isal's decompressobj ran at 233 MB/s with 16 KB steps and
# 159-165 MB/s with 32-512 KB ones (its output buffer grows by reallocation), IGzipFile.read1 at 242
GZIP_READ_BYTES = 16 << 10
BLOCK_BYTES = 64 << 20


def unusable_inputs(paths: list[str | Path] | tuple[str | Path, ...]) -> str | None:
    """One line naming the inputs that are not files (missing, or a folder: a folder was reported as
    "not found", which sends the user looking for a typo), or None when every one is a file."""
    missing = [str(p) for p in paths if not Path(p).exists()]
    folders = [str(p) for p in paths if Path(p).is_dir()]
    others = [str(p) for p in paths if Path(p).exists() and not Path(p).is_dir() and not Path(p).is_file()]
    parts = ([f"input not found: {', '.join(missing)}"] if missing else []) + (
        [f"a folder, not a file: {', '.join(folders)} (name its files, e.g. {folders[0]}/*)"] if folders else []) + (
        [f"not a regular file: {', '.join(others)}"] if others else [])
    return "; ".join(parts) or None


def iter_lines(path: str | Path) -> Iterator[tuple[int, bytes]]:
    """Yield (1-based line number, line without newline) from a gzip or plain file."""
    return iter(LineSource(path))


def stream_lines(raw: BinaryIO) -> Iterator[tuple[int, bytes]]:
    """(1-based line number, line without newline) of a plain binary stream such as stdin, decoded as
    `normalised` decodes files: a UTF-8 byte-order mark dropped, UTF-16 (Excel's "Unicode text")
    transcoded to UTF-8, LF, CRLF and CR all ending a line. Memory holds one chunk and one line."""
    number, rest = 0, b""
    for data in normalised(plain_chunks(raw, READ_BYTES)):
        lines = (rest + data).split(b"\n")
        rest = lines.pop()
        for line in lines:
            number += 1
            yield number, line
    if rest:
        yield number + 1, rest


def input_key(sha256: str) -> str:
    """The identity of an input by its content (the first 32 hex digits of its sha256), used to resume
    it and to skip it when already stored: the same bytes under any name are the same input, and an
    edit anywhere in a file (even one that keeps its size) makes it a new one. Hashing costs one read
    at ~1.3 GB/s, a small part of reading and storing the file (`file_sha256`)."""
    return sha256[:32]


def file_sha256(path: str | Path, chunk: int = 1 << 22) -> str:
    """Full sha256 of a file, recorded with the run as provenance."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def describe_input(path: str | Path, sha256: str | None = None) -> dict[str, object]:
    """An input as a run records it (provenance); `sha256` when already computed."""
    p = Path(path)
    return {"path": str(p.resolve()), "bytes": p.stat().st_size, "sha256": sha256 or file_sha256(p),
            "mtime": int(os.path.getmtime(p))}
