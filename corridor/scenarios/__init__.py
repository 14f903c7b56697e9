"""Named scenarios: which links and border crossings count, as of which year, with which parameters.

A scenario is read from a TOML file (``geodata/scenarios.toml`` is shipped; users add their own
with ``--scenarios FILE`` or ``$CORRIDOR_SCENARIOS``). Each top-level table is one scenario::

    [tripp]
    extends = "today"                  # start from another scenario's settings
    description = "TRIPP built: ..."
    as_of = 2030                       # a link counts when opened / expected <= 2030
    link_statuses = ["operating"]      # statuses usable as such
    open_corridors = ["tripp"]         # links with these tags count whatever their status
    except_corridors = ["kiad"]        # ... unless they also carry one of these tags
    crossing_statuses = ["open"]       # crossing statuses that count as open
    closed_borders = [["ARM", "TUR"]]  # every crossing between two countries closed
    [tripp.overrides]
    rail_speed_kmh = 50                # any field of corridor.settings.Defaults

Selection prefers corridor tags, statuses and countries over ids, so a scenario survives
edits of the geodata. Rules, in order:

1. A link is usable when its status is in ``link_statuses``, or it carries one of
   ``open_corridors`` (and none of ``except_corridors``) or is named in ``open_links`` -- then
   whatever its status, even ``dismantled`` (a line to be rebuilt). With ``as_of``, its year
   (``opened`` for operating links, ``expected`` otherwise) must be at most ``as_of``; an
   operating link without a year counts, other links without a year count only when opened
   by tag or id.
2. A border crossing is open when its status is in ``crossing_statuses``, or it is an end of a
   link opened by tag or id, or it is named in ``open_crossings`` or joins a pair of
   ``open_borders``; it is closed when named in ``closed_crossings``, when it joins a pair of
   ``closed_borders`` or touches a closed country. Closing wins.
3. Opening a crossing explicitly (``open_crossings`` / ``open_borders``) also reopens the links
   ending at it whose status is ``closed`` (closed because of the border), not dismantled ones.
4. ``closed_links``, links tagged with ``closed_corridors`` and every link and place in
   ``closed_countries`` are removed.
"""

from corridor._errors import ScenarioError
from corridor.scenarios.files import SCENARIOS_FILE, get, load, names, read
from corridor.scenarios.model import Scenario
from corridor.scenarios.selection import Selection, check_names, load_checked, records, select
from corridor.scenarios.whatif import derive, rules

__all__ = [
    "SCENARIOS_FILE",
    "Scenario",
    "ScenarioError",
    "Selection",
    "check_names",
    "derive",
    "get",
    "load",
    "load_checked",
    "names",
    "read",
    "records",
    "rules",
    "select",
]
