"""The small Chinese-first HTML pages that QR codes open on phones."""

from __future__ import annotations

from html import escape

_STYLE = (
    "body{font-family:'PingFang SC','Noto Sans CJK SC',sans-serif;margin:1.2em;color:#222}"
    "h1{font-size:1.3em}table{border-collapse:collapse;width:100%}"
    "th,td{text-align:left;padding:.45em .3em;border-bottom:1px solid #ddd;vertical-align:top}"
    "th{width:40%;font-weight:normal;color:#555}.en{color:#666;font-size:.9em}"
    ".status{font-size:1.2em;font-weight:bold;color:#0a5}"
)


def page(title_zh: str, title_en: str, inner: str) -> str:
    """A whole page; `inner` is HTML, the titles are plain text."""
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title_zh)} {escape(title_en)}</title><style>{_STYLE}</style></head>"
        f'<body><h1>{escape(title_zh)}<br><span class="en">{escape(title_en)}</span></h1>'
        f"{inner}</body></html>"
    )


def row(zh: str, en: str, value: str, css: str = "") -> str:
    """A table row with a bilingual label; `value` is HTML."""
    cls = f' class="{css}"' if css else ""
    return f'<tr><th>{zh}<br><span class="en">{en}</span></th><td{cls}>{value}</td></tr>'


def bilingual(zh: str, en: str) -> str:
    """Plain Chinese and English text as HTML, Chinese first."""
    return f'{escape(zh)}<br><span class="en">{escape(en)}</span>'
