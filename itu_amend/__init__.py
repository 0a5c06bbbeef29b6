"""itu-amend: consolidate amendment proposals into a baseline text."""

__version__ = "0.1.0"
