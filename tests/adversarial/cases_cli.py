"""Adversarial cases: command-line arguments."""

from __future__ import annotations

from adversarial._case import Case

CASES = [
    Case("unknown-place", ["route", "Bakku", "Tbilisi"], 2, "did you mean"),
    Case("unknown-scenario", ["route", "Baku", "Tbilisi", "--scenario", "tomorrow"], 2,
         "tomorrow"),
]
