/*
 * Test tool: reads one screen as tmux captured it (capture-pane -p, one line a row) and
 * finds what issue 26 asks the screen sweep to find (test-screen-sweep.sh):
 *
 *	screen-sweep-check [-c cols] [-s strings] [-x word]... en|ja CATALOGUE SCREEN
 *
 * cut	A catalogue string (ja: its msgstr; en: the msgid) of which a prefix of at least
 *	MIN_CUT columns is on a row but the rest is not there: the prefix runs to the last
 *	column, or stops in the middle of a word where the row has a blank or ends. The
 *	rest starting the next row is a wrap, not a cut.
 * english	(ja only) an ASCII word or phrase on the screen that is a whole English
 *	msgid: a message that was never translated, or a stored code shown as it is.
 *
 * Each finding is one line on stdout; the exit status is 1 with findings, 0 without,
 * 2 on a usage or file error. -x adds a word the screen may show in English (the test
 * passes the user names of its accounts: data, not messages).
 *
 * Printf conversions cannot be matched (the screen has their values): a string is cut
 * into the literal pieces between them and each piece is matched on its own. ui_put and
 * list rows cut a cell silently at its width (textwidth_truncate without the ellipsis),
 * so a cell cut in a list is reported like a line cut at the screen's edge.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "textwidth.h"
#include "xmalloc.h"

/* A shorter prefix matches too much by chance (a label that is a prefix of a sentence). */
#define MIN_CUT		8
#define MAX_ROWS	200

/*
 * Words a Japanese screen shows in English on purpose; each is also an msgid of the
 * catalogue, else it would not need listing.
 */
static const struct {
	const char	*word;
	const char	*why;
} english_ok[] = {
	/* Key names: the hint bar and help texts name the keys as they are printed. */
	{ "Enter", "a key name" },
	{ "Esc", "a key name" },
	{ "Tab", "a key name" },
	{ "Space", "a key name" },
	{ "PgUp", "a key name" },
	{ "PgDn", "a key name" },
	{ "Home", "a key name" },
	{ "End", "a key name" },
	{ "Del", "a key name" },
	{ "Backspace", "a key name" },
	{ "Up", "a key name" },
	{ "Down", "a key name" },
	/* Names of formats and standards, which have no Japanese of their own. */
	{ "PDF", "a file format's name" },
	{ "CSV", "a file format's name" },
	{ "QR", "the code's name" },
	{ "PAM", "the system's name" },
	{ "CUPS", "the print system's name" },
	{ NULL, NULL }
};

struct piece {
	char	*text;		/* a literal piece of one line of a string, trimmed */
	size_t	 len;
	size_t	 cols;
	int	 ascii;		/* nothing but ASCII */
};

struct catalogue {
	struct piece	*pieces;	/* of the shown strings: what a cut is looked for in */
	size_t		 npieces;
	char		**msgids;	/* ja: whole ASCII msgids for the english check */
	size_t		 nmsgids;
	char		**words;		/* ASCII words of the shown strings, sorted */
	size_t		 nwords;
};

struct row {
	char	*text;			/* trailing blanks removed */
	size_t	 len;
	size_t	 cols;
};

static int	 width = 80;
static char	**extra_ok;
static size_t	 nextra_ok;
static int	 findings;

static int
is_word(int c)
{
	return isalnum(c) || c == '_';
}

