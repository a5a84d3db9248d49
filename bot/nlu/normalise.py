"""Text normalisation for the matcher; it lives in :mod:`bot.text`, shared with ``bot.facts``."""

from bot.text import MAX_INPUT_CHARS, SLANG, normalise, tokens

__all__ = ["MAX_INPUT_CHARS", "SLANG", "normalise", "tokens"]
