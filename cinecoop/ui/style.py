"""The app's own CSS: fonts served from static/, the layout on phones and tablets, and the right-to-left layout of Persian pages."""

from __future__ import annotations

import streamlit as st

from cinecoop.i18n import RIGHT_TO_LEFT

FONTS_URL = "app/static/fonts"
# Persian glyphs come from Vazirmatn and Cyrillic from Noto Sans, both served from static/fonts (never a CDN). Vazirmatn is
# also declared under Streamlit's own family name for the Arabic-script code points only, so every text Streamlit draws
# in "Source Sans" (the data grid's canvas too) finds Persian letters, while Latin text keeps Streamlit's font.
FONT_FACES = f"""
@font-face {{ font-family: "Vazirmatn"; font-weight: 100 900; font-display: swap;
  src: url("{FONTS_URL}/Vazirmatn-Variable.woff2") format("woff2"); }}
@font-face {{ font-family: "Source Sans"; font-weight: 100 900; font-display: swap;
  src: url("{FONTS_URL}/Vazirmatn-Variable.woff2") format("woff2");
  unicode-range: U+0600-06FF, U+0750-077F, U+08A0-08FF, U+200C-200F, U+FB50-FDFF, U+FE70-FEFF; }}
@font-face {{ font-family: "Source Code Pro"; font-weight: 100 900; font-display: swap;
  src: url("{FONTS_URL}/Vazirmatn-Variable.woff2") format("woff2");
  unicode-range: U+0600-06FF, U+0750-077F, U+08A0-08FF, U+200C-200F, U+FB50-FDFF, U+FE70-FEFF; }}
@font-face {{ font-family: "Noto Sans"; font-weight: 400; font-display: swap;
  src: url("{FONTS_URL}/noto-sans-cyrillic-400-normal.woff2") format("woff2");
  unicode-range: U+0301, U+0400-045F, U+0490-0491, U+04B0-04B1, U+2116; }}
@font-face {{ font-family: "Noto Sans"; font-weight: 700; font-display: swap;
  src: url("{FONTS_URL}/noto-sans-cyrillic-700-normal.woff2") format("woff2");
  unicode-range: U+0301, U+0400-045F, U+0490-0491, U+04B0-04B1, U+2116; }}
"""
# Right to left for Persian: the page, the sidebar, cards and tables. A card's value and change, and code, take their
# direction from their own first letter (plaintext): "-۱۲ (-۵٫۱٪)" and SQL stay left to right, "۵ از ۵" reads from the
# right. Charts and grids keep their left-to-right drawing (a chart's title, legend and texts are handled by theme.localize).
RIGHT_TO_LEFT_STYLE = """
[data-testid="stAppViewContainer"], [data-testid="stSidebar"], [data-testid="stSidebarNav"] { direction: rtl; }
[data-testid="stAppViewContainer"] .stMarkdown, [data-testid="stSidebar"] .stMarkdown,
[data-testid="stCaptionContainer"], [data-testid="stHeading"], [data-testid="stAlertContentInfo"],
[data-testid="stAlertContentWarning"], [data-testid="stAlertContentError"], [data-testid="stAlertContentSuccess"],
[data-testid="stMetricLabel"], [data-testid="stWidgetLabel"], [data-testid="stExpander"] summary { text-align: right; }
[data-testid="stMetric"] { text-align: right; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] > div, [data-testid="stMetricDelta"] > div { unicode-bidi: plaintext; text-align: right; }
[data-testid="stCode"] pre, [data-testid="stCode"] code, code { unicode-bidi: plaintext; }
[data-testid="stPlotlyChart"], [data-testid="stDataFrame"] { direction: ltr; }
[data-testid="stDateInputFieldsScroller"] { direction: ltr; }
"""


# Phones and tablets. The rules follow the width of the page's own column (a container query), not of the window: a
# 1024-pixel tablet with the sidebar open leaves the page less room than a phone turned sideways.
# - KPI cards: five in a row need about 900 pixels for "2,232,560" to show whole; below, three to a row (two when a row
#   has four), and two to a row on a phone. Half-width charts and tables go one under the other below 820 pixels.
# - No chart toolbar on a phone or a touch screen: once tapped it stays open over the chart's legend (the chart's
#   download is under "SQL and data", and the brief draws every chart).
# - Nothing wider than the screen: a table or a code block scrolls inside its own box; a card's label wraps rather than
#   being cut ("Median days to sig…").
# - A collapsed sidebar is not drawn: laid out right to left, its labels (which Streamlit makes visible one by one)
#   spilled onto a phone's page.
NARROW_STYLE = """
[data-testid="stMainBlockContainer"] { container-type: inline-size; container-name: page; }
@container page (max-width: 900px) {
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) { flex-wrap: wrap; row-gap: 0.75rem; }
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) > [data-testid="stColumn"] {
    flex: 1 1 calc(33.3% - 1rem) !important; width: calc(33.3% - 1rem) !important; min-width: calc(33.3% - 1rem) !important;
  }
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"]:nth-child(4):last-child [data-testid="stMetric"])
    > [data-testid="stColumn"] {
    flex: 1 1 calc(50% - 0.5rem) !important; width: calc(50% - 0.5rem) !important; min-width: calc(50% - 0.5rem) !important;
  }
}
@container page (max-width: 820px) {
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] :is([data-testid="stPlotlyChart"], [data-testid="stDataFrame"])) {
    flex-wrap: wrap;
  }
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] :is([data-testid="stPlotlyChart"], [data-testid="stDataFrame"]))
    > [data-testid="stColumn"] {
    flex: 1 1 100% !important; width: 100% !important; min-width: 100% !important;
  }
}
@container page (max-width: 600px) {
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) > [data-testid="stColumn"] {
    flex: 1 1 calc(50% - 0.5rem) !important; width: calc(50% - 0.5rem) !important; min-width: calc(50% - 0.5rem) !important;
  }
  [data-testid="stMetricValue"] { font-size: 1.55rem; }
  [data-testid="stMetricDelta"] { font-size: 0.8rem; }
  [data-testid="stHeading"] h1 { font-size: 1.9rem; }
  [data-testid="stHeading"] h3 { font-size: 1.25rem; }
}
@media (max-width: 640px), (hover: none) {
  [data-testid="stPlotlyChart"] .modebar-container, [data-testid="stElementToolbar"] { display: none !important; }
}
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding-left: 0.75rem; padding-right: 0.75rem; }
}
[data-testid="stMain"] [data-testid="stDataFrame"], [data-testid="stMain"] [data-testid="stCode"] { max-width: 100%; overflow-x: auto; }
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * { white-space: normal !important; text-overflow: clip !important; overflow: visible !important; }
[data-testid="stSidebar"][data-collapsed="true"] { display: none; }
"""


def style_page(language: str) -> None:
    """The app's own CSS (fonts; phones; right to left for Persian), injected in this one place; it holds no data value."""
    style = FONT_FACES + NARROW_STYLE + (RIGHT_TO_LEFT_STYLE if language in RIGHT_TO_LEFT else "")
    st.html(f"<style>{style}</style>")
