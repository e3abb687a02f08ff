"""Topics (stub being replaced)."""
from __future__ import annotations

from .documents import Document
from .record import Quote


def assign_topics(quotes: list[Quote], documents: list[Document]) -> list[Quote]:
    """Give every quote 1-3 topic labels shared across the corpus."""
    return quotes
