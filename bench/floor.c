/* floor.c
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

/* The least a chart export can cost, to measure follicle --export-chart
 * against: the same query for a patient's measurements, then a blank
 * image of the same size written with Cairo's own PNG writer.
 *
 *   floor DATABASE PATIENT_ID OUT.png WIDTH HEIGHT
 */

#include <stdio.h>
#include <stdlib.h>

#include <cairo.h>
#include <sqlite3.h>

int
main (int   argc,
      char *argv[])
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  double sum = 0;
  int rows = 0;

  if (argc != 6)
    {
      fprintf (stderr, "usage: floor DATABASE PATIENT_ID OUT.png WIDTH HEIGHT\n");
      return 2;
    }

  if (sqlite3_open_v2 (argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db,
                          "SELECT m.visit_id, m.region, m.hair_count, m.field_area_cm2, m.total_density,"
                          " m.terminal_density, m.vellus_density, m.terminal_threshold_um,"
                          " m.mean_diameter_um, m.anagen_percent, m.fu_density, m.method, m.notes"
                          " FROM visits v JOIN measurements m ON m.visit_id = v.id"
                          " WHERE v.patient_id = ?", -1, &stmt, NULL) != SQLITE_OK)
    {
      fprintf (stderr, "floor: %s\n", sqlite3_errmsg (db));
      return 1;
    }

  sqlite3_bind_text (stmt, 1, argv[2], -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      sum += sqlite3_column_double (stmt, 4);
      rows++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, atoi (argv[4]), atoi (argv[5]));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_destroy (cr);
  if (cairo_surface_write_to_png (surface, argv[3]) != CAIRO_STATUS_SUCCESS)
    return 1;
  cairo_surface_destroy (surface);

  return rows > 0 && sum > 0 ? 0 : 1;
}
