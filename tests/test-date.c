/* test-date.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/date/parse", test_parse);
  g_test_add_func ("/date/months", test_months);
  g_test_add_func ("/date/today", test_today);
  g_test_add_func ("/date/format", test_format);

  return g_test_run ();
}
