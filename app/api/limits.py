"""Per-key rate limiting (moving window from the `limits` library, in memory: one server process)."""
from __future__ import annotations

import math
import time

from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter


class RateLimiter:
    def __init__(self, per_minute: int):
        self.item = RateLimitItemPerMinute(per_minute)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    def check(self, key_name: str) -> int:
        """0 if this request may go ahead (and counts it), else the seconds to wait before retrying."""
        if self.limiter.hit(self.item, key_name):
            return 0
        reset = self.limiter.get_window_stats(self.item, key_name).reset_time
        return max(1, math.ceil(reset - time.time()))
