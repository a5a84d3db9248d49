"""The knowledge model: schema, YAML loader with line numbers, cross-file validation."""

from bot.facts.knowledge import KnowledgeBase
from bot.facts.loader import KnowledgeError, load_knowledge
from bot.facts.problems import Problem

__all__ = ["KnowledgeBase", "KnowledgeError", "Problem", "load_knowledge"]
