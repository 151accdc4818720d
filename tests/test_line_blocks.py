"""`LineSource.blocks` cuts a file into blocks of whole lines with the line numbers that plain line
iteration gives, whatever the block size, resume point or damage."""

from __future__ import annotations

import gzip

import pytest

from techties.sources import io as tio
from techties.sources.io import LineSource, TruncatedInput


def _lines_of_blocks(source: LineSource, max_lines: int, skip: int = 0) -> list[tuple[int, bytes]]:
    out = []
    for first, last, block in source.blocks(max_lines, skip):
        lines = block.split(b"\n")
        if block.endswith(b"\n"):
            lines.pop()
        assert len(lines) == last - first + 1
        assert len(lines) <= max_lines
        out += list(zip(range(first, last + 1), lines, strict=True))
    return out


@pytest.fixture()
def real_lines(shared_data) -> list[bytes]:
    with gzip.open(shared_data / "openalex" / "works_2022_schema_tu9.jsonl.gz", "rb") as fh:
        return fh.read().split(b"\n")[:-1]


@pytest.mark.parametrize("max_lines", [1, 7, 50, 5000])
@pytest.mark.parametrize("skip", [0, 3, 120, 409, 410, 500])
@pytest.mark.parametrize("trailing_newline", [True, False])
def test_blocks_give_the_lines_of_plain_iteration(tmp_path, monkeypatch, real_lines, max_lines, skip,
                                                  trailing_newline):
    monkeypatch.setattr(tio, "READ_BYTES", 4096)  # many reads per block: lines span read boundaries
    path = tmp_path / "w.jsonl.gz"
    path.write_bytes(gzip.compress(b"\n".join(real_lines) + (b"\n" if trailing_newline else b"")))
    expected = [(n, line) for n, line in LineSource(path) if n > skip]
    assert _lines_of_blocks(LineSource(path), max_lines, skip) == expected
    assert len(expected) == max(0, 410 - skip)


def test_a_block_ends_at_the_byte_bound(tmp_path, monkeypatch, real_lines):
    monkeypatch.setattr(tio, "BLOCK_BYTES", 100_000)
    path = tmp_path / "w.jsonl"
    path.write_bytes(b"\n".join(real_lines) + b"\n")
    blocks = list(LineSource(path).blocks(10_000))
    assert len(blocks) > 5
    assert all(len(b) < 100_000 + max(map(len, real_lines)) + 1 for _, _, b in blocks)
    assert _lines_of_blocks(LineSource(path), 10_000) == list(LineSource(path))


def test_truncated_gzip_yields_the_whole_lines_before_the_damage(tmp_path, real_lines):
    data = gzip.compress(b"\n".join(real_lines) + b"\n")
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    got: list[tuple[int, bytes]] = []
    with pytest.raises(TruncatedInput) as err:
        for first, last, block in LineSource(path).blocks(25):
            got += list(zip(range(first, last + 1), block.split(b"\n")[:-1], strict=True))
    assert 100 < len(got) < 400
    assert got == list(zip(range(1, len(got) + 1), real_lines[: len(got)], strict=True))
    assert err.value.after_line == len(got)
