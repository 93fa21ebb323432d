/*
 * The certificate PDF: cairo's PDF surface with pango for the Japanese text (fonts-ipaexfont
 * through fontconfig) and libqrencode for the QR code, drawn as vector squares so that it
 * prints sharp at any resolution. Debian packages all three; nothing else is needed.
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
#include <qrencode.h>

#include "cert/cert-pdf.h"
#include "cert/pdf-draw.h"
#include "cert/pdf-sink.h"
#include "i18n.h"
#include "xmalloc.h"

#define MM		(72.0 / 25.4)
#define A4_WIDTH	(210.0 * MM)
#define A4_HEIGHT	(297.0 * MM)
#define MARGIN		(25.0 * MM)
#define FONT		"IPAexMincho"
#define FONT_GOTHIC	"IPAexGothic"

/*
 * Text in font at size (points) with its top-left at x, y, wrapped at width (0: no
 * wrapping), centred if asked; returns its height.
 */
double
pdf_text_at(cairo_t *cr, const char *text, double x, double y, double size,
    double width, int centre)
{
	PangoLayout		*layout;
	PangoFontDescription	*font;
	int			 w, h;

	layout = pango_cairo_create_layout(cr);
	font = pango_font_description_from_string(size >= 14 ? FONT : FONT_GOTHIC);
	pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
	pango_layout_set_font_description(layout, font);
	pango_font_description_free(font);
	if (width > 0) {
		pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_text(layout, text, -1);
	pango_layout_get_size(layout, &w, &h);
	if (centre)
		x -= (double)w / PANGO_SCALE / 2;
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, layout);
	g_object_unref(layout);
	return (double)h / PANGO_SCALE;
}

/* The QR code of text, size points square with its quiet zone, top-left at x, y. */
int
pdf_draw_qr(cairo_t *cr, const char *text, double x, double y, double size, char **cause)
{
	QRcode	*qr;
	double	 module;
	int	 row, col, quiet = 4;

	/* Byte mode, level M: the record is ASCII and must survive a worn paper. */
	if ((qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1)) == NULL) {
		xasprintf(cause, _("cannot make the QR code: %s"), strerror(errno));
		return -1;
	}
	module = size / (qr->width + 2 * quiet);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, size, size);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (row = 0; row < qr->width; row++) {
		for (col = 0; col < qr->width; col++) {
			if (qr->data[row * qr->width + col] & 1)
				cairo_rectangle(cr, x + (col + quiet) * module,
				    y + (row + quiet) * module, module, module);
		}
	}
	cairo_fill(cr);
	QRcode_free(qr);
	return 0;
}

/*
 * Draws the certificate into fd, a file the desk made (print-client.c), which makes it
 * durable and gives it its name once the whole of it is written.
 */
int
cert_pdf_render(const struct cert_pdf *doc, int fd, char **cause)
{
	const struct cert_pdf_line	*l;
	cairo_surface_t			*surface;
	const char			*why;
	cairo_t				*cr;
	struct pdf_sink			 sink = { fd, 0 };
	double				 y, h, qr_size = 48 * MM;
	int				 rc = -1;

	*cause = NULL;
	surface = cairo_pdf_surface_create_for_stream(pdf_sink_write, &sink, A4_WIDTH,
	    A4_HEIGHT);
	/*
	 * PDF 1.4: from cairo 1.17.6 on, PDF 1.5 puts the document information into a
	 * compressed object stream behind a cross-reference stream, where madoguchi-verify
	 * (which reads the Keywords record through the trailer and the classic table) would
	 * find no record. 1.4 has every feature this page uses.
	 */
	cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_4);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, doc->title);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "madoguchi");
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_KEYWORDS, doc->record);
	cr = cairo_create(surface);

	/* A double frame, as certificates have. */
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 2.0);
	cairo_rectangle(cr, 12 * MM, 12 * MM, A4_WIDTH - 24 * MM, A4_HEIGHT - 24 * MM);
	cairo_stroke(cr);
	cairo_set_line_width(cr, 0.6);
	cairo_rectangle(cr, 15 * MM, 15 * MM, A4_WIDTH - 30 * MM, A4_HEIGHT - 30 * MM);
	cairo_stroke(cr);

	y = MARGIN + 10 * MM;
	y += pdf_text_at(cr, doc->title, A4_WIDTH / 2, y, 24, 0, 1) + 18 * MM;
	for (l = doc->lines; l->label != NULL; l++) {
		if (l->value == NULL || *l->value == '\0')
			continue;
		pdf_text_at(cr, l->label, MARGIN + 5 * MM, y, 14, 45 * MM, 0);
		h = pdf_text_at(cr, l->value, MARGIN + 55 * MM, y, 14, A4_WIDTH -
		    2 * MARGIN - 60 * MM, 0);
		y += (h > 14 ? h : 14) + 6 * MM;
	}
	if (doc->issuer != NULL) {
		y += 10 * MM;
		pdf_text_at(cr, doc->issuer, A4_WIDTH - MARGIN - 5 * MM - 80 * MM, y, 14,
		    80 * MM, 0);
	}

	if (pdf_draw_qr(cr, doc->record, A4_WIDTH - MARGIN - qr_size, A4_HEIGHT - MARGIN -
	    qr_size - 8 * MM, qr_size, cause) != 0)
		goto out;
	if (doc->note != NULL) {
		cairo_set_source_rgb(cr, 0, 0, 0);
		pdf_text_at(cr, doc->note, MARGIN, A4_HEIGHT - MARGIN - 14 * MM, 8,
		    A4_WIDTH - 2 * MARGIN - qr_size - 5 * MM, 0);
	}
	cairo_show_page(cr);
	rc = 0;
out:
	why = pdf_sink_close(&sink, cr, surface);
	if (rc == 0 && why != NULL) {
		xasprintf(cause, _("cannot write the certificate: %s"), why);
		rc = -1;
	}
	return rc;
}
