/* test-date.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "fol-date.h"
#include "fol-error.h"

typedef struct
{
  const char *text;
  gboolean    valid;
  int         year, month, day;
} ParseCase;

static void
test_parse (void)
{
  static const ParseCase cases[] = {
    { "2024-02-29", TRUE, 2024, 2, 29 },
    { "2023-02-29", FALSE },
    { "2023-13-01", FALSE },
    { "2023-00-10", FALSE },
    { "2023-04-31", FALSE },
    { "2023-4-3", FALSE },
    { "20230403", FALSE },
    { "2023-04-03T00:00", FALSE },
    { "", FALSE },
    { "0000-01-01", FALSE },
    { "1999-12-31", TRUE, 1999, 12, 31 },
    { "abcd-ef-gh", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      FolDate date = FOL_DATE_NONE;
      gboolean ok = fol_date_parse (cases[i].text, &date, &error);

      g_test_message ("case %u: %s", i, cases[i].text);
      g_assert_cmpint (ok, ==, cases[i].valid);
      if (ok)
        {
          g_autofree char *iso = fol_date_to_iso (date);

          g_assert_no_error (error);
          g_assert_cmpint (fol_date_get_year (date), ==, cases[i].year);
          g_assert_cmpint (fol_date_get_month (date), ==, cases[i].month);
          g_assert_cmpint (fol_date_get_day (date), ==, cases[i].day);
          g_assert_cmpstr (iso, ==, cases[i].text);
        }
      else
        {
          g_assert_error (error, FOL_VALIDATION_ERROR, error->code);
          g_assert_nonnull (strstr (error->message, cases[i].text));
        }
    }
}

static void
test_months (void)
{
  FolDate a = fol_date_new (2024, 1, 1);
  FolDate b = fol_date_new (2025, 1, 1);

  /* 2024 is a leap year: 366 days. */
  g_assert_cmpfloat_with_epsilon (fol_date_months_between (a, b), 366 / 30.4375, 1e-12);
  g_assert_cmpfloat_with_epsilon (fol_date_months_between (b, a), -366 / 30.4375, 1e-12);
  g_assert_cmpfloat (fol_date_months_between (a, a), ==, 0.0);
  g_assert_cmpuint (fol_date_add_months (fol_date_new (2024, 1, 31), 1), ==,
                    fol_date_new (2024, 2, 29));

  /* Found by fuzzing: past year 1 or 9999 there is no date, and no critical. */
  g_assert_cmpuint (fol_date_add_months (fol_date_new (1, 3, 1), -3), ==, FOL_DATE_NONE);
  g_assert_cmpuint (fol_date_add_months (fol_date_new (1, 3, 1), -2), ==, fol_date_new (1, 1, 1));
  g_assert_cmpuint (fol_date_add_months (fol_date_new (9999, 11, 1), 2), ==, FOL_DATE_NONE);
  g_assert_cmpuint (fol_date_add_months (fol_date_new (9999, 11, 30), 1), ==, fol_date_new (9999, 12, 30));
}

static void
test_today (void)
{
  FolDate pinned = fol_date_new (2026, 3, 12);

  fol_date_set_today (pinned);
  g_assert_cmpuint (fol_date_today (), ==, pinned);
  fol_date_set_today (FOL_DATE_NONE);
  g_assert_cmpuint (fol_date_today (), !=, pinned);
}

static void
test_format (void)
{
  g_autofree char *one_digit = fol_date_format (fol_date_new (2026, 12, 1));
  g_autofree char *two_digits = fol_date_format (fol_date_new (2025, 5, 28));
  g_autofree char *none = fol_date_format (FOL_DATE_NONE);

  /* No padding space before a one-digit day, anywhere in the text. */
  g_assert_cmpstr (one_digit, ==, "1 December 2026");
  g_assert_cmpstr (two_digits, ==, "28 May 2025");
  g_assert_cmpstr (none, ==, "—");
}

