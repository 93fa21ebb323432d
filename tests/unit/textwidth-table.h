/* The width table of glibc 2.36 that lib/textwidth.c carried before (textwidth-table.c). */
#ifndef TEXTWIDTH_TABLE_H
#define TEXTWIDTH_TABLE_H

#include <stddef.h>
#include <stdint.h>

struct width_range {
	uint32_t	 first, last;
};

extern const struct width_range	 old_zero_width[], old_wide[];
extern const size_t		 old_zero_width_n, old_wide_n;

#endif
