/*
 * The receipt slip's page (slip-pdf.h): cairo's PDF surface, pango and libqrencode through
 * the helpers the certificate uses (pdf-draw.h), in the print helper only.
 */
#include "config.h"

#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>

#include "cert/cert-pdf.h"
#include "cert/pdf-draw.h"
#include "cert/pdf-sink.h"
#include "cert/slip-pdf.h"
#include "i18n.h"
#include "xmalloc.h"

#define MM		(72.0 / 25.4)
#define A5_WIDTH	(148.0 * MM)
#define A5_HEIGHT	(210.0 * MM)
#define MARGIN		(16.0 * MM)

int
slip_pdf_render(const struct cert_pdf *doc, int fd, char **cause)
{
	const struct cert_pdf_line	*l;
	cairo_surface_t			*surface;
	const char			*why;
	cairo_t				*cr;
	struct pdf_sink			 sink = { fd, 0 };
	double				 y, h, qr_size = 36 * MM;
	int				 rc = -1;

	*cause = NULL;
	if (doc->lines == NULL || doc->lines[0].label == NULL ||
	    doc->lines[0].value == NULL) {
		xasprintf(cause, _("a receipt slip without its reception number"));
		return -1;
	}
	surface = cairo_pdf_surface_create_for_stream(pdf_sink_write, &sink, A5_WIDTH,
	    A5_HEIGHT);
	/* PDF 1.4, as the certificate: madoguchi-verify reads Keywords through the table. */
	cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_4);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, doc->title);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "madoguchi");
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_KEYWORDS, doc->record);
	cr = cairo_create(surface);

	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 1.0);
	cairo_rectangle(cr, 8 * MM, 8 * MM, A5_WIDTH - 16 * MM, A5_HEIGHT - 16 * MM);
	cairo_stroke(cr);

	y = MARGIN;
	y += pdf_text_at(cr, doc->title, A5_WIDTH / 2, y, 22, 0, 1) + 8 * MM;

	/* The number the applicant quotes: large, boxed, in the middle. */
	l = doc->lines;
	y += pdf_text_at(cr, l->label, A5_WIDTH / 2, y, 11, 0, 1) + 2 * MM;
	h = pdf_text_at(cr, l->value, A5_WIDTH / 2, y + 3 * MM, 30, 0, 1);
	cairo_set_line_width(cr, 1.5);
	cairo_rectangle(cr, MARGIN, y, A5_WIDTH - 2 * MARGIN, h + 6 * MM);
	cairo_stroke(cr);
	y += h + 14 * MM;

	for (l++; l->label != NULL; l++) {
		if (l->value == NULL || *l->value == '\0')
			continue;
		pdf_text_at(cr, l->label, MARGIN + 2 * MM, y, 12, 32 * MM, 0);
		h = pdf_text_at(cr, l->value, MARGIN + 36 * MM, y, 12, A5_WIDTH - 2 * MARGIN -
		    38 * MM, 0);
		y += (h > 12 ? h : 12) + 4 * MM;
	}
	if (doc->issuer != NULL) {
		y += 6 * MM;
		pdf_text_at(cr, doc->issuer, A5_WIDTH - MARGIN - 80 * MM, y, 12, 80 * MM, 0);
	}

	if (pdf_draw_qr(cr, doc->record, A5_WIDTH - MARGIN - qr_size, A5_HEIGHT - MARGIN -
	    qr_size, qr_size, cause) != 0)
		goto out;
	if (doc->note != NULL) {
		cairo_set_source_rgb(cr, 0, 0, 0);
		pdf_text_at(cr, doc->note, MARGIN, A5_HEIGHT - MARGIN - qr_size + 4 * MM, 7,
		    A5_WIDTH - 2 * MARGIN - qr_size - 4 * MM, 0);
	}
	cairo_show_page(cr);
	rc = 0;
out:
	why = pdf_sink_close(&sink, cr, surface);
	if (rc == 0 && why != NULL) {
		xasprintf(cause, _("cannot write the receipt slip: %s"), why);
		rc = -1;
	}
	return rc;
}
