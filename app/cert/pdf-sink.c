/* cairo's write callback onto a file descriptor (pdf-sink.h). */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "cert/pdf-sink.h"

cairo_status_t
pdf_sink_write(void *arg, const unsigned char *data, unsigned int len)
{
	struct pdf_sink	*s = arg;
	ssize_t		 n;

	while (len > 0) {
		if ((n = write(s->fd, data, len)) < 0) {
			if (errno == EINTR)
				continue;
			s->failed = errno;
			return CAIRO_STATUS_WRITE_ERROR;
		}
		data += n;
		len -= (unsigned int)n;
	}
	return CAIRO_STATUS_SUCCESS;
}

const char *
pdf_sink_close(struct pdf_sink *s, cairo_t *cr, cairo_surface_t *surface)
{
	cairo_status_t	 status;

	cairo_destroy(cr);
	cairo_surface_finish(surface);
	status = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (s->failed)
		return strerror(s->failed);
	return status != CAIRO_STATUS_SUCCESS ? cairo_status_to_string(status) : NULL;
}
