/* fol-conflict-dialog.c
 *
 * Copyright 2026 The Follicle authors
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fol-window"

#include "config.h"

#include "fol-conflict-dialog.h"
#include "fol-i18n.h"

/* A save refused because another workstation changed the record since it
 * was opened here (FOL_STORE_ERROR_CHANGED): says who and when, shows
 * their values beside what was typed here (Compare), and offers to take
 * theirs (Reload), to keep editing, or to save what was typed over
 * theirs, knowingly. Nothing typed is lost unless Reload is chosen.
 */

/**
 * fol_conflict_rows_add:
 * @rows: an array of strings, three for each field
 *
 * Adds a field to compare, when the two values differ.
 */
void
fol_conflict_rows_add (GPtrArray  *rows,
                       const char *field,
                       const char *theirs,
                       const char *yours)
{
  theirs = theirs ? theirs : "";
  yours = yours ? yours : "";
  if (g_str_equal (theirs, yours))
    return;
  g_ptr_array_add (rows, g_strdup (field));
  g_ptr_array_add (rows, g_strdup (theirs));
  g_ptr_array_add (rows, g_strdup (yours));
}

static GtkWidget *
cell (const char *text,
      gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), !heading);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  return label;
}

/**
 * fol_conflict_dialog_new:
 * @rows: (element-type utf8): from fol_conflict_rows_add()
 *
 * Returns: (transfer none): the dialog, presented; its ::response is one of
 *   the FOL_CONFLICT_ answers
 */
GtkWidget *
fol_conflict_dialog_new (GtkWindow    *parent,
                         const GError *error,
                         GPtrArray    *rows)
{
  AdwMessageDialog *dialog;
  GtkWidget *expander;
  GtkWidget *grid;

  g_return_val_if_fail (error != NULL, NULL);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent,
                                                       _("Changed on Another Workstation"),
                                                       error->message));
  adw_message_dialog_add_responses (dialog,
                                    FOL_CONFLICT_KEEP_EDITING, _("_Keep Editing"),
                                    FOL_CONFLICT_SAVE_MINE, _("_Save Mine"),
                                    FOL_CONFLICT_RELOAD, _("_Reload"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, FOL_CONFLICT_SAVE_MINE,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, FOL_CONFLICT_RELOAD,
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, FOL_CONFLICT_RELOAD);
  adw_message_dialog_set_close_response (dialog, FOL_CONFLICT_KEEP_EDITING);

  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_attach (GTK_GRID (grid), cell (_("Field"), TRUE), 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), cell (_("Theirs (stored)"), TRUE), 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), cell (_("Yours (typed here)"), TRUE), 2, 0, 1, 1);
  for (guint i = 0; rows != NULL && i + 2 < rows->len; i += 3)
    for (guint c = 0; c < 3; c++)
      gtk_grid_attach (GTK_GRID (grid), cell (g_ptr_array_index (rows, i + c), c == 0),
                       c, 1 + i / 3, 1, 1);
  expander = gtk_expander_new_with_mnemonic (_("_Compare"));
  gtk_expander_set_child (GTK_EXPANDER (expander), grid);
  adw_message_dialog_set_extra_child (dialog, expander);
  g_object_set_data (G_OBJECT (dialog), "fol-compare-grid", grid);

  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WIDGET (dialog);
}

/**
 * fol_conflict_dialog_offer:
 * @editor: the editor whose save was refused
 * @slot: where @editor keeps its dialog; emptied when the dialog goes
 * @response_cb: called with @editor and the answer
 *
 * What every editor does with a refused save: the dialog of
 * fol_conflict_dialog_new() in @slot, in place of any shown before.
 */
void
fol_conflict_dialog_offer (GtkWindow    *editor,
                           GtkWidget   **slot,
                           const GError *error,
                           GPtrArray    *rows,
                           GCallback     response_cb)
{
  g_return_if_fail (GTK_IS_WINDOW (editor));
  g_return_if_fail (slot != NULL);

  fol_conflict_dialog_dismiss (slot);
  *slot = fol_conflict_dialog_new (editor, error, rows);
  g_object_add_weak_pointer (G_OBJECT (*slot), (gpointer *) slot);
  g_signal_connect_object (*slot, "response", response_cb, editor, G_CONNECT_SWAPPED);
}

/**
 * fol_conflict_dialog_dismiss:
 *
 * Closes the dialog in @slot, if any (an editor that goes).
 */
void
fol_conflict_dialog_dismiss (GtkWidget **slot)
{
  g_return_if_fail (slot != NULL);

  if (*slot == NULL)
    return;
  g_object_remove_weak_pointer (G_OBJECT (*slot), (gpointer *) slot);
  gtk_window_destroy (GTK_WINDOW (*slot));
  *slot = NULL;
}

GtkGrid *
_fol_conflict_dialog_get_grid (GtkWidget *dialog)
{
  return g_object_get_data (G_OBJECT (dialog), "fol-compare-grid");
}
