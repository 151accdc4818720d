"""One progress bar style for every long step (ingest has its own, by bytes of input)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn


@contextmanager
def step_progress(description: str, total: int | None, enabled: bool = True) -> Iterator[Callable[[int], None]]:
    """A Rich bar on stderr (stdout stays clean for JSON/CSV) for `total` items; yields `advance(n)`.
    Disabled, advance does nothing."""
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TimeRemainingColumn(), console=Console(stderr=True), disable=not enabled,
                  transient=False) as progress:
        task = progress.add_task(description, total=total)
        yield lambda n=1: progress.advance(task, n)
