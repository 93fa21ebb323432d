/* The sync state shown on the title line of every screen (SPEC §10). */
#ifndef SYNC_LINE_H
#define SYNC_LINE_H

struct ui;

const char	*sync_line(struct ui *);
const char	*sync_line_short(struct ui *);
int		 sync_line_tick(struct ui *);

#endif
