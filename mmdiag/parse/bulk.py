"""The high-volume records, parsed in polars instead of one by one in Python.

Most of a week of logs is a handful of records with a fixed message and fixed fields: `Quote
cycle complete`, the optimizer's two lines, `Bulk order placed`, the metrics. For those, when a
line is exactly what tracing-subscriber's JSON formatter writes (`timestamp`, `level`, `fields`
with the catalogued fields in the catalogued order, `target`, `span`, `spans`) and holds no
escaped character, one regex per kind picks every value out as the text the bot wrote, and the
event table's columns are built from it, to the same text the general parser gives. The Full
text layout gets the same treatment for lines inside one span with one field
(`quote_cycle{asset=BTC}: target: message k=v ...`). Any other line goes to the general
parser. A test reads every reference log both ways and compares.
"""

from __future__ import annotations

from functools import cache

import polars as pl

from mmdiag import catalog
from mmdiag.parse.json_layout import _DECODER, _render_spans
from mmdiag.parse.record import LEVELS

BULK_KINDS = (
    "quote_cycle",
    "optimizer_bids",
    "optimizer_asks",
    "bulk_placed",
    "metrics",
    "bids_filtered",
    "asks_filtered",
)
# The filtered-out warnings carry a reason in brackets that later releases reword.
_REASONED = frozenset({"bids_filtered", "asks_filtered"})
_STRING = r'"[^"\\]*"'
_VALUE = r'(?:"[^"\\]*"|[^",{}\[\]]*)'


def _escape(text: str) -> str:
    """A literal for the regex engine polars uses (which refuses some of re.escape's escapes)."""
    return "".join("\\" + ch if ch in r"\.+*?()|[]{}^$#" else ch for ch in text)


def _message(kind_name: str) -> str:
    """The kind's message, as a named group (plain text: no quote, backslash or bracket)."""
    text = _escape(catalog.BY_NAME[kind_name].needle)
    if kind_name in _REASONED:
        text += r'(?: \([^()"\\]*\))?'
    return f"(?P<message>{text})"


@cache
def _line_shape(kind_name: str) -> str:
    """A whole plain line of this kind, with a named group for every value."""
    kind = catalog.BY_NAME[kind_name]
    message = '"' + _message(kind_name) + '"'
    fields = "".join(
        f',"{_escape(f.name)}":(?P<f{index}>{_VALUE})' for index, f in enumerate(kind.fields)
    )
    return _json_line(message + fields)


def _json_line(fields: str) -> str:
    """A whole line as tracing's JSON formatter writes it, around `fields` (the message and
    the fields after it, as regex): groups ts, level, target, span, spans."""
    return (
        r'^\{"timestamp":"(?P<ts>[^"\\]*)","level":"(?P<level>[A-Za-z]+)",'
        r'"fields":\{"message":' + fields + r"\},"
        r'"target":"(?P<target>[^"\\]*)"'
        r'(?:,"span":(?P<span>\{[^{}\[\]]*\}))?'
        r'(?:,"spans":(?P<spans>\[(?:\{[^{}\[\]]*\}(?:,\{[^{}\[\]]*\})*)?\]))?\}$'
    )


@cache
def _text_shape(kind_name: str) -> str:
    """A whole Full-layout line of this kind inside one one-field span, with named groups."""
    kind = catalog.BY_NAME[kind_name]
    fields = "".join(
        rf' {_escape(f.name)}=(?P<f{index}>[^\s"=]+)' for index, f in enumerate(kind.fields)
    )
    return (
        r"^(?P<ts>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z) +"
        r"(?P<level>TRACE|DEBUG|INFO|WARN|ERROR) "
        r"(?P<span>[A-Za-z_]\w*\{[A-Za-z_]\w*=[^\s{}=\"]+\}): "
        r"(?P<target>[A-Za-z_][\w:]*): " + _message(kind_name) + fields + "$"
    )


