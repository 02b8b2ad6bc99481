"""Getting the customs data in: resolve a source, download, open archives, parse, load."""
