/*
 * Where cairo's PDF surfaces write in the print helper: a file descriptor the desk opened
 * (print-client.c), so that the helper needs no directory it may write in.
 */
#ifndef PDF_SINK_H
#define PDF_SINK_H

#include <cairo.h>

struct pdf_sink {
	int	 fd;
	int	 failed;	/* errno of the first failed write, or 0 */
};

cairo_status_t	 pdf_sink_write(void *, const unsigned char *, unsigned int);
/*
 * Ends drawing on a PDF surface that writes into the sink (cr and surface are freed):
 * NULL when the whole document was written, else why not (a static string).
 */
const char	*pdf_sink_close(struct pdf_sink *, cairo_t *, cairo_surface_t *);

#endif
