/*
 * The simulator's residents: resident i is synth_person(seed, i) (lib/synth.h), the same
 * person that register holder i of the same seed is, as the register recorded them. On top
 * of that a fraction of residents move, change their surname, die, leave the country or get
 * a new My Number on a date; a change counts only when it is on or before the query's
 * 照会基準日. Some residents get a namesake (same name, birth date and sex, another address)
 * so that searches by name return 複数該当. Names synth writes with characters CP932 lacks
 * (𠮷, 𡈽) go out as 外字.
 *
 * The 住所 of a resident is synth's address1 + address2, without the building (方書); a
 * query that adds the building still matches.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"
#include "synth.h"
#include "xmalloc.h"

#define MAX_CANDIDATES	999

struct resident {
	char		 name[96];	/* 姓　名 */
	char		 kana[128];
	char		 surname[48];
	char		 surname_kana[64];
	char		 address[200];
	char		 address_full[300];	/* with the building, for matching */
	char		 muni[7];
	char		 mynum[13];
	char		 jumin[12];
	uint32_t	 birth;
	int		 sex;
	int		 nonpart;
	int		 namesake;
	int		 gaiji;		/* the name holds characters CP932 lacks */

	int		 event;		/* 2-37 code, 0 = none */
	uint32_t	 edate;
	char		*new_name, *new_kana, *new_address, *new_mynum;
	char		 new_muni[7];
};

struct key {
	uint64_t	 key;
	size_t		 idx;
};

struct sim_world {
	struct resident	*r;
	size_t		 n;		/* residents, namesakes included */
	size_t		 holders;	/* the first `holders` are register holders */
	struct key	*by_mynum, *by_jumin, *by_bs;
	size_t		 n_mynum, n_jumin, n_bs;
};

static uint64_t	 mix(uint64_t, uint64_t, uint64_t);
static uint32_t	 yyyymmdd(long);
static void	 gen_resident(uint64_t, uint64_t, struct resident *);
static int	 cmp_key(const void *, const void *);
static void	 add_key(struct key **, size_t *, uint64_t, size_t);
static size_t	 find_key(const struct key *, size_t, uint64_t);
static uint64_t	 digits_key(const char *);
static size_t	 to_points(const char *, uint32_t *, size_t);
static int	 same_text(const char *, const char *);
static int	 applied(const struct resident *, uint32_t);
static const char *cur_name(const struct resident *, uint32_t);
static const char *cur_kana(const struct resident *, uint32_t);
static const char *cur_address(const struct resident *, uint32_t);
static const char *cur_mynum(const struct resident *, uint32_t);
static int	 address_is(const char *, const struct resident *, uint32_t);
static int	 alive(const struct resident *, uint32_t);
static void	 fill(const struct sim_query *, const struct resident *,
		    struct sim_answer *);

