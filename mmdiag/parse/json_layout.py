"""The JSON layout (`--log-file`): one object a line.

`{"timestamp":..., "level":..., "fields":{"message":..., ...}, "target":..., "span":{...},
"spans":[...]}`. Numbers are kept as the text the bot wrote, so that "237.00" and 237.00 and
`available_margin=237.00` in a text layout all give the same value and the same original text.
"""

from __future__ import annotations

import json
from typing import Any

from mmdiag.parse.record import LEVELS, ParsedRecord, Unparsed, render_span

# Keys a flattened JSON event (`flatten_event(true)`) puts beside its fields.
_RESERVED = frozenset(
    {"timestamp", "level", "target", "span", "spans", "threadName", "threadId", "filename"}
    | {"line_number", "fields"}
)


# One decoder for every line (json.loads with hooks would build a new one each call); numbers
# stay the text the bot wrote.
_DECODER = json.JSONDecoder(parse_float=str, parse_int=str, parse_constant=str)


def parse_json(line: str) -> ParsedRecord | Unparsed:
    try:
        obj = _DECODER.decode(line)
    except ValueError:
        return Unparsed("not valid JSON")
    except RecursionError:
        return Unparsed("JSON nested too deeply")
    if not isinstance(obj, dict):
        return Unparsed("a JSON value that is not an object")
    timestamp, level = obj.get("timestamp"), obj.get("level")
    if not isinstance(timestamp, str) or not isinstance(level, str):
        return Unparsed("a JSON object without timestamp and level")
    if level.upper() not in LEVELS:
        return Unparsed(f"unknown level {level[:20]!r}")
    fields = obj.get("fields")
    if fields is None:
        fields = {key: value for key, value in obj.items() if key not in _RESERVED}
    if not isinstance(fields, dict):
        return Unparsed("`fields` is not an object")
    message = _text(fields.get("message", ""))
    pairs = [(key, _text(value)) for key, value in fields.items() if key != "message"]
    target = obj.get("target")
    return ParsedRecord(
        timestamp=timestamp,
        level=level.upper(),
        target=target if isinstance(target, str) else None,
        span=_span(obj),
        message=message,
        fields=pairs,
        layout="json",
    )


def _text(value: Any) -> str:
    """The text a value had in the log (numbers were parsed as text already)."""
    if isinstance(value, str):
        return value
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    return json.dumps(value, separators=(",", ":"))


def _span(obj: dict[str, Any]) -> str | None:
    spans = obj.get("spans")
    if isinstance(spans, list) and len(spans) == 1 and isinstance(spans[0], dict):
        # The usual case, one span (`quote_cycle{asset=BTC}`), repeated on most lines: cached.
        only = spans[0]
        key = tuple(only.items()) if all(isinstance(v, str) for v in only.values()) else None
        if key is not None:
            cached = _SPAN_CACHE.get(key)
            if cached is None:
                cached = _render_spans([only])
                if len(_SPAN_CACHE) < 1024:
                    _SPAN_CACHE[key] = cached
            return cached
    if not isinstance(spans, list) or not spans:
        current = obj.get("span")
        spans = [current] if isinstance(current, dict) else []
    return _render_spans(spans)


_SPAN_CACHE: dict[tuple[tuple[str, Any], ...], str | None] = {}


def _render_spans(spans: list[Any]) -> str | None:
    segments = []
    for span in spans:
        if not isinstance(span, dict):
            continue
        name = _text(span.get("name", "?"))
        fields = [(key, _text(value)) for key, value in span.items() if key != "name"]
        segments.append(render_span(name, fields))
    return ":".join(segments) or None
