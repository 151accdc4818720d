"""The alerts of a scope as an Atom feed (RFC 4287) that a feed reader can follow: one entry per
alert, newest first, with ids that stay the same each time the file is rewritten."""

from __future__ import annotations

import os
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from pathlib import Path

import techties
from techties.metrics.synthetic import synthetic_sentence
from techties.safety import xml_text  # one rule for every XML file techties writes
from techties.watch.model import Alert, Scope
from techties.watch.render import records_text

ATOM = "http://www.w3.org/2005/Atom"
MAX_FEED_RECORDS = 200  # records listed per entry; `techties watch --format json` lists them all


def feed_id(scope: Scope) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"techties:watch:{scope.key}").urn


def entry_id(scope: Scope, snapshot_id: str, alert: Alert) -> str:
    """Stable: the same alert of the same snapshot always has the same id."""
    name = f"techties:watch:{scope.key}:{snapshot_id}:{alert.rule}:{alert.indicator}"
    return uuid.uuid5(uuid.NAMESPACE_URL, name).urn


def synthetic_note(indicator: str, synthetic: int, works: int) -> str:
    """'SYNTHETIC: 2 of the 3 works behind pair_works …': a feed reader shows the title alone, and a
    synthetic count is no real figure."""
    return f"SYNTHETIC: {synthetic_sentence(synthetic, works, indicator)} (generated, not real)"


def atom_feed(scope: Scope, entries: Sequence[tuple[str, str, Alert]], updated: str,
              synthetic: Mapping[tuple[str, str], tuple[int, int]] | None = None) -> bytes:
    """entries: (snapshot_id, taken_at, alert), newest first; `updated` is the newest snapshot's time;
    synthetic: (snapshot_id, indicator) -> (synthetic, works) behind the alert's indicator, when any."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            el.text = xml_text(text)
        return el

    sub(feed, "title", f"techties watch: {scope.label}")
    sub(feed, "subtitle", "Alerts raised when the indicators of this scope change between snapshots")
    sub(feed, "id", feed_id(scope))
    sub(feed, "updated", updated)
    author = sub(feed, "author")
    sub(author, "name", "techties watch")
    sub(feed, "generator", "techties", version=techties.__version__)
    for snapshot_id, taken_at, alert in entries:
        entry = sub(feed, "entry")
        s, n = (synthetic or {}).get((snapshot_id, alert.indicator), (0, 0))
        note = synthetic_note(alert.indicator, s, n) if s else ""
        # the note leads the title, so that cutting a long message never cuts it
        sub(entry, "title", (f"[{note}] " if note else "") + f"{alert.rule}: {alert.message}"[:300])
        sub(entry, "id", entry_id(scope, snapshot_id, alert))
        sub(entry, "updated", taken_at)
        sub(entry, "category", term=xml_text(alert.rule))
        body = [alert.message, f"rule: {alert.rule}", f"indicator: {alert.indicator}",
                f"previous: {alert.previous}", f"value: {alert.value}", f"snapshot: {snapshot_id}"]
        if note:
            body.insert(1, note)
        if alert.records:
            body.append("records: " + records_text(alert.records, limit=MAX_FEED_RECORDS))
        sub(entry, "content", "\n".join(body), type="text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path` and rename it: a feed reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
