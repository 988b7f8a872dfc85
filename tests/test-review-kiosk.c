/* test-review-kiosk.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Review mode is a kiosk: the clinic's computer is handed to the patient.
 * No shortcut, menu or command leads out of the one patient's review;
 * quitting asks like leaving; a killed review comes back at the next start.
 */

#include "config.h"

#include <adwaita.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "fol-pin-private.h"
#include "fol-test-review.h"

/* While the patient looks, the application's own commands are off, and
 * quitting, from a shortcut or from another program over D-Bus, asks like
 * Exit Review does.
 */
static void
app_actions_body (gpointer fixture)
{
  FolTestApp *t = fixture;
  GtkApplication *app = GTK_APPLICATION (t->app);
  GSettings *settings = fol_application_get_settings (t->app);
  FolStore *store = fol_application_get_store (t->app);
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(FolPatient) patient = pick_patient (store, &history);
  static const char *off[] = { "preferences", "help", "about" };
  g_autofree char *windows = NULL;
  g_autofree char *after = NULL;
  FolReviewWindow *review;

  for (guint i = 0; i < G_N_ELEMENTS (off); i++)
    g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), off[i]));

  set_pin (settings, "2468");
  review = enter_review (t, patient);
  for (guint i = 0; i < G_N_ELEMENTS (off); i++)
    g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (app), off[i]));

  /* A disabled action does nothing even when activated by name. */
  windows = dup_visible_windows ();
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  fol_test_iterate ();
  after = dup_visible_windows ();
  g_assert_cmpstr (after, ==, windows);

  /* Quit asks; staying keeps everything. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  fol_test_iterate ();
  g_assert_nonnull (_fol_review_window_get_leave_dialog (review));
  g_assert_true (is_open (app, GTK_WIDGET (review)));
  g_assert_true (is_open (app, GTK_WIDGET (t->window)));
  _fol_review_window_answer_leave (review, "cancel", NULL);
  fol_test_iterate ();
  g_assert_true (is_open (app, GTK_WIDGET (review)));
  g_assert_true (is_open (app, GTK_WIDGET (t->window)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (t->window)));

  /* A wrong PIN does not quit. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  fol_test_iterate ();
  _fol_review_window_answer_leave (review, "leave", "1111");
  fol_test_iterate ();
  g_assert_true (is_open (app, GTK_WIDGET (review)));
  g_assert_true (is_open (app, GTK_WIDGET (t->window)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (t->window)));

  /* Ctrl+W, the window's close button: the same question. */
  gtk_window_close (GTK_WINDOW (review));
  fol_test_iterate ();
  g_assert_nonnull (_fol_review_window_get_leave_dialog (review));
  _fol_review_window_answer_leave (review, "cancel", NULL);
  fol_test_iterate ();
  g_assert_true (is_open (app, GTK_WIDGET (review)));

  /* The right PIN quits: every window goes, the clinic is never shown. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  fol_test_iterate ();
  _fol_review_window_answer_leave (review, "leave", "2468");
  fol_test_iterate ();
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    g_test_message ("still open: %s", G_OBJECT_TYPE_NAME (l->data));
  g_assert_null (gtk_application_get_windows (app));
  {
    g_autofree char *stored = g_settings_get_string (settings, "review-patient");

    g_assert_cmpstr (stored, ==, "");
  }

  g_settings_reset (settings, "review-pin-hash");
}

static void
test_review_app_actions (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, app_actions_body);
}

/* Keys sent through the X server, as a keyboard would. */
typedef struct
{
  guint           keyval;
  GdkModifierType mods;
} Key;

static void
add_key (GArray          *keys,
         guint            keyval,
         GdkModifierType  mods)
{
  Key key = { gdk_keyval_to_lower (keyval), mods & (GDK_CONTROL_MASK | GDK_SHIFT_MASK
                                                    | GDK_ALT_MASK | GDK_SUPER_MASK) };

  if (keyval == 0)
    return;
  for (guint i = 0; i < keys->len; i++)
    {
      Key *k = &g_array_index (keys, Key, i);

      if (k->keyval == key.keyval && k->mods == key.mods)
        return;
    }
  g_array_append_val (keys, key);
}

