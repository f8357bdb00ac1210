"""The bounds every reader of untrusted input keeps to (one place, no imports)."""

#: the integers a field may hold: what msgpack and PostgreSQL's bigint carry
INT_MIN, INT_MAX = -(1 << 63), (1 << 63) - 1
