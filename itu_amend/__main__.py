"""`python -m itu_amend`."""

from .cli import run

run()