static int
cmp_word(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The ASCII words of a string, for known_word. */
static void
add_words(struct catalogue *cat, const char *s)
{
	const char	*w;

	while (*s != '\0') {
		if (!is_word((unsigned char)*s)) {
			s++;
			continue;
		}
		for (w = s; is_word((unsigned char)*s); s++)
			;
		cat->words = xreallocarray(cat->words, cat->nwords + 1, sizeof *cat->words);
		cat->words[cat->nwords++] = xstrndup(w, s - w);
	}
}

static void
usage(void)
{
	fprintf(stderr, "usage: screen-sweep-check [-c cols] [-s strings] [-x word]... en|ja "
	    "catalogue.po screen.txt\n");
	exit(2);
}

/* A PO string's content ("..." with its escapes) appended to *buf. */
static void
po_append(char **buf, const char *q)
{
	size_t	 n = strlen(*buf);
	char	*out;

	q = strchr(q, '"');
	if (q == NULL)
		return;
	q++;
	out = xmalloc(n + strlen(q) + 1);
	memcpy(out, *buf, n);
	for (; *q != '\0' && *q != '"'; q++) {
		if (*q == '\\' && q[1] != '\0') {
			q++;
			switch (*q) {
			case 'n':
				out[n++] = '\n';
				break;
			case 't':
				out[n++] = '\t';
				break;
			default:
				out[n++] = *q;
				break;
			}
		} else
			out[n++] = *q;
	}
	out[n] = '\0';
	free(*buf);
	*buf = out;
}

/* The length of the printf conversion at s ('%'), 0 if there is none; "%%" is none. */
static size_t
conversion(const char *s)
{
	const char	*p = s + 1;

	if (*s == '<' && strncmp(s, "<PRI", 4) == 0) {	/* xgettext's <PRId64> */
		p = strchr(s, '>');
		return p != NULL ? (size_t)(p - s + 1) : 0;
	}
	if (*s != '%' || *p == '%')
		return 0;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '$')
		p++;
	else
		p = s + 1;
	while (*p != '\0' && strchr("-+ #0'", *p) != NULL)
		p++;
	while (isdigit((unsigned char)*p) || *p == '*')
		p++;
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p) || *p == '*')
			p++;
	}
	while (*p != '\0' && strchr("hlLqjzt", *p) != NULL)
		p++;
	if (*p == '\0' || strchr("diouxXeEfFgGaAcsSpn", *p) == NULL)
		return 0;
	if (*p == 'n')
		return 0;
	return (size_t)(p - s + 1);
}

static void
add_piece(struct catalogue *cat, const char *s, size_t len)
{
	struct piece	*pc;
	char		*t;
	size_t		 i;

	while (len > 0 && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0)
		return;
	t = xstrndup(s, len);
	for (i = 0; i < len; i++) {	/* "%%" stands for one '%' */
		if (t[i] == '%' && t[i + 1] == '%')
			memmove(t + i + 1, t + i + 2, strlen(t + i + 2) + 1);
	}
	cat->pieces = xreallocarray(cat->pieces, cat->npieces + 1, sizeof *cat->pieces);
	pc = &cat->pieces[cat->npieces++];
	pc->text = t;
	pc->len = strlen(t);
	pc->cols = textwidth(t);
	pc->ascii = 1;
	for (i = 0; i < pc->len; i++)
		pc->ascii &= (unsigned char)t[i] < 0x80;
}

/* A shown string: its lines, each cut at its conversions into literal pieces. */
static void
add_shown(struct catalogue *cat, const char *s)
{
	const char	*start = s;
	size_t		 n;

	add_words(cat, s);
	while (*s != '\0') {
		if (*s == '\n' || *s == '\t') {
			add_piece(cat, start, s - start);
			start = ++s;
		} else if ((n = conversion(s)) > 0) {
			add_piece(cat, start, s - start);
			start = s += n;
		} else
			s += *s == '%' && s[1] == '%' ? 2 : 1;
	}
	add_piece(cat, start, s - start);
}

/* A msgid the english check looks for: one line of ASCII, no conversion, 2+ letters. */
static void
add_msgid(struct catalogue *cat, const char *s)
{
	const char	*p;
	int		 letters = 0;

	for (p = s; *p != '\0'; p++) {
		if ((unsigned char)*p >= 0x80 || *p == '\n' || *p == '\t' ||
		    conversion(p) > 0)
			return;
		letters += isalpha((unsigned char)*p) != 0;
	}
	if (letters < 2 || *s == ' ' || p[-1] == ' ')
		return;
	cat->msgids = xreallocarray(cat->msgids, cat->nmsgids + 1, sizeof *cat->msgids);
	cat->msgids[cat->nmsgids++] = xstrdup(s);
}

/* One entry read: what it adds to the catalogue for the language. */
static void
po_entry(struct catalogue *cat, int ja, int fuzzy, char *msgid, char *plural, char **strs,
    size_t nstrs)
{
	size_t	 i;

	if (msgid == NULL || *msgid == '\0')		/* the header */
		return;
	add_words(cat, msgid);
	if (ja) {
		add_msgid(cat, msgid);
		if (plural != NULL)
			add_msgid(cat, plural);
		for (i = 0; i < nstrs && !fuzzy; i++) {
			if (*strs[i] != '\0')
				add_shown(cat, strs[i]);
		}
	} else {
		add_shown(cat, msgid);
		if (plural != NULL)
			add_shown(cat, plural);
	}
}

