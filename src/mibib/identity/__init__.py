"""Paper identity: ids as pasted (ids), citation keys (keys), the one rule for "the same
paper" (same) and the index that asks it of many entries at once (index)."""
