/* db/compliance/: the office's registers and the evidence of the self-inspection report.
 * May use: lib/, db/. */
/*
 * The registers as the screens list them (compliance-registers.h records them): one line
 * per record, newest first, and the record whole, in the reader's language. Reading a
 * register is audited by the screen that shows it.
 */
#ifndef COMPLIANCE_LISTS_H
#define COMPLIANCE_LISTS_H

#include <stddef.h>

struct db;

enum register_kind {
	REGISTER_INCIDENTS,
	REGISTER_TRAINING,
	REGISTER_ENQUIRIES,
	REGISTER_ATTESTATIONS,
};

struct register_row {
	char	 id[37];
	char	*line;		/* for the list */
	char	*detail;	/* the record whole, lines separated by '\n' */
	int	 open;		/* an incident without ⑦, an enquiry not answered */
};

/* era: days in the Japanese era (date_style), else as stored. */
int	 register_list(struct db *, enum register_kind, int, struct register_row **, size_t *,
	    char **);
void	 register_rows_free(struct register_row *, size_t);

#endif
