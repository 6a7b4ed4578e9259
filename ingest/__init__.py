"""Ingestion: files -> documents -> chunks -> index (Chroma collection + lexical BM25 index)."""
