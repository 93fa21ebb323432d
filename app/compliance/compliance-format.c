/*
 * The self-inspection report as text and as JSON (compliance-report.h). The JSON is the
 * form a prefecture collects from many offices; its shape is documented in
 * docs/compliance.md and changes only by adding members.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compliance/compliance-report.h"
#include "i18n.h"
#include "sync/sync-inspection.h"
#include "json-string.h"
#include "timestamp.h"
#include "valid.h"
#include "xmalloc.h"

/* The report's format, for a collector to know what it reads. */
#define REPORT_JSON_VERSION	1

/* The stream's text: its buffer is set only when it is closed. */
static char *
closed(FILE *f, char **buf)
{
	if (fclose(f) != 0) {
		free(*buf);
		return NULL;
	}
	return *buf;
}

const char *
report_scope_code(const struct report *r)
{
	if (r->office_part != NULL && r->office_part->reached)
		return "office";
	if (r->office_part != NULL)
		return "terminal_part_only";
	return r->sync ? "office_registers" : "terminal";
}

char *
report_scope(const struct report *r)
{
	static char	 buf[1024];

	if (r->office_part != NULL && r->office_part->reached)
		snprintf(buf, sizeof buf, "%s", _("Office-wide: the accounts, backups and restore "
		    "tests of every terminal of the office from the central store; the registers "
		    "as synced; the access reviews and media of this terminal."));
	else if (r->office_part != NULL)
		snprintf(buf, sizeof buf, _("THIS TERMINAL'S PART ONLY: the central store could "
		    "not be reached (%s); the other terminals' accounts, backups and restore "
		    "tests are missing."), r->office_part->why != NULL ? r->office_part->why :
		    "");
	else
		snprintf(buf, sizeof buf, "%s", r->sync ? _("The registers are the office's, as "
		    "far as this terminal has synced; the access records and accounts are this "
		    "terminal's.") : _("This terminal does not sync: everything is this "
		    "terminal's alone."));
	return buf;
}

char *
report_text(const struct report *r)
{
	const struct report_item	*it;
	char				*buf = NULL;
	char				 from[DATE_ERA_SIZE], to[DATE_ERA_SIZE];
	char				 made[TIMESTAMP_SHOW_SIZE];
	size_t				 len = 0, i, g, l;
	FILE				*f;

	if ((f = open_memstream(&buf, &len)) == NULL)
		return NULL;
	fprintf(f, _("Self-inspection report (自己点検), %s to %s\n"),
	    date_shown(r->from, r->era, from), date_shown(r->to, r->era, to));
	(void)timestamp_show(r->generated_at, r->era, 0, made, sizeof made);
	fprintf(f, _("Terminal %s, office %s; made %s\n"), r->terminal,
	    *r->office != '\0' ? r->office : "-", made);
	fprintf(f, "%s\n", report_scope(r));
	for (i = 0; i < REPORT_ITEMS; i++) {
		it = &r->items[i];
		fprintf(f, "\n%d. %s\n", it->number, it->question);
		/* The survey's own words; an English reader gets the answer's code too. */
		if (i18n_japanese())
			fprintf(f, "   回答: %s\n", report_answer_words(it->answer));
		else
			fprintf(f, "   Answer: %s (%s)\n", report_answer_words(it->answer),
			    report_answer_code(it->answer));
		fprintf(f, _("   Why: %s\n"), it->reason != NULL ? it->reason : "");
		for (g = 0; g < it->n_ev; g++) {
			fprintf(f, "   %s: %zu\n", it->ev[g].heading, it->ev[g].e.n);
			for (l = 0; l < it->ev[g].e.n; l++)
				fprintf(f, "     - %s\n", it->ev[g].e.lines[l]);
		}
	}
	return closed(f, &buf);
}

static void
json_member(FILE *f, const char *name, const char *value, int comma)
{
	char	*q = json_string(value != NULL ? value : "");

	fprintf(f, "\"%s\":%s%s", name, q, comma ? "," : "");
	free(q);
}

char *
report_json(const struct report *r)
{
	const struct report_item	*it;
	char				*buf = NULL, *q;
	size_t				 len = 0, i, g, l;
	FILE				*f;

	if ((f = open_memstream(&buf, &len)) == NULL)
		return NULL;
	fprintf(f, "{\"format\":\"madoguchi-self-inspection\",\"version\":%d,",
	    REPORT_JSON_VERSION);
	json_member(f, "from", r->from, 1);
	json_member(f, "to", r->to, 1);
	json_member(f, "terminal", r->terminal, 1);
	json_member(f, "office", r->office, 1);
	json_member(f, "generated_at", r->generated_at, 1);
	fprintf(f, "\"scope\":\"%s\",", report_scope_code(r));
	json_member(f, "scope_note", report_scope(r), 1);
	fprintf(f, "\"terminals\":[");
	for (i = 0, l = 0; r->office_part != NULL && i < r->office_part->n; i++) {
		if (strcmp(r->office_part->rows[i].kind, "terminal") != 0)
			continue;
		q = json_string(r->office_part->rows[i].terminal);
		fprintf(f, "%s%s", l++ > 0 ? "," : "", q);
		free(q);
	}
	fprintf(f, "],\"items\":[");
	for (i = 0; i < REPORT_ITEMS; i++) {
		it = &r->items[i];
		fprintf(f, "%s{\"number\":%d,", i > 0 ? "," : "", it->number);
		json_member(f, "question", it->question, 1);
		json_member(f, "answer", report_answer_code(it->answer), 1);
		json_member(f, "answer_ja", report_answer_words(it->answer), 1);
		json_member(f, "reason", it->reason, 1);
		fprintf(f, "\"evidence\":[");
		for (g = 0; g < it->n_ev; g++) {
			fprintf(f, "%s{", g > 0 ? "," : "");
			json_member(f, "heading", it->ev[g].heading, 1);
			fprintf(f, "\"count\":%zu,\"lines\":[", it->ev[g].e.n);
			for (l = 0; l < it->ev[g].e.n; l++) {
				q = json_string(it->ev[g].e.lines[l]);
				fprintf(f, "%s%s", l > 0 ? "," : "", q);
				free(q);
			}
			fprintf(f, "]}");
		}
		fprintf(f, "]}");
	}
	fprintf(f, "]}\n");
	return closed(f, &buf);
}
