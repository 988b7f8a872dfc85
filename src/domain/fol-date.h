/* fol-date.h
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

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A calendar date as a Julian day number (day 1 = 0001-01-01, as GDate
 * counts), so that date arithmetic is integer arithmetic. 0 means "no date".
 */
typedef guint32 FolDate;

#define FOL_DATE_NONE ((FolDate) 0)

gboolean  fol_date_parse        (const char  *iso,
                                 FolDate     *out_date,
                                 GError     **error);
char     *fol_date_to_iso       (FolDate      date);
gboolean  fol_date_parse_entry  (const char  *text,
                                 FolDate     *out_date,
                                 GError     **error);
char     *fol_date_entry_hint   (void);
FolDate   fol_date_new          (int          year,
                                 int          month,
                                 int          day);
FolDate   fol_date_today        (void);
void      fol_date_set_today    (FolDate      today);
char     *fol_date_format       (FolDate      date);
char     *fol_date_format_short (FolDate      date);
int       fol_date_get_year     (FolDate      date);
int       fol_date_get_month    (FolDate      date);
int       fol_date_get_day      (FolDate      date);
FolDate   fol_date_add_months   (FolDate      date,
                                 int          months);
FolDate   fol_date_add_days     (FolDate      date,
                                 int          days);
double    fol_date_months_between (FolDate    from,
                                   FolDate    to);
char     *fol_timestamp_now     (void);
void      fol_timestamp_after   (char      **now,
                                 const char *before);

G_END_DECLS
