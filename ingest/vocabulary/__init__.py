"""Word lists (YAML) for metadata inference; a package so that wheels ship the files."""
