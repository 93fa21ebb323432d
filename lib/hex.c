/* Hexadecimal digits (hex.h). */
#include "config.h"

#include "hex.h"

/* n bytes as 2n lower-case digits and a NUL: out holds 2n + 1 bytes. */
void
hex_encode(const uint8_t *p, size_t n, char *out)
{
	static const char	 digits[] = "0123456789abcdef";
	size_t			 i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 0xf];
	}
	out[2 * n] = '\0';
}

/* A digit's value, either case; -1 for anything else. */
int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The first 2n digits of s as n bytes: 0, or -1 at a character that is not a digit. */
int
hex_decode(const char *s, size_t n, uint8_t *out)
{
	size_t	 i;
	int	 hi, lo;

	for (i = 0; i < n; i++) {
		if ((hi = hex_digit(s[2 * i])) < 0 || (lo = hex_digit(s[2 * i + 1])) < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}