static void
po_read(struct catalogue *cat, const char *path, int ja)
{
	FILE	*f;
	char	*line = NULL, *msgid = NULL, *plural = NULL, **strs = NULL, **cur = NULL;
	size_t	 size = 0, nstrs = 0, i;
	ssize_t	 got;
	int	 fuzzy = 0;

	if ((f = fopen(path, "r")) == NULL) {
		perror(path);
		exit(2);
	}
	for (;;) {
		got = getline(&line, &size, f);
		/* An entry ends at the first line of the next one (its comments) or the end. */
		if (got < 0 || (nstrs > 0 && line[0] != '"' && strncmp(line, "msgstr", 6) != 0)) {
			po_entry(cat, ja, fuzzy, msgid, plural, strs, nstrs);
			free(msgid);
			free(plural);
			for (i = 0; i < nstrs; i++)
				free(strs[i]);
			free(strs);
			msgid = plural = NULL;
			strs = NULL;
			nstrs = 0;
			fuzzy = 0;
			cur = NULL;
		}
		if (got < 0)
			break;
		if (strncmp(line, "#,", 2) == 0 && strstr(line, "fuzzy") != NULL)
			fuzzy = 1;
		else if (strncmp(line, "msgid ", 6) == 0) {
			free(msgid);
			msgid = xstrdup("");
			cur = &msgid;
			po_append(cur, line + 5);
		} else if (strncmp(line, "msgid_plural ", 13) == 0) {
			plural = xstrdup("");
			cur = &plural;
			po_append(cur, line + 12);
		} else if (strncmp(line, "msgstr", 6) == 0) {
			strs = xreallocarray(strs, nstrs + 1, sizeof *strs);
			strs[nstrs] = xstrdup("");
			cur = &strs[nstrs++];
			po_append(cur, line + 6);
		} else if (line[0] == '"' && cur != NULL)
			po_append(cur, line);
		else
			cur = NULL;	/* msgctxt, comments: not part of a string */
	}
	free(line);
	fclose(f);
}

/*
 * More strings the screens show, one a line: the labels of roles and functions, which come
 * from the database in the screen's language, not from the catalogue.
 */
static void
strings_read(struct catalogue *cat, const char *path)
{
	FILE	*f;
	char	*line = NULL;
	size_t	 size = 0;
	ssize_t	 got;

	if ((f = fopen(path, "r")) == NULL) {
		perror(path);
		exit(2);
	}
	while ((got = getline(&line, &size, f)) >= 0) {
		if (got > 0 && line[got - 1] == '\n')
			line[got - 1] = '\0';
		add_shown(cat, line);
	}
	free(line);
	fclose(f);
}

static size_t
screen_read(const char *path, struct row *rows)
{
	FILE	*f;
	char	*line = NULL;
	size_t	 size = 0, n = 0, len;
	ssize_t	 got;

	if ((f = fopen(path, "r")) == NULL) {
		perror(path);
		exit(2);
	}
	while (n < MAX_ROWS && (got = getline(&line, &size, f)) >= 0) {
		len = (size_t)got;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == ' '))
			len--;
		rows[n].text = xstrndup(line, len);
		rows[n].len = len;
		rows[n].cols = textwidth(rows[n].text);
		n++;
	}
	free(line);
	fclose(f);
	return n;
}

/* Bytes of the character at s (1 for a byte that is not UTF-8). */
static size_t
char_len(const char *s, size_t left)
{
	uint32_t	 cp;
	size_t		 n = utf8_decode(s, left, &cp);

	return n > 0 ? n : 1;
}

/* Bytes that s and t have in common from their starts, at a character boundary. */
static size_t
common(const char *s, size_t slen, const char *t, size_t tlen)
{
	size_t	 n = 0, c;

	while (n < slen && n < tlen) {
		c = char_len(s + n, slen - n);
		if (n + c > tlen || memcmp(s + n, t + n, c) != 0)
			break;
		n += c;
	}
	return n;
}

/*
 * Whether the text cut off at the end of a row goes on in the next one: a wrap (the
 * dialog's, the message line's, a wrapped label), or the next row continues it below a
 * box's left edge. Enough of it to tell, standing at a word's start there.
 */
static int
wraps(const struct row *next, const char *rest, size_t col)
{
	const char	*t;
	char		*want;
	size_t		 n;
	int		 found = 0;

	if (next == NULL)
		return 0;
	while (*rest == ' ')
		rest++;
	n = textwidth_prefix(rest, MIN_CUT, NULL);
	if (n == 0)
		return 0;
	want = xstrndup(rest, n);
	/*
	 * At the start of a run of text (after two blanks: a box's or a column's edge) and
	 * not to the right of where the string began: a short rest ("r") is found in
	 * too many words.
	 */
	for (t = next->text; !found && (t = strstr(t, want)) != NULL; t++) {
		found = (t == next->text || (t[-1] == ' ' && (t - 1 == next->text ||
		    t[-2] == ' '))) && textwidth_n(next->text, t - next->text) <= col;
	}
	free(want);
	return found;
}

