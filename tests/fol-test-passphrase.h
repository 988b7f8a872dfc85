/* fol-test-passphrase.h
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fol-test-app.h"

/* The passphrase dialog, driven as a user does: found among the windows,
 * its fields typed into and its accept button pressed; and what it says.
 */

/* The window that asks for a passphrase, found as a user sees it. */
static inline GtkWindow *
find_passphrase_dialog (void)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (G_OBJECT_TYPE_NAME (w), "FolPassphraseDialog") == 0 &&
          gtk_widget_get_visible (w))
        return GTK_WINDOW (w);
    }
  return NULL;
}

static inline GtkWindow *
find_message (const char *heading)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (w)), heading) == 0)
        return GTK_WINDOW (w);
    }
  return NULL;
}

static inline void
collect (GtkWidget *root,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

static inline GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static inline GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), label) == 0)
      return buttons->pdata[i];
  return NULL;
}

/* The passphrase fields, in order, each named for a screen reader. */
static inline GPtrArray *
passphrase_rows (GtkWindow *dialog)
{
  GPtrArray *rows = g_ptr_array_new ();

  collect (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *title = adw_preferences_row_get_title (rows->pdata[i]);

      g_assert_nonnull (title);
      g_assert_cmpstr (title, !=, "");
      g_assert_true (gtk_widget_get_focusable (rows->pdata[i]) ||
                     gtk_widget_get_can_focus (rows->pdata[i]));
    }
  return rows;
}

static inline const char *
label_text (GtkWindow  *dialog,
            const char *name)
{
  GtkWidget *label = find_named (GTK_WIDGET (dialog), name);

  g_assert_true (GTK_IS_LABEL (label));
  return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : "";
}

/* Types @first and @second (when the dialog asks twice) and answers as
 * the dialog's accept button does.
 */
static inline void
type_and_accept (GtkWindow  *dialog,
                 const char *first,
                 const char *second)
{
  g_autoptr(GPtrArray) rows = passphrase_rows (dialog);

  g_assert_cmpuint (rows->len, ==, second != NULL ? 2 : 1);
  gtk_editable_set_text (rows->pdata[0], first);
  if (second != NULL)
    gtk_editable_set_text (rows->pdata[1], second);
  fol_test_iterate ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "passphrase.accept", NULL));
  fol_test_iterate ();
}
