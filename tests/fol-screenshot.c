/* fol-screenshot.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Takes the screenshots of README.md and the AppStream metainfo from the
 * real window on the demo clinic: fol-screenshot OUTDIR [dark]. It renders
 * the window's own widgets with its own renderer into PNG files, so the
 * pictures are what a user sees (less the window manager's frame).
 * build-aux/screenshots runs it under Xvfb, in light and dark style and
 * at scale 2.
 */

#include "config.h"

#include <math.h>

#include <locale.h>

#include <glib/gi18n-lib.h>

#include "fol-outcomes-window.h"
#include "fol-protocols-window.h"
#include "fol-photo-counter.h"
#include "fol-photos-page.h"
#include "fol-protocol.h"
#include "fol-review-window.h"
#include "fol-test-app.h"

static const char *out_dir;
static gboolean dark;

static void
save_widget (GtkWidget  *widget,
             const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (out_dir, name, NULL);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int scale = gtk_widget_get_scale_factor (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gtk_snapshot_scale (snapshot, scale, scale);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width * scale, height * scale));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_print ("%s\n", path);
}

static void
settle (void)
{
  /* Layout, thumbnails and charts finish over a few frames. */
  for (guint i = 0; i < 20; i++)
    {
      fol_test_iterate ();
      g_usleep (20000);
    }
}

/* Most synthetic patients follow the demo's example protocol of their
 * treatment from their first session; their second session is on time,
 * late or missing.
 */
static void
assign_example (FolStore   *store,
                const char *patient_id,
                const char *type,
                FolDate     first,
                guint       i)
{
  g_autoptr(GPtrArray) protocols = fol_store_list_protocols (store, NULL);
  g_autoptr(FolProtocolAssignment) a = NULL;
  FolProtocol *protocol = NULL;
  const FolProtocolStep *second;

  for (guint k = 0; protocols != NULL && k < protocols->len && protocol == NULL; k++)
    if (g_strcmp0 (fol_protocol_get_step (protocols->pdata[k], 0)->treatment_type, type) == 0)
      protocol = protocols->pdata[k];
  if (protocol == NULL || i % 7 == 6)
    return;
  a = fol_protocol_assignment_new ();
  fol_protocol_assignment_set_patient_id (a, patient_id);
  fol_protocol_assignment_set_protocol_id (a, fol_protocol_get_id (protocol));
  fol_protocol_assignment_set_start_date (a, first);
  g_assert_true (fol_store_save_assignment (store, a, NULL));

  second = fol_protocol_get_step (protocol, 1);
  if (i % 4 != 3 && second->kind == FOL_PROTOCOL_STEP_SESSION)
    {
      g_autoptr(FolTreatmentSession) s = fol_treatment_session_new ();

      fol_treatment_session_set_patient_id (s, patient_id);
      fol_treatment_session_set_date (s, fol_protocol_step_planned_date (second, first) +
                                         (int) (i % 5) * 3 - 2);
      fol_treatment_session_set_treatment_type (s, type);
      g_assert_true (fol_store_save_session (store, s, NULL));
    }
}

/* Treated patients enough for outcomes: the demo clinic has one per
 * treatment, too few for any mean. Synthetic, like the demo patients.
 */
static void
add_outcome_patients (FolStore *store)
{
  static const struct { const char *type; const char *product; double effect; } arms[] = {
    { "exosomes", "ExoHair 5 mL", 0.16 },
    { "prp", "Double-spin PRP", 0.09 },
    { "minoxidil_topical", "Minoxidil 5 % foam", 0.06 },
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint a = 0; a < G_N_ELEMENTS (arms); a++)
    for (guint i = 0; i < 14; i++)
      {
        g_autoptr(FolPatient) p = fol_patient_new ();
        g_autoptr(FolTreatmentSession) s = fol_treatment_session_new ();
        g_autofree char *name = g_strdup_printf ("Synthetic %s %u", arms[a].type, i);
        FolDate first = fol_date_new (2024, 1 + i % 6, 3 + i);
        double baseline = g_rand_double_range (rand, 110, 160);

        fol_patient_set_name (p, name);
        fol_patient_set_diagnosis (p, "androgenetic_alopecia");
        g_assert_true (fol_store_save_patient (store, p, NULL));
        fol_treatment_session_set_patient_id (s, fol_patient_get_id (p));
        fol_treatment_session_set_date (s, first);
        fol_treatment_session_set_treatment_type (s, arms[a].type);
        fol_treatment_session_set_product (s, arms[a].product);
        if (i % 5 == 0)
          fol_treatment_session_add_adverse_event (s, "Tenderness", FOL_SEVERITY_MILD);
        g_assert_true (fol_store_save_session (store, s, NULL));
        assign_example (store, fol_patient_get_id (p), arms[a].type, first, i);
        for (guint k = 0; k < 4; k++)
          {
            static const guint months[] = { 0, 3, 6, 12 };
            g_autoptr(FolVisit) v = fol_visit_new ();
            g_autoptr(FolMeasurement) m = fol_measurement_new ();
            g_autoptr(GPtrArray) ms = g_ptr_array_new ();
            double gain = arms[a].effect * MIN (months[k], 6) / 6.0;

            /* 12 months: half the patients came back */
            if (k == 3 && i % 2 == 1)
              continue;
            fol_visit_set_patient_id (v, fol_patient_get_id (p));
            fol_visit_set_date (v, fol_date_add_months (first, months[k]) + (k ? i % 9 : 0));
            fol_visit_set_kind (v, k == 0 ? "baseline" : "follow_up");
            fol_measurement_set_region (m, FOL_REGION_VERTEX);
            fol_measurement_set_total_density (m, round (10 * baseline * (1 + gain) *
                                                         g_rand_double_range (rand, 0.93, 1.07)) / 10);
            g_ptr_array_add (ms, m);
            g_assert_true (fol_store_save_visit (store, v, ms, NULL));
          }
      }
}

