"""The leadership brief: a page's declaration (cinecoop.pagespecs) drawn as an A4 PDF, for one reader's view.

The same items the browser draws (cinecoop.blocks.collect) are laid out on paper: KPI cards, charts (drawn offline by
a local Chromium through kaleido), tables continued across pages, captions, and the contract's definitions as
footnotes, every word and number in the reader's language, digits and calendar."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import io
import logging
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly
import plotly.graph_objects as go
from fpdf import FPDF
from fpdf.bidi import auto_detect_base_direction
from fpdf.drawing_primitives import convert_to_device_color
from fpdf.enums import TextDirection
from fpdf.fonts import FontFace
from PIL import Image

from cinecoop import browser, kpi, paths
from cinecoop.blocks import Column, Context, Page, Shown, Source, collect
from cinecoop.figures import theme
from cinecoop.filters import Filters
from cinecoop.formatting import ARABIC_SCRIPT, MEASURE_FORMATS, MISSING
from cinecoop.i18n import RIGHT_TO_LEFT
from cinecoop.view import View

FONTS_DIR = paths.PROJECT_ROOT / "fonts"
TOPOJSON_DIR = paths.STATIC_DIR / "topojson"
PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
# The brief's charts are drawn 900 pixels wide at twice the resolution, so they stay sharp on paper.
RENDER_WIDTH = 900
# Fonts kaleido's Chromium finds on the system (fonts-liberation, DejaVu); the Persian ones come from the page's own fonts.
CHART_FONT = "'Liberation Sans', Arial, 'DejaVu Sans', Vazirmatn, sans-serif"
RENDER_SCALE = 2
RENDER_TIMEOUT = 60
DEFAULT_CHART_HEIGHT = 450
# Chromium is pointed at a closed local port as its proxy: nothing it draws can reach another host.
OFFLINE_PROXY = "http://127.0.0.1:9"
MAX_TABLE_ROWS = 500
NO_BROWSER_NOTE = "Charts omitted: no browser for rendering was found (CHROMIUM_PATH names one); the text and tables are complete."
SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹"
TABLE_FONT_SIZE = 7.2
CELL_PADDING = (1.1, 1.3)  # millimetres above and below, left and right
FIRST_STRONG_ISOLATE, POP_ISOLATE = "\u2068", "\u2069"
ZERO_WIDTH_SPACE = "\u200b"
LATIN_RUN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./:'’\-→←÷× ]*[A-Za-z0-9_]|[A-Za-z0-9_]")
LONGEST_WORD = 40  # characters of an unbroken word before it gets a break opportunity

# One chart browser at a time: each is a Chromium, and the server has two cores.
_render_lock = threading.Lock()


class BriefError(ValueError):
    """The brief cannot be made as asked (an unknown page); the message says what to ask instead."""


@dataclass(frozen=True)
class Brief:
    """A finished brief: the PDF, the notes for whoever asked for it, and how many charts it holds of how many planned."""

    pdf: bytes
    notes: list[str]
    charts_drawn: int
    charts_planned: int
    items: list[Shown]


def filters_in_words(view: View) -> str:
    """The filters in the reader's words: dates in their calendar and digits, programmes and countries by name."""
    filters = view.filters
    parts = []
    if filters.start or filters.end:
        start = view.date(filters.start) if filters.start else view.t("the first screening")
        end = view.date(filters.end) if filters.end else view.t("the latest")
        parts.append(view.t("from {start} to {end}", start=start, end=end))
    else:
        parts.append(view.t("all dates"))
    everything = view.t("all")
    parts.append(view.t("programmes: {values}", values=view.list_words(view.program(name) for name in filters.programs) or everything))
    parts.append(
        view.t("host countries: {values}", values=view.countries(list(filters.host_countries)) if filters.host_countries else everything)
    )
    parts.append(
        view.t("film countries: {values}", values=view.countries(list(filters.film_countries)) if filters.film_countries else everything)
    )
    return ("؛ " if view.language == "fa" else "; ").join(parts)