/* Whether any piece of the catalogue holds the text. */
static int
inside_piece(const struct catalogue *cat, const char *text)
{
	size_t	 i;

	for (i = 0; i < cat->npieces; i++) {
		if (strstr(cat->pieces[i].text, text) != NULL)
			return 1;
	}
	return 0;
}

/*
 * Whether the text up to end on the row belongs to a longer string than the candidate:
 * the run of text it stands in (from after two blanks, a box's or a column's edge) is
 * inside a catalogue string, alone or joined with the start of the next row (a wrapped
 * help text's middle, where a shorter string's first words can also be found).
 */
static int
explained(const struct catalogue *cat, const struct row *row, const struct row *next,
    size_t at, size_t end)
{
	const char	*head = "";
	char		*run;
	size_t		 s = at, n;
	int		 found = 0;

	while (s > 0 && !(row->text[s - 1] == ' ' && (s < 2 || row->text[s - 2] == ' ')))
		s--;
	if (s < at) {
		run = xstrndup(row->text + s, end - s);
		found = inside_piece(cat, run);
		free(run);
	}
	if (next != NULL) {
		for (head = next->text; *head == ' '; head++)
			;
	}
	n = textwidth_prefix(head, MIN_CUT, NULL);
	if (!found && n > 0) {
		xasprintf(&run, "%.*s%.*s", (int)(end - s), row->text + s, (int)n, head);
		found = inside_piece(cat, run);
		free(run);
		if (!found) {
			xasprintf(&run, "%.*s %.*s", (int)(end - s), row->text + s, (int)n,
			    head);
			found = inside_piece(cat, run);
			free(run);
		}
	}
	return found;
}

/* Whether the ASCII word that ends at end on the row is a word of the catalogue's text. */
static int
known_word(const struct catalogue *cat, const char *text, size_t end)
{
	size_t	 start = end;
	char	*w;
	int	 found;

	while (start > 0 && is_word((unsigned char)text[start - 1]))
		start--;
	if (start == end)
		return 0;
	w = xstrndup(text + start, end - start);
	found = bsearch(&w, cat->words, cat->nwords, sizeof *cat->words, cmp_word) != NULL;
	free(w);
	return found;
}

/*
 * The cut pieces of one row. A piece shown whole explains the text it covers: a shorter
 * string that is the prefix of a longer one ("Certificate" of "Certificate number") is not
 * the longer one cut, nor is a piece found inside a longer string shown whole.
 */
static void
check_cut(const struct catalogue *cat, const struct row *rows, size_t nrows, size_t r)
{
	const struct row	*row = &rows[r], *next = r + 1 < nrows ? &rows[r + 1] : NULL;
	const struct piece	*pc, *best;
	size_t			*covered, at, end, i, m, best_m, cols, upto = 0;
	unsigned char		 before;

	/* covered[at]: how far the whole pieces that start at or before at reach. */
	covered = xcalloc(row->len + 1, sizeof *covered);
	for (at = 0; at < row->len; at++) {
		for (i = 0; i < cat->npieces; i++) {
			pc = &cat->pieces[i];
			if (pc->text[0] == row->text[at] && pc->len <= row->len - at &&
			    memcmp(row->text + at, pc->text, pc->len) == 0 &&
			    at + pc->len > upto)
				upto = at + pc->len;
		}
		covered[at] = upto;
	}

	for (at = 0; at < row->len; at += char_len(row->text + at, row->len - at)) {
		if (row->text[at] == ' ')
			continue;
		before = at > 0 ? (unsigned char)row->text[at - 1] : ' ';
		/* An ASCII word is looked for from its start only. */
		if (is_word((unsigned char)row->text[at]) && before < 0x80 && is_word(before))
			continue;
		best = NULL;
		best_m = 0;
		for (i = 0; i < cat->npieces; i++) {
			pc = &cat->pieces[i];
			if (pc->text[0] != row->text[at] || pc->cols <= MIN_CUT)
				continue;
			m = common(row->text + at, row->len - at, pc->text, pc->len);
			if (m == pc->len || m <= best_m || covered[at] >= at + m)
				continue;
			if (textwidth_n(row->text + at, m) < MIN_CUT)
				continue;
			end = at + m;
			cols = textwidth_n(row->text, end);
			if (cols < (size_t)width) {
				/*
				 * Before the edge: cut only in the middle of a word, with a
				 * blank or nothing after it on the row: a list's cell cut at
				 * its width. In English the word as cut must not be a word
				 * of its own ("register" is no cut of "registered").
				 */
				if (end < row->len && row->text[end] != ' ')
					continue;
				if (pc->text[m] == ' ' || pc->text[m - 1] == ' ')
					continue;
				if (pc->ascii && (!is_word((unsigned char)pc->text[m]) ||
				    !is_word((unsigned char)pc->text[m - 1]) ||
				    known_word(cat, row->text, end)))
					continue;
			}
			if (wraps(next, pc->text + m, textwidth_n(row->text, at)))
				continue;
			best = pc;
			best_m = m;
		}
		if (best == NULL || explained(cat, row, next, at, at + best_m))
			continue;
		printf("cut: row %zu col %zu: \"%.*s\" of \"%s\"\n", r + 1,
		    textwidth_n(row->text, at) + 1, (int)best_m, row->text + at, best->text);
		findings++;
		at += best_m - 1;	/* one finding for one cut text */
	}
	free(covered);
}

