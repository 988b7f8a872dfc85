/* fol-cli-hairs.c
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

/* follicle --count-hairs PHOTO --px-per-mm N [--field X,Y,W,H] [--json]
 *
 * Suggested hair marks for batches and scripts: the count, the field's
 * area, the density and the terminal/vellus split (40 µm: terminal above),
 * and with --json every suggestion in the photo's pixels after its EXIF
 * orientation. These are suggestions, not measurements: nothing is stored.
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "fol-cli-hairs.h"
#include "fol-hair-detect.h"
#include "fol-i18n.h"
#include "fol-photo-decode.h"

#define TERMINAL_UM 40.0

enum
{
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
};

static int
fail (int         status,
      const char *message)
{
  g_printerr ("follicle: %s\n", message);
  return status;
}

static gboolean
parse_field (const char *text,
             int         out[4])
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  if (g_strv_length (parts) != 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      gint64 v;

      if (!g_ascii_string_to_signed (g_strstrip (parts[i]), 10, 0, G_MAXINT, &v, NULL))
        return FALSE;
      out[i] = (int) v;
    }
  return out[2] > 0 && out[3] > 0;
}

static void
print_number (GString *out,
              double   value,
              int      decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];

  g_snprintf (format, sizeof format, "%%.%df", decimals);
  g_string_append (out, g_ascii_formatd (buf, sizeof buf, format, value));
}

int
fol_cli_count_hairs (const FolCliHairs *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GArray) found = NULL;
  FolHairDetectParams params;
  double px_per_mm, area_cm2;
  int field[4] = { 0 };
  guint terminal = 0;
  char *end = NULL;

  g_return_val_if_fail (options != NULL && options->photo != NULL, EXIT_USAGE);

  if (options->px_per_mm == NULL)
    return fail (EXIT_FAILED, _("--count-hairs needs the photo's calibration: --px-per-mm N, "
                                "the pixels in one millimetre"));
  px_per_mm = g_ascii_strtod (options->px_per_mm, &end);
  if (end == options->px_per_mm || *end != '\0' || !isfinite (px_per_mm) || px_per_mm <= 0)
    return fail (EXIT_USAGE, _("--px-per-mm must be a number of pixels per millimetre above 0"));
  if (options->field != NULL && !parse_field (options->field, field))
    return fail (EXIT_USAGE, _("--field must be X,Y,WIDTH,HEIGHT in whole pixels, "
                               "e.g. --field 0,0,1024,768"));

  pixbuf = fol_photo_load (options->photo, 0, &error);
  if (pixbuf == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot read the photo %s: %s"),
                                                  options->photo, error->message);

      return fail (EXIT_FAILED, message);
    }

  fol_hair_detect_params_init (&params, px_per_mm);
  if (options->field != NULL)
    {
      params.field_x = field[0];
      params.field_y = field[1];
      params.field_width = field[2];
      params.field_height = field[3];
    }
  else
    {
      params.field_width = gdk_pixbuf_get_width (pixbuf);
      params.field_height = gdk_pixbuf_get_height (pixbuf);
    }
  found = fol_hair_detect (gdk_pixbuf_read_pixels (pixbuf), gdk_pixbuf_get_width (pixbuf),
                           gdk_pixbuf_get_height (pixbuf), gdk_pixbuf_get_rowstride (pixbuf),
                           gdk_pixbuf_get_n_channels (pixbuf), &params, NULL, NULL, NULL, &error);
  if (found == NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s: %s", options->photo, error->message);

      return fail (EXIT_FAILED, message);
    }

  area_cm2 = params.field_width * (double) params.field_height / (px_per_mm * px_per_mm) / 100.0;
  for (guint i = 0; i < found->len; i++)
    terminal += g_array_index (found, FolHairSuggestion, i).diameter_um > TERMINAL_UM;

  if (options->json)
    {
      g_autoptr(GString) out = g_string_new ("{\"count\": ");

      g_string_append_printf (out, "%u, \"field_area_cm2\": ", found->len);
      print_number (out, area_cm2, 4);
      g_string_append (out, ", \"density\": ");
      print_number (out, found->len / area_cm2, 1);
      g_string_append_printf (out, ", \"terminal\": %u, \"vellus\": %u, \"threshold_um\": 40, "
                              "\"suggested\": true, \"hairs\": [", terminal, found->len - terminal);
      for (guint i = 0; i < found->len; i++)
        {
          const FolHairSuggestion *s = &g_array_index (found, FolHairSuggestion, i);

          g_string_append (out, i ? ", {\"x\": " : "{\"x\": ");
          print_number (out, s->x, 1);
          g_string_append (out, ", \"y\": ");
          print_number (out, s->y, 1);
          g_string_append (out, ", \"diameter_um\": ");
          print_number (out, s->diameter_um, 1);
          g_string_append (out, "}");
        }
      g_string_append (out, "]}\n");
      fputs (out->str, stdout);
    }
  else
    {
      g_print (_("Suggested hairs: %u (estimates until a clinician confirms them)\n"), found->len);
      g_print (_("Field area: %.4f cm²\n"), area_cm2);
      g_print (_("Density: %.1f hairs/cm²\n"), found->len / area_cm2);
      g_print (_("Terminal (over 40 µm): %u\n"), terminal);
      g_print (_("Vellus (40 µm or less): %u\n"), found->len - terminal);
    }
  return EXIT_OK;
}

void
fol_cli_hairs_clear (FolCliHairs *options)
{
  g_clear_pointer (&options->photo, g_free);
  g_clear_pointer (&options->px_per_mm, g_free);
  g_clear_pointer (&options->field, g_free);
}
