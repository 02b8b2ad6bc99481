"""Numbers as a French reader expects them: `31 723,3 M€`, `22,4 %`, `5,47 %`.

Thousands are separated by a no-break space and the unit is preceded by one, so that a figure is
never split across lines.
"""

from __future__ import annotations

import unicodedata

NBSP = "\u00a0"


def french_number(value: float, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"  # 31,723.3
    return text.replace(",", NBSP).replace(".", ",")


def meur(value_eur: float, decimals: int = 1) -> str:
    """Euros as millions of euros: 31723300000 -> '31 723,3 M€'; a value that would round to
    zero says so: 30000 -> '< 0,1 M€' (never « 0 M€ » for trade that exists)."""
    millions = value_eur / 1e6
    if value_eur and round(abs(millions), decimals) == 0:
        smallest = french_number(10.0**-decimals, decimals)
        return f"<{NBSP}{smallest}{NBSP}M€" if value_eur > 0 else f">{NBSP}−{smallest}{NBSP}M€"
    return f"{french_number(millions, decimals)}{NBSP}M€"


def meur_short(value_eur: float) -> str:
    """A chart label's amount: no decimal from 100 M€, one below (« 1 234 M€ », « 12,5 M€ »)."""
    return meur(value_eur, 0 if abs(value_eur) >= 99.95e6 else 1)


def percent(fraction: float | None, decimals: int = 1) -> str:
    """A fraction as a percentage: 0.2239 -> '22,4 %'; None -> 'n.d.'."""
    if fraction is None:
        return "n.d."
    return f"{french_number(100 * fraction, decimals)}{NBSP}%"


def signed_meur(value_eur: float, decimals: int = 1) -> str:
    """A balance or a change: « +1,2 M€ », « −5 010,0 M€ », « < 0,1 M€ » (no sign before a
    bound)."""
    text = meur(value_eur, decimals).replace("-", "−")
    return ("+" if value_eur > 0 and not text.startswith("<") else "") + text


def exposure_words(exposure: dict) -> dict[str, str]:
    """A flow's change on a year and partner concentration, as the index pages show them."""
    change, hhi = exposure.get("change_ratio"), exposure.get("hhi_partners")
    return {
        "change": (("+" if change > 0 else "") + percent(change).replace("-", "−")
                   if change is not None else "n.d."),
        "concentration": (f"{exposure.get('partners_concentration')} ({french_number(hhi, 2)})"
                          if hhi is not None else "n.d."),
    }  # fmt: skip


def french_sort_key(text: str) -> tuple[str, str]:
    """Alphabetical order as a French reader expects it: accents and case ignored first
    (« Béthune » before « Brive »), then the text itself to break ties."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.casefold(), text


def search_text(text: str) -> str:
    """`text` as the index's filter compares it: lower case, no accents, no hyphens, spaces or
    apostrophes (« Île-de-France » -> « iledefrance »)."""
    bare = french_sort_key(text)[0]
    return "".join(c for c in bare if c.isalnum())
