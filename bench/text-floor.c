/* text-floor.c
 *
 * Copyright 2026 The Follicle authors
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The least a chart export with text can cost: a program that loads what
 * every chart export loads to draw its labels (Cairo, Pango, fontconfig,
 * FreeType, HarfBuzz), draws one label in the chart's font on an SVG or PDF
 * surface of the chart's size, and writes it. No database, no chart.
 *
 *   text-floor OUT.svg|OUT.pdf
 */

#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <pango/pangocairo.h>

int
main (int   argc,
      char *argv[])
{
  cairo_surface_t *surface;
  cairo_t *cr;
  PangoLayout *layout;
  PangoFontDescription *desc;
  size_t len;

  if (argc != 2 || (len = strlen (argv[1])) < 4)
    {
      fprintf (stderr, "usage: text-floor OUT.svg|OUT.pdf\n");
      return 2;
    }

  if (strcmp (argv[1] + len - 4, ".pdf") == 0)
    surface = cairo_pdf_surface_create (argv[1], 842, 595);
  else
    surface = cairo_svg_surface_create (argv[1], 1600, 1000);
  cr = cairo_create (surface);

  layout = pango_cairo_create_layout (cr);
  desc = pango_font_description_from_string ("Cantarell 12");
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, "Total density (hairs/cm²)", -1);
  cairo_move_to (cr, 20, 20);
  pango_cairo_show_layout (cr, layout);

  pango_font_description_free (desc);
  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      fprintf (stderr, "text-floor: %s\n", cairo_status_to_string (cairo_surface_status (surface)));
      return 1;
    }
  cairo_surface_destroy (surface);
  return 0;
}