static void
add_trigger (GArray             *keys,
             GtkShortcutTrigger *trigger)
{
  if (GTK_IS_KEYVAL_TRIGGER (trigger))
    add_key (keys, gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)),
             gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)));
  else if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    {
      add_trigger (keys, gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)));
      add_trigger (keys, gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)));
    }
}

/* Every key a window reacts to wherever the focus is: its own shortcut
 * controllers (class bindings, gtk_widget_class_add_binding_action, and
 * any added by hand) and the managed or global ones of its children.
 * A child's local bindings (a text field's Ctrl+A) work only inside it.
 */
static void
add_widget_keys (GArray    *keys,
                 GtkWidget *widget)
{
  gboolean window = GTK_IS_WINDOW (widget);

  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      if (!window && gtk_shortcut_controller_get_scope (GTK_SHORTCUT_CONTROLLER (controller))
                     == GTK_SHORTCUT_SCOPE_LOCAL)
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          add_trigger (keys, gtk_shortcut_get_trigger (shortcut));
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    add_widget_keys (keys, child);
}

static void
add_accel (GArray     *keys,
           const char *accel)
{
  guint keyval = 0;
  GdkModifierType mods = 0;

  g_assert_true (gtk_accelerator_parse (accel, &keyval, &mods));
  add_key (keys, keyval, mods);
}

static char *
xdotool_name (const Key *key)
{
  GString *name = g_string_new (NULL);

  if (key->mods & GDK_CONTROL_MASK)
    g_string_append (name, "ctrl+");
  if (key->mods & GDK_SHIFT_MASK)
    g_string_append (name, "shift+");
  if (key->mods & GDK_ALT_MASK)
    g_string_append (name, "alt+");
  if (key->mods & GDK_SUPER_MASK)
    g_string_append (name, "super+");
  g_string_append (name, gdk_keyval_name (key->keyval));
  return g_string_free (name, FALSE);
}

static void
send_key (GtkWidget  *window,
          const char *name)
{
#ifdef GDK_WINDOWING_X11
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  const char *argv[] = { "xdotool", "windowfocus", "--sync", xid,
                         "key", "--delay", "30", name, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);
#endif
  fol_test_wait (150);
}

static gboolean
is_leave_key (const Key *key)
{
  return (key->keyval == GDK_KEY_Escape && key->mods == 0)
         || (key->keyval == GDK_KEY_w && key->mods == GDK_CONTROL_MASK)
         || (key->keyval == GDK_KEY_q && key->mods == GDK_CONTROL_MASK);
}

/* Every accelerator the application registers, every key bound in the
 * clinic's window and in the review, every shortcut the shortcuts window
 * lists: pressed in the review, none opens anything or changes anything.
 * Escape, Ctrl+W and Ctrl+Q ask to leave, and staying keeps the review.
 */
static void
keys_body (gpointer fixture)
{
  FolTestApp *t = fixture;
  GtkApplication *app = GTK_APPLICATION (t->app);
  GSettings *settings = fol_application_get_settings (t->app);
  FolStore *store = fol_application_get_store (t->app);
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(FolPatient) patient = pick_patient (store, &history);
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (Key));
  g_auto(GStrv) actions = gtk_application_list_action_descriptions (app);
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GSList) objects = NULL;
  g_autofree char *settings_before = NULL;
  g_autofree char *windows_before = NULL;
  FolReviewWindow *review;
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  gint64 audit_before;
  guint n_app_accels = 0, n_asked = 0;

#ifdef GDK_WINDOWING_X11
  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()) || xdotool == NULL)
