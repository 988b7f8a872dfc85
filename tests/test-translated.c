/* test-translated.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include <glib/gi18n-lib.h>

#include "fol-application-private.h"
#include "fol-patient-page.h"
#include "fol-photo-import-dialog.h"
#include "fol-review-window-private.h"
#include "fol-test-app.h"

/* Every page and dialog, shown in a pseudo-language whose catalogue wraps
 * each message in ⟦ ⟧, holds no text of its own outside the brackets: a
 * visible string without them never went through gettext (a label left
 * out of the template, a template without its domain, a string set from an
 * untranslated constant, a menu built in code).
 *
 * What the clinic's records hold (names, notes, products…) is read from
 * the database and taken out of each text first; keyboard key names come
 * from GTK's own catalogue and are left out, as is the app's name.
 */

typedef struct
{
  GString   *found;
  GPtrArray *data;   /* the clinic's own texts, longest first */
} Check;

static gboolean
has_word (const char *text)
{
  guint run = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      run = g_unichar_isalpha (g_utf8_get_char (p)) ? run + 1 : 0;
      if (run >= 2)
        return TRUE;
    }
  return FALSE;
}

static void
check_text (Check      *c,
            const char *where,
            const char *text)
{
  g_autoptr(GString) rest = NULL;
  guint depth;

  if (text == NULL || *text == '\0')
    return;
  if (g_getenv ("FOL_TEST_SHOW_TEXTS") != NULL)
    g_test_message ("%s: %s", where, text);

  /* Whatever stands outside the brackets, less the clinic's data. */
  rest = g_string_new (NULL);
  depth = 0;
  for (const char *p = text; *p != '\0'; )
    {
      if (g_str_has_prefix (p, "⟦"))
        {
          depth++;
          p += strlen ("⟦");
          continue;
        }
      if (g_str_has_prefix (p, "⟧") && depth > 0)
        {
          depth--;
          p += strlen ("⟧");
          g_string_append_c (rest, ' ');
          continue;
        }
      if (depth == 0)
        g_string_append_c (rest, *p);
      p++;
    }
  for (guint i = 0; i < c->data->len; i++)
    g_string_replace (rest, g_ptr_array_index (c->data, i), " ", 0);
  g_string_replace (rest, "Follicle", " ", 0);

  if (has_word (rest->str))
    g_string_append_printf (c->found, "%s: “%s”\n", where, text);
}

static int
longest_first (gconstpointer a,
               gconstpointer b)
{
  return (int) strlen (*(const char * const *) b) - (int) strlen (*(const char * const *) a);
}

/* Every text the clinic's records hold. */
static GPtrArray *
read_data (const char *path)
{
  static const char * const tables[] = {
    "patients", "patient_sites", "visits", "treatment_sessions", "adverse_events", "photos",
  };
  GPtrArray *data = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s", tables[i]);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int col = 0; col < sqlite3_column_count (stmt); col++)
          if (sqlite3_column_type (stmt, col) == SQLITE_TEXT && sqlite3_column_bytes (stmt, col) > 1)
            g_ptr_array_add (data, g_strdup ((const char *) sqlite3_column_text (stmt, col)));
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  g_ptr_array_sort (data, longest_first);
  return data;
}

static void
check_menu (Check      *c,
            const char *where,
            GMenuModel *menu)
{
  for (int i = 0; menu != NULL && i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *label = NULL;
      g_autoptr(GMenuLinkIter) links = NULL;
      const char *link_name;
      GMenuModel *link;

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        check_text (c, where, label);
      links = g_menu_model_iterate_item_links (menu, i);
      while (g_menu_link_iter_get_next (links, &link_name, &link))
        {
          check_menu (c, where, link);
          g_object_unref (link);
        }
    }
}

