"""Typed field values, from the text the log held (kept in the event table's `fields` column)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import polars as pl

from mmdiag import catalog
from mmdiag.parse.fields import typed_value

_DTYPES: dict[str, type[pl.DataType]] = {
    "int": pl.Int64,
    "float": pl.Float64,
    "bool": pl.Boolean,
    "str": pl.String,
}


def typed_fields(fields_text: Mapping[str, str], kind_name: str) -> dict[str, Any]:
    """Each field's value: numbers as numbers, booleans, strings without their Debug quotes."""
    kind = catalog.BY_NAME.get(kind_name)
    declared = {f.name: f.type for f in kind.fields} if kind else {}
    return {name: typed_value(text, declared.get(name)) for name, text in fields_text.items()}


def fields_of(row_fields: str) -> dict[str, str]:
    """The `fields` column of one event: each field's text as logged."""
    value = json.loads(row_fields)
    return value if isinstance(value, dict) else {}


def kind_frame(events: pl.DataFrame, kind_name: str) -> pl.DataFrame:
    """The events of one kind, with one typed column per catalogued field (null when absent).

    Vectorised: the field texts are decoded and cast in polars, not in a Python loop.
    """
    kind = catalog.BY_NAME[kind_name]
    of_kind = events.filter(pl.col("kind") == kind_name)
    struct = pl.Struct({f.name: pl.String for f in kind.fields})
    decoded = of_kind.with_columns(pl.col("fields").str.json_decode(struct).alias("_f"))
    columns = [_typed_column(pl.col("_f").struct.field(f.name), f) for f in kind.fields]
    return decoded.with_columns(columns).drop("_f")


def catalogued_columns(events: pl.DataFrame, prefix: str = "field_") -> pl.DataFrame:
    """One typed column per field name of the catalogue (`field_mid_price`, ...), holding the
    value for events whose kind declares that field and null elsewhere. A name has one type
    across the catalogue, so the columns are well typed whatever kinds the table holds."""
    specs: dict[str, catalog.FieldSpec] = {}
    kinds_of: dict[str, list[str]] = {}
    for kind in catalog.KINDS:
        for spec in kind.fields:
            specs.setdefault(spec.name, spec)
            kinds_of.setdefault(spec.name, []).append(kind.name)
    struct = pl.Struct(dict.fromkeys(specs, pl.String))
    decoded = pl.col("fields").str.json_decode(struct)
    columns = [
        pl.when(pl.col("kind").is_in(kinds_of[name]))
        .then(_typed_column(decoded.struct.field(name), spec))
        .alias(prefix + name)
        for name, spec in specs.items()
    ]
    return events.select(columns)


def _typed_column(text: pl.Expr, spec: catalog.FieldSpec) -> pl.Expr:
    if spec.type == "str":
        unquoted = text.str.strip_prefix('"').str.strip_suffix('"')
        return (
            pl.when(text.str.starts_with('"') & text.str.ends_with('"'))
            .then(unquoted)
            .otherwise(text)
            .alias(spec.name)
        )
    if spec.type == "bool":
        return (
            pl.when(text == "true")
            .then(True)
            .when(text == "false")
            .then(False)
            .otherwise(None)
            .alias(spec.name)
        )
    return text.cast(_DTYPES[spec.type], strict=False).alias(spec.name)
