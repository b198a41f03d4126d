"""Text from data made safe for the Markdown that Streamlit's captions, messages and headings render."""

from __future__ import annotations

import re

# Characters that make markup anywhere in a line: emphasis, code, links and images, HTML, maths, tables, entities.
INLINE_SPECIALS = re.compile(r"([\\`*_\[\]<>!~$|{}#&])")
# A colon starts Streamlit's directives (:material/icon:, :red[text]) and emoji short codes (:smile:), and is half of a
# bare link (http://): escaped when a word follows it. "www." makes a link too.
DIRECTIVE_COLON = re.compile(r":(?=[\w/+-])")
BARE_LINK = re.compile(r"\b(www)\.", re.IGNORECASE)
# What starts a block (a list, a quote, a heading, a rule) only matters at the start of the text.
BLOCK_START = re.compile(r"^([-+=]|\d+[.)])")


def plain(value: object) -> str:
    """A value made safe to put into Markdown text (st.error, st.caption...): it shows as its characters, never as markup,
    and the rest of the sentence (dates, dashes, colons before a space) stays readable in the page's source."""
    text = " ".join(str(value).split())
    text = INLINE_SPECIALS.sub(r"\\\1", text)
    text = DIRECTIVE_COLON.sub(r"\\:", text)
    text = BARE_LINK.sub(r"\1\\.", text)
    return BLOCK_START.sub(r"\\\1", text)
