"""Which text encoding a file is in, decided with evidence.

Byte-order marks decide first. UTF-16 without a BOM shows itself by NUL bytes on every other position. Text
that decodes as UTF-8 is UTF-8. Otherwise every candidate (CP932 and the Western single-byte encodings) is
decoded and scored on how plausible its text is, and charset-normalizer's ranking breaks ties:

- undecodable bytes, private-use code points and control characters are implausible in any encoding;
- one or two CJK / kana characters glued to a Latin word ("M騙ico", "Medell匤") are what Latin-1 bytes read
  as CP932 look like;
- three or more non-ASCII characters in a row, read as a Western encoding, are what Japanese text looks
  like there ("Š”Ž®‰ïŽÐ").

`Decision.confidence` is the share of non-ASCII characters of the sample that read plausibly.

Precedence: `--encoding` > byte-order mark > UTF-16 NULs > (mostly) UTF-8 > the contract's default encoding
(`with_default`, only when it reads the bytes at least as plausibly as the guess) > the scored guess.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

SAMPLE_BYTES = 4 << 20
WESTERN = ("cp1252", "iso-8859-1", "iso-8859-15")
CANDIDATES = ("cp932", *WESTERN)
# Python's cp932 maps the unused bytes 0x80, 0xA0, 0xFD-0xFF to these: in a real export they are never text.
CP932_STRAYS = str.maketrans({ch: "\ufffd" for ch in "\x80\uf8f0\uf8f1\uf8f2\uf8f3"})
_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff61-\uff9f"
_GLUED_CJK = re.compile(rf"[A-Za-z][{_CJK}]{{1,2}}(?![{_CJK}])")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{3,}")
# Latin-1 characters that Western text hardly ever holds: a byte read as one of these is likely another encoding.
_RARE_WESTERN = set("ÿþÞðÐ¤¦¨¯´¸¬¶·×÷¹²³¼½¾µ¢¥§«»¡¿")
_ALIASES = {"utf_8": "utf-8", "latin_1": "iso-8859-1", "iso8859_15": "iso-8859-15", "shift_jis": "cp932"}


@dataclass(frozen=True)
class Decision:
    encoding: str  # a Python codec name: utf-8, utf-8-sig, utf-16, utf-16-le, cp932, cp1252, iso-8859-1 …
    confidence: float  # 0..1
    evidence: str  # how it was decided, for the audit
    scored: bool = False  # a guess from plausibility scores (no BOM, not UTF-16, not UTF-8): a default may win


def canonical(name: str) -> str:
    """A user's or a detector's encoding name as the codec name used here (`latin-1` → iso-8859-1)."""
    try:
        normal = codecs.lookup(name).name
    except LookupError as exc:
        raise ValueError(f"unknown encoding {name!r}") from exc
    return _ALIASES.get(normal, normal.replace("_", "-"))


def decode_clean(data: bytes, encoding: str, final: bool = True) -> str:
    text = codecs.getincrementaldecoder(encoding)("replace").decode(data, final=final)
    return text.translate(CP932_STRAYS) if encoding == "cp932" else text


def implausibility(text: str, encoding: str) -> int:
    """How many characters of `text` are unlikely to be what the writer typed, read as `encoding`."""
    bad = 0
    for char in text:
        if char == "\ufffd" or (unicodedata.category(char) in ("Co", "Cc") and char not in "\t\r\n"):
            bad += 1
    if encoding == "cp932":
        bad += len(_GLUED_CJK.findall(text))
    elif encoding in WESTERN:
        bad += sum(len(run) for run in _NON_ASCII_RUN.findall(text))
        bad += sum(1 for char in text if char in _RARE_WESTERN)
    return bad


def _utf16_without_bom(sample: bytes) -> str | None:
    """utf-16-le / utf-16-be when NULs sit on every other byte of mostly-ASCII text."""
    pairs = sample[: len(sample) - len(sample) % 2]
    if len(pairs) < 4:
        return None
    even, odd = pairs[0::2], pairs[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _detector_order(sample: bytes) -> list[str]:
    """Candidates ranked by charset-normalizer (best first), the rest after in our order."""
    from charset_normalizer import from_bytes  # imported lazily: only non-UTF-8 files need it

    ranked = [canonical(match.encoding) for match in from_bytes(sample, cp_isolation=list(CANDIDATES))]
    return [name for name in ranked if name in CANDIDATES] + [c for c in CANDIDATES if c not in ranked]


def decide(sample: bytes, final: bool) -> Decision:
    """The encoding of `sample` (the start of a file, or its non-ASCII lines)."""
    if sample.startswith(codecs.BOM_UTF8):
        return Decision("utf-8-sig", 1.0, "UTF-8 byte-order mark")
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decision("utf-16", 1.0, "UTF-16 byte-order mark")
    if utf16 := _utf16_without_bom(sample[:4096]):
        return Decision(utf16, 0.99, "NUL bytes on alternate positions (UTF-16 without BOM)")
    utf8_errors = decode_clean(sample, "utf-8", final).count("\ufffd")
    if utf8_errors == 0:
        return Decision("utf-8", 1.0, "decodes as UTF-8")
    non_ascii = max(1, sum(byte > 0x7F for byte in sample))
    scores = {name: implausibility(decode_clean(sample, name, final), name) for name in _detector_order(sample)}
    best = min(scores, key=lambda name: scores[name])  # dicts keep the detector's order for ties
    if best == "cp1252" and scores["iso-8859-1"] == scores["cp1252"]:
        best = "iso-8859-1"  # no byte in 0x80-0x9F: the two read alike, and ISO-8859-1 is what Salesforce writes
    if utf8_errors <= scores[best]:
        return Decision("utf-8", 1 - utf8_errors / non_ascii, f"mostly UTF-8 ({utf8_errors} stray bytes)")
    confidence = max(0.0, 1 - scores[best] / non_ascii)
    ranking = ", ".join(f"{name} {score}" for name, score in scores.items())
    return Decision(best, round(confidence, 3), f"fewest implausible characters ({ranking})", scored=True)


def with_default(decision: Decision, sample: bytes, default: str) -> Decision | None:
    """A contract's default encoding instead of a scored guess, when the default reads `sample` at least as
    plausibly as the guess (the bytes do not decide between them). None when the guess stands: a BOM, UTF-16,
    valid UTF-8 and a guess the default reads worse than are evidence, and evidence wins over a default."""
    if not decision.scored or default == decision.encoding:
        return None
    guessed = implausibility(decode_clean(sample, decision.encoding), decision.encoding)
    defaulted = implausibility(decode_clean(sample, default), default)
    if defaulted > guessed:
        return None
    return Decision(
        default,
        decision.confidence,
        f"the contract's default encoding {default}: it reads the bytes as plausibly as {decision.encoding} "
        f"({defaulted} against {guessed} implausible characters)",
    )


def detect(path: Path) -> Decision:
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    return decide(sample, final=len(sample) < SAMPLE_BYTES)


def non_ascii_lines(path: Path, limit: int = SAMPLE_BYTES) -> bytes:
    """The lines of a file that hold non-ASCII bytes, up to `limit` bytes: the evidence a whole-file
    decision needs when the first megabytes are plain ASCII."""
    found = bytearray()
    with path.open("rb") as handle:
        for line in handle:
            if not line.isascii():
                found += line
                if len(found) >= limit:
                    break
    return bytes(found)
