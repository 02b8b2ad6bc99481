"""Numbers as a French reader expects them: `31 723,3 M€`, `22,4 %`, `5,47 %`.

Thousands are separated by a no-break space and the unit is preceded by one, so that a figure is
never split across lines.
"""

from __future__ import annotations

NBSP = "\u00a0"


def french_number(value: float, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"  # 31,723.3
    return text.replace(",", NBSP).replace(".", ",")


def meur(value_eur: float, decimals: int = 1) -> str:
    """Euros as millions of euros: 31723300000 -> '31 723,3 M€'."""
    return f"{french_number(value_eur / 1e6, decimals)}{NBSP}M€"


def percent(fraction: float | None, decimals: int = 1) -> str:
    """A fraction as a percentage: 0.2239 -> '22,4 %'; None -> 'n.d.'."""
    if fraction is None:
        return "n.d."
    return f"{french_number(100 * fraction, decimals)}{NBSP}%"


def signed_meur(value_eur: float, decimals: int = 1) -> str:
    sign = "+" if value_eur > 0 else ""
    return sign + meur(value_eur, decimals).replace("-", "−")


def exposure_words(exposure: dict) -> dict[str, str]:
    """A flow's change on a year and partner concentration, as the index pages show them."""
    change, hhi = exposure.get("change_pct"), exposure.get("hhi_partners")
    return {
        "change": (("+" if change > 0 else "") + percent(change).replace("-", "−")
                   if change is not None else "n.d."),
        "concentration": (f"{exposure.get('partners_concentration')} ({french_number(hhi, 2)})"
                          if hhi is not None else "n.d."),
    }  # fmt: skip
