/* test-chart-keys.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n-lib.h>
#include <gtk/gtk.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "fol-chart-view.h"
#include "fol-progress-panel.h"
#include "fol-test-app.h"

/* The chart from the keyboard: a few Tabs reach it, and its options have
 * shortcuts. */

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
tabs_body (gpointer data)
{
  FolTestApp *t = data;
  g_autoptr(GListModel) patients = fol_store_list_patients (t->window->store, "Keller", NULL);
  g_autoptr(FolPatient) patient = g_list_model_get_item (patients, 0);
  GtkWidget *chart;
  guint tabs = 0;

  fol_window_show_patient (t->window, fol_patient_get_id (patient));
  fol_test_wait (100);
  chart = find_type (GTK_WIDGET (t->window), FOL_TYPE_CHART_VIEW);
  g_assert_nonnull (chart);

  /* From the patient's page, as after choosing the patient in the list. */
  gtk_widget_grab_focus (GTK_WIDGET (t->window->patient_list));
  while (!gtk_widget_has_focus (chart) && tabs < 100)
    {
      gtk_widget_child_focus (GTK_WIDGET (t->window), GTK_DIR_TAB_FORWARD);
      tabs++;
    }
  g_test_message ("%u Tabs from the patient list to the chart", tabs);
  g_assert_true (gtk_widget_has_focus (chart));
  g_assert_cmpuint (tabs, <, 20);
}

static void
test_tabs_to_chart (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, tabs_body);
}

/* Every accelerator of the overlay, normalised, one per entry. */
static void
collect_listed (GtkWidget  *widget,
                GHashTable *listed)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *accels = NULL;
      g_auto(GStrv) parts = NULL;

      g_object_get (widget, "accelerator", &accels, NULL);
      parts = g_strsplit (accels ? accels : "", " ", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          guint key = 0;
          GdkModifierType mods = 0;

          if (gtk_accelerator_parse (parts[i], &key, &mods))
            g_hash_table_add (listed, gtk_accelerator_name (key, mods));
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_listed (child, listed);
}

/* Each key our own widgets bind, by GType once; keypad twins aside. */
static void
collect_bound (GtkWidget  *widget,
               GHashTable *seen_types,
               GHashTable *bound)
{
  const char *type = G_OBJECT_TYPE_NAME (widget);

  if (g_str_has_prefix (type, "Fol") && !g_hash_table_contains (seen_types, type))
    {
      g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

      g_hash_table_add (seen_types, (gpointer) type);
      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

          if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
            continue;
          for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
            {
              g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
              GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
              guint key;

              /* Ours run named actions; GTK's own (the inspector, F10)
               * run signals and callbacks. */
              if (!GTK_IS_KEYVAL_TRIGGER (trigger) || !GTK_IS_NAMED_ACTION (gtk_shortcut_get_action (shortcut)))
                continue;
              key = gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger));
              if (key >= GDK_KEY_KP_Space && key <= GDK_KEY_KP_9)
                continue;
              if (key == GDK_KEY_ISO_Enter)
                continue;
              g_hash_table_insert (bound,
                                   gtk_accelerator_name (key,
                                                         gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger))),
                                   g_strdup (type));
            }
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_bound (child, seen_types, bound);
}

static void
listed_body (gpointer data)
{
  FolTestApp *t = data;
  g_autoptr(GListModel) patients = fol_store_list_patients (t->window->store, "Keller", NULL);
  g_autoptr(FolPatient) patient = g_list_model_get_item (patients, 0);
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) bound = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) seen_types = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) missing = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;
  GtkWidget *dropdown;

  fol_window_show_patient (t->window, fol_patient_get_id (patient));
  fol_test_wait (100);

  collect_listed (GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (t->window))),
                  listed);
  collect_bound (GTK_WIDGET (t->window), seen_types, bound);
  g_assert_true (g_hash_table_contains (bound, "<Alt>m"));

  g_hash_table_iter_init (&iter, bound);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (listed, key))
      g_string_append_printf (missing, "%s (%s)\n", (char *) key, (char *) value);
  if (missing->len > 0)
    g_test_message ("Bound but not in the shortcuts window:\n%s", missing->str);
  g_assert_cmpuint (missing->len, ==, 0);

  /* Alt+M opens the list of measurements. */
  dropdown = find_type (GTK_WIDGET (t->window), GTK_TYPE_DROP_DOWN);
  g_assert_nonnull (dropdown);
  g_assert_true (gtk_widget_activate_action (gtk_widget_get_ancestor (dropdown, FOL_TYPE_PROGRESS_PANEL),
                                             "progress.choose-measure", NULL));
  /* A button activated from the keyboard clicks after its 250 ms press. */
  fol_test_wait (400);
  {
    GtkWidget *popover = NULL;

    for (GtkWidget *c = gtk_widget_get_first_child (dropdown); c != NULL; c = gtk_widget_get_next_sibling (c))
      if (GTK_IS_POPOVER (c))
        popover = c;
    g_assert_nonnull (popover);
    g_assert_true (gtk_widget_get_visible (popover));
    gtk_popover_popdown (GTK_POPOVER (popover));
  }
}

static void
test_shortcuts_listed (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, listed_body);
}

/* The toggle of the panel whose label is @label (translated), not the
 * drop-down's own. */
