"""Adversarial cases: ``corridor route`` arguments (issue #11 items 2 and 4).

Unbounded work (huge ``--alternatives``), points that are not on Earth or far from the network,
coordinates that look swapped, junk numbers, unknown countries and via places.
"""

from __future__ import annotations

from adversarial._case import Case

CASES = [
    # unbounded work: Yen's algorithm on 10,000 alternatives ran past 15 minutes
    Case("route-alternatives-51", ["route", "Baku", "Tbilisi", "--alternatives", "51"], 2,
         "at most 50"),
    Case("route-alternatives-10000", ["route", "Baku", "Tbilisi", "--alternatives", "10000"],
         2, "at most 50"),
    Case("route-alternatives-0", ["route", "Baku", "Tbilisi", "--alternatives", "0"], 2,
         "alternatives"),
    # points: far from the network, not on Earth, not numbers
    # the distance in the message depends on the data (the nearest link to (0, 0) moves as
    # links are added); tests/test_routing.py checks the figure against a geodesic computed
    # independently
    Case("route-point-0-0", ["route", "0,0", "Tbilisi"], 2, "km from the nearest rail or road"),
    Case("route-point-999", ["route", "999,999", "Tbilisi"], 2, "longitude 999"),
    Case("route-point-lat-91", ["route", "44.5,91", "Tbilisi"], 2, "latitude 91"),
    Case("route-point-nan", ["route", "nan,1", "Tbilisi"], 2, "finite"),
    Case("route-point-inf", ["route", "Baku", "40,-inf"], 2, "finite"),
    Case("route-point-400-digits", ["route", "1" * 400 + ",40", "Tbilisi"], 2, "finite"),
    Case("route-point-negative-far", ["route", "-44.5,40.2", "Tbilisi"], 2,
         "km from the nearest"),
    Case("route-point-junk", ["route", "44.5.1,40", "Tbilisi"], 2, "lon,lat"),
    Case("route-point-three-numbers", ["route", "44.5,40,3", "Tbilisi"], 2, "lon,lat"),
    # lon,lat swapped: Baku and Yerevan written lat,lon
    Case("route-point-swapped-baku", ["route", "40.41,49.87", "Tbilisi"], 2,
         "did you mean 49.87,40.41"),
    Case("route-point-swapped-yerevan", ["route", "Tbilisi", "40.2,44.5"], 2,
         "did you mean 44.5,40.2"),
    # the access-leg cap and its option
    Case("route-max-access-negative", ["route", "Baku", "Tbilisi", "--max-access-km", "-5"], 2,
         "expected a positive number of km"),
    Case("route-max-access-nan", ["route", "Baku", "Tbilisi", "--max-access-km", "nan"], 2,
         "expected a positive number of km"),
    Case("route-max-access-tight", ["route", "44.0,40.0", "Tbilisi", "--max-access-km", "1"],
         2, "km from the nearest"),
    # unknown names
    Case("route-avoid-unknown-code", ["route", "Baku", "Tbilisi", "--avoid", "XYZ"], 2,
         "unknown country 'XYZ'"),
    Case("route-avoid-unknown-name", ["route", "Baku", "Tbilisi", "--avoid", "Atlantis"], 2,
         "unknown country"),
    Case("route-via-unknown", ["route", "Baku", "Kars", "--via", "Atlantis"], 2,
         "unknown place 'Atlantis'"),
    # valid forms still route (exit 0)
    Case("route-point-plain", ["route", "44.51,40.18", "Tbilisi"], 0),
    Case("route-point-plus-sign", ["route", "+44.51,40.18", "Tbilisi", "--json"], 0),
    Case("route-avoid-by-name", ["route", "Baku", "Tbilisi", "--avoid", "Armenia"], 0),
]
