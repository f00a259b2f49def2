"""Allow ``python -m repairlab``."""

from repairlab.cli.main import main

raise SystemExit(main())