# -- the charts: drawn by Chromium through kaleido --------------------------------------------------------
def render_charts(figures: list[go.Figure], browser: str) -> list[bytes]:
    """PNG images of the figures at the brief's width, drawn offline by one Chromium session (plotly.js and the maps from disk)."""
    import kaleido

    topojson = TOPOJSON_DIR.as_uri() + "/"
    for figure in figures:
        figure.update_layout(font_family=CHART_FONT)

    async def draw() -> list[bytes]:
        images = []
        async with kaleido.Kaleido(
            path=browser, n=1, timeout=RENDER_TIMEOUT, plotlyjs=PLOTLY_JS, mathjax=False, proxy_server=OFFLINE_PROXY
        ) as browser_session:
            for figure in figures:
                height = int(figure.layout.height or DEFAULT_CHART_HEIGHT)
                opts = {"format": "png", "width": RENDER_WIDTH, "height": height, "scale": RENDER_SCALE}
                images.append(await browser_session.calc_fig(figure, opts=opts, topojson=topojson))
        return images

    outcome: dict[str, object] = {}

    def work() -> None:
        # A thread of its own: the caller may be inside an event loop (Streamlit's script thread is not, the tests' may be).
        try:
            outcome["images"] = asyncio.run(draw())
        except BaseException as error:
            outcome["error"] = error

    with _render_lock:
        thread = threading.Thread(target=work, name="cinecoop-brief-charts", daemon=True)
        thread.start()
        thread.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["images"]  # type: ignore[return-value]


# -- the PDF -----------------------------------------------------------------------------------------------
TEXT = (33, 37, 41)
MUTED = (96, 103, 112)
ACCENT = (0, 114, 178)
RULE = (206, 212, 218)
UP = (0, 128, 64)
DOWN = (196, 43, 28)
SAMPLE_FILL = (255, 243, 205)
NOTE_FILL = (232, 240, 250)
ERROR_FILL = (252, 228, 226)
HEADING_FILL = (232, 236, 241)
ZEBRA = (247, 248, 250)


def has_arabic_script(text: str) -> bool:
    return bool(ARABIC_SCRIPT.search(text))


def is_right_to_left(text: str) -> bool:
    return auto_detect_base_direction(text) == TextDirection.RTL


def marker(index: int) -> str:
    return SUPERSCRIPTS[index - 1] if 1 <= index <= len(SUPERSCRIPTS) else f"[{index}]"


def cell_text(value: object, kind: str, view: View) -> str:
    """A table cell as the page writes it, in the reader's language, digits and calendar; a dash when empty."""
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)) and getattr(value, "ndim", 0) > 0:
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return view.countries(list(value)) if kind == "codes" else view.list_words(str(item) for item in value)
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return MISSING
    if isinstance(value, bool) or kind == "bool":
        return view.t("yes") if bool(value) else view.t("no")
    if kind == "codes":
        return view.countries(str(value))
    if kind == "code":
        return view.country(value)
    if kind == "term":
        return view.term(value)
    if kind == "direction":
        return view.direction(value)
    if kind == "program":
        return view.program(value)
    if kind == "message":
        return str(view.message(value))
    if kind == "progress":
        return view.measure(value, "percent")
    if kind in MEASURE_FORMATS:
        # The one format of the column's kind of measure, as the browser's cell, card and chart write it.
        return view.measure(value, kind)
    if kind == "date":
        return view.date(value)
    return isolated(str(value), view)


def latin_runs_isolated(text: str) -> str:
    """Each run of Latin words inside a Persian sentence (a column name, a date format, a title as exported) isolated, so
    the bidi algorithm keeps its words and punctuation in their own order."""
    if not has_arabic_script(text):
        return text
    return LATIN_RUN.sub(lambda match: FIRST_STRONG_ISOLATE + match.group(0) + POP_ISOLATE, text)


def isolated(text: str, view: View) -> str:
    """Text in Latin letters (a title as exported, a path) kept whole inside a Persian line: a first-strong isolate stops
    the bidi algorithm from reordering its words or punctuation among the Persian ones."""
    if view.right_to_left and text and not has_arabic_script(text):
        return FIRST_STRONG_ISOLATE + text + POP_ISOLATE
    return text


def _water_level(widths: list[float], room: float) -> float:
    """The cap at which the widths, each cut down to it, fill the room exactly."""
    remaining, count = room, len(widths)
    for index, width in enumerate(sorted(widths)):
        if width * (count - index) >= remaining:
            return remaining / (count - index)
        remaining -= width
    return max(widths)


