"""Hand-written async I/O layer of the Caliper client (the source of the generated ``_sync``)."""
