/*
 * A4 reports in Japanese (the disclosure handed to a resident, issue 20): a title, a head
 * of lines, then paragraphs that run over as many pages as they need, each page numbered.
 * The same stack as the certificates (cairo's PDF surface, pango with the IPAex fonts).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "cert/pdf-sink.h"
#include "cert/report-pdf.h"
#include "i18n.h"
#include "xmalloc.h"

#define MM		(72.0 / 25.4)
#define A4_WIDTH	(210.0 * MM)
#define A4_HEIGHT	(297.0 * MM)
#define MARGIN		(18.0 * MM)
#define FONT		"IPAexGothic"

/* Draws text wrapped at width with its top-left at x, y (draw 0: measure only). */
static double
paragraph(cairo_t *cr, const char *text, double x, double y, double size, int draw)
{
	PangoLayout		*layout;
	PangoFontDescription	*font;
	int			 w, h;

	layout = pango_cairo_create_layout(cr);
	font = pango_font_description_from_string(FONT);
	pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
	pango_layout_set_font_description(layout, font);
	pango_font_description_free(font);
	pango_layout_set_width(layout, (int)((A4_WIDTH - x - MARGIN) * PANGO_SCALE));
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(layout, text, -1);
	pango_layout_get_size(layout, &w, &h);
	if (draw) {
		cairo_move_to(cr, x, y);
		pango_cairo_show_layout(cr, layout);
	}
	g_object_unref(layout);
	return (double)h / PANGO_SCALE;
}

static void
page_end(cairo_t *cr, int page)
{
	char	 n[32];

	snprintf(n, sizeof n, "- %d -", page);
	paragraph(cr, n, A4_WIDTH / 2 - 8 * MM, A4_HEIGHT - MARGIN + 4 * MM, 8, 1);
	cairo_show_page(cr);
}

/* Draws the report into fd, a file the desk made (print-client.c), as the certificate. */
int
report_pdf_render(int fd, const char *title, char *const *head, size_t nhead,
    char *const *rows, size_t nrows, char **cause)
{
	cairo_surface_t	*surface;
	const char	*why;
	cairo_t		*cr;
	struct pdf_sink	 sink = { fd, 0 };
	double		 y, h;
	size_t		 i;
	int		 page = 1;

	*cause = NULL;
	surface = cairo_pdf_surface_create_for_stream(pdf_sink_write, &sink, A4_WIDTH,
	    A4_HEIGHT);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "madoguchi");
	cr = cairo_create(surface);
	cairo_set_source_rgb(cr, 0, 0, 0);
	y = MARGIN;
	y += paragraph(cr, title, MARGIN, y, 16, 1) + 6 * MM;
	for (i = 0; i < nhead; i++)
		y += paragraph(cr, head[i], MARGIN, y, 10, 1) + 1.5 * MM;
	y += 4 * MM;
	for (i = 0; i < nrows; i++) {
		h = paragraph(cr, rows[i], MARGIN, y, 9, 0);
		if (y + h > A4_HEIGHT - MARGIN) {
			page_end(cr, page++);
			y = MARGIN;
		}
		paragraph(cr, rows[i], MARGIN, y, 9, 1);
		y += h + 2 * MM;
	}
	page_end(cr, page);
	if ((why = pdf_sink_close(&sink, cr, surface)) != NULL) {
		xasprintf(cause, _("cannot write the report: %s"), why);
		return -1;
	}
	return 0;
}
