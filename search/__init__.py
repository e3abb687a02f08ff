"""The interview quote search engine: documents → quotes → speakers and topics →
Whoosh index → queries, and the ``quotes`` command."""

__version__ = "0.1.0"
