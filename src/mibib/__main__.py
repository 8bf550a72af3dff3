"""`python -m mibib` runs the command line."""

from mibib.cli import main

main()