/* splitmix64 over (seed, index, stream): the same resident whatever else is generated. */
static uint64_t
mix(uint64_t seed, uint64_t index, uint64_t stream)
{
	uint64_t	 z = seed ^ (index * 0x9e3779b97f4a7c15ULL) ^ (stream << 56);

	z += 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Days since 1970-01-01 to YYYYMMDD. */
static uint32_t
yyyymmdd(long days)
{
	struct date	 d;

	date_from_days(days, &d);
	return d.y * 10000 + d.m * 100 + d.d;
}

/* Streams of mix() that draw a second person for what changes. */
#define OTHER_ADDRESS	0x6d6f7665ULL	/* "move" */
#define OTHER_NAME	0x6e616d65ULL	/* "name" */
#define OTHER_NUMBER	0x6e756d62ULL	/* "numb" */
#define OTHER_TWIN	0x7477696eULL	/* "twin" */

static void
gen_resident(uint64_t seed, uint64_t i, struct resident *r)
{
	struct synth_person	 sp;

	memset(r, 0, sizeof *r);
	synth_person(seed, i, &sp);
	snprintf(r->name, sizeof r->name, "%s", sp.name);
	snprintf(r->kana, sizeof r->kana, "%s", sp.kana);
	snprintf(r->surname, sizeof r->surname, "%s", sp.family);
	snprintf(r->surname_kana, sizeof r->surname_kana, "%s", sp.family_kana);
	r->sex = sp.sex;
	r->birth = sp.birth.y * 10000 + sp.birth.m * 100 + sp.birth.d;
	snprintf(r->address, sizeof r->address, "%s%s", sp.address1, sp.address2);
	snprintf(r->address_full, sizeof r->address_full, "%s%s%s", sp.address1, sp.address2,
	    sp.address3);
	memcpy(r->muni, sp.municipality, sizeof r->muni);
	memcpy(r->mynum, sp.mynumber, sizeof r->mynum);
	memcpy(r->jumin, sp.jumin, sizeof r->jumin);
	r->gaiji = sp.has_gaiji;
	r->nonpart = mix(seed, i, 7) % 500 == 0;
}

struct sim_world *
sim_world_new(uint64_t seed, size_t holders)
{
	struct sim_world	*w = xcalloc(1, sizeof *w);
	struct resident		*r, *twin;
	struct synth_person	 sp;
	uint64_t		 h;
	size_t			 i, extra = 0;

	for (i = 0; i < holders; i++) {
		if (mix(seed, i, 4) % 50 == 0)
			extra++;
	}
	w->holders = holders;
	w->r = xcalloc(holders + extra + 1, sizeof *w->r);
	for (i = 0; i < holders; i++) {
		r = &w->r[i];
		gen_resident(seed, i, r);
		h = mix(seed, i, 5);
		/* Changes on a date between 2019-01-01 and 2026-12-31. */
		r->edate = yyyymmdd(17897 + (long)((h >> 20) % 2922));
		switch (h % 1000 / 10) {
		case 0: case 1: case 2: case 3:		/* 4 %: moved */
			/* Into the home of somebody of another population. */
			synth_person(seed ^ OTHER_ADDRESS, i, &sp);
			xasprintf(&r->new_address, "%s%s", sp.address1, sp.address2);
			memcpy(r->new_muni, sp.municipality, sizeof r->new_muni);
			r->event = strcmp(r->new_muni, r->muni) == 0 ? 2 : 1;
			break;
		case 4: case 5:				/* 2 %: new surname */
			synth_person(seed ^ OTHER_NAME, i, &sp);
			if (strcmp(sp.family, r->surname) == 0)
				break;
			xasprintf(&r->new_name, "%s%s", sp.family, strstr(r->name, "　"));
			xasprintf(&r->new_kana, "%s%s", sp.family_kana, strstr(r->kana, "　"));
			r->event = 8;
			break;
		case 6:					/* 1 %: died */
			r->event = 5;
			break;
		case 7:					/* 0.5 %: abroad */
			if (h % 10 < 5)
				r->event = 11;
			break;
		case 8:					/* 0.5 %: new My Number */
			if (h % 10 < 5) {
				synth_person(seed ^ OTHER_NUMBER, i, &sp);
				r->new_mynum = xstrdup(sp.mynumber);
				r->event = 10;
			}
			break;
		}
		if (r->event == 0)
			r->edate = 0;
	}
	w->n = holders;
	for (i = 0; i < holders; i++) {
		if (mix(seed, i, 4) % 50 != 0)
			continue;
		/* A namesake: same name, birth date and sex, living elsewhere. */
		twin = &w->r[w->n];
		gen_resident(seed ^ OTHER_TWIN, i, twin);
		memcpy(twin->name, w->r[i].name, sizeof twin->name);
		memcpy(twin->kana, w->r[i].kana, sizeof twin->kana);
		memcpy(twin->surname, w->r[i].surname, sizeof twin->surname);
		memcpy(twin->surname_kana, w->r[i].surname_kana, sizeof twin->surname_kana);
		twin->birth = w->r[i].birth;
		twin->sex = w->r[i].sex;
		w->r[i].namesake = twin->namesake = 1;
		w->n++;
	}

	for (i = 0; i < w->n; i++) {
		r = &w->r[i];
		add_key(&w->by_mynum, &w->n_mynum, digits_key(r->mynum), i);
		if (r->new_mynum != NULL)
			add_key(&w->by_mynum, &w->n_mynum, digits_key(r->new_mynum), i);
		add_key(&w->by_jumin, &w->n_jumin, digits_key(r->jumin), i);
		add_key(&w->by_bs, &w->n_bs, (uint64_t)r->birth * 4 + r->sex, i);
	}
	qsort(w->by_mynum, w->n_mynum, sizeof *w->by_mynum, cmp_key);
	qsort(w->by_jumin, w->n_jumin, sizeof *w->by_jumin, cmp_key);
	qsort(w->by_bs, w->n_bs, sizeof *w->by_bs, cmp_key);
	return w;
}

void
sim_world_free(struct sim_world *w)
{
	size_t	 i;

	if (w == NULL)
		return;
	for (i = 0; i < w->n; i++) {
		free(w->r[i].new_name);
		free(w->r[i].new_kana);
		free(w->r[i].new_address);
		free(w->r[i].new_mynum);
	}
	free(w->r);
	free(w->by_mynum);
	free(w->by_jumin);
	free(w->by_bs);
	free(w);
}

size_t
sim_world_size(const struct sim_world *w)
{
	return w->holders;
}

int
sim_world_holder(const struct sim_world *w, size_t i, struct sim_holder *h)
{
	const struct resident	*r;

	if (i >= w->holders)
		return -1;
	r = &w->r[i];
	h->name = r->name;
	h->kana = r->kana;
	h->address = r->address;
	h->muni = r->muni;
	h->mynumber = r->mynum;
	h->jumin = r->jumin;
	h->birth = r->birth;
	h->sex = r->sex;
	h->event = r->event;
	h->edate = r->edate;
	h->namesake = r->namesake;
	h->gaiji = r->gaiji;
	return 0;
}

static int
cmp_key(const void *a, const void *b)
{
	const struct key	*x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static void
add_key(struct key **keys, size_t *n, uint64_t key, size_t idx)
{
	if ((*n & (*n - 1)) == 0 || *n == 0)
		*keys = xreallocarray(*keys, *n == 0 ? 1 : *n * 2, sizeof **keys);
	(*keys)[*n].key = key;
	(*keys)[*n].idx = idx;
	(*n)++;
}

/* First position whose key is >= key. */
static size_t
find_key(const struct key *keys, size_t n, uint64_t key)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (keys[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static uint64_t
digits_key(const char *s)
{
	uint64_t	 v = 0;

	for (; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (*s - '0');
	return v;
}

/* Code points without spaces, ASCII made full-width, as the terminal sends them. */
static size_t
to_points(const char *s, uint32_t *out, size_t max)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 cp;
	size_t			 n = 0;
	int			 len, i;

	while (*p != 0 && n < max) {
		if (*p < 0x80) {
			cp = *p;
			len = 1;
		} else {
			len = (*p & 0xe0) == 0xc0 ? 2 : (*p & 0xf0) == 0xe0 ? 3 : 4;
			cp = *p & (0xff >> (len + 1));
			for (i = 1; i < len && p[i] != 0; i++)
				cp = (cp << 6) | (p[i] & 0x3f);
			if (i < len)
				break;
		}
		p += len;
		if (cp == 0x20 || cp == 0x3000)
			continue;
		if (cp > 0x20 && cp < 0x7f)
			cp += 0xfee0;
		out[n++] = cp;
	}
	return n;
}

/* 〓 in a query stands for a character the terminal could not send: it matches any one. */
static int
same_text(const char *a, const char *b)
{
	uint32_t	 x[128], y[128];
	size_t		 nx = to_points(a, x, 128), ny = to_points(b, y, 128), i;

	if (nx != ny)
		return 0;
	for (i = 0; i < nx; i++) {
		if (x[i] != y[i] && x[i] != 0x3013 && y[i] != 0x3013)
			return 0;
	}
	return 1;
}

static int
applied(const struct resident *r, uint32_t base)
{
	return r->event != 0 && r->edate <= base;
}

static const char *
cur_name(const struct resident *r, uint32_t base)
{
	return applied(r, base) && r->new_name != NULL ? r->new_name : r->name;
}

static const char *
cur_kana(const struct resident *r, uint32_t base)
{
	return applied(r, base) && r->new_kana != NULL ? r->new_kana : r->kana;
}

static const char *
cur_address(const struct resident *r, uint32_t base)
{
	return applied(r, base) && r->new_address != NULL ? r->new_address : r->address;
}

/* The address as of the base date, with or without the building (方書). */
static int
address_is(const char *q, const struct resident *r, uint32_t base)
{
	if (applied(r, base) && r->new_address != NULL)
		return same_text(q, r->new_address);
	return same_text(q, r->address) || same_text(q, r->address_full);
}

static const char *
cur_mynum(const struct resident *r, uint32_t base)
{
	return applied(r, base) && r->new_mynum != NULL ? r->new_mynum : r->mynum;
}

static int
alive(const struct resident *r, uint32_t base)
{
	if (!applied(r, base))
		return 1;
	return r->event == 5 ? 2 : r->event == 11 ? 3 : 1;
}

static void
fill(const struct sim_query *q, const struct resident *r, struct sim_answer *a)
{
	uint32_t	 b = q->base;
	int		 in_period, all = 1;
	char		 m[8];

	memset(m, ' ', 7);
	m[7] = '\0';
#define CMP(pos, given, eq) do {					\
	if (given) {							\
		m[pos] = (eq) ? '1' : '0';				\
		all = all && m[pos] == '1';				\
	}								\
} while (0)
	CMP(0, q->jumin[0] != '\0', strcmp(q->jumin, r->jumin) == 0);
	CMP(1, q->mynum[0] != '\0', strcmp(q->mynum, cur_mynum(r, b)) == 0);
	CMP(2, q->name[0] != '\0', same_text(q->name, cur_name(r, b)));
	CMP(3, q->kana[0] != '\0', same_text(q->kana, cur_kana(r, b)));
	CMP(4, q->birth != 0, q->birth == r->birth);
	CMP(5, q->sex != 0, q->sex == r->sex);
	CMP(6, q->address[0] != '\0', address_is(q->address, r, b));
#undef CMP
	snprintf(a->matched, sizeof a->matched, "%s ", m);
	if (a->result == 0 && !all)
		a->result = 10;

	in_period = applied(r, b) && (q->from == 0 || (r->edate >= q->from && r->edate <= q->to));
	a->moved = in_period;
	a->alive = alive(r, b);
	snprintf(a->changes, sizeof a->changes, "00000");
	if (in_period) {
		if (r->new_name != NULL)
			a->changes[0] = '1';
		if (r->new_address != NULL)
			a->changes[1] = '1';
		if (r->new_mynum != NULL)
			a->changes[4] = '1';
	}
	memcpy(a->jumin, r->jumin, sizeof a->jumin);
	a->name = cur_name(r, b);
	a->kana = cur_kana(r, b);
	a->birth = q->w_birth ? r->birth : 0;
	a->sex = q->w_sex ? r->sex : 0;
	a->address = q->w_addr ? cur_address(r, b) : "";
	if (q->w_mynum)
		memcpy(a->mynum, cur_mynum(r, b), sizeof a->mynum);
	if (q->w_reason && in_period) {
		a->reason = r->event;
		a->rdate = r->edate;
	}
	memcpy(a->muni, applied(r, b) && r->new_address != NULL ? r->new_muni : r->muni,
	    sizeof a->muni);
	a->nonpart = r->nonpart;
	if (applied(r, b) && r->new_name != NULL) {
		a->old = r->surname;
		a->old_kana = r->surname_kana;
	}
}

int
sim_world_answer(struct sim_world *w, const struct sim_request_file *rf,
    struct sim_answer **out, size_t *nout)
{
	struct sim_answer	*ans = NULL, *a;
	const struct sim_query	*q;
	const struct resident	*r;
	size_t			 qi, i, k, n = 0, cap = 0, cand[MAX_CANDIDATES], nc, nk;
	size_t			 narrow[MAX_CANDIDATES];
	int			 pattern, result;
	int			 has_bs, name_pat, use_kana;

	for (qi = 0; qi < rf->n; qi++) {
		q = &rf->q[qi];
		nc = 0;
		result = 0;
		has_bs = q->birth != 0 && q->sex != 0;
		if (q->mynum[0] != '\0')
			pattern = 1;
		else if (q->jumin[0] != '\0')
			pattern = 2;
		else if (has_bs && q->address[0] != '\0' && q->name[0] != '\0')
			pattern = 3;
		else if (has_bs && q->address[0] != '\0' && q->kana[0] != '\0')
			pattern = 4;
		else if (has_bs && q->name[0] != '\0')
			pattern = 5;
		else if (has_bs && q->kana[0] != '\0')
			pattern = 6;
		else
			pattern = 0;

		if (q->bad)
			result = 90;
		else if (pattern == 0)
			result = 91;
		else if (q->w_mynum && q->mn_jimu == 0)
			result = 92;
		else if (pattern == 1 || pattern == 2) {
			uint64_t key = digits_key(pattern == 1 ? q->mynum : q->jumin);
			const struct key *keys = pattern == 1 ? w->by_mynum : w->by_jumin;
			size_t nkeys = pattern == 1 ? w->n_mynum : w->n_jumin;

			for (k = find_key(keys, nkeys, key); k < nkeys && keys[k].key == key &&
			    nc < MAX_CANDIDATES; k++) {
				r = &w->r[keys[k].idx];
				/* A replaced My Number finds nobody before the change. */
				if (pattern == 1 && r->new_mynum != NULL &&
				    strcmp(q->mynum, r->new_mynum) == 0 && !applied(r, q->base))
					continue;
				cand[nc++] = keys[k].idx;
			}
		} else {
			uint64_t key = (uint64_t)q->birth * 4 + q->sex;

			name_pat = pattern == 3 || pattern == 5;
			use_kana = !name_pat;
			for (k = find_key(w->by_bs, w->n_bs, key); k < w->n_bs &&
			    w->by_bs[k].key == key && nc < MAX_CANDIDATES; k++) {
				r = &w->r[w->by_bs[k].idx];
				/* The name asked may be the one before a change. */
				if (use_kana ? (same_text(q->kana, cur_kana(r, q->base)) ||
				    same_text(q->kana, r->kana)) :
				    (same_text(q->name, cur_name(r, q->base)) ||
				    same_text(q->name, r->name)))
					cand[nc++] = w->by_bs[k].idx;
			}
			/* With the address given, it decides between namesakes. */
			if ((pattern == 3 || pattern == 4) && nc > 1) {
				for (i = nk = 0; i < nc; i++) {
					r = &w->r[cand[i]];
					if (address_is(q->address, r, q->base) ||
					    same_text(q->address, r->address) ||
					    same_text(q->address, r->address_full))
						narrow[nk++] = cand[i];
				}
				if (nk > 0) {
					memcpy(cand, narrow, nk * sizeof *cand);
					nc = nk;
				}
			}
		}
		if (result == 0 && !q->want_erased) {
			for (i = k = 0; i < nc; i++) {
				if (alive(&w->r[cand[i]], q->base) == 1)
					cand[k++] = cand[i];
			}
			nc = k;
		}
		if (result == 0 && nc == 0)
			result = 20;
		else if (result == 0 && nc > 1)
			result = 30;

		nk = result == 0 || result == 30 ? nc : 1;
		if (n + nk > cap) {
			cap = (n + nk) * 2;
			ans = xreallocarray(ans, cap, sizeof *ans);
		}
		for (i = 0; i < nk; i++) {
			a = &ans[n++];
			memset(a, 0, sizeof *a);
			a->query = qi;
			a->result = result;
			a->nres = nk;
			a->seq = i + 1;
			a->pattern = result >= 90 ? 0 : pattern;
			a->name = a->kana = a->address = a->old = a->old_kana = "";
			memset(a->matched, ' ', 8);
			memset(a->changes, ' ', 5);
			if (result == 0 || result == 30)
				fill(q, &w->r[cand[i]], a);
		}
	}
	*out = ans;
	*nout = n;
	return 0;
}
