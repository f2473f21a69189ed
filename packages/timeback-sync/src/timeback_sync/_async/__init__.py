"""The async mirror (the source of the generated ``_sync`` twin)."""
