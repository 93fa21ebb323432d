/*
 * Postal codes, prefecture codes (JIS X 0401) and municipality codes (全国地方公共団体コード,
 * JIS X 0402 with its check digit) (SPEC §4).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "valid.h"
#include "xmalloc.h"

#define POSTAL_MARK	"〒"

static int	collect_digits(char *, char *, char *, size_t, size_t *, char **);

static const char *prefectures[] = {
	NULL,
	"北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県",
	"茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県",
	"新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県",
	"岐阜県", "静岡県", "愛知県", "三重県",
	"滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県",
	"鳥取県", "島根県", "岡山県", "広島県", "山口県",
	"徳島県", "香川県", "愛媛県", "高知県",
	"福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
};
#define NPREFECTURES	47

/*
 * The digits of s (inside the folded string base) into out, skipping spaces and hyphens;
 * *nd gets how many there were, even beyond max. Any other character is an error.
 */
static int
collect_digits(char *base, char *s, char *out, size_t max, size_t *nd, char **cause)
{
	char	 desc[VALID_DESC_SIZE];

	*nd = 0;
	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9') {
			if (*nd < max)
				out[*nd] = *s;
			(*nd)++;
		} else if (*s != ' ' && *s != '-') {
			valid_char_desc(base, s - base, desc);
			xasprintf(cause, _("character %zu (%s) is not a digit"),
			    valid_char_pos(base, s - base), desc);
			return -1;
		}
	}
	if (*nd <= max)
		out[*nd] = '\0';
	return 0;
}

int
valid_postal(const char *in, char out[POSTAL_LEN + 1], char **cause)
{
	char	*folded, *s, digits[POSTAL_LEN + 1], *dash;
	size_t	 nd;
	int	 rc = -1;

	if ((folded = valid_fold(in, cause)) == NULL)
		return -1;
	s = valid_trim(folded);
	if (strncmp(s, POSTAL_MARK, strlen(POSTAL_MARK)) == 0) {
		s += strlen(POSTAL_MARK);
		while (*s == ' ')
			s++;
	}
	if (*s == '\0') {
		xasprintf(cause, _("enter the 7-digit postal code (123-4567)"));
		goto out;
	}
	if (strchr(s, ' ') != NULL) {
		xasprintf(cause, _("character %zu is a space: write the postal code as "
		    "1234567 or 123-4567"), valid_char_pos(folded, strchr(s, ' ') - folded));
		goto out;
	}
	if (collect_digits(folded, s, digits, POSTAL_LEN, &nd, cause) != 0)
		goto out;
	if (nd != POSTAL_LEN) {
		xasprintf(cause, _("a postal code has 7 digits (123-4567); %zu were entered"),
		    nd);
		goto out;
	}
	if ((dash = strchr(s, '-')) != NULL && (dash != s + 3 || strchr(dash + 1, '-'))) {
		xasprintf(cause, _("the hyphen goes after the third digit (123-4567)"));
		goto out;
	}
	memcpy(out, digits, sizeof digits);
	rc = 0;

out:
	free(folded);
	return rc;
}

void
postal_format(const char *s, char out[POSTAL_FORMAT_SIZE])
{
	size_t	 i, m = strlen(POSTAL_MARK);

	out[0] = '\0';
	for (i = 0; i < POSTAL_LEN; i++) {
		if (s[i] < '0' || s[i] > '9')
			return;
	}
	if (s[POSTAL_LEN] != '\0')
		return;
	memcpy(out, POSTAL_MARK, m);
	memcpy(out + m, s, 3);
	out[m + 3] = '-';
	memcpy(out + m + 4, s + 3, 4);
	out[m + 8] = '\0';
}

const char *
prefecture_name(int code)
{
	if (code < 1 || code > NPREFECTURES)
		return NULL;
	return prefectures[code];
}

int
valid_prefecture(const char *in, int *code, char **cause)
{
	char	*folded, *s;
	size_t	 len, nlen;
	int	 rc = -1, i;

	if ((folded = valid_fold(in, cause)) == NULL)
		return -1;
	s = valid_trim(folded);
	len = strlen(s);
	if (len == 0) {
		xasprintf(cause, _("enter a prefecture code (01-47)"));
		goto out;
	}
	if (strspn(s, "0123456789") == len) {
		if (len > 2) {
			xasprintf(cause, _("a prefecture code has 2 digits (01-47)"));
			goto out;
		}
		i = atoi(s);
		if (i < 1 || i > NPREFECTURES) {
			xasprintf(cause, _("there is no prefecture %s: the codes run from 01 "
			    "(北海道) to 47 (沖縄県)"), s);
			goto out;
		}
		*code = i;
		rc = 0;
		goto out;
	}
	/* The name, with or without 都, 府 or 県 (北海道 keeps its 道). */
	for (i = 1; i <= NPREFECTURES; i++) {
		nlen = strlen(prefectures[i]);
		if (strcmp(s, prefectures[i]) == 0 || (i != 1 && len == nlen - 3 &&
		    strncmp(s, prefectures[i], len) == 0)) {
			*code = i;
			rc = 0;
			goto out;
		}
	}
	xasprintf(cause, _("enter a prefecture code from 01 to 47 or a prefecture's name"));

out:
	free(folded);
	return rc;
}

int
municipality_check_digit(const char *s)
{
	int	 i, sum = 0;

	for (i = 0; i < 5; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		sum += (s[i] - '0') * (6 - i);
	}
	return (11 - sum % 11) % 10;
}

int
valid_municipality(const char *in, char out[MUNICIPALITY_LEN + 1], char **cause)
{
	char	*folded, *s, digits[MUNICIPALITY_LEN + 1];
	size_t	 nd;
	int	 rc = -1, pref;

	if ((folded = valid_fold(in, cause)) == NULL)
		return -1;
	s = valid_trim(folded);
	if (*s == '\0') {
		xasprintf(cause, _("enter the 6-digit municipality code"));
		goto out;
	}
	if (collect_digits(folded, s, digits, MUNICIPALITY_LEN, &nd, cause) != 0)
		goto out;
	if (nd != MUNICIPALITY_LEN) {
		xasprintf(cause, _("a municipality code has 6 digits (5 and a check digit); "
		    "%zu were entered"), nd);
		goto out;
	}
	pref = (digits[0] - '0') * 10 + (digits[1] - '0');
	if (pref < 1 || pref > NPREFECTURES) {
		xasprintf(cause, _("a municipality code starts with its prefecture code "
		    "(01-47), not %.2s"), digits);
		goto out;
	}
	if (municipality_check_digit(digits) != digits[5] - '0') {
		xasprintf(cause, _("the check digit (the sixth digit) does not match the "
		    "first five: a digit is mistyped"));
		goto out;
	}
	memcpy(out, digits, sizeof digits);
	rc = 0;

out:
	free(folded);
	return rc;
}