#endif
    {
      g_test_skip ("needs an X display and xdotool");
      return;
    }

  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, actions[i]);

      for (guint j = 0; accels[j] != NULL; j++, n_app_accels++)
        add_accel (keys, accels[j]);
    }
  g_assert_cmpuint (n_app_accels, >=, 3);
  add_widget_keys (keys, GTK_WIDGET (t->window));

  builder = gtk_builder_new_from_resource ("/org/follicle/Follicle/gtk/help-overlay.ui");
  objects = gtk_builder_get_objects (builder);
  for (GSList *l = objects; l != NULL; l = l->next)
    if (GTK_IS_SHORTCUTS_SHORTCUT (l->data))
      {
        g_autofree char *accel = NULL;

        g_object_get (l->data, "accelerator", &accel, NULL);
        if (accel != NULL && accel[0] != '\0')
          {
            g_auto(GStrv) each = g_strsplit (accel, " ", -1);

            for (guint i = 0; each[i] != NULL; i++)
              if (each[i][0] != '\0')
                add_accel (keys, each[i]);
          }
      }
  for (GSList *l = objects; l != NULL; l = l->next)
    if (GTK_IS_WINDOW (l->data))
      gtk_window_destroy (l->data);
  /* Closing keys a desktop knows, whether or not anything binds them. */
  add_accel (keys, "<Control>w");
  add_accel (keys, "<Alt>F4");
  add_accel (keys, "F10");

  set_pin (settings, "2468");
  review = enter_review (t, patient);
  add_widget_keys (keys, GTK_WIDGET (review));
  fol_test_wait (300);

  settings_before = dup_settings_text (settings);
  windows_before = dup_visible_windows ();
  audit_before = count_audit (t->path);

  for (guint i = 0; i < keys->len; i++)
    {
      const Key *key = &g_array_index (keys, Key, i);
      g_autofree char *name = xdotool_name (key);
      g_autofree char *settings_after = NULL;
      g_autofree char *windows_after = NULL;
      AdwMessageDialog *dialog;

      g_test_message ("key %s", name);
      send_key (GTK_WIDGET (review), name);

      /* Space or Return may press the focused Exit Review button: the
       * review's own question, which staying answers.
       */
      dialog = _fol_review_window_get_leave_dialog (review);
      if (is_leave_key (key))
        {
          if (dialog == NULL)
            g_error ("%s did not ask to leave the review", name);
          n_asked++;
        }
      if (dialog != NULL)
        {
          _fol_review_window_answer_leave (review, "cancel", NULL);
          fol_test_wait (200);
        }

      if (!is_open (app, GTK_WIDGET (review)) || !is_open (app, GTK_WIDGET (t->window)))
        g_error ("%s closed a window", name);
      windows_after = dup_visible_windows ();
      if (g_strcmp0 (windows_after, windows_before) != 0)
        g_error ("%s changed the windows shown:\n%s\nto\n%s", name, windows_before, windows_after);
      settings_after = dup_settings_text (settings);
      if (g_strcmp0 (settings_after, settings_before) != 0)
        g_error ("%s changed the settings:\n%s\nto\n%s", name, settings_before, settings_after);
      if (count_audit (t->path) != audit_before)
        g_error ("%s changed the clinic", name);
    }
  g_assert_cmpuint (n_asked, ==, 3);
  g_assert_cmpuint (keys->len, >=, 15);

  g_settings_reset (settings, "review-pin-hash");
}

static void
test_review_keys (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, keys_body);
}

/* After a crash or a kill during a review, the next start comes back into
 * that review, not to the clinic.
 */
static char *resume_patient_id;

