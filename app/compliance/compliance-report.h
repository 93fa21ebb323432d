/* app/compliance/: the self-inspection report (自己点検, SPEC §14, issue 23).
 * May use: lib/, db/, app/. */
/*
 * The report answers the regulator's fifteen survey items from the product's own
 * records, each with the evidence behind the answer and why it is that answer. The rules
 * are written in docs/compliance.md; where evidence is missing the answer is never
 * "implemented". What the database cannot know comes from attestations; what the machine
 * can tell (PAM and password policy files, the route to the internet, TLS to the central
 * store) is read from it (compliance-probes.c).
 */
#ifndef COMPLIANCE_REPORT_H
#define COMPLIANCE_REPORT_H

#include <stddef.h>

#include "compliance/compliance-evidence.h"

struct config;
struct db;

enum report_answer {
	ANSWER_IMPLEMENTED,	/* 評価書どおり実施 */
	ANSWER_ISSUE,		/* 課題あり */
	ANSWER_NOT_IMPLEMENTED,	/* 実施していない */
	ANSWER_NOT_APPLICABLE,	/* 該当しない */
	ANSWER_OCCURRED,	/* item 6: 漏えい等事案が発生した */
	ANSWER_NONE,		/* item 6: 発生していない */
	ANSWER_REPORTED,	/* item 7: 委員会への報告を行った */
	ANSWER_NOT_REPORTED,	/* item 7: 報告を行っていない */
};

#define REPORT_ITEMS	15

/* A group of evidence lines under a heading (translated). */
struct report_evidence {
	const char	*heading;
	struct evidence	 e;
};

struct report_item {
	int			 number;
	const char		*question;	/* the survey's words */
	enum report_answer	 answer;
	char			*reason;	/* why this answer */
	struct report_evidence	 ev[8];
	size_t			 n_ev;
};

/* What the machine says, read by compliance-probes.c (each NULL when not found). */
struct report_probes {
	char	*pam;		/* /etc/pam.d/<service>: the modules in its auth stack */
	char	*faillock;	/* deny/unlock_time of faillock.conf */
	char	*login_defs;	/* PASS_MAX_DAYS etc. of login.defs */
	int	 default_route;	/* 1: a default route (to the internet) exists */
	char	*route_detail;
};

/*
 * The office-wide part from the central store (db/sync/sync-inspection.h), when the
 * terminal syncs: asked, and either reached with its rows or not, and why.
 */
struct central_row;
struct report_office {
	int			 asked;
	int			 reached;
	char			*why;		/* not reached */
	struct central_row	*rows;
	size_t			 n;
};

struct report {
	char			 from[11], to[11];
	const struct report_office *office_part;	/* NULL: the terminal's alone */
	char			*terminal, *office, *generated_at;
	int			 sync;		/* the terminal syncs: the registers are the office's */
	int			 era;		/* dates in the Japanese era (date_style) */
	struct report_probes	 probes;
	struct report_item	 items[REPORT_ITEMS];
};

/* The answer's code (stable, for JSON) and words (the survey's). */
const char	*report_answer_code(enum report_answer);
const char	*report_answer_words(enum report_answer);

/*
 * The report for the period from..to (YYYY-MM-DD, both included; to not after today),
 * with the office-wide part (accounts of every terminal for item 13, backups and restore
 * tests of every terminal for item 15) when office is given and was reached; asked but
 * not reached, the report says in its head that it is this terminal's part only. Refused
 * with why: a period that is no period, starts in the future, or ends before it
 * starts.
 */
int	 report_build(struct db *, const struct config *, const char *, const char *,
	    const struct report_office *, struct report *, char **);
void	 report_free(struct report *);
/* The period as report_build takes it, into YYYY-MM-DD (to cut at today); -1 and why. */
int	 report_period(const char *, const char *, char [11], char [11], char **);

void	 report_probe(const struct config *, struct report_probes *);
void	 report_probes_free(struct report_probes *);

/* What the report covers, in words (a static buffer) and as the JSON's code. */
char		*report_scope(const struct report *);
const char	*report_scope_code(const struct report *);

/* As text (the reader's language for all but the survey's words), and as JSON. */
char	*report_text(const struct report *);
char	*report_json(const struct report *);
/*
 * As an A4 PDF at path (mode 0600, written whole or not at all). Its own words are
 * Japanese; the reasons and evidence are in the language the report was built in, so the
 * caller builds it in Japanese (i18n_use_japanese).
 */
int	 report_pdf(const struct report *, const char *, char **);

#endif