def breakable(text: str, longest: int = LONGEST_WORD) -> str:
    """A word longer than a line can hold (an unbroken title of 100+ letters) gets break opportunities every `longest`
    characters, so the layout wraps it instead of failing. Shorter words are left whole (a zero-width space in "Iran-Russia"
    or a date would travel with every copy of the PDF's text); a column narrower than its longest word wraps it."""
    return " ".join(
        ZERO_WIDTH_SPACE.join(word[start : start + longest] for start in range(0, len(word), longest)) if len(word) > longest else word
        for word in text.split(" ")
    )


class BriefPDF(FPDF):
    """A4 pages with the brief's fonts, Persian shaped right to left, and a footer with the page number."""

    def __init__(self, view: View, footer_text: str, pages: int | None = None):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.view = view
        self.language = language = view.language
        self.footer_text = footer_text
        self.total_pages = pages  # the page count of a first pass, so "page 3 of 7" is written in the reader's digits
        self.set_margins(15, 14, 15)
        self.set_auto_page_break(True, margin=17)
        self.add_font("dejavu", "", str(FONTS_DIR / "DejaVuSans.ttf"))
        self.add_font("dejavu", "B", str(FONTS_DIR / "DejaVuSans-Bold.ttf"))
        self.add_font("vazirmatn", "", str(FONTS_DIR / "Vazirmatn-Regular.ttf"))
        self.add_font("vazirmatn", "B", str(FONTS_DIR / "Vazirmatn-Bold.ttf"))
        # HarfBuzz joins Persian letters and the Unicode bidi algorithm orders each paragraph by its first strong letter.
        self.set_text_shaping(True)
        # Vazirmatn has no Cyrillic and no arrows (IR→RU): those come from DejaVu Sans.
        self.set_fallback_fonts(["dejavu"], exact_match=False)
        self.set_lang(language)
        self.set_creator("Cinecoop")
        self.set_author("Cinecoop")

    def prepared(self, text: str) -> str:
        """A paragraph ready for the page: Latin runs isolated inside Persian, over-long words given places to wrap."""
        return breakable(latin_runs_isolated(text) if self.view.right_to_left else text)

    def family(self, text: str) -> str:
        return "vazirmatn" if has_arabic_script(text) else "dejavu"

    def use(self, text: str, size: float, bold: bool = False, color: tuple[int, int, int] = TEXT) -> None:
        self.set_font(self.family(text), "B" if bold else "", size)
        self.set_text_color(*color)

    def align_for(self, text: str) -> str:
        return "R" if is_right_to_left(text) else "L"

    def footer(self) -> None:
        self.set_y(-12)
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line(self.l_margin, self.get_y() - 1.5, self.w - self.r_margin, self.get_y() - 1.5)
        number = self.view.t(
            "page {page} of {pages}",
            page=self.view.digits(self.page_no()),
            pages=self.view.digits(self.total_pages) if self.total_pages else "…",
        )
        width = self.epw / 2
        self.use(self.footer_text, 7, color=MUTED)
        self.cell(width + 20, 5, self.footer_text, align=self.align_for(self.footer_text))
        self.use(number, 7, color=MUTED)
        self.set_x(self.w - self.r_margin - width + 20)
        self.cell(width - 20, 5, number, align="R")

    def paragraph(self, text: str, size: float = 9, bold: bool = False, color: tuple[int, int, int] = TEXT, after: float = 1.5) -> None:
        text = self.prepared(text)
        self.use(text, size, bold, color)
        self.multi_cell(0, size * 0.48, text, align=self.align_for(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(after)

    def boxed(self, text: str, fill: tuple[int, int, int], size: float = 8.5, bold: bool = False) -> None:
        """A paragraph on a coloured band: the sample notice, the notes, an error in place."""
        text = self.prepared(text)
        self.use(text, size, bold)
        pad = 2.2
        line = size * 0.48
        lines = self.multi_cell(self.epw - 2 * pad, line, text, dry_run=True, output="LINES")
        height = len(lines) * line + 2 * pad
        if self.will_page_break(height):
            self.add_page()
        top = self.get_y()
        self.set_fill_color(*fill)
        self.rect(self.l_margin, top, self.epw, height, style="F")
        self.set_xy(self.l_margin + pad, top + pad)
        self.multi_cell(self.epw - 2 * pad, line, text, align=self.align_for(text), new_x="LMARGIN", new_y="NEXT")
        self.set_y(top + height + 2.5)

    def heading(self, text: str, size: float = 12.5, keep: float = 40) -> None:
        # A heading never sits alone at the foot of a page: it goes over with what follows it.
        if self.will_page_break(keep):
            self.add_page()
        self.ln(2)
        self.paragraph(text, size=size, bold=True, color=TEXT, after=1)

    def card_row(self, cards: list[kpi.Card], markers: dict[str, int]) -> None:
        """The cards side by side, as on the page: label, value, change against the previous period, target progress."""
        gap = 3.0
        count = len(cards)
        width = (self.epw - gap * (count - 1)) / count
        inner = width - 4
        rows = [self._card_lines(card, inner, markers) for card in cards]
        height = max(sum(line_height * len(lines) for _, _, _, _, line_height, lines in row) for row in rows)
        height += 5 + max((3.5 if card.progress is not None else 0) for card in cards)
        if self.will_page_break(height):
            self.add_page()
        top = self.get_y()
        right_to_left = self.language in RIGHT_TO_LEFT
        for index, (card, row) in enumerate(zip(cards, rows, strict=True)):
            slot = count - 1 - index if right_to_left else index
            left = self.l_margin + slot * (width + gap)
            self.set_draw_color(*RULE)
            self.set_line_width(0.3)
            self.rect(left, top, width, height, style="D")
            y = top + 2
            for text, size, bold, color, line_height, lines in row:
                if text == "":
                    continue
                self.use(text, size, bold, color)
                self.set_xy(left + 2, y)
                self.multi_cell(inner, line_height, text, align=self.align_for(text))
                y += line_height * len(lines)
            if card.progress is not None:
                y += 0.8
                self.set_fill_color(*HEADING_FILL)
                self.rect(left + 2, y, inner, 1.8, style="F")
                self.set_fill_color(*ACCENT)
                self.rect(left + 2, y, inner * min(max(card.progress, 0.0), 1.0), 1.8, style="F")
        self.set_xy(self.l_margin, top + height + 2)

    def _card_lines(self, card: kpi.Card, width: float, markers: dict[str, int]) -> list[tuple]:
        label = card.label + (marker(markers[card.footnote]) if card.footnote in markers else "")
        delta_color = UP if card.sign > 0 else DOWN if card.sign < 0 else MUTED
        # The value stays on one line: a long number is set smaller rather than broken between its digits.
        value_size = 14.0
        self.use(card.value, value_size, True)
        # multi_cell keeps a cell margin on each side: the value must fit inside them, or its last digit wraps ("1,179,30" / "0").
        while value_size > 8 and self.get_string_width(card.value) > width - 2 * self.c_margin - 0.2:
            value_size -= 0.5
            self.use(card.value, value_size, True)
        parts = [
            (label, 7.5, False, MUTED),
            (card.value, value_size, True, TEXT),
            (card.delta or "", 7.5, True, delta_color),
            (card.delta_description or "", 7, False, MUTED),
            (card.coverage or "", 6.8, False, MUTED),
            (card.progress_text or "", 6.8, False, MUTED),
        ]
        measured = []
        for text, size, bold, color in parts:
            line_height = size * 0.47
            if not text:
                measured.append(("", size, bold, color, line_height, []))
                continue
            self.use(text, size, bold, color)
            lines = self.multi_cell(width, line_height, text, dry_run=True, output="LINES")
            measured.append((text, size, bold, color, line_height, lines))
        return measured

    def chart(self, png: bytes) -> None:
        """A chart image at the text width; taller than a page, it shrinks to fit, centred."""
        picture = Image.open(io.BytesIO(png)).convert("RGB")
        width = self.epw
        height = width * picture.height / picture.width
        room = self.page_break_trigger - self.t_margin - 2
        if height > room:
            width, height = width * room / height, room
        if self.will_page_break(height + 1):
            self.add_page()
        left = self.l_margin + (self.epw - width) / 2
        self.image(picture, x=left, y=self.get_y(), w=width, h=height)
        self.set_y(self.get_y() + height + 1.5)

    def data_table(self, frame: pd.DataFrame, columns: tuple[Column, ...], markers: dict[str, int]) -> None:
        """Every row, continued across pages with the heading row repeated; numbers right-aligned; data values as plain text."""
        present = [column for column in columns if column.name in frame.columns and column.on_paper]
        right_to_left = self.language in RIGHT_TO_LEFT
        if right_to_left:
            # A Persian reader starts a table at the right, as the cards above it.
            present.reverse()
        numeric = ("count", "number", "plain", "percent", "share", "progress", "money", "days", "year")
        align = tuple("RIGHT" if column.kind in numeric or right_to_left else "LEFT" for column in present)
        headings = [
            self.view.t(column.label) + (marker(markers[column.definition]) if column.definition in markers else "") for column in present
        ]
        cells = [
            [breakable(cell_text(value, column.kind, self.view)) for value, column in zip(record, present, strict=True)]
            for record in frame[[column.name for column in present]].itertuples(index=False, name=None)
        ]
        self.set_font("dejavu", "", TABLE_FONT_SIZE)
        self.set_text_color(*TEXT)
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        # The striped rows take the current fill colour on some of fpdf2's drawing paths: make it the stripe colour.
        self.set_fill_color(*ZEBRA)
        widths = self.column_widths(headings, cells)
        if self.will_page_break(22):
            self.add_page()
        with self.table(
            col_widths=widths,
            text_align=align,
            width=self.epw,
            line_height=self.font_size * 1.35,
            padding=(CELL_PADDING[0], CELL_PADDING[1]),
            borders_layout="HORIZONTAL_LINES",
            # A device colour: the table hands this one to set_fill_color unconverted.
            cell_fill_color=convert_to_device_color(ZEBRA),
            cell_fill_mode="ROWS",
            headings_style=FontFace(emphasis="BOLD", color=TEXT, fill_color=HEADING_FILL),
            repeat_headings=1,
            markdown=False,
        ) as table:
            heading_row = table.row()
            for heading in headings:
                heading_row.cell(heading, style=FontFace(family=self.family(heading), emphasis="BOLD"))
            for texts in cells:
                row = table.row()
                for text in texts:
                    row.cell(text, style=FontFace(family="vazirmatn") if has_arabic_script(text) else None)
        self.ln(2)

    def column_widths(self, headings: list[str], cells: list[list[str]]) -> tuple[float, ...]:
        """Widths from the text itself: no column narrower than its longest word, the room left shared by the typical length."""
        padding = 2 * CELL_PADDING[1] + 0.6
        room = self.epw
        shortest: list[float] = []
        widest: list[float] = []
        typical: list[float] = []
        for index, heading in enumerate(headings):
            self.set_font(self.family(heading), "B", TABLE_FONT_SIZE)
            word = max(self.get_string_width(part) for part in heading.split() or [""])
            whole = self.get_string_width(heading)
            total = 0.0
            for texts in cells:
                text = texts[index]
                self.set_font(self.family(text), "", TABLE_FONT_SIZE)
                length = self.get_string_width(text)
                word = max(word, *(self.get_string_width(part) for part in text.split() or [""]))
                whole = max(whole, length)
                total += length
            # No column may claim more than half the page for its longest word: breakable() lets such a word wrap.
            shortest.append(min(word, room / 2) + padding)
            widest.append(whole + padding)
            typical.append(total / max(len(cells), 1) + padding)
        if sum(widest) <= room:
            return tuple(width * room / sum(widest) for width in widest)
        if sum(shortest) >= room:
            # Too many long words for the page: the columns with the longest words give way (their words wrap), the
            # short ones (dates, numbers, codes) keep their width.
            cap = _water_level(shortest, room)
            return tuple(min(width, cap) for width in shortest)
        # Long titles get the room: what a column still lacks at its shortest, weighed by how long its texts usually are.
        wanted = [max(usual - short, 0.0) for usual, short in zip(typical, shortest, strict=True)]
        if sum(wanted) == 0:
            wanted = [wide - short for wide, short in zip(widest, shortest, strict=True)]
        spare = room - sum(shortest)
        return tuple(short + spare * want / sum(wanted) for short, want in zip(shortest, wanted, strict=True))


def _quiet_outside_streamlit() -> None:
    """Outside a Streamlit run, Streamlit's caches log a warning each time they are used: silence them."""
    try:
        from streamlit import runtime

        if runtime.exists():
            return
    except ImportError:
        return
    for name in ("streamlit.runtime.scriptrunner_utils.script_run_context", "streamlit.runtime.state.session_state_proxy"):
        logging.getLogger(name).setLevel(logging.ERROR)


def build_brief(source: Source, page: Page, view: View) -> Brief:
    """The brief of one page for one reader's view: PDF bytes, notes for the reader, and the number of charts drawn."""
    _quiet_outside_streamlit()
    notes: list[str] = []
    ctx = Context(view, source)
    items = collect(page, ctx)
    title = ctx.text(page.heading) if page.heading else view.t(page.title)
    charts = [item for item in items if item.kind == "chart"]
    drawn = _draw(charts, notes, view)
    # Twice: the first pass counts the pages, so the footer can say "page 2 of 7" in the reader's digits.
    first = compose(page, title, items, view, source, notes)
    pdf = compose(page, title, items, view, source, notes, pages=first.pages_count)
    return Brief(pdf=bytes(pdf.output()), notes=notes, charts_drawn=drawn, charts_planned=len(charts), items=items)


def _draw(charts: list[Shown], notes: list[str], view: View) -> int:
    """Give each chart its image; when no browser can draw them, the notes say so and the charts are named instead."""
    if not charts:
        return 0
    chromium = browser.chromium_path()
    if chromium is None:
        notes.append(view.t(NO_BROWSER_NOTE))
        return 0
    try:
        images = render_charts([item.figure for item in charts], chromium)
    except Exception as error:  # a browser that will not start or draw: the text and tables still go out
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        notes.append(view.t("Charts omitted: the browser could not draw them ({reason}); the text and tables are complete.", reason=reason))
        return 0
    for item, image in zip(charts, images, strict=True):
        item.image = image
    return len(images)


def compose(page: Page, title: str, items: list[Shown], view: View, source: Source, notes: list[str], pages: int | None = None) -> BriefPDF:
    """Lay the items out on A4 pages: header, filters, data coverage, notes, the page's items, then the definitions."""
    report = source.database.report
    sample = paths.is_shipped_sample(report.data_dir)
    footer = view.t("Cinecoop brief · {page}", page=title)
    if sample:
        footer += " · " + view.t("sample data, not real figures")
    pdf = BriefPDF(view, footer, pages)
    pdf.set_title(view.t("Cinecoop brief: {page}", page=title))
    pdf.set_subject(filters_in_words(view))
    pdf.add_page()

    pdf.paragraph(view.t("Cinecoop leadership brief"), size=8.5, color=ACCENT, after=0.5)
    pdf.paragraph(title, size=19, bold=True, after=1)
    now = dt.datetime.now()
    pdf.paragraph(
        view.t("Prepared {when}", when=f"{view.date(now.date())} {view.digits(now.strftime('%H:%M'))}"), size=8, color=MUTED, after=2.5
    )
    if sample:
        pdf.boxed(
            view.t(
                "Sample data: these figures come from the bundled sample exports, not from real screenings. "
                "Point CINECOOP_DATA_DIR at a folder of real exports to see real figures."
            ),
            SAMPLE_FILL,
            bold=True,
        )
    pdf.paragraph(view.t("Filters"), size=9, bold=True, after=0.3)
    pdf.paragraph(filters_in_words(view), size=9, after=0.6)
    if page.shows_focus:
        a, b = view.focus
        pdf.paragraph(view.t("Focus pair: {a} and {b}", a=view.country(a), b=view.country(b)), size=9, after=0.6)
    pdf.paragraph(view.t("Data"), size=9, bold=True, after=0.3)
    pdf.paragraph(coverage_text(report, view), size=9, after=2)
    for note in notes:
        pdf.boxed(note, NOTE_FILL)

    markers = {name: index for index, name in enumerate(page.definitions, start=1)}
    for item in items:
        _print(pdf, item, view, markers)

    if page.definitions:
        pdf.heading(view.t("Glossary: how each number is counted"), size=10.5, keep=30)
        pdf.paragraph(view.t(kpi.ALL_FILTERS_NOTE), size=7.8, color=MUTED, after=1)
        for name in ("filters", *page.definitions):
            prefix = marker(markers[name]) + " " if name in markers else ""
            # The contract marks column names as Markdown code (`sessions`); on paper the backticks are noise.
            definition = view.t(kpi.DEFINITIONS[name]).replace("`", "")
            pdf.paragraph(f"{prefix}{view.t(name)}: {definition}", size=7.8, color=MUTED, after=1)
    return pdf


def _print(pdf: BriefPDF, item: Shown, view: View, markers: dict[str, int]) -> None:
    kind = item.kind
    if kind in ("heading", "tab"):
        pdf.heading(item.text)
    elif kind == "subheading":
        pdf.heading(item.text, size=10.5, keep=48)
    elif kind == "caption":
        pdf.paragraph(item.text, size=7.8, color=MUTED, after=2)
    elif kind == "paragraph":
        pdf.paragraph((item.lead + " " if item.lead else "") + item.text, size=9, after=2)
    elif kind == "message":
        pdf.boxed(item.text, ERROR_FILL if item.level in ("error", "warning") else NOTE_FILL)
    elif kind == "cards":
        pdf.card_row(item.cards, markers)
    elif kind == "chart":
        if item.image is not None:
            pdf.chart(item.image)
        else:
            pdf.boxed(view.t("Chart omitted: {title}", title=theme.title_of(item.figure)), NOTE_FILL, size=8)
    elif kind == "table":
        frame = item.frame
        if len(frame) > MAX_TABLE_ROWS:
            pdf.paragraph(
                view.t(
                    "The first {shown} of {total} rows; the dashboard and its CSV download have them all.",
                    shown=view.number(MAX_TABLE_ROWS),
                    total=view.number(len(frame)),
                ),
                size=7.8,
                color=MUTED,
                after=2,
            )
            frame = frame.head(MAX_TABLE_ROWS)
        pdf.data_table(frame, item.columns, markers)
    elif kind == "choice":
        pdf.paragraph(f"{item.text}: {item.choice.format(item.value, view)}", size=8, color=MUTED, after=1.5)
    elif kind == "facts":
        for label, value in item.facts:
            pdf.paragraph(f"{label}: {isolated(value, view)}", size=8, color=MUTED, after=0.8)


def coverage_text(report, view: View) -> str:
    """What the data covers and when it was loaded, from the load report, in the reader's words."""
    parts = []
    spans = (
        ("screenings", "screenings from {first} to {last} ({rows} rows)"),
        ("agreements", "agreements dated {first} to {last} ({rows} rows)"),
    )
    for table, words in spans:
        file = report.file(table)
        if file.first_date and file.last_date:
            first, last = view.date(file.first_date), view.date(file.last_date)
            parts.append(view.t(words, first=first, last=last, rows=view.number(file.rows_loaded)))
    parts.append(view.t("{n} warnings", n=view.number(sum(file.warnings for file in report.files))))
    rejected = sum(file.rows_rejected for file in report.files)
    if rejected:
        parts.append(view.t("{n} rows rejected", n=view.number(rejected)))
    loaded = f"{view.date(report.loaded_at.date())} {view.digits(report.loaded_at.strftime('%H:%M'))}"
    parts.append(view.t("loaded {when} from {folder}", when=loaded, folder=isolated(str(report.data_dir), view)))
    return ("؛ " if view.language == "fa" else "; ").join(parts)


def write_brief(source: Source, page: Page, view: View, out_path: Path | str) -> list[str]:
    """Write the brief to out_path (whole or not at all) and return its notes, e.g. that the charts were omitted."""
    result = build_brief(source, page, view)
    out_path = Path(out_path)
    # Written beside the target and renamed: a scheduled run never leaves half a PDF where a reader expects one.
    handle, temporary = tempfile.mkstemp(prefix=f".{out_path.name}.", suffix=".part", dir=out_path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(result.pdf)
        os.replace(temporary, out_path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return result.notes


def file_name(page: str, filters: Filters) -> str:
    """A download name that says what the brief is of: page and dates."""
    if filters.start or filters.end:
        span = f"{filters.start.isoformat() if filters.start else 'start'}-to-{filters.end.isoformat() if filters.end else 'latest'}"
    else:
        span = "all-dates"
    return f"cinecoop-brief-{page.replace('_', '-')}-{span}.pdf"
