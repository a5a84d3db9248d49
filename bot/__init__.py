"""Wickbot: answers fans' questions about the John Wick franchise."""

__version__ = "0.1.0"
