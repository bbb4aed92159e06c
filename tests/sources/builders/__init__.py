"""Scripts that (re)write snapshot files from compact document tables; run one to refresh its source.

Each builder module writes ``snapshots/<slug>/...`` bytes exactly as the real site serves them (templates
modelled on sources.md); the files are committed, the builders only keep the many pages consistent.
"""