static void
run_clinic (FolTestApp *t,
            void      (*body) (gpointer fixture))
{
  char *argv[] = { (char *) "test", NULL };

  t->body = body;
  t->app = fol_application_new (t->path, FALSE);
  g_application_set_flags (G_APPLICATION (t->app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (t->app, "activate", G_CALLBACK (fol_test_activate_after_cb), t);
  g_assert_cmpint (g_application_run (G_APPLICATION (t->app), 1, argv), ==, 0);
  g_assert_finalize_object (t->app);
  t->app = NULL;
}

static void
resume_enter_body (gpointer fixture)
{
  FolTestApp *t = fixture;
  GSettings *settings = fol_application_get_settings (t->app);
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(FolPatient) patient = pick_patient (fol_application_get_store (t->app), &history);
  g_autofree char *stored = NULL;

  set_pin (settings, "2468");
  enter_review (t, patient);
  stored = g_settings_get_string (settings, "review-patient");
  g_assert_cmpstr (stored, ==, fol_patient_get_id (patient));
  resume_patient_id = g_strdup (fol_patient_get_id (patient));
  /* The run ends here with the review open and never left: a kill. */
}

static void
resume_back_body (gpointer fixture)
{
  FolTestApp *t = fixture;
  GtkApplication *app = GTK_APPLICATION (t->app);
  GSettings *settings = fol_application_get_settings (t->app);
  FolReviewWindow *review = find_review (app);
  g_autofree char *stored = NULL;

  g_assert_nonnull (review);
  g_assert_cmpstr (fol_review_window_get_patient_id (review), ==, resume_patient_id);
  g_assert_false (fol_review_window_get_from_file (review));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (review)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (t->window)));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "preferences"));

  /* Starting again (a second `follicle`) shows the review, not the clinic:
   * the application's own activate, without this test's handler.
   */
  G_APPLICATION_GET_CLASS (app)->activate (G_APPLICATION (app));
  fol_test_iterate ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (t->window)));

  /* Leaving with the PIN shows the clinic and forgets the review. */
  gtk_window_close (GTK_WINDOW (review));
  fol_test_iterate ();
  _fol_review_window_answer_leave (review, "leave", "2468");
  fol_test_iterate ();
  g_assert_false (is_open (app, (GtkWidget *) review));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (t->window)));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "preferences"));
  stored = g_settings_get_string (settings, "review-patient");
  g_assert_cmpstr (stored, ==, "");
}

static void
resume_gone_body (gpointer fixture)
{
  FolTestApp *t = fixture;
  g_autofree char *stored = NULL;

  /* A patient who is no longer in the clinic cannot be reviewed. */
  g_assert_null (find_review (GTK_APPLICATION (t->app)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (t->window)));
  stored = g_settings_get_string (fol_application_get_settings (t->app), "review-patient");
  g_assert_cmpstr (stored, ==, "");
}

static void
test_review_resume (void)
{
  FolTestApp t = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  t.dir = g_dir_make_tmp ("follicle-test-XXXXXX", &error);
  g_assert_no_error (error);
  t.path = g_build_filename (t.dir, "clinic.db", NULL);
  {
    g_autoptr(FolSqliteStore) store = fol_sqlite_store_open (t.path, 0, &error);
    guint n = 0;

    g_assert_no_error (error);
    g_assert_true (fol_demo_populate (FOL_STORE (store), FOL_DEMO_SEED, &n, &error));
    g_assert_no_error (error);
  }
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_settings_reset (settings, "review-patient");

  run_clinic (&t, resume_enter_body);
  run_clinic (&t, resume_back_body);

  g_settings_set_string (settings, "review-patient", "no-such-patient");
  run_clinic (&t, resume_gone_body);

  g_settings_reset (settings, "review-pin-hash");
  g_clear_pointer (&resume_patient_id, g_free);
  fol_test_remove_tree (t.dir);
  g_free (t.path);
  g_free (t.dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* Cheap PIN hashes: the real cost is tested in test-pin. */
  _fol_pin_set_limits (1, 8192);

  g_test_add_func ("/review-kiosk/app-actions", test_review_app_actions);
  g_test_add_func ("/review-kiosk/keys", test_review_keys);
  g_test_add_func ("/review-kiosk/resume", test_review_resume);

  return g_test_run ();
}
