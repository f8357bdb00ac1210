"""The bounds every reader of untrusted input keeps to (one place, no imports)."""

#: the integers a field may hold: what msgpack and PostgreSQL's bigint carry
INT_MIN, INT_MAX = -(1 << 63), (1 << 63) - 1

#: the largest magnitude of a quantity an event carries (points, a penalty, an
#: adjustment, a factor): a season's points are in the hundreds (``bounds``)
MAX_QUANTITY = 10**6
