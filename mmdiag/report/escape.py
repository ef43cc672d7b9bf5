"""Strings from a log are untrusted: every renderer passes them through here first.

Control characters (an ANSI escape in a message would recolour or rewrite the user's terminal)
become visible `\\x1b`-style text; rich markup is escaped or avoided with `Text`; HTML and XML
get entity escaping. What the log said stays readable, literally.
"""

from __future__ import annotations

import html
import re

from rich.markup import escape as rich_escape
from rich.text import Text

# C0 and C1 controls (but newline and tab); the bidirectional overrides and isolates, which
# reorder what a terminal shows; lone surrogates (undecodable bytes) and the noncharacters
# U+FFFE/U+FFFF, which XML 1.0 cannot hold.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)


def _code(found: re.Match[str]) -> str:
    point = ord(found.group())
    return f"\\x{point:02x}" if point <= 0xFF else f"\\u{point:04x}"


def visible(text: str) -> str:
    """Control characters (except newline and tab) shown as `\\xNN`, never interpreted."""
    return _CONTROL.sub(_code, text)


def one_line(text: str) -> str:
    """`visible`, and a newline shown as `\\n`: log text cannot start a line of its own (a
    forged `::error::` workflow command, a Markdown heading, a fake report line)."""
    return visible(text).replace("\n", "\\n")


def rich_text(text: str, style: str = "") -> Text:
    """A rich `Text`: its content is never parsed as markup."""
    return Text(visible(text), style=style)


def markup(text: str) -> str:
    """For a string that is itself embedded in rich markup."""
    return rich_escape(visible(text))


def html_text(text: str) -> str:
    return html.escape(one_line(text), quote=True)


def xml_text(text: str) -> str:
    """XML 1.0 cannot hold most control characters even as entities: they are shown as text."""
    return html.escape(visible(text), quote=True)


_MARKDOWN = re.compile(r"([\\`*_\[\]#|~!])")


def markdown_text(text: str) -> str:
    """Log text inside Markdown: no raw HTML, no emphasis, links, headings or table cells of
    its own; one line."""
    return html.escape(_MARKDOWN.sub(r"\\\1", one_line(text)), quote=False)
