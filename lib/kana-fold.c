/* Folding katakana for comparison (kana-fold.h). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kana-fold.h"
#include "textwidth.h"
#include "xmalloc.h"

/* The small kana and their full-size forms. */
static const struct {
	uint32_t	 small, full;
} kana_small[] = {
	{ 0x30a1, 0x30a2 }, { 0x30a3, 0x30a4 }, { 0x30a5, 0x30a6 }, { 0x30a7, 0x30a8 },
	{ 0x30a9, 0x30aa }, { 0x30c3, 0x30c4 }, { 0x30e3, 0x30e4 }, { 0x30e5, 0x30e6 },
	{ 0x30e7, 0x30e8 }, { 0x30ee, 0x30ef }, { 0x30f5, 0x30ab }, { 0x30f6, 0x30b1 },
};

/* ヴ followed by the small vowel v (0 when none): the バ行 syllable it is spelled as. */
static uint32_t
kana_vu(uint32_t v)
{
	switch (v) {
	case 0x30a1:		/* ァ */
		return 0x30d0;	/* バ */
	case 0x30a3:		/* ィ */
		return 0x30d3;	/* ビ */
	case 0x30a7:		/* ェ */
		return 0x30d9;	/* ベ */
	case 0x30a9:		/* ォ */
		return 0x30dc;	/* ボ */
	default:
		return 0x30d6;	/* ブ */
	}
}

char *
kana_fold(const char *s)
{
	size_t		 len = strlen(s), i = 0, o = 0, k, k2, j;
	uint32_t	 cp, next;
	char		*out = xmalloc(len + 1);

	while (i < len) {
		if ((k = utf8_decode(s + i, len - i, &cp)) == 0) {
			out[o++] = s[i++];	/* not UTF-8: kept byte by byte */
			continue;
		}
		i += k;
		if (cp == ' ' || cp == 0x3000 || cp == 0x30fc || cp == 0x30fb)
			continue;
		if (cp == 0x30f4) {		/* ヴ, and the small vowel after it */
			next = 0;
			if (i < len && (k2 = utf8_decode(s + i, len - i, &next)) != 0 &&
			    kana_vu(next) != 0x30d6)
				i += k2;
			cp = kana_vu(next);
		}
		for (j = 0; j < sizeof kana_small / sizeof kana_small[0]; j++) {
			if (cp == kana_small[j].small) {
				cp = kana_small[j].full;
				break;
			}
		}
		o += utf8_encode(cp, out + o);	/* never longer than what it replaces */
	}
	out[o] = '\0';
	return out;
}
