/* fol-test-review.h
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "fol-pin.h"
#include "fol-review-window-private.h"
#include "fol-test-app.h"

/* Review mode, as the tests of review mode need it. */

/* The first demo patient with a measured total density. */
static inline FolPatient *
pick_patient (FolStore    *store,
              FolHistory **out_history)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) patients = fol_store_list_patients (store, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (patients); i++)
    {
      g_autoptr(FolPatient) patient = g_list_model_get_item (patients, i);
      g_autoptr(FolHistory) history = fol_store_load_history (store, fol_patient_get_id (patient),
                                                              &error);
      guint n = 0;

      g_assert_no_error (error);
      for (guint r = 0; r < FOL_N_REGIONS; r++)
        {
          FolRegionSummary s;

          if (fol_history_summarize (history, FOL_MEASURE_TOTAL_DENSITY, r, &s)
              && !isnan (s.baseline))
            n++;
        }
      if (n >= 2)
        {
          *out_history = g_steal_pointer (&history);
          return g_steal_pointer (&patient);
        }
    }
  g_assert_not_reached ();
  return NULL;
}

static inline gboolean
is_open (GtkApplication *app,
         GtkWidget      *window)
{
  return g_list_find (gtk_application_get_windows (app), window) != NULL;
}

/* Sets the review PIN the way the preferences do: only its hash. */
static inline void
set_pin (GSettings  *settings,
         const char *pin)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = fol_pin_hash (pin, &error);

  g_assert_no_error (error);
  g_settings_set_string (settings, "review-pin-hash", hash);
}

/* Every settings value, one per line: to see that nothing changed. */
static inline char *
dup_settings_text (GSettings *settings)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *printed = g_variant_print (value, FALSE);

      g_string_append_printf (text, "%s=%s\n", keys[i], printed);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The number of changes the clinic recorded, read beside the app. */
static inline gint64
count_audit (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM audit_log", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* The visible windows of the process, in a stable order. */
static inline char *
dup_visible_windows (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
  g_autoptr(GString) text = g_string_new (NULL);

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (gtk_widget_get_visible (l->data))
      g_string_append_printf (text, "%s %p “%s”\n", G_OBJECT_TYPE_NAME (l->data), l->data,
                              gtk_window_get_title (l->data) != NULL
                              ? gtk_window_get_title (l->data) : "");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static inline FolReviewWindow *
find_review (GtkApplication *app)
{
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (FOL_IS_REVIEW_WINDOW (l->data))
      return l->data;
  return NULL;
}

/* Review mode as the clinic enters it: the shown patient, Ctrl+Shift+P. */
static inline FolReviewWindow *
enter_review (FolTestApp *t,
              FolPatient *patient)
{
  FolReviewWindow *review;

  fol_window_show_patient (t->window, fol_patient_get_id (patient));
  fol_test_iterate ();
  gtk_widget_activate_action (GTK_WIDGET (t->window), "win.review", NULL);
  fol_test_iterate ();
  review = find_review (GTK_APPLICATION (t->app));
  g_assert_nonnull (review);
  g_assert_cmpstr (fol_review_window_get_patient_id (review), ==, fol_patient_get_id (patient));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (t->window)));
  return review;
}
