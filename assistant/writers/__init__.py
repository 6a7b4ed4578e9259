"""Answer writers behind one interface (``Writer``), looked up by name in ``WRITERS``."""

from assistant.writers.base import Turn, Writer, WriteRequest
from assistant.writers.registry import WRITERS, get_writer, writer_names

__all__ = ["WRITERS", "Turn", "WriteRequest", "Writer", "get_writer", "writer_names"]
