"""Text forms a Japanese company name takes in different systems: full-width, half-width bank kana."""

from __future__ import annotations

import unicodedata

_SMALL_TO_LARGE = str.maketrans("ァィゥェォャュョッヮ", "アイウエオヤユヨツワ")
_TO_HALF = {unicodedata.normalize("NFKC", chr(cp)): chr(cp) for cp in range(0xFF61, 0xFFA0)}
_TO_HALF["\u3099"] = "\uff9e"  # combining dakuten
_TO_HALF["\u309a"] = "\uff9f"  # combining handakuten


def to_halfwidth_kana(katakana: str) -> str:
    """Full-width katakana to half-width, small kana written large (the bank-transfer 振込名義 form)."""
    decomposed = unicodedata.normalize("NFD", katakana.translate(_SMALL_TO_LARGE))
    return "".join(_TO_HALF.get(ch, ch) for ch in decomposed)


def to_fullwidth_ascii(text: str) -> str:
    """ASCII letters, digits and symbols to their full-width forms (ＡＢＣ)."""
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else "\u3000" if ch == " " else ch for ch in text)
