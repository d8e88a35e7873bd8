"""`python -m analytics <command>`."""
import sys

from analytics.cli import main

sys.exit(main())
