"""Downloader middleware that sends every request through the offline mirror when REGWATCH_MIRROR is set.

It only sets the proxy: the request URL stays the original one, so the download slot, robots.txt, cookies,
the offsite check and the stored URL all use the original host, exactly as against the live sites.
"""
from __future__ import annotations

import os


class MirrorMiddleware:
    def __init__(self, mirror: str | None):
        self.mirror = mirror

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("REGWATCH_MIRROR") or os.environ.get("REGWATCH_MIRROR") or None)

    def process_request(self, request, spider=None):
        if self.mirror:
            request.meta["proxy"] = self.mirror
        return None
