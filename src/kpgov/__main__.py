"""``python -m kpgov`` runs the command line."""

from kpgov.cli import main

raise SystemExit(main())
