/*
 * 個人番号 (My Number): twelve digits, the last a check digit (番号法施行令 第8条; the
 * formula is 平成26年総務省令第85号 第5条). The number is a secret: messages never repeat it
 * and every copy made here is wiped.
 *
 * The check digit catches every single mistyped digit except one kind: because remainders 0
 * and 1 both give check digit 0, a change that moves Σ P_n Q_n mod 11 between 0 and 1 keeps
 * the same check digit. That is the ordinance's rule, not ours to strengthen.
 */
#include "config.h"

#include <string.h>
#include <stdlib.h>

#include "i18n.h"
#include "valid.h"
#include "xmalloc.h"

int
mynumber_check_digit(const char *s)
{
	int	 i, n, sum = 0, r;

	/* Left to right, so that a short string stops at its NUL. */
	for (i = 0; i < 11; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		n = 11 - i;	/* P_n counts from the right */
		sum += (s[i] - '0') * (n <= 6 ? n + 1 : n - 5);
	}
	r = sum % 11;
	return r <= 1 ? 0 : 11 - r;
}

int
valid_mynumber(const char *in, char out[MYNUMBER_LEN + 1], char **cause)
{
	char	 digits[MYNUMBER_LEN + 1], desc[VALID_DESC_SIZE];
	char	*folded, *s, *p;
	size_t	 nd = 0;
	int	 rc = -1;

	if ((folded = valid_fold(in, cause)) == NULL)
		return -1;
	s = valid_trim(folded);
	if (*s == '\0') {
		xasprintf(cause, _("enter the 12-digit My Number"));
		goto out;
	}
	for (p = s; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9') {
			if (nd < MYNUMBER_LEN)
				digits[nd] = *p;
			nd++;
		} else if (*p != ' ' && *p != '-') {
			valid_char_desc(folded, p - folded, desc);
			xasprintf(cause, _("character %zu (%s) is not a digit"),
			    valid_char_pos(folded, p - folded), desc);
			goto out;
		}
	}
	if (nd != MYNUMBER_LEN) {
		xasprintf(cause, _("a My Number has 12 digits; %zu were entered"), nd);
		goto out;
	}
	digits[MYNUMBER_LEN] = '\0';
	if (mynumber_check_digit(digits) != digits[11] - '0') {
		xasprintf(cause, _("the check digit (the last digit) does not match the other "
		    "11: a digit is mistyped"));
		goto out;
	}
	memcpy(out, digits, sizeof digits);
	rc = 0;

out:
	explicit_bzero(digits, sizeof digits);
	explicit_bzero(folded, strlen(folded));
	free(folded);
	return rc;
}

void
mynumber_mask(const char *s, char out[MYNUMBER_MASK_SIZE])
{
	size_t	 i;

	memcpy(out, "**** **** ****", MYNUMBER_MASK_SIZE);
	for (i = 0; i < MYNUMBER_LEN; i++) {
		if (s[i] < '0' || s[i] > '9')
			return;
	}
	if (s[MYNUMBER_LEN] != '\0')
		return;
	memcpy(out + 10, s + 8, 4);
}
