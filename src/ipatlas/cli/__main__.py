"""``python -m ipatlas.cli``: the same entry point as the ``ipatlas`` command."""

from ipatlas.cli import main

main()
