/* test-clinic-server-ui.c: Preferences › Clinic Server, and the next start.
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs inside with-keyring.sh (a real keyring on a D-Bus session of its
 * own) and the throwaway PostgreSQL cluster of `build-aux/dev test`.
 */

#include "config.h"

#include "fol-application-private.h"
#include "fol-clinic-server-page-private.h"
#include "fol-preferences-window.h"
#include "fol-test-a11y.h"
#include "fol-test-app.h"
#include "fol-test-clinic-server.h"

static Clinic clinic;

static FolWindow *
clinic_window (FolApplication *app)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (FOL_IS_WINDOW (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static GtkWidget *
find_page (GtkWidget *widget)
{
  if (FOL_IS_CLINIC_SERVER_PAGE (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_page (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
wait_connected (FolClinicServerPage *page)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (page->connecting && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (page->connecting);
  fol_test_iterate ();
}

static void
set_text (AdwEntryRow *row,
          const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static char *
expected_title (void)
{
  /* Translators' "%s on %s", as the window says it. */
  return g_strdup_printf ("%s on %s — Follicle", clinic.database, g_getenv ("PGHOST"));
}

static char *
kept_password (void)
{
  g_autoptr(FolClinicServer) server = clinic_server (&clinic, NULL, NULL);
  g_autoptr(GError) error = NULL;
  char *kept = fol_clinic_server_lookup_password (server, NULL, &error);
  char *copy;

  g_assert_no_error (error);
  copy = g_strdup (kept);
  fol_clinic_server_free_password (kept);
  return copy;
}

/* ---- Preferences › Clinic Server ---- */

static void
connect_body (gpointer data)
{
  FolTestApp *t = data;
  GtkWidget *prefs = NULL;
  FolClinicServerPage *page;
  g_autofree char *title = expected_title ();
  g_autofree char *location = NULL;
  g_autofree char *kept = NULL;
  FolWindow *window;
  GtkWidget *controls[8];

  gtk_widget_activate_action (GTK_WIDGET (t->window), "app.preferences", NULL);
  fol_test_iterate ();
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (t->app)); l; l = l->next)
    if (FOL_IS_PREFERENCES_WINDOW (l->data))
      prefs = l->data;
  g_assert_nonnull (prefs);
  page = FOL_CLINIC_SERVER_PAGE (find_page (prefs));
  g_assert_nonnull (page);
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (prefs),
                                           ADW_PREFERENCES_PAGE (page));
  fol_test_iterate ();

  /* Every control is named for a screen reader and takes the focus. */
  fol_test_assert_all_named (GTK_WIDGET (page));
  controls[0] = GTK_WIDGET (page->host_row);
  controls[1] = GTK_WIDGET (page->port_row);
  controls[2] = GTK_WIDGET (page->database_row);
  controls[3] = GTK_WIDGET (page->user_row);
  controls[4] = GTK_WIDGET (page->ca_button);
  controls[5] = GTK_WIDGET (page->password_row);
  controls[6] = GTK_WIDGET (page->remember_switch);
  controls[7] = GTK_WIDGET (page->connect_button);
  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    {
      g_assert_true (gtk_widget_grab_focus (controls[i]));
      g_assert_true (gtk_widget_is_focus (controls[i]) ||
                     gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (prefs)), controls[i]));
    }

  /* An empty host: said at the host, nothing kept. */
  gtk_widget_activate_action (GTK_WIDGET (page), "server.connect", NULL);
  fol_test_iterate ();
  g_assert_false (page->connecting);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (page->host_row), "error"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->message_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (page->message_label), "Host"));
  location = g_settings_get_string (t->app->settings, "clinic-server");
  g_assert_cmpstr (location, ==, "");
  g_clear_pointer (&location, g_free);

  /* A port that is not one: said at the port. */
  set_text (page->host_row, g_getenv ("PGHOST"));
  set_text (page->port_row, "54x");
  gtk_widget_activate_action (GTK_WIDGET (page), "server.connect", NULL);
  fol_test_iterate ();
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (page->host_row), "error"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (page->port_row), "error"));

  /* A wrong password: the server is asked, and it is said at the
   * password; the window still shows the clinic file. */
  set_text (page->port_row, g_getenv ("PGPORT"));
  set_text (page->database_row, clinic.database);
  set_text (page->user_row, clinic.role);
  set_text (page->password_row, "not the password");
  gtk_widget_activate_action (GTK_WIDGET (page), "server.connect", NULL);
  g_assert_true (page->connecting);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (page->connect_button)));
  wait_connected (page);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (page->password_row), "error"));
  g_assert_nonnull (strstr (gtk_label_get_text (page->message_label), "refused the password"));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (t->window)), ==, "clinic.db — Follicle");
  location = g_settings_get_string (t->app->settings, "clinic-server");
  g_assert_cmpstr (location, ==, "");
  g_clear_pointer (&location, g_free);

  /* The right one, remembered: the server clinic opens in the window. */
  set_text (page->password_row, clinic.password);
  gtk_switch_set_active (page->remember_switch, TRUE);
  g_signal_handlers_block_matched (t->app, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                   fol_test_activate_after_cb, NULL);
  gtk_widget_activate_action (GTK_WIDGET (page), "server.connect", NULL);
  wait_connected (page);
  for (guint i = 0; i < 20; i++)
    fol_test_iterate ();
  g_signal_handlers_unblock_matched (t->app, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                     fol_test_activate_after_cb, NULL);

  window = clinic_window (t->app);
  g_assert_nonnull (window);
  t->window = window;
  g_assert_true (FOL_IS_PG_STORE (fol_application_get_store (t->app)));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, title);
  /* Backups of a server clinic are the server's job, not the app's. */
  g_assert_null (t->app->backups);

  /* The address is kept, never the password; the keyring has that. */
  location = g_settings_get_string (t->app->settings, "clinic-server");
  g_assert_true (g_str_has_prefix (location, "postgresql://"));
  g_assert_nonnull (strstr (location, clinic.database));
  g_assert_null (strstr (location, clinic.password));
  kept = kept_password ();
  g_assert_cmpstr (kept, ==, clinic.password);
}

