"""The Pretty layout: multi-line records.

    2026-01-02T22:58:09.826507Z  WARN target: message, key: value, key: value
    <message continuation lines, unindented>
        at src/file.rs:56
        in target::span_name with key: value, key: value
        on thread-name ThreadId(3)
        key: value                 (some versions put each field on its own indented line)

A record ends where the next header begins; blank lines between records belong to it.
"""

from __future__ import annotations

import regex

from mmdiag import catalog
from mmdiag.parse import fields as fieldtext
from mmdiag.parse.record import ParsedRecord, Unparsed, render_span
from mmdiag.parse.text_layout import TIMESTAMP

_HEADER = regex.compile(
    rf"\s*(?P<ts>{TIMESTAMP})\s+(?P<level>TRACE|DEBUG|INFO|WARN|ERROR)\s+"
    r"(?:(?P<target>[a-z_][a-z0-9_]*(?:::[a-z0-9_]+)*): )?(?P<rest>.*)",
    regex.DOTALL,
)
_SPAN_LINE = regex.compile(r"in (?P<path>\S+)(?: with (?P<fields>.*))?", regex.DOTALL)
_FIELD_LINE = regex.compile(r"(?P<key>[A-Za-z_][A-Za-z0-9_.]*): (?P<value>.*)", regex.DOTALL)


def parse_pretty(text: str) -> ParsedRecord | Unparsed:
    lines = text.split("\n")
    header = _HEADER.match(lines[0])
    if header is None:
        return Unparsed("no timestamp and level at the start")
    main = [header.group("rest")]
    spans: list[str] = []
    line_fields: list[tuple[str, str]] = []
    for line in lines[1:]:
        stripped = line.strip()
        if not stripped:
            continue
        if not line[0].isspace():
            main.append(line)  # the message or a field value went on over a newline
        elif stripped.startswith("in "):
            spans.append(_span(stripped))
        elif stripped.startswith(("at ", "on ")):
            continue
        elif (field := _FIELD_LINE.fullmatch(stripped)) is not None:
            line_fields.append((field.group("key"), field.group("value")))
        else:
            main.append(stripped)
    body = "\n".join(main)
    kind = catalog.candidate_kind(body)
    message, pairs = fieldtext.split_message(body, fieldtext.PRETTY, kind)
    return ParsedRecord(
        timestamp=header.group("ts"),
        level=header.group("level"),
        target=header.group("target"),
        span=":".join(reversed(spans)) or None,  # Pretty lists the innermost span first
        message=message,
        fields=pairs + line_fields,
        layout="pretty",
    )


def _span(line: str) -> str:
    found = _SPAN_LINE.fullmatch(line)
    if found is None:
        return line
    name = found.group("path").rsplit("::", 1)[-1]
    inner = found.group("fields")
    pairs = fieldtext.pretty_pairs(inner) if inner else []
    return render_span(name, pairs)
