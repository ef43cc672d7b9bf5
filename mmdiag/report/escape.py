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

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """Control characters (except newline and tab) shown as `\\xNN`, never interpreted."""
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


def rich_text(text: str, style: str = "") -> Text:
    """A rich `Text`: its content is never parsed as markup."""
    return Text(visible(text), style=style)


def markup(text: str) -> str:
    """For a string that is itself embedded in rich markup."""
    return rich_escape(visible(text))


def html_text(text: str) -> str:
    return html.escape(visible(text), quote=True)


def xml_text(text: str) -> str:
    """XML 1.0 cannot hold most control characters even as entities: they are shown as text."""
    return html.escape(visible(text), quote=True)
