"""Exports that leave the platform as files: constant-memory CSV/XLSX writers and background
export jobs whose state lives in the workflow database (any web worker serves status and file)."""
