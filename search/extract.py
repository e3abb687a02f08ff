"""Quote extraction (stub being replaced)."""
from __future__ import annotations

from .documents import Document
from .record import Quote


def extract_document(doc: Document) -> list[Quote]:
    """Every attributed quote in one document, in text order."""
    return []
