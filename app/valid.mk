# (filled in by the valid work)
