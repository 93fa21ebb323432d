/* cairo's write callback onto a file descriptor (pdf-sink.h). */
#include "config.h"

#include <errno.h>
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
