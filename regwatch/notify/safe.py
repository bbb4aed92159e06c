"""Neutralise invisible direction controls in scraped text before it reaches a reader.

U+202A–U+202E and U+2066–U+2069 (embeddings, overrides, isolates) and the LRM/RLM marks can make a link or a
file name read backwards ("gpj.exe" shown as "exe.jpg"). Policy text never needs them.
"""
from __future__ import annotations

import re

from markupsafe import Markup

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def strip_bidi(value):
    """``value`` without bidi controls; Markup stays Markup, non-strings pass through."""
    if isinstance(value, Markup):
        return Markup(BIDI_CONTROLS.sub("", str(value)))
    if isinstance(value, str):
        return BIDI_CONTROLS.sub("", value)
    return value
