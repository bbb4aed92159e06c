"""Pure core for change detection: normalize → fingerprint → diff → classify; see README.md."""
