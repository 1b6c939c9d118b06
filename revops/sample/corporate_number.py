"""法人番号 (Japanese corporate number): 13 digits, the first a check digit over the other twelve."""

from __future__ import annotations

import numpy as np

_WEIGHTS_FROM_RIGHT = np.array([1, 2] * 6)[::-1]  # weights for the 12 base digits, left to right


def check_digit(base12: str) -> int:
    """The check digit for a 12-digit base: 9 - (sum of digits weighted 1,2,1,2,... from the right) mod 9."""
    if len(base12) != 12 or not base12.isdigit():
        raise ValueError(f"expected 12 digits, got {base12!r}")
    total = sum(int(d) * (1 if i % 2 == 0 else 2) for i, d in enumerate(reversed(base12)))
    return 9 - total % 9


def is_valid(number: str) -> bool:
    """True when `number` is 13 ASCII digits whose first digit is the check digit of the other twelve."""
    return len(number) == 13 and number.isdigit() and int(number[0]) == check_digit(number[1:])


def make_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """`n` valid, distinct-with-high-probability 13-digit corporate numbers (numpy unicode array)."""
    base = rng.integers(0, 10, size=(n, 12))
    base[:, 0] = rng.integers(0, 10, size=n)
    check = 9 - (base * _WEIGHTS_FROM_RIGHT).sum(axis=1) % 9
    digits = np.concatenate([check[:, None], base], axis=1).astype(np.uint8) + ord("0")
    return digits.view("S13").ravel().astype("U13")
