/*
 * Masks (export-mask.h). Each is written so that, when the value is not what it expects,
 * it gives less, never more: a name without a space is not a family name and its part
 * before the space (the whole) is refused; an address with no municipality found keeps
 * its prefecture only; a date that is not one is refused.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "export/export-mask.h"
#include "i18n.h"
#include "xmalloc.h"

static const struct {
	enum export_mask	 mask;
	const char		*name;
} masks[] = {
	{ EXPORT_MASK_NONE, "none" },
	{ EXPORT_MASK_FAMILY_ONLY, "family-only" },
	{ EXPORT_MASK_MUNICIPALITY, "municipality" },
	{ EXPORT_MASK_YEAR, "year" },
};

int
export_mask_parse(const char *name, enum export_mask *out, char **cause)
{
	size_t	 i;

	for (i = 0; i < sizeof masks / sizeof masks[0]; i++) {
		if (strcmp(name, masks[i].name) == 0) {
			*out = masks[i].mask;
			return 0;
		}
	}
	xasprintf(cause, _("\"%s\" is not a mask (none, family-only, municipality, year)"),
	    name);
	return -1;
}

const char *
export_mask_name(enum export_mask mask)
{
	size_t	 i;

	for (i = 0; i < sizeof masks / sizeof masks[0]; i++) {
		if (masks[i].mask == mask)
			return masks[i].name;
	}
	return "?";
}

const char *
export_mask_label(enum export_mask mask)
{
	switch (mask) {
	case EXPORT_MASK_FAMILY_ONLY:
		return _("family name only");
	case EXPORT_MASK_MUNICIPALITY:
		return _("up to the municipality");
	case EXPORT_MASK_YEAR:
		return _("year only");
	case EXPORT_MASK_NONE:
		break;
	}
	return _("as it is");
}

/* The family name: what comes before the first space (ASCII or 全角 U+3000). */
static int
family_only(const char *v, char **out, char **cause)
{
	const char	*ascii = strchr(v, ' '), *wide = strstr(v, "\xe3\x80\x80");
	const char	*end = ascii;

	if (wide != NULL && (end == NULL || wide < end))
		end = wide;
	/* Without a space the family name cannot be told from the given: nothing goes. */
	if (end == NULL || end == v) {
		xasprintf(cause, _("\"%s\" has no space between family and given name: it "
		    "cannot be masked to the family name"), v);
		return -1;
	}
	*out = xstrndup(v, (size_t)(end - v));
	return 0;
}

static const char *const prefectures[] = {
	"北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県",
	"栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県",
	"石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県",
	"滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県",
	"岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県",
	"佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県", NULL
};

#define KANJI	3	/* bytes of one kanji in UTF-8 */

/* The first c (one kanji) at or after p, or NULL. */
static const char *
find_kanji(const char *p, const char *c)
{
	for (; p != NULL && *p != '\0'; p++) {
		if (strncmp(p, c, KANJI) == 0)
			return p;
	}
	return NULL;
}

/* The earlier of two places, NULL counting as none. */
static const char *
earlier(const char *a, const char *b)
{
	if (a == NULL)
		return b;
	if (b == NULL)
		return a;
	return a < b ? a : b;
}

/*
 * The prefecture (of the 47), then the municipality:
 *   市, its name at least one kanji (市川市, 市原市), a second 市 kept (四日市市), and the
 *   区 of a designated city within four kanji after it (横浜市中区, 京都市左京区);
 *   郡 and the 町 or 村 in it (足柄下郡箱根町);
 *   otherwise the first 区 (Tokyo's wards), 町 or 村.
 * Found nothing more: the prefecture only. No prefecture: nothing, as nothing is safe.
 */
static int
municipality(const char *v, char **out)
{
	const char	*rest = NULL, *end, *shi, *gun, *ku, *q;
	size_t		 i;

	for (i = 0; prefectures[i] != NULL; i++) {
		if (strncmp(v, prefectures[i], strlen(prefectures[i])) == 0) {
			rest = v + strlen(prefectures[i]);
			break;
		}
	}
	if (rest == NULL) {
		*out = xstrdup("");
		return 0;
	}
	end = rest;
	shi = *rest != '\0' ? find_kanji(rest + KANJI, "市") : NULL;
	gun = find_kanji(rest, "郡");
	if (shi != NULL && (gun == NULL || shi < gun)) {
		end = shi + KANJI;
		if (strncmp(end, "市", KANJI) == 0)
			end += KANJI;
		if ((ku = find_kanji(end, "区")) != NULL && ku - end <= 3 * KANJI)
			end = ku + KANJI;
	} else if (gun != NULL) {
		q = earlier(find_kanji(gun, "町"), find_kanji(gun, "村"));
		end = q != NULL ? q + KANJI : gun + KANJI;
	} else if ((q = earlier(find_kanji(rest, "区"), earlier(find_kanji(rest, "町"),
	    find_kanji(rest, "村")))) != NULL)
		end = q + KANJI;
	*out = xstrndup(v, (size_t)(end - v));
	return 0;
}

static int
year_only(const char *v, char **out, char **cause)
{
	if (strlen(v) < 10 || v[4] != '-' || v[7] != '-' ||
	    strspn(v, "0123456789") != 4) {
		xasprintf(cause, _("\"%s\" is not a date such as 1980-04-01: it cannot be "
		    "masked to the year"), v);
		return -1;
	}
	*out = xstrndup(v, 4);
	return 0;
}

int
export_mask_apply(enum export_mask mask, const char *v, char **out, char **cause)
{
	*out = NULL;
	if (v == NULL)
		v = "";
	if (*v == '\0' && mask != EXPORT_MASK_NONE) {
		*out = xstrdup("");
		return 0;
	}
	switch (mask) {
	case EXPORT_MASK_NONE:
		*out = xstrdup(v);
		return 0;
	case EXPORT_MASK_FAMILY_ONLY:
		return family_only(v, out, cause);
	case EXPORT_MASK_MUNICIPALITY:
		return municipality(v, out);
	case EXPORT_MASK_YEAR:
		return year_only(v, out, cause);
	}
	xasprintf(cause, _("unknown mask"));
	return -1;
}