static void
shoot (gpointer data)
{
  FolTestApp *t = data;
  FolWindow *window = t->window;
  g_autoptr(GListModel) patients = fol_store_list_patients (window->store, "Keller", NULL);
  g_autoptr(FolPatient) patient = g_list_model_get_item (patients, 0);
  AdwViewStack *stack;
  const char *suffix = dark ? "-dark" : "";
  g_autofree char *main_name = g_strdup_printf ("main%s.png", suffix);
  g_autofree char *visits_name = g_strdup_printf ("visits%s.png", suffix);
  g_autofree char *visit_name = g_strdup_printf ("visit%s.png", suffix);

  if (dark)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 860);
  fol_window_show_patient (window, fol_patient_get_id (patient));
  settle ();
  save_widget (GTK_WIDGET (window), main_name);

  stack = fol_patient_page_get_view_stack (window->patient_page);
  adw_view_stack_set_visible_child_name (stack, "visits");
  settle ();
  save_widget (GTK_WIDGET (window), visits_name);

  adw_view_stack_set_visible_child_name (stack, "overview");
  {
    FolHistory *history = fol_patient_page_get_history (window->patient_page);
    FolVisit *latest = fol_history_get_visit (history, fol_history_get_n_visits (history) - 1);

    gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-visit", "s", fol_visit_get_id (latest));
  }
  settle ();
  if (window->editor != NULL)
    {
      save_widget (GTK_WIDGET (window->editor), visit_name);
      gtk_window_destroy (window->editor);
    }
  settle ();

  /* The hair counter on a demo trichoscopy photo, marks suggested. */
  {
    g_autofree char *counter_name = g_strdup_printf ("counter%s.png", suffix);
    GtkWidget *holder = gtk_window_new ();
    GtkWidget *page = fol_photos_page_new (window->store);
    g_autoptr(GPtrArray) photos = NULL;
    FolPhoto *latest = NULL;
    FolPhotoCounter *counter;
    GtkWidget *root;

    g_assert_true (fol_demo_add_photos (window->store, FOL_DEMO_SEED, NULL, NULL));
    photos = fol_store_list_photos (window->store, fol_patient_get_id (patient), NULL);
    g_assert_nonnull (photos);
    for (guint i = 0; i < photos->len; i++)
      if (fol_photo_get_region (photos->pdata[i]) == FOL_REGION_VERTEX)
        latest = photos->pdata[i];
    g_assert_nonnull (latest);
    gtk_window_set_child (GTK_WINDOW (holder), page);
    gtk_window_present (GTK_WINDOW (holder));
    fol_photos_page_set_patient (FOL_PHOTOS_PAGE (page), fol_patient_get_id (patient));
    settle ();
    counter = fol_photos_page_open_counter (FOL_PHOTOS_PAGE (page), latest);
    root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (counter)));
    gtk_window_set_default_size (GTK_WINDOW (root), 1100, 820);
    while (!fol_photo_counter_is_loaded (counter))
      fol_test_iterate ();
    settle ();
    gtk_widget_activate_action (GTK_WIDGET (counter), "counter.suggest", NULL);
    while (fol_photo_counter_is_suggesting (counter))
      fol_test_iterate ();
    settle ();
    save_widget (root, counter_name);
    gtk_window_destroy (GTK_WINDOW (root));
    gtk_window_destroy (GTK_WINDOW (holder));
    settle ();
  }

  /* The plan on the Treatments tab, and the clinic's Due window. */
  {
    g_autofree char *plan_name = g_strdup_printf ("plan%s.png", suffix);
    g_autofree char *due_name = g_strdup_printf ("due%s.png", suffix);
    g_autoptr(GPtrArray) protocols = fol_store_list_protocols (window->store, NULL);
    g_autoptr(FolProtocolAssignment) a = fol_protocol_assignment_new ();
    GtkWindow *due = NULL;

    g_assert_nonnull (protocols);
    g_assert_cmpuint (protocols->len, >, 0);
    fol_protocol_assignment_set_patient_id (a, fol_patient_get_id (patient));
    fol_protocol_assignment_set_protocol_id (a, fol_protocol_get_id (protocols->pdata[0]));
    fol_protocol_assignment_set_start_date (a, fol_date_add_days (fol_date_today (), -40));
    g_assert_true (fol_store_save_assignment (window->store, a, NULL));
    adw_view_stack_set_visible_child_name (stack, "treatments");
    settle ();
    save_widget (GTK_WIDGET (window), plan_name);
    adw_view_stack_set_visible_child_name (stack, "overview");
    gtk_widget_activate_action (GTK_WIDGET (window), "win.due", NULL);
    settle ();
    for (GList *l = gtk_application_get_windows (GTK_APPLICATION (t->app)); l; l = l->next)
      if (g_str_equal (G_OBJECT_TYPE_NAME (l->data), "FolDueWindow"))
        due = l->data;
    g_assert_nonnull (due);
    settle ();
    save_widget (GTK_WIDGET (due), due_name);
    gtk_window_destroy (due);
    settle ();
  }

  /* The clinic's protocols, and one open in its editor. */
  {
    g_autofree char *protocols_name = g_strdup_printf ("protocols%s.png", suffix);
    g_autofree char *editor_name = g_strdup_printf ("protocol-editor%s.png", suffix);
    g_autoptr(GPtrArray) protocols = fol_store_list_protocols (window->store, NULL);
    FolProtocolsWindow *list = fol_protocols_window_new (GTK_WINDOW (window), window->store);
    FolProtocolEditor *editor;

    g_assert_nonnull (protocols);
    gtk_window_set_default_size (GTK_WINDOW (list), 700, 560);
    gtk_window_present (GTK_WINDOW (list));
    settle ();
    save_widget (GTK_WIDGET (list), protocols_name);
    editor = fol_protocols_window_edit (list, fol_protocol_get_id (protocols->pdata[0]));
    g_assert_nonnull (editor);
    gtk_window_set_default_size (GTK_WINDOW (editor), 700, 900);
    settle ();
    save_widget (GTK_WIDGET (editor), editor_name);
    gtk_window_destroy (GTK_WINDOW (editor));
    gtk_window_destroy (GTK_WINDOW (list));
    settle ();
  }

  /* Review mode, as the patient sees it across the desk. */
  {
    g_autofree char *review_name = g_strdup_printf ("review%s.png", suffix);
    GtkWidget *review = fol_review_window_new (GTK_APPLICATION (t->app), window->store,
                                               fol_patient_get_id (patient), FALSE);

    gtk_window_set_default_size (GTK_WINDOW (review), 1100, 980);
    gtk_window_present (GTK_WINDOW (review));
    settle ();
    save_widget (review, review_name);
    gtk_window_destroy (GTK_WINDOW (review));
    settle ();
  }

  /* Clinic outcomes, opened as its menu item does */
  {
    g_autofree char *outcomes_name = g_strdup_printf ("outcomes%s.png", suffix);
    GtkWindow *outcomes = NULL;

    add_outcome_patients (window->store);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.outcomes", NULL);
    settle ();
    for (GList *l = gtk_application_get_windows (GTK_APPLICATION (t->app)); l; l = l->next)
      if (g_str_equal (G_OBJECT_TYPE_NAME (l->data), "FolOutcomesWindow"))
        outcomes = l->data;
    g_assert_nonnull (outcomes);
    while (fol_outcomes_window_is_computing (FOL_OUTCOMES_WINDOW (outcomes)))
      g_main_context_iteration (NULL, TRUE);
    gtk_window_set_default_size (outcomes, 1400, 1000);
    settle ();
    save_widget (GTK_WIDGET (outcomes), outcomes_name);

    /* The same, by protocol */
    {
      g_autofree char *protocols_name = g_strdup_printf ("outcomes-protocols%s.png", suffix);

      fol_outcomes_window_set_group_by (FOL_OUTCOMES_WINDOW (outcomes), FOL_OUTCOMES_BY_PROTOCOL);
      while (fol_outcomes_window_is_computing (FOL_OUTCOMES_WINDOW (outcomes)))
        g_main_context_iteration (NULL, TRUE);
      settle ();
      save_widget (GTK_WIDGET (outcomes), protocols_name);
    }
    gtk_window_destroy (outcomes);
    settle ();
  }
}

int
main (int   argc,
      char *argv[])
{
  FolTestApp t = { 0 };

  if (argc < 2)
    {
      g_printerr ("usage: fol-screenshot OUTDIR [dark]\n");
      return 2;
    }

  out_dir = argv[1];
  dark = argc > 2 && g_str_equal (argv[2], "dark");

  /* In the user's language, from the installed translations or, for a
   * build tree, from FOLLICLE_LOCALEDIR, as the app itself does. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("FOLLICLE_LOCALEDIR") != NULL
                                   ? g_getenv ("FOLLICLE_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_init ();
  adw_init ();
  fol_test_app_run (&t, TRUE, shoot);
  return 0;
}