static void
test_connect (void)
{
  FolTestApp t = { 0 };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  if (!clinic_setup (&clinic))
    return;
  g_settings_reset (settings, "clinic-server");
  fol_test_app_run (&t, FALSE, connect_body);
}

/* ---- the next start ---- */

typedef struct
{
  FolApplication *app;
  gboolean        asked;
  gboolean        opened;
  char           *title;
} Start;

static void
start_activate_cb (GApplication *app,
                   Start        *s)
{
  FolWindow *window;

  fol_test_iterate ();
  if (s->app->server_dialog != NULL && !s->asked)
    {
      AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (s->app->server_dialog);
      GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
      GtkCheckButton *remember = g_object_get_data (G_OBJECT (dialog), "remember");

      s->asked = TRUE;
      g_assert_null (clinic_window (s->app));
      fol_test_assert_all_named (GTK_WIDGET (dialog));
      g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), clinic.role));
      gtk_editable_set_text (entry, clinic.password);
      gtk_check_button_set_active (remember, TRUE);
      adw_message_dialog_response (dialog, "connect");
      return;
    }

  window = clinic_window (s->app);
  if (window == NULL)
    return;
  s->opened = TRUE;
  g_assert_null (s->app->backups);
  s->title = g_strdup (gtk_window_get_title (GTK_WINDOW (window)));
  gtk_window_destroy (GTK_WINDOW (window));
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    gtk_window_destroy (l->data);
}

