/* fol-date.c
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

#define G_LOG_DOMAIN "fol-date"

#include "config.h"

#include <string.h>

#include "fol-date.h"
#include "fol-error.h"
#include "fol-i18n.h"

/* Days in an average month: 365.25 / 12, as CLINICAL.md fixes it. */
#define DAYS_PER_MONTH 30.4375

static FolDate today_override = FOL_DATE_NONE;

static gboolean
parse_digits (const char *s,
              guint       n,
              int        *out)
{
  int v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      v = v * 10 + (s[i] - '0');
    }

  *out = v;
  return TRUE;
}

/**
 * fol_date_parse:
 * @iso: a date as YYYY-MM-DD
 *
 * Parses an ISO 8601 calendar date strictly: exactly YYYY-MM-DD, and a
 * day that exists (2023-02-29 is refused).
 */
gboolean
fol_date_parse (const char  *iso,
                FolDate     *out_date,
                GError     **error)
{
  int y, m, d;

  g_return_val_if_fail (out_date != NULL, FALSE);

  if (iso == NULL || strlen (iso) != 10 || iso[4] != '-' || iso[7] != '-' ||
      !parse_digits (iso, 4, &y) || !parse_digits (iso + 5, 2, &m) ||
      !parse_digits (iso + 8, 2, &d))
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_FORMAT,
                   _("“%s” is not a date; use the form YYYY-MM-DD"),
                   iso ? iso : "");
      return FALSE;
    }

  if (y < 1 || m < 1 || m > 12 || d < 1 || !g_date_valid_dmy (d, m, y))
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_DATE,
                   _("%s does not exist in the calendar"), iso);
      return FALSE;
    }

  *out_date = fol_date_new (y, m, d);
  return TRUE;
}

FolDate
fol_date_new (int year,
              int month,
              int day)
{
  GDate date;

  if (!g_date_valid_dmy (day, month, year))
    return FOL_DATE_NONE;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return g_date_get_julian (&date);
}

static void
to_gdate (FolDate  date,
          GDate   *out)
{
  g_date_clear (out, 1);
  g_date_set_julian (out, date);
}

char *
fol_date_to_iso (FolDate date)
{
  GDate d;

  if (date == FOL_DATE_NONE)
    return NULL;

  to_gdate (date, &d);
  return g_strdup_printf ("%04d-%02d-%02d",
                          g_date_get_year (&d),
                          g_date_get_month (&d),
                          g_date_get_day (&d));
}

int
fol_date_get_year (FolDate date)
{
  GDate d;

  g_return_val_if_fail (date != FOL_DATE_NONE, 0);
  to_gdate (date, &d);
  return g_date_get_year (&d);
}

int
fol_date_get_month (FolDate date)
{
  GDate d;

  g_return_val_if_fail (date != FOL_DATE_NONE, 0);
  to_gdate (date, &d);
  return g_date_get_month (&d);
}

int
fol_date_get_day (FolDate date)
{
  GDate d;

  g_return_val_if_fail (date != FOL_DATE_NONE, 0);
  to_gdate (date, &d);
  return g_date_get_day (&d);
}

/**
 * fol_date_set_today:
 * @today: the date "today" is, or %FOL_DATE_NONE for the real clock
 *
 * Lets tests and the demo generator pin the clock.
 */
void
fol_date_set_today (FolDate today)
{
  today_override = today;
}

FolDate
fol_date_today (void)
{
  g_autoptr(GDateTime) now = NULL;

  if (today_override != FOL_DATE_NONE)
    return today_override;

  now = g_date_time_new_now_local ();
  return fol_date_new (g_date_time_get_year (now),
                       g_date_time_get_month (now),
                       g_date_time_get_day_of_month (now));
}

static char *
format_with (FolDate     date,
             const char *format)
{
  g_autoptr(GDateTime) dt = NULL;
  char *text;

  if (date == FOL_DATE_NONE)
    return g_strdup ("—");

  dt = g_date_time_new_utc (fol_date_get_year (date),
                            fol_date_get_month (date),
                            fol_date_get_day (date), 0, 0, 0);
  text = g_date_time_format (dt, format);

  /* %e pads a one-digit day with a figure space (U+2007), which leaves a
   * gap in a sentence or a title: " 1 December 2026". The day needs no
   * padding where dates are not in columns, so the padding goes, and with
   * it any space left doubled. */
  for (char *r = text, *w = text; ; )
    {
      if (strncmp (r, "\xe2\x80\x87", 3) == 0)
        {
          r += 3;
          continue;
        }
      if (*r == ' ' && (w == text || w[-1] == ' '))
        {
          r++;
          continue;
        }
      if ((*w++ = *r++) == '\0')
        {
          if (w - 2 >= text && w[-2] == ' ')
            w[-2] = '\0';
          break;
        }
    }
  return text;
}

/* Long, localized form, e.g. "12 March 2026". */
/* How the user's language writes a date in a form, for
 * fol_date_parse_entry(); ISO 8601 is always accepted too. */
static const char *
entry_format (void)
{
  /* Translators: how people in your language type a date into a form:
   * %d is the day, %m the month (one or two digits each), %Y the year in
   * four digits, anything else must be typed as it stands. German writes
   * "%d.%m.%Y". Keep "%Y-%m-%d" (ISO 8601) where day and month could be
   * read either way. */
  return C_("date entry", "%Y-%m-%d");
}

