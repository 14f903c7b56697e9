"""Freight flows: demand, all-or-nothing and capacity-restrained assignment, scenario shifts."""

from corridor.flows.assign import (
    BPR_ALPHA,
    BPR_BETA,
    GAP_TOLERANCE,
    Problem,
    Result,
    all_or_nothing,
    capacities,
    prepare,
    restrained,
)
from corridor.flows.capacity import Capacity, read_capacities
from corridor.flows.demand import DEMAND_COLUMNS, Demand, cases, read_demand

__all__ = [
    "BPR_ALPHA",
    "BPR_BETA",
    "DEMAND_COLUMNS",
    "GAP_TOLERANCE",
    "Capacity",
    "Demand",
    "Problem",
    "Result",
    "all_or_nothing",
    "capacities",
    "cases",
    "prepare",
    "read_capacities",
    "read_demand",
    "restrained",
]
