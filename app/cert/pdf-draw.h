/*
 * Drawing helpers shared by the print helper's pages (cert-pdf.c, slip-pdf.c): Japanese
 * text set by pango in the IPAex fonts, and a QR code (libqrencode) as vector squares.
 * Only in libprint.a, the print helper's library.
 */
#ifndef PDF_DRAW_H
#define PDF_DRAW_H

#include <cairo.h>

/*
 * Text at size (points; from 14 on in Mincho, below in Gothic) with its top-left at x, y,
 * wrapped at width (0: no wrapping), centred on x if asked; returns its height.
 */
double	 pdf_text_at(cairo_t *, const char *, double, double, double, double, int);
/* The QR code of text (byte mode, level M), size points square with its quiet zone. */
int	 pdf_draw_qr(cairo_t *, const char *, double, double, double, char **);

#endif
