/*
 * The terminal's one iconv module: UTF-8 <-> CP932 for the Juki-net files (SPEC §5).
 *
 * Always "CP932", never "SHIFT_JIS": glibc's SHIFT_JIS rejects the NEC special characters
 * (① is 0x8740) and maps 0x8160 to U+301C where the gateways mean U+FF5E.
 *
 * A character that has no place on the other side (外字) is replaced by 〓 (U+3013, CP932
 * 0x81AC) and counted, so that the caller can flag the record "外字あり". Bytes that are not
 * CP932 at all, and text that is not UTF-8, are errors that name their offset.
 *
 * Never called from screen code.
 */
#ifndef CHARCONV_H
#define CHARCONV_H

#include <stddef.h>

#define CHARCONV_GETA_UTF8	"\xe3\x80\x93"	/* 〓 U+3013 GETA MARK */
#define CHARCONV_GETA_CP932	"\x81\xac"

/* Output of a conversion: data[len] is always a NUL; the buffer grows as needed. */
struct charconv_buf {
	char	*data;
	size_t	 len;
	size_t	 size;
};

struct charconv;

struct charconv	*charconv_open(char **);
void		 charconv_close(struct charconv *);

/*
 * Convert len bytes into buf (replacing its contents). *gaiji receives the number of
 * characters replaced by 〓. On failure, return -1, set *errpos to the offset of the bad
 * input byte and *cause to a message; buf then holds nothing useful.
 *
 * CP932 -> UTF-8: the user-defined area (0xF040-0xF9FC, where gateways put 外字) becomes 〓;
 * anything iconv refuses is an error.
 * UTF-8 -> CP932: a valid character with no CP932 code (𠮷, private-use) becomes 〓;
 * invalid UTF-8 is an error.
 */
int	 charconv_to_utf8(struct charconv *, const void *, size_t,
	    struct charconv_buf *, size_t *, size_t *, char **);
int	 charconv_to_cp932(struct charconv *, const char *, size_t,
	    struct charconv_buf *, size_t *, size_t *, char **);

void	 charconv_buf_free(struct charconv_buf *);

/* Length of the valid UTF-8 sequence at s (at most len bytes), or 0 if it is invalid. */
size_t	 charconv_utf8_seqlen(const unsigned char *, size_t);

#endif