static int
english_allowed(const char *w)
{
	size_t	 i;

	for (i = 0; english_ok[i].word != NULL; i++) {
		if (strcmp(w, english_ok[i].word) == 0)
			return 1;
	}
	for (i = 0; i < nextra_ok; i++) {
		if (strcmp(w, extra_ok[i]) == 0)
			return 1;
	}
	/* F1 to F12, the function keys of the hint bar. */
	if (w[0] == 'F' && isdigit((unsigned char)w[1]) && strspn(w + 1, "0123456789") ==
	    strlen(w + 1))
		return 1;
	return 0;
}

/*
 * Whole msgids in ASCII on a row of a Japanese screen. A match must stand alone: not part
 * of a longer word, nor of a code ("BH-000500", "DEMO-TEST-01": letters, digits, '-').
 * Of matches that overlap the longest is the one reported ("Log out", not "out").
 */
static void
check_english(const struct catalogue *cat, const struct row *row, size_t r)
{
	const char	*t = row->text, *id;
	size_t		 at, i, n, best;
	unsigned char	 before, after;

	for (at = 0; at < row->len; at++) {
		before = at > 0 ? (unsigned char)t[at - 1] : ' ';
		if (!isalpha((unsigned char)t[at]) || (before < 0x80 &&
		    (is_word(before) || before == '-' || before == '.' || before == '/')))
			continue;
		best = 0;
		id = NULL;
		for (i = 0; i < cat->nmsgids; i++) {
			n = strlen(cat->msgids[i]);
			if (n <= best || n > row->len - at ||
			    memcmp(t + at, cat->msgids[i], n) != 0)
				continue;
			after = at + n < row->len ? (unsigned char)t[at + n] : ' ';
			if (after < 0x80 && (is_word(after) || after == '-'))
				continue;
			best = n;
			id = cat->msgids[i];
		}
		if (id == NULL || english_allowed(id))
			continue;
		printf("english: row %zu col %zu: \"%s\"\n", r + 1, textwidth_n(t, at) + 1, id);
		findings++;
		at += best - 1;
	}
}

int
main(int argc, char **argv)
{
	struct catalogue	 cat;
	struct row		 rows[MAX_ROWS];
	size_t			 nrows, r;
	int			 ch, ja;
	char			*end;
	const char		*strings = NULL;

	while ((ch = getopt(argc, argv, "c:s:x:")) != -1) {
		switch (ch) {
		case 'c':
			width = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || width < 10 || width > 1000)
				usage();
			break;
		case 's':
			strings = optarg;
			break;
		case 'x':
			extra_ok = xreallocarray(extra_ok, nextra_ok + 1, sizeof *extra_ok);
			extra_ok[nextra_ok++] = optarg;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 3 || (strcmp(argv[0], "en") != 0 && strcmp(argv[0], "ja") != 0))
		usage();
	ja = strcmp(argv[0], "ja") == 0;

	memset(&cat, 0, sizeof cat);
	po_read(&cat, argv[1], ja);
	if (strings != NULL)
		strings_read(&cat, strings);
	qsort(cat.words, cat.nwords, sizeof *cat.words, cmp_word);
	if (cat.npieces == 0) {
		fprintf(stderr, "%s: no strings\n", argv[1]);
		return 2;
	}
	nrows = screen_read(argv[2], rows);
	for (r = 0; r < nrows; r++) {
		check_cut(&cat, rows, nrows, r);
		if (ja)
			check_english(&cat, &rows[r], r);
	}
	return findings > 0;
}
