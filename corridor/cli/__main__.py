"""``python -m corridor.cli``: the ``corridor`` command."""

import sys

from corridor.cli.app import main

sys.exit(main())
