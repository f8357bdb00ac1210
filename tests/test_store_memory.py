"""The in-memory backend passes the store contract."""

from __future__ import annotations

from champengine.store.memory import MemoryStore
from store_contract import StoreContract


class TestMemoryStore(StoreContract):
    def make_store(self, tmp_path):
        return MemoryStore()
