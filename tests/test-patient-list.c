/* test-patient-list.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* FolPatientList on its own, without a store: keys in, patients out, and
 * how it fills. Whatever a store read first, a list starts with a
 * screenful (50) at most; the rest comes in its first slice, from the main
 * loop, without asking the store again.
 */

#include "config.h"

#include "fol-patient-list.h"

#define SCREENFUL 50

typedef struct
{
  guint n_calls;       /* filler calls */
  gint64 next;         /* the next key it appends */
  gint64 last;         /* its last key */
  guint slice;         /* keys a slice appends */
} Filler;

static FolPatient *
load_patient (gpointer loader_data,
              gint64   key)
{
  FolPatient *patient = fol_patient_new ();
  g_autofree char *id = g_strdup_printf ("k%" G_GINT64_FORMAT, key);

  fol_patient_set_id (patient, id);
  return patient;
}

static gboolean
fill (gpointer   filler_data,
      GArray    *keys,
      gboolean   to_end,
      gboolean  *out_done,
      GError   **error)
{
  Filler *filler = filler_data;

  filler->n_calls++;
  for (guint i = 0; (to_end || i < filler->slice) && filler->next <= filler->last; i++)
    {
      g_array_append_val (keys, filler->next);
      filler->next++;
    }
  *out_done = filler->next > filler->last;
  return TRUE;
}

/* Keys 1 to @n, in order. */
static FolPatientList *
new_list (guint n)
{
  GArray *keys = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (gint64 k = 1; k <= n; k++)
    g_array_append_val (keys, k);
  return fol_patient_list_new (keys, load_patient, NULL, NULL);
}

static void
assert_keys (FolPatientList *list,
             guint           n)
{
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FolPatient) patient = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autofree char *id = g_strdup_printf ("k%u", i + 1);

      g_assert_cmpint (fol_patient_list_get_key (list, i), ==, i + 1);
      g_assert_cmpstr (fol_patient_get_id (patient), ==, id);
    }
}

static void
count_changes_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  guint *n_signals = user_data;

  /* Appends only. */
  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpuint (position + added, ==, g_list_model_get_n_items (model));
  (*n_signals)++;
}

/* Runs the main context until nothing is pending; returns how many
 * sources it dispatched.
 */
static guint
run_pending (void)
{
  guint n = 0;

  while (g_main_context_iteration (NULL, FALSE))
    n++;
  return n;
}

/* Few keys: the list is whole at once, nothing waits in the main loop. */
static void
test_few_at_once (void)
{
  g_autoptr(FolPatientList) list = new_list (SCREENFUL);

  assert_keys (list, SCREENFUL);
  g_assert_true (fol_patient_list_is_complete (list));
  g_assert_false (g_main_context_pending (NULL));
}

/* More keys than a screenful, read at once by the store: the list starts
 * with a screenful, and the rest arrives in one slice, appended.
 */
static void
test_screenful_first (void)
{
  g_autoptr(FolPatientList) list = new_list (320);
  guint n_signals = 0;
  gboolean complete = TRUE;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, SCREENFUL);
  g_object_get (list, "complete", &complete, NULL);
  g_assert_false (complete);
  g_signal_connect (list, "items-changed", G_CALLBACK (count_changes_cb), &n_signals);

  g_assert_cmpuint (run_pending (), ==, 1);
  g_assert_cmpuint (n_signals, ==, 1);
  g_assert_true (fol_patient_list_is_complete (list));
  assert_keys (list, 320);
}

/* A held list waits, whatever it has read; let go, it fills. Filling it
 * all at once needs no main loop.
 */
static void
test_held (void)
{
  g_autoptr(FolPatientList) list = new_list (120);
  g_autoptr(FolPatientList) other = new_list (120);
  g_autoptr(GError) error = NULL;

  fol_patient_list_set_held (list, TRUE);
  fol_patient_list_set_held (other, TRUE);
  g_assert_cmpuint (run_pending (), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, SCREENFUL);
  g_assert_false (fol_patient_list_is_complete (list));

  fol_patient_list_set_held (list, FALSE);
  g_assert_cmpuint (run_pending (), ==, 1);
  assert_keys (list, 120);

  g_assert_true (fol_patient_list_fill_all (other, &error));
  g_assert_no_error (error);
  g_assert_true (fol_patient_list_is_complete (other));
  assert_keys (other, 120);
  g_assert_false (g_main_context_pending (NULL));
}

/* With a filler too: the keys read first make the first slice without a
 * call to the filler, which the later slices call.
 */
static void
test_read_first_then_filler (void)
{
  g_autoptr(FolPatientList) list = new_list (400);
  Filler filler = { .next = 401, .last = 1000, .slice = 250 };
  guint n_signals = 0;

  fol_patient_list_set_filler (list, fill, &filler, NULL);
  g_signal_connect (list, "items-changed", G_CALLBACK (count_changes_cb), &n_signals);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, SCREENFUL);

  g_assert_true (g_main_context_iteration (NULL, FALSE));
  g_assert_cmpuint (filler.n_calls, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 400);
  g_assert_false (fol_patient_list_is_complete (list));

  run_pending ();
  g_assert_cmpuint (filler.n_calls, ==, 3);
  g_assert_cmpuint (n_signals, ==, 4);
  g_assert_true (fol_patient_list_is_complete (list));
  assert_keys (list, 1000);
}

/* fol_patient_list_fill_all() takes what was read and what is still in
 * the store, in one go.
 */
static void
test_fill_all_both (void)
{
  g_autoptr(FolPatientList) list = new_list (400);
  g_autoptr(GError) error = NULL;
  Filler filler = { .next = 401, .last = 1000, .slice = 250 };

  fol_patient_list_set_filler (list, fill, &filler, NULL);
  g_assert_true (fol_patient_list_fill_all (list, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (filler.n_calls, ==, 1);
  g_assert_true (fol_patient_list_is_complete (list));
  assert_keys (list, 1000);
  g_assert_cmpuint (run_pending (), ==, 0);
}

/* A list let go before its first slice leaves nothing behind. */
static void
test_dropped_before_slice (void)
{
  FolPatientList *list = new_list (200);

  g_object_unref (list);
  g_assert_cmpuint (run_pending (), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/patient-list/few-at-once", test_few_at_once);
  g_test_add_func ("/patient-list/screenful-first", test_screenful_first);
  g_test_add_func ("/patient-list/held", test_held);
  g_test_add_func ("/patient-list/read-first-then-filler", test_read_first_then_filler);
  g_test_add_func ("/patient-list/fill-all-both", test_fill_all_both);
  g_test_add_func ("/patient-list/dropped-before-slice", test_dropped_before_slice);

  return g_test_run ();
}
