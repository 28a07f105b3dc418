"""``python -m anju.cli``: the ``anju`` command."""

import sys

from anju.cli import main

sys.exit(main())
