# (filled in by the juki work)