static void
start (Start *s)
{
  char *argv[] = { (char *) "test", NULL };

  s->app = fol_application_new (NULL, FALSE);
  g_application_set_flags (G_APPLICATION (s->app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (s->app, "activate", G_CALLBACK (start_activate_cb), s);
  g_assert_cmpint (g_application_run (G_APPLICATION (s->app), 1, argv), ==, 0);
  g_assert_finalize_object (s->app);
}

static void
test_next_start (void)
{
  g_autoptr(FolClinicServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = expected_title ();
  g_autofree char *kept = NULL;
  Start first = { 0 }, second = { 0 };

  if (clinic.database == NULL)
    return;

  /* The keyring keeps no password: it is asked for, then remembered. */
  server = clinic_server (&clinic, NULL, NULL);
  g_assert_true (fol_clinic_server_forget_password (server, NULL, &error));
  start (&first);
  g_assert_true (first.asked);
  g_assert_true (first.opened);
  g_assert_cmpstr (first.title, ==, title);
  kept = kept_password ();
  g_assert_cmpstr (kept, ==, clinic.password);

  /* Now kept: the next start connects without asking. */
  start (&second);
  g_assert_false (second.asked);
  g_assert_true (second.opened);
  g_assert_cmpstr (second.title, ==, title);

  g_free (first.title);
  g_free (second.title);
}

/* ---- back to the clinic file ---- */

static void
local_body (gpointer data)
{
  FolTestApp *t = data;
  g_autofree char *location = NULL;
  GtkWidget *page;

  g_assert_true (FOL_IS_PG_STORE (fol_application_get_store (t->app)));
  page = g_object_ref_sink (fol_clinic_server_page_new (t->app));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (FOL_CLINIC_SERVER_PAGE (page)->local_button)));
  g_signal_handlers_block_matched (t->app, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                   fol_test_activate_after_cb, NULL);

  /* Filled in from the settings, the keyring keeping the password. With
   * Remember in Keyring off, Connect (with the kept password) forgets it. */
  {
    FolClinicServerPage *p = FOL_CLINIC_SERVER_PAGE (page);
    g_autofree char *kept = NULL;

    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (p->database_row)), ==, clinic.database);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (p->user_row)), ==, clinic.role);
    g_assert_true (gtk_switch_get_active (p->remember_switch));
    gtk_switch_set_active (p->remember_switch, FALSE);
    gtk_widget_activate_action (page, "server.connect", NULL);
    wait_connected (p);
    for (guint i = 0; i < 20; i++)
      fol_test_iterate ();
    g_assert_true (FOL_IS_PG_STORE (fol_application_get_store (t->app)));
    kept = kept_password ();
    g_assert_null (kept);
  }
  gtk_widget_activate_action (page, "server.use-local", NULL);
  for (guint i = 0; i < 20; i++)
    fol_test_iterate ();
  g_signal_handlers_unblock_matched (t->app, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                     fol_test_activate_after_cb, NULL);
  g_object_unref (page);
  t->window = clinic_window (t->app);
  g_assert_nonnull (t->window);
  g_assert_false (FOL_IS_PG_STORE (fol_application_get_store (t->app)));
  location = g_settings_get_string (t->app->settings, "clinic-server");
  g_assert_cmpstr (location, ==, "");
}

static void
test_use_local (void)
{
  FolTestApp t = { 0 };

  if (clinic.database == NULL)
    return;
  /* Started on the server (the keyring has its password). */
  t.dir = NULL;
  {
    Start s = { 0 };

    start (&s);
    g_assert_true (s.opened);
    g_free (s.title);
  }
  /* From a window on the server clinic, back to this computer's. */
  {
    char *argv[] = { (char *) "test", NULL };

    t.body = local_body;
    t.app = fol_application_new (NULL, FALSE);
    g_application_set_flags (G_APPLICATION (t.app), G_APPLICATION_NON_UNIQUE);
    g_signal_connect_after (t.app, "activate", G_CALLBACK (fol_test_activate_after_cb), &t);
    g_assert_cmpint (g_application_run (G_APPLICATION (t.app), 1, argv), ==, 0);
    g_assert_finalize_object (t.app);
  }
  clinic_teardown (&clinic);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  fol_test_clinic_server_init ();
  /* Never the tester's own ~/.pgpass. */
  g_setenv ("PGPASSFILE", "/nonexistent/follicle-test-pgpass", TRUE);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/clinic-server-ui/connect", test_connect);
  g_test_add_func ("/clinic-server-ui/next-start", test_next_start);
  g_test_add_func ("/clinic-server-ui/use-local", test_use_local);
  return g_test_run ();
}
