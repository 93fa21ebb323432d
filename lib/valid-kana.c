/*
 * カナ fields: full-width katakana, what Juki-net and the register keep (SPEC §4).
 *
 * Half-width katakana arrives from old systems and from keyboards left in half-width mode;
 * hiragana arrives when the IME was not switched to katakana. Both mean the same name, so
 * both are converted rather than refused. A voiced sound mark (half-width ﾞﾟ or the
 * combining U+3099/U+309A of decomposed text) joins the kana before it.
 *
 * ヷ ヸ ヹ ヺ are refused: CP932 has no code for them, so they could not go to Juki-net.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "textwidth.h"
#include "valid.h"
#include "xmalloc.h"

#define IDEOGRAPHIC_SPACE	0x3000
#define DAKUTEN			1	/* ゛ voiced */
#define HANDAKUTEN		2	/* ゜ semi-voiced */

static uint32_t	to_katakana(uint32_t);
static uint32_t	compose(uint32_t, int);
static int	no_cp932(uint32_t);

/* ｦ (U+FF66) to ﾝ (U+FF9D), in order. */
static const uint16_t halfwidth[] = {
	0x30f2, 0x30a1, 0x30a3, 0x30a5, 0x30a7, 0x30a9, 0x30e3, 0x30e5,	/* ｦｧｨｩｪｫｬｭ */
	0x30e7, 0x30c3, 0x30fc, 0x30a2, 0x30a4, 0x30a6, 0x30a8, 0x30aa,	/* ｮｯｰｱｲｳｴｵ */
	0x30ab, 0x30ad, 0x30af, 0x30b1, 0x30b3, 0x30b5, 0x30b7, 0x30b9,	/* ｶｷｸｹｺｻｼｽ */
	0x30bb, 0x30bd, 0x30bf, 0x30c1, 0x30c4, 0x30c6, 0x30c8, 0x30ca,	/* ｾｿﾀﾁﾂﾃﾄﾅ */
	0x30cb, 0x30cc, 0x30cd, 0x30ce, 0x30cf, 0x30d2, 0x30d5, 0x30d8,	/* ﾆﾇﾈﾉﾊﾋﾌﾍ */
	0x30db, 0x30de, 0x30df, 0x30e0, 0x30e1, 0x30e2, 0x30e4, 0x30e6,	/* ﾎﾏﾐﾑﾒﾓﾔﾕ */
	0x30e8, 0x30e9, 0x30ea, 0x30eb, 0x30ec, 0x30ed, 0x30ef, 0x30f3,	/* ﾖﾗﾘﾙﾚﾛﾜﾝ */
};

/* The full-width katakana for cp, or 0 if it is not kana this field takes. */
static uint32_t
to_katakana(uint32_t cp)
{
	if (cp >= 0x30a1 && cp <= 0x30f6)	/* ァ..ヶ, ヴ included */
		return cp;
	if (cp == 0x30fb || cp == 0x30fc)	/* ・ ー */
		return cp;
	if (cp >= 0x30f7 && cp <= 0x30fa)	/* ヷヸヹヺ */
		return cp;
	if (cp >= 0x3041 && cp <= 0x3096)	/* ぁ..ゖ -> ァ..ヶ, ゔ -> ヴ */
		return cp + 0x60;
	if (cp == 0xff65)			/* ･ */
		return 0x30fb;
	if (cp >= 0xff66 && cp <= 0xff9d)
		return halfwidth[cp - 0xff66];
	return 0;
}

/* The kana with the mark, or 0 if base takes no such mark. */
static uint32_t
compose(uint32_t base, int mark)
{
	switch (base) {
	case 0x30ab: case 0x30ad: case 0x30af: case 0x30b1: case 0x30b3:	/* カ行 */
	case 0x30b5: case 0x30b7: case 0x30b9: case 0x30bb: case 0x30bd:	/* サ行 */
	case 0x30bf: case 0x30c1: case 0x30c4: case 0x30c6: case 0x30c8:	/* タ行 */
		return mark == DAKUTEN ? base + 1 : 0;
	case 0x30cf: case 0x30d2: case 0x30d5: case 0x30d8: case 0x30db:	/* ハ行 */
		return base + mark;
	case 0x30a6:								/* ウ */
		return mark == DAKUTEN ? 0x30f4 : 0;
	case 0x30ef: case 0x30f0: case 0x30f1: case 0x30f2:			/* ワヰヱヲ */
		return mark == DAKUTEN ? base + 8 : 0;
	}
	return 0;
}

static int
no_cp932(uint32_t cp)
{
	return cp >= 0x30f7 && cp <= 0x30fa;
}

int
valid_kana(const char *in, size_t maxchars, char **out, char **cause)
{
	size_t		 len = strlen(in), i = 0, o = 0, n, pos = 0, chars = 0;
	uint32_t	 cp, k, last = 0;
	int		 mark, space = 0;
	char		*buf, desc[VALID_DESC_SIZE];

	/* An ASCII space grows to three bytes; nothing else grows. */
	buf = xreallocarray(NULL, len + 1, 3);
	while (i < len) {
		if ((n = utf8_decode(in + i, len - i, &cp)) == 0) {
			xasprintf(cause,
			    _("invalid character encoding (not UTF-8) at character %zu"),
			    pos + 1);
			goto fail;
		}
		pos++;
		if (cp == ' ' || cp == IDEOGRAPHIC_SPACE) {
			space = o > 0;
			last = 0;
			i += n;
			continue;
		}
		if (textwidth_char(cp) < 0) {
			xasprintf(cause, _("character %zu is a control character (U+%04X)"),
			    pos, (unsigned)cp);
			goto fail;
		}
		mark = 0;
		if (cp == 0xff9e || cp == 0x3099)
			mark = DAKUTEN;
		else if (cp == 0xff9f || cp == 0x309a)
			mark = HANDAKUTEN;
		if (mark != 0) {
			k = last != 0 ? compose(last, mark) : 0;
			if (k == 0) {
				valid_char_desc(in, i, desc);
				xasprintf(cause, _("character %zu (%s) is a voiced sound mark "
				    "that does not follow a kana that takes it"), pos, desc);
				goto fail;
			}
		} else if ((k = to_katakana(cp)) == 0) {
			valid_char_desc(in, i, desc);
			xasprintf(cause, _("character %zu (%s) is not katakana"), pos, desc);
			goto fail;
		}
		if (no_cp932(k)) {
			xasprintf(cause, _("character %zu: ヷ, ヸ, ヹ and ヺ cannot be sent to "
			    "Juki-net; write ヴァ, ヴィ, ヴェ or ヴォ"), pos);
			goto fail;
		}
		if (mark != 0) {
			/* Every katakana is three bytes in UTF-8: replace the base. */
			o -= 3;
		} else {
			if (space) {
				o += utf8_encode(IDEOGRAPHIC_SPACE, buf + o);
				chars++;
				space = 0;
			}
			chars++;
		}
		o += utf8_encode(k, buf + o);
		last = k;
		i += n;
	}
	buf[o] = '\0';
	if (maxchars != 0 && chars > maxchars) {
		xasprintf(cause, _("too long: %zu characters (the limit is %zu)"), chars,
		    maxchars);
		goto fail;
	}
	*out = buf;
	return 0;

fail:
	free(buf);
	return -1;
}