static GtkToggleButton *
find_toggle (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_TOGGLE_BUTTON (widget)
      && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return GTK_TOGGLE_BUTTON (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkToggleButton *found = find_toggle (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Every mnemonic of the labels under @widget, with the button it is on. */
static void
collect_mnemonics (GtkWidget  *widget,
                   GHashTable *mnemonics)
{
  if (GTK_IS_LABEL (widget) && gtk_label_get_use_underline (GTK_LABEL (widget))
      && gtk_label_get_mnemonic_keyval (GTK_LABEL (widget)) != GDK_KEY_VoidSymbol)
    {
      guint key = gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (GTK_LABEL (widget)));

      g_assert_false (g_hash_table_contains (mnemonics, GUINT_TO_POINTER (key)));
      g_hash_table_insert (mnemonics, GUINT_TO_POINTER (key),
                           gtk_widget_get_ancestor (widget, GTK_TYPE_BUTTON));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_mnemonics (child, mnemonics);
}

/* Presses @name (xdotool's spelling) in @window, as a person would. */
static void
press (GtkWidget  *window,
       const char *name)
{
#ifdef GDK_WINDOWING_X11
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  const char *argv[] = { "xdotool", "windowfocus", "--sync", xid,
                         "key", "--clearmodifiers", name, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);
#endif
  fol_test_wait (200);
}

/* In German, whose labels underline neither C nor T, Alt+C still switches
 * the chart to the change from baseline and Alt+T its trend, as the
 * shortcuts window says, with the focus on the chart or on the patient
 * list; and no other mnemonic of the panel takes Alt+C, Alt+T or Alt+M. */
static void
alt_keys_body (gpointer data)
{
  FolTestApp *t = data;
  g_autoptr(GListModel) patients = fol_store_list_patients (t->window->store, "Keller", NULL);
  g_autoptr(FolPatient) patient = g_list_model_get_item (patients, 0);
  g_autoptr(GHashTable) mnemonics = g_hash_table_new (NULL, NULL);
  const char *relative_label = g_dgettext (GETTEXT_PACKAGE, "_Change from Baseline");
  const char *trend_label = g_dgettext (GETTEXT_PACKAGE, "_Trend");
  GtkToggleButton *relative, *trend;
  GtkWidget *chart, *panel;
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  gpointer on;

  /* German indeed: the catalogue gives the label another mnemonic. */
  g_assert_cmpstr (relative_label, !=, "_Change from Baseline");

  fol_window_show_patient (t->window, fol_patient_get_id (patient));
  fol_test_wait (100);
  chart = find_type (GTK_WIDGET (t->window), FOL_TYPE_CHART_VIEW);
  g_assert_nonnull (chart);
  panel = gtk_widget_get_ancestor (chart, FOL_TYPE_PROGRESS_PANEL);
  relative = find_toggle (panel, relative_label);
  trend = find_toggle (panel, trend_label);
  g_assert_nonnull (relative);
  g_assert_nonnull (trend);
  g_assert_false (gtk_toggle_button_get_active (relative));
  g_assert_false (gtk_toggle_button_get_active (trend));

  collect_mnemonics (panel, mnemonics);
  on = g_hash_table_lookup (mnemonics, GUINT_TO_POINTER (GDK_KEY_c));
  g_assert_true (on == NULL || on == (gpointer) relative);
  on = g_hash_table_lookup (mnemonics, GUINT_TO_POINTER (GDK_KEY_t));
  g_assert_true (on == NULL || on == (gpointer) trend);
  g_assert_false (g_hash_table_contains (mnemonics, GUINT_TO_POINTER (GDK_KEY_m)));

#ifdef GDK_WINDOWING_X11
  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()) || xdotool == NULL)
#endif
    {
      g_test_skip ("needs an X display and xdotool");
      return;
    }

  gtk_widget_grab_focus (chart);
  press (GTK_WIDGET (t->window), "alt+c");
  g_assert_true (gtk_toggle_button_get_active (relative));
  g_assert_false (gtk_toggle_button_get_active (trend));
  press (GTK_WIDGET (t->window), "alt+t");
  g_assert_true (gtk_toggle_button_get_active (relative));
  g_assert_true (gtk_toggle_button_get_active (trend));

  /* From the patient list, as the toggles' mnemonics would. */
  gtk_widget_grab_focus (GTK_WIDGET (t->window->patient_list));
  press (GTK_WIDGET (t->window), "alt+c");
  g_assert_false (gtk_toggle_button_get_active (relative));
  press (GTK_WIDGET (t->window), "alt+t");
  g_assert_false (gtk_toggle_button_get_active (trend));
}

static void
test_alt_keys_german (void)
{
  FolTestApp t = { 0 };
  g_autofree char *localedir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "po", NULL);
  g_autofree char *mo = g_build_filename (localedir, "de", "LC_MESSAGES", GETTEXT_PACKAGE ".mo",
                                          NULL);

  g_assert_true (g_file_test (mo, G_FILE_TEST_IS_REGULAR));
  g_setenv ("LANGUAGE", "de", TRUE);
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  /* As the app's main () does: the templates are in its domain. */
  textdomain (GETTEXT_PACKAGE);

  fol_test_app_run (&t, TRUE, alt_keys_body);

  g_setenv ("LANGUAGE", "", TRUE);
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/chart-keys/tabs-to-chart", test_tabs_to_chart);
  g_test_add_func ("/chart-keys/shortcuts-listed", test_shortcuts_listed);
  g_test_add_func ("/chart-keys/alt-keys-german", test_alt_keys_german);

  return g_test_run ();
}
