/* Bytes as lower-case hexadecimal digits and back: keys, MACs and digests in text files. */
#ifndef HEX_H
#define HEX_H

#include <stddef.h>
#include <stdint.h>

void	 hex_encode(const uint8_t *, size_t, char *);
int	 hex_decode(const char *, size_t, uint8_t *);
int	 hex_digit(char);

#endif