static void
check_widget (Check     *c,
              GtkWidget *widget,
              gboolean   shown_only)
{
  const char *where = G_OBJECT_TYPE_NAME (widget);

  if (shown_only && !gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_LABEL (widget))
    check_text (c, where, gtk_label_get_label (GTK_LABEL (widget)));
  if (GTK_IS_WINDOW (widget))
    check_text (c, where, gtk_window_get_title (GTK_WINDOW (widget)));
  if (GTK_IS_TEXT (widget))
    check_text (c, where, gtk_text_get_placeholder_text (GTK_TEXT (widget)));
  /* Key names: GTK's own catalogue. */
  if (GTK_IS_SHORTCUT_LABEL (widget))
    return;
  if (GTK_IS_MENU_BUTTON (widget))
    check_menu (c, where, gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)));
  /* The peek button of a password row: libadwaita's own tooltip. */
  if (gtk_widget_get_ancestor (widget, ADW_TYPE_PASSWORD_ENTRY_ROW) == NULL ||
      ADW_IS_PASSWORD_ENTRY_ROW (widget))
    check_text (c, where, gtk_widget_get_tooltip_text (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_widget (c, child, shown_only);
}

static void
check_window (Check      *c,
              GtkWindow  *window,
              const char *name)
{
  gsize before = c->found->len;

  gtk_window_present (window);
  fol_test_wait (50);
  check_widget (c, GTK_WIDGET (window), TRUE);
  if (c->found->len > before)
    g_test_message ("in %s", name);
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static void
check_shortcuts (Check     *c,
                 GtkWidget *widget)
{
  if (GTK_IS_SHORTCUTS_SECTION (widget) || GTK_IS_SHORTCUTS_GROUP (widget) ||
      GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *title = NULL;

      g_object_get (widget, "title", &title, NULL);
      check_text (c, G_OBJECT_TYPE_NAME (widget), title);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_shortcuts (c, child);
}

static AdwViewStack *
find_view_stack (GtkWidget *widget)
{
  if (ADW_IS_VIEW_STACK (widget))
    return ADW_VIEW_STACK (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwViewStack *found = find_view_stack (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
translated_body (gpointer data)
{
  FolTestApp *t = data;
  g_autoptr(GListModel) patients = fol_store_list_patients (t->window->store, "Keller", NULL);
  g_autoptr(FolPatient) patient = g_list_model_get_item (patients, 0);
  static const char * const editors[] = { "win.new-patient", "win.new-visit", "win.new-session" };
  static const char * const pages[] = { "overview", "visits", "treatments", "photos" };
  Check c = { g_string_new (NULL), read_data (t->path) };
  GtkWindow *prefs;

  /* The pseudo-language is in force: without it, everything would fail. */
  g_assert_cmpstr (_("Preferences"), ==, "⟦Preferences⟧");

  fol_window_show_patient (t->window, fol_patient_get_id (patient));
  fol_test_iterate ();

  /* The window, on each page of the patient. */
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      adw_view_stack_set_visible_child_name (fol_patient_page_get_view_stack (t->window->patient_page),
                                             pages[i]);
      check_window (&c, GTK_WINDOW (t->window), pages[i]);
    }

  /* Adding photos: the dialog, with a row for each file. Its name is the
   * user's, not a message.
   */
  {
    g_autoptr(FolHistory) history = fol_store_load_history (t->window->store,
                                                            fol_patient_get_id (patient), NULL);
    g_autoptr(GPtrArray) visits = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 32, 24);
    g_autofree char *dir = g_dir_make_tmp ("follicle-translated-XXXXXX", NULL);
    GtkWidget *dialog;

    g_assert_nonnull (history);
    for (guint i = 0; i < fol_history_get_n_visits (history); i++)
      g_ptr_array_add (visits, g_object_ref (fol_history_get_visit (history, i)));
    gdk_pixbuf_fill (pixbuf, 0x806040ff);
    for (guint i = 0; i < 2; i++)
      {
        g_autofree char *name = g_strdup_printf ("scalp-photo-%u.png", i);
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", NULL, NULL));
        g_ptr_array_add (files, g_file_new_for_path (path));
        g_ptr_array_insert (c.data, 0, g_steal_pointer (&name));
      }
    dialog = fol_photo_import_dialog_new (GTK_WINDOW (t->window), visits, FOL_REGION_VERTEX, files);
    while (!fol_photo_import_dialog_is_ready (FOL_PHOTO_IMPORT_DIALOG (dialog)))
      g_main_context_iteration (NULL, TRUE);
    check_window (&c, GTK_WINDOW (dialog), "add photos");
    gtk_window_destroy (GTK_WINDOW (dialog));
    fol_test_iterate ();
    for (guint i = 0; i < files->len; i++)
      g_file_delete (g_ptr_array_index (files, i), NULL, NULL);
    g_rmdir (dir);
  }

  /* The editors. */
  for (guint i = 0; i < G_N_ELEMENTS (editors); i++)
    {
      gtk_widget_activate_action (GTK_WIDGET (t->window), editors[i], NULL);
      fol_test_iterate ();
      g_assert_nonnull (t->window->editor);
      check_window (&c, t->window->editor, editors[i]);
      gtk_window_destroy (t->window->editor);
      fol_test_iterate ();
    }

  /* The shortcuts window: the titles of its sections, groups and
   * shortcuts. Its search field and messages are GTK's own. */
  check_shortcuts (&c, GTK_WIDGET (gtk_application_window_get_help_overlay (
                                     GTK_APPLICATION_WINDOW (t->window))));

  /* Deleting a patient asks first. */
  gtk_widget_activate_action (GTK_WIDGET (t->window), "win.delete", NULL);
  fol_test_iterate ();
  g_assert_nonnull (t->window->delete_dialog);
  check_window (&c, t->window->delete_dialog, "delete dialog");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (t->window->delete_dialog), "cancel");
  gtk_window_close (t->window->delete_dialog);
  fol_test_iterate ();

  /* Review with the patient, and the question on leaving it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (t->window), "win.review", NULL));
  fol_test_iterate ();
  {
    GtkWindow *review = gtk_application_get_active_window (GTK_APPLICATION (t->app));
    GtkWindow *leave;

    g_assert_true (FOL_IS_REVIEW_WINDOW (review));
    check_window (&c, review, "review");
    gtk_widget_activate_action (GTK_WIDGET (review), "review.exit", NULL);
    fol_test_iterate ();
    leave = GTK_WINDOW (_fol_review_window_get_leave_dialog (FOL_REVIEW_WINDOW (review)));
    g_assert_nonnull (leave);
    check_window (&c, leave, "leave review");
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (leave), "cancel");
    gtk_window_close (leave);
    fol_test_iterate ();
    gtk_window_destroy (review);
    fol_test_iterate ();
  }

  /* Preferences, each of its pages. */
  g_action_group_activate_action (G_ACTION_GROUP (t->app), "preferences", NULL);
  fol_test_iterate ();
  prefs = find_toplevel (ADW_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  {
    AdwViewStack *stack = find_view_stack (GTK_WIDGET (prefs));
    g_autoptr(GtkSelectionModel) stack_pages = NULL;

    g_assert_nonnull (stack);
    stack_pages = adw_view_stack_get_pages (stack);
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (stack_pages)); i++)
      {
        g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (stack_pages), i);

        adw_view_stack_set_visible_child (stack, adw_view_stack_page_get_child (page));
        check_window (&c, prefs, adw_view_stack_page_get_title (page));
      }
  }
  gtk_window_destroy (prefs);
  fol_test_iterate ();

  if (c.found->len > 0)
    g_test_message ("Shown without going through gettext:\n%s", c.found->str);
  g_assert_cmpuint (c.found->len, ==, 0);
  g_string_free (c.found, TRUE);
  g_ptr_array_unref (c.data);
}

static void
test_translated (void)
{
  FolTestApp t = { 0 };

  fol_test_app_run (&t, TRUE, translated_body);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("follicle-xx-XXXXXX", NULL);
  g_autofree char *messages = g_build_filename (dir, "xx", "LC_MESSAGES", NULL);
  g_autofree char *mo = g_build_filename (messages, GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *built = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "follicle-xx.mo", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  int status;

  /* The pseudo-language's catalogue, made from the template at build time,
   * in a locale folder of its own. */
  g_assert_true (g_file_get_contents (built, &contents, &length, NULL));
  g_assert_cmpint (g_mkdir_with_parents (messages, 0700), ==, 0);
  g_assert_true (g_file_set_contents (mo, contents, length, NULL));
  g_setenv ("LANGUAGE", "xx", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/translated/every-page", test_translated);

  status = g_test_run ();
  fol_test_remove_tree (dir);
  return status;
}