def split(
    batch: pl.DataFrame, wanted: frozenset[str] | None, header: str = "json"
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(events of the bulk kinds, in the reader's row schema; the other lines, `n` and `line`)."""
    frames: list[pl.DataFrame] = []
    taken: list[pl.Series] = []
    line = pl.col("line")
    for name in BULK_KINDS:
        if wanted is not None and name not in wanted:
            continue
        candidates = batch.filter(line.str.contains(catalog.BY_NAME[name].needle, literal=True))
        if candidates.is_empty():
            continue
        shape = _line_shape(name) if header == "json" else _text_shape(name)
        groups = candidates.select("n", parts=line.str.extract_groups(shape)).unnest("parts")
        matched = groups.filter(
            pl.col("ts").is_not_null() & pl.col("level").str.to_uppercase().is_in(sorted(LEVELS))
        )
        if matched.height:
            frames.append(_events(name, matched, header))
            taken.append(matched["n"])
    rest = batch
    if taken:
        done = pl.concat(taken)
        rest = batch.filter(~pl.col("n").is_in(done.implode()))
    if header == "json":
        fixed, rest = _fixed_messages(rest, wanted)
        if fixed.height:
            frames.append(fixed)
    if not frames:
        return pl.DataFrame(), batch
    return pl.concat(frames), rest


# JSON lines of kinds whose message is one fixed text, whatever their fields: the reconcile,
# plan and quote-input lines that December's releases log a few times a cycle.
_FIELD = r',"[A-Za-z_][A-Za-z0-9_]*":(?:"[^"\\]*"|[^",{}\[\]"][^",{}\[\]]*)'
_SIDE_WORDS = {"BUY": "bid", "Buy": "bid", "SELL": "ask", "Sell": "ask"}


def _fixed_messages(
    batch: pl.DataFrame, wanted: frozenset[str] | None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(events of the fixed-message kinds, the other lines). A line's fields are taken as it
    writes them: a string's text (none holds a quote or a backslash), a bare value's text."""
    kinds = {
        message: kind
        for message, kind in catalog.exact_messages().items()
        if (wanted is None or kind.name in wanted) and kind.side_field in (None, "side")
    }
    if not kinds or batch.is_empty():
        return pl.DataFrame(), batch
    messages = "|".join(_escape(m) for m in sorted(kinds, key=len, reverse=True))
    shape = _json_line(r'"(?P<message>' + messages + r')"(?P<rest>(?:' + _FIELD + r")*)")
    line = pl.col("line")
    candidates = batch.filter(line.str.contains(r'"fields":\{"message":"(?:' + messages + r')"'))
    if candidates.is_empty():
        return pl.DataFrame(), batch
    groups = candidates.select("n", parts=line.str.extract_groups(shape)).unnest("parts")
    groups = groups.filter(
        pl.col("ts").is_not_null() & pl.col("level").str.to_uppercase().is_in(sorted(LEVELS))
    ).with_columns(
        kind=pl.col("message").replace_strict({m: k.name for m, k in kinds.items()}),
        side_text=pl.col("rest").str.extract(r',"side":"([^"]*)"', 1),
    )
    sided = pl.col("kind").is_in([k.name for k in kinds.values() if k.side_field == "side"])
    side = pl.col("side_text").replace_strict(_SIDE_WORDS, default=None, return_dtype=pl.String)
    fixed_side = pl.col("kind").replace_strict(
        {k.name: k.side for k in kinds.values()}, default=None, return_dtype=pl.String
    )
    groups = groups.with_columns(side=pl.when(sided).then(side).otherwise(fixed_side))
    # A side the words above do not name: the general parser reads it.
    groups = groups.filter(~sided | pl.col("side").is_not_null())
    if groups.is_empty():
        return pl.DataFrame(), batch
    events = _fixed_columns(groups)
    return events, batch.filter(~pl.col("n").is_in(groups["n"].implode()))


def _fixed_columns(groups: pl.DataFrame) -> pl.DataFrame:
    quoted = pl.col("rest").str.replace_all(r',"([A-Za-z_][A-Za-z0-9_]*)":"', r', "$1": "')
    bare = quoted.str.replace_all(
        r',"([A-Za-z_][A-Za-z0-9_]*)":([^",{}\[\]"][^",{}\[\]]*)', r', "$1": "$2"'
    )
    fields = (
        pl.when(pl.col("rest") == "")
        .then(pl.lit("{}"))
        .otherwise(pl.concat_str(pl.lit("{"), bare.str.slice(2), pl.lit("}")))
    )
    with_fields = groups.with_columns(fields_text=fields)
    span = _json_spans(with_fields)
    return with_fields.select(
        ts=pl.col("ts"),
        level=pl.col("level").str.to_uppercase(),
        target=pl.col("target"),
        span=pl.lit(span),
        message=pl.col("message"),
        kind=pl.col("kind"),
        side=pl.col("side"),
        fields=pl.col("fields_text"),
        line=pl.col("n").cast(pl.Int64),
        layout=pl.lit("json"),
    )


def _value(column: str) -> pl.Expr:
    """The text the general parser keeps: a string's content, or a bare value as written."""
    raw = pl.col(column)
    return (
        pl.when(raw.str.starts_with('"'))
        .then(raw.str.slice(1, raw.str.len_chars() - 2))
        .otherwise(raw)
    )


def _events(kind_name: str, groups: pl.DataFrame, header: str) -> pl.DataFrame:
    if header != "json":  # one span with one field renders as it is written
        return _columns(kind_name, groups, pl.col("span"), "full")
    return _columns(kind_name, groups, pl.lit(_json_spans(groups)), "json")


def _json_spans(groups: pl.DataFrame) -> pl.Series:
    """Each line's span chain rendered as the general parser renders it (`spans`, else
    `span`); the few distinct texts are rendered once each."""
    spans = groups.select(
        pl.when(pl.col("spans").is_not_null() & (pl.col("spans") != "[]"))
        .then(pl.col("spans"))
        .otherwise(pl.col("span"))
    ).to_series()
    rendered = {text: _render_span_text(text) for text in spans.drop_nulls().unique().to_list()}
    return spans.replace_strict(rendered, default=None, return_dtype=pl.String)


def _columns(kind_name: str, groups: pl.DataFrame, span: pl.Expr, layout: str) -> pl.DataFrame:
    kind = catalog.BY_NAME[kind_name]
    parts: list[pl.Expr] = []
    for index, spec in enumerate(kind.fields):
        prefix = ("{" if index == 0 else ", ") + f'"{spec.name}": "'
        parts += [pl.lit(prefix), _value(f"f{index}"), pl.lit('"')]
    parts.append(pl.lit("}"))
    return groups.select(
        ts=pl.col("ts"),
        level=pl.col("level").str.to_uppercase(),
        target=pl.col("target"),
        span=span,
        message=pl.col("message"),
        kind=pl.lit(kind_name),
        side=pl.lit(kind.side, pl.String),
        fields=pl.concat_str(parts),
        line=pl.col("n").cast(pl.Int64),
        layout=pl.lit(layout),
    )


def _render_span_text(text: str) -> str | None:
    value = _DECODER.decode(text)
    spans = value if isinstance(value, list) else [value]
    return _render_spans(spans)
