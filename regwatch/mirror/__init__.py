"""The offline mirror: an HTTP(S) forward proxy that answers from ``snapshots/`` by original host."""
from regwatch.mirror.layout import snapshot_relpath

__all__ = ["snapshot_relpath"]