/* Reads @text as @format, with only %d, %m and %Y in it. */
static gboolean
parse_with_format (const char *text,
                   const char *format,
                   int        *out_y,
                   int        *out_m,
                   int        *out_d)
{
  const char *t = text;
  int y = -1, m = -1, d = -1;

  for (const char *f = format; *f != '\0'; f++)
    {
      if (f[0] == '%' && (f[1] == 'd' || f[1] == 'm' || f[1] == 'Y'))
        {
          guint max = f[1] == 'Y' ? 4 : 2, min = f[1] == 'Y' ? 4 : 1, n = 0;
          int v = 0;

          while (n < max && g_ascii_isdigit (t[n]))
            v = v * 10 + (t[n++] - '0');
          if (n < min)
            return FALSE;
          t += n;
          *(f[1] == 'd' ? &d : f[1] == 'm' ? &m : &y) = v;
          f++;
        }
      else if (*t++ != *f)
        return FALSE;
    }
  if (*t != '\0' || y < 0 || m < 0 || d < 0)
    return FALSE;
  *out_y = y;
  *out_m = m;
  *out_d = d;
  return TRUE;
}

/**
 * fol_date_entry_hint:
 *
 * How to type a date, as an example the message of a refused date can
 * show: "31.12.2026 or 2026-12-31" in German, "2026-12-31" in English.
 */
char *
fol_date_entry_hint (void)
{
  FolDate example = fol_date_new (2026, 12, 31);
  g_autofree char *iso = fol_date_to_iso (example);
  g_autofree char *local = format_with (example, entry_format ());

  if (g_strcmp0 (local, iso) == 0)
    return g_steal_pointer (&iso);
  /* Translators: two ways to type a date, e.g. "31.12.2026 or 2026-12-31" */
  return g_strdup_printf (_("%s or %s"), local, iso);
}

/**
 * fol_date_parse_entry:
 *
 * A date as a person types it into a form: as the user's language writes
 * dates (03.12.2026 in German) or as ISO 8601 (2026-12-03), with spaces
 * around it ignored. The message of a refused date says both forms.
 */
gboolean
fol_date_parse_entry (const char  *text,
                      FolDate     *out_date,
                      GError     **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));
  int y, m, d;

  g_return_val_if_fail (out_date != NULL, FALSE);

  if (fol_date_parse (copy, out_date, NULL))
    return TRUE;

  if (!parse_with_format (copy, entry_format (), &y, &m, &d))
    {
      g_autofree char *hint = fol_date_entry_hint ();

      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_FORMAT,
                   _("“%s” is not a date; type it as %s"), copy, hint);
      return FALSE;
    }
  if (y < 1 || m < 1 || m > 12 || d < 1 || !g_date_valid_dmy (d, m, y))
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_DATE,
                   _("%s does not exist in the calendar"), copy);
      return FALSE;
    }

  *out_date = fol_date_new (y, m, d);
  return TRUE;
}

char *
fol_date_format (FolDate date)
{
  /* Translators: a full date, see strftime(3); e.g. "12 March 2026" */
  return format_with (date, _("%e %B %Y"));
}

/* Short, localized form for axes and lists, e.g. "Mar 2026". */
char *
fol_date_format_short (FolDate date)
{
  /* Translators: a month and year on a chart axis, see strftime(3) */
  return format_with (date, _("%b %Y"));
}

FolDate
fol_date_add_months (FolDate date,
                     int     months)
{
  GDate d;
  gint64 target;

  g_return_val_if_fail (date != FOL_DATE_NONE, FOL_DATE_NONE);

  to_gdate (date, &d);
  /* Outside years 1–9999 there is no date (and GDate would complain). */
  target = (gint64) g_date_get_year (&d) * 12 + (g_date_get_month (&d) - 1) + months;
  if (target < 12 || target >= (gint64) 10000 * 12)
    return FOL_DATE_NONE;
  if (months >= 0)
    g_date_add_months (&d, months);
  else
    g_date_subtract_months (&d, -months);
  return g_date_get_julian (&d);
}

/**
 * fol_date_add_days:
 *
 * @date moved by @days (negative: earlier); %FOL_DATE_NONE outside years
 * 1–9999.
 */
FolDate
fol_date_add_days (FolDate date,
                   int     days)
{
  gint64 target;

  g_return_val_if_fail (date != FOL_DATE_NONE, FOL_DATE_NONE);

  target = (gint64) date + days;
  if (target < 1 || target > fol_date_new (9999, 12, 31))
    return FOL_DATE_NONE;
  return (FolDate) target;
}

/**
 * fol_date_months_between:
 *
 * Months between two calendar dates: days / 30.4375, signed.
 */
double
fol_date_months_between (FolDate from,
                         FolDate to)
{
  return ((double) to - (double) from) / DAYS_PER_MONTH;
}

/* An ISO 8601 UTC timestamp with milliseconds, for created/updated columns. */
char *
fol_timestamp_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *base = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", base, g_date_time_get_microsecond (now) / 1000);
}

/**
 * fol_timestamp_after:
 * @now: (inout): a time from fol_timestamp_now()
 * @before: (nullable): the time a record was stored with until now
 *
 * Makes *@now come after @before, so that each save of a record is told
 * apart from the one before: within one millisecond, or when this
 * computer's clock was set back, or is behind another workstation's.
 */
void
fol_timestamp_after (char       **now,
                     const char  *before)
{
  g_autoptr(GDateTime) stored = NULL;
  g_autoptr(GDateTime) next = NULL;
  g_autofree char *base = NULL;

  if (before == NULL || g_strcmp0 (*now, before) > 0 ||
      (stored = g_date_time_new_from_iso8601 (before, NULL)) == NULL)
    return;
  next = g_date_time_add (stored, 1000);
  base = g_date_time_format (next, "%Y-%m-%dT%H:%M:%S");
  g_free (*now);
  *now = g_strdup_printf ("%s.%03dZ", base, g_date_time_get_microsecond (next) / 1000);
}
