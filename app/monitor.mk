# (filled in by the monitor work)