static void
test_parse_entry (void)
{
  static const struct { const char *text; int y, m, d; } good[] = {
    { "2026-12-03", 2026, 12, 3 },
    { "  2024-02-29 ", 2024, 2, 29 },
  };
  static const char * const bad[] = { "03.12.2026", "12/03/2026", "3 Dec 2026", "", "2026-13-01" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      FolDate date = FOL_DATE_NONE;

      g_assert_true (fol_date_parse_entry (good[i].text, &date, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (date, ==, fol_date_new (good[i].y, good[i].m, good[i].d));
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      FolDate date = FOL_DATE_NONE;

      g_test_message ("refused: %s", bad[i]);
      g_assert_false (fol_date_parse_entry (bad[i], &date, &error));
      g_assert_nonnull (error);
      g_assert_cmpuint (date, ==, FOL_DATE_NONE);
    }

  {
    g_autofree char *hint = fol_date_entry_hint ();
    g_assert_cmpstr (hint, ==, "2026-12-31");
  }
}

/* In German, a date is typed as 03.12.2026 as well as in ISO 8601. */
static void
test_parse_entry_german (void)
{
  g_autofree char *localedir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);
  static const struct { const char *text; int y, m, d; } good[] = {
    { "03.12.2026", 2026, 12, 3 },
    { "3.12.2026", 2026, 12, 3 },
    { "29.02.2024", 2024, 2, 29 },
    { "2026-12-03", 2026, 12, 3 },
  };
  static const char * const bad[] = { "29.02.2023", "12/03/2026", "03.12.26", "03.12.2026x", "32.01.2026" };

  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_setenv ("LANGUAGE", "de", TRUE);
  setlocale (LC_ALL, "");

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      FolDate date = FOL_DATE_NONE;

      g_test_message ("accepted: %s", good[i].text);
      g_assert_true (fol_date_parse_entry (good[i].text, &date, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (date, ==, fol_date_new (good[i].y, good[i].m, good[i].d));
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      FolDate date = FOL_DATE_NONE;

      g_test_message ("refused: %s", bad[i]);
      g_assert_false (fol_date_parse_entry (bad[i], &date, &error));
      g_assert_nonnull (error);
    }
  {
    g_autofree char *hint = fol_date_entry_hint ();
    g_autoptr(GError) error = NULL;
    FolDate date;

    g_assert_cmpstr (hint, ==, "31.12.2026 oder 2026-12-31");
    g_assert_false (fol_date_parse_entry ("morgen", &date, &error));
    g_assert_nonnull (strstr (error->message, "31.12.2026 oder 2026-12-31"));
  }

  g_setenv ("LANGUAGE", "", TRUE);
  setlocale (LC_ALL, "");
}

/* A save's time comes after the stored one, whatever the clock says. */
static void
test_timestamp_after (void)
{
  g_autofree char *now = g_strdup ("2026-01-01T10:00:00.000Z");
  g_autofree char *later = g_strdup ("2026-01-01T10:00:05.000Z");

  fol_timestamp_after (&now, "2026-01-01T10:00:00.999Z");
  g_assert_cmpstr (now, ==, "2026-01-01T10:00:01.000Z");
  fol_timestamp_after (&now, "2026-12-31T23:59:59.999Z");
  g_assert_cmpstr (now, ==, "2027-01-01T00:00:00.000Z");
  fol_timestamp_after (&later, "2026-01-01T10:00:00.000Z");
  g_assert_cmpstr (later, ==, "2026-01-01T10:00:05.000Z");
  fol_timestamp_after (&later, NULL);
  g_assert_cmpstr (later, ==, "2026-01-01T10:00:05.000Z");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/date/parse", test_parse);
  g_test_add_func ("/date/timestamp-after", test_timestamp_after);
  g_test_add_func ("/date/months", test_months);
  g_test_add_func ("/date/today", test_today);
  g_test_add_func ("/date/format", test_format);
  g_test_add_func ("/date/parse-entry", test_parse_entry);
  g_test_add_func ("/date/parse-entry-german", test_parse_entry_german);

  return g_test_run ();
}
