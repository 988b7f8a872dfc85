/* fol-passphrase-dialog.c
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

#define G_LOG_DOMAIN "fol-passphrase-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "fol-passphrase-dialog.h"
#include "fol-sealed.h"

/* The modal window that asks for a passphrase: a new one, typed twice
 * with a hint of its strength as it is typed (to protect a patient file
 * or a backup archive), or the one a file was protected with (to restore
 * it). What is wrong is said at the field, the field takes the focus and
 * nothing is done; only an accepted passphrase reaches the caller.
 */

struct _FolPassphraseDialog
{
  AdwWindow parent_instance;

  FolPassphraseDialogMode mode;
  GtkWidget      *entry;     /* AdwPasswordEntryRow */
  GtkWidget      *repeat;    /* AdwPasswordEntryRow, choose mode only */
  GtkWidget      *strength;  /* GtkLabel */
  GtkWidget      *problem;   /* GtkLabel */

  FolPassphraseFunc func;
  gpointer          user_data;
  GDestroyNotify    destroy;
};

G_DEFINE_FINAL_TYPE (FolPassphraseDialog, fol_passphrase_dialog, ADW_TYPE_WINDOW)

static void
clear_problem (FolPassphraseDialog *self)
{
  GtkWidget *rows[] = { self->entry, self->repeat };

  gtk_widget_set_visible (self->problem, FALSE);
  gtk_label_set_text (GTK_LABEL (self->problem), "");
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (rows[i] != NULL)
      {
        gtk_widget_remove_css_class (rows[i], "error");
        gtk_accessible_reset_property (GTK_ACCESSIBLE (rows[i]),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      }
}

/* Said under the fields and on the field at fault, which takes the focus,
 * so that a screen reader reads it there.
 */
static void
show_problem (FolPassphraseDialog *self,
              GtkWidget           *row,
              const char          *message)
{
  clear_problem (self);
  gtk_label_set_text (GTK_LABEL (self->problem), message);
  gtk_widget_set_visible (self->problem, TRUE);
  gtk_widget_add_css_class (row, "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  message, -1);
  gtk_widget_grab_focus (row);
}

static void
entry_changed_cb (FolPassphraseDialog *self)
{
  const char *hint;

  clear_problem (self);
  if (self->strength == NULL)
    return;

  hint = fol_passphrase_strength_hint (gtk_editable_get_text (GTK_EDITABLE (self->entry)));
  gtk_label_set_text (GTK_LABEL (self->strength), hint);
  gtk_widget_set_visible (self->strength, hint[0] != '\0');
}

static void
entry_activated_cb (FolPassphraseDialog *self)
{
  if (self->repeat != NULL)
    gtk_widget_grab_focus (self->repeat);
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "passphrase.accept", NULL);
}

static void
repeat_activated_cb (FolPassphraseDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "passphrase.accept", NULL);
}

/* Whatever refuses the passphrase names the field at fault. */
static GtkWidget *
check (FolPassphraseDialog  *self,
       const char           *text,
       GError              **error)
{
  if (text[0] == '\0')
    {
      g_set_error_literal (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_PASSPHRASE,
                           self->mode == FOL_PASSPHRASE_DIALOG_CHOOSE
                           ? _("Type a passphrase to protect the file with")
                           : _("Type the passphrase the file was protected with"));
      return self->entry;
    }
  if (self->mode != FOL_PASSPHRASE_DIALOG_CHOOSE)
    return NULL;

  if (!fol_sealed_check_passphrase (text, error))
    return self->entry;
  if (fol_sealed_passphrase_strength (text) == 0)
    {
      g_set_error_literal (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_PASSPHRASE,
                           _("The passphrase is too weak: add more words"));
      return self->entry;
    }
  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (self->repeat))) != 0)
    {
      g_set_error_literal (error, FOL_SEALED_ERROR, FOL_SEALED_ERROR_PASSPHRASE,
                           _("The two passphrases differ: type the same one in both fields"));
      return self->repeat;
    }
  return NULL;
}

static void
accept_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  g_autoptr(FolPassphraseDialog) self = g_object_ref (FOL_PASSPHRASE_DIALOG (widget));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry)));
  GtkWidget *at;
  gboolean ok;

  at = check (self, text, &error);
  if (at != NULL)
    {
      show_problem (self, at, error->message);
      return;
    }

  ok = self->func (text, self->user_data, &error);
  memset (text, 0, strlen (text));
  if (!ok)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
      show_problem (self, self->entry, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
fol_passphrase_dialog_dispose (GObject *object)
{
  FolPassphraseDialog *self = FOL_PASSPHRASE_DIALOG (object);

  /* GTK 4.8's password text, still focused when its window goes, reads
   * its keyboard state after it is freed: the focus leaves it first. And
   * the passphrase leaves the fields. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  if (self->entry != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  if (self->repeat != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->repeat), "");
  self->entry = self->repeat = self->strength = self->problem = NULL;

  if (self->destroy != NULL)
    g_clear_pointer (&self->user_data, self->destroy);
  self->destroy = NULL;

  G_OBJECT_CLASS (fol_passphrase_dialog_parent_class)->dispose (object);
}

static void
fol_passphrase_dialog_class_init (FolPassphraseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fol_passphrase_dialog_dispose;

  gtk_widget_class_install_action (widget_class, "passphrase.accept", NULL, accept_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fol_passphrase_dialog_init (FolPassphraseDialog *self)
{
}

/* libadwaita 1.2 gives the peek button of a password row a tooltip but no
 * accessible name: a screen reader would say only "button".
 */
static void
name_peek_buttons (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Show or hide the passphrase"), -1);
      name_peek_buttons (child);
    }
}

static GtkWidget *
password_row (const char *title)
{
  GtkWidget *row = adw_password_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  name_peek_buttons (row);
  return row;
}

static GtkWidget *
note_label (const char *name)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_name (label, name);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_visible (label, FALSE);
  return label;
}

/**
 * fol_passphrase_dialog_new:
 * @func: called with an accepted passphrase
 *
 * Returns: (transfer none): the dialog, shown; it goes once @func returns
 *   %TRUE, or on Cancel, Escape or closing, and @destroy frees @user_data
 */
GtkWidget *
fol_passphrase_dialog_new (GtkWindow               *parent,
                           FolPassphraseDialogMode  mode,
                           const char              *title,
                           const char              *body,
                           const char              *accept_label,
                           gboolean                 destructive,
                           FolPassphraseFunc        func,
                           gpointer                 user_data,
                           GDestroyNotify           destroy)
{
  FolPassphraseDialog *self;
  GtkWidget *header, *cancel, *accept, *box, *label, *group;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (title != NULL && accept_label != NULL && func != NULL, NULL);

  self = g_object_new (FOL_TYPE_PASSPHRASE_DIALOG,
                       "title", title,
                       "modal", TRUE,
                       "transient-for", parent,
                       "destroy-with-parent", TRUE,
                       "default-width", 460,
                       NULL);
  self->mode = mode;
  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;

  header = adw_header_bar_new ();
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (title, NULL));
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  accept = gtk_button_new_with_mnemonic (accept_label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (accept), "passphrase.accept");
  gtk_widget_add_css_class (accept, destructive ? "destructive-action" : "suggested-action");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), accept);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);

  label = note_label ("body");
  gtk_label_set_text (GTK_LABEL (label), body);
  gtk_widget_set_visible (label, body != NULL && body[0] != '\0');
  gtk_box_append (GTK_BOX (box), label);

  group = adw_preferences_group_new ();
  self->entry = password_row (_("_Passphrase"));
  g_signal_connect_object (self->entry, "changed", G_CALLBACK (entry_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->entry, "entry-activated", G_CALLBACK (entry_activated_cb), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->entry);
  if (mode == FOL_PASSPHRASE_DIALOG_CHOOSE)
    {
      self->repeat = password_row (_("_Repeat passphrase"));
      g_signal_connect_object (self->repeat, "changed", G_CALLBACK (clear_problem), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->repeat, "entry-activated", G_CALLBACK (repeat_activated_cb),
                               self, G_CONNECT_SWAPPED);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->repeat);
    }
  gtk_box_append (GTK_BOX (box), group);

  if (mode == FOL_PASSPHRASE_DIALOG_CHOOSE)
    {
      self->strength = note_label ("strength");
      gtk_widget_add_css_class (self->strength, "dim-label");
      gtk_box_append (GTK_BOX (box), self->strength);
      /* The hint is the first field's description too, for a screen reader. */
      gtk_accessible_update_relation (GTK_ACCESSIBLE (self->entry),
                                      GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->strength, NULL,
                                      -1);
    }

  self->problem = note_label ("problem");
  gtk_widget_add_css_class (self->problem, "error");
  gtk_box_append (GTK_BOX (box), self->problem);

  {
    GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

    gtk_box_append (GTK_BOX (content), header);
    gtk_box_append (GTK_BOX (content), box);
    adw_window_set_content (ADW_WINDOW (self), content);
  }

  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (self->entry);
  return GTK_WIDGET (self);
}

/**
 * fol_passphrase_strength_hint:
 *
 * Returns: a few words on how hard @passphrase is to guess, from
 *   fol_sealed_passphrase_strength(); empty for an empty passphrase
 */
const char *
fol_passphrase_strength_hint (const char *passphrase)
{
  if (passphrase == NULL || passphrase[0] == '\0')
    return "";

  switch (fol_sealed_passphrase_strength (passphrase))
    {
    case 0:
      return _("Too weak: add more words");
    case 1:
      return _("Weak: add more words");
    case 2:
      return _("Fair: another word makes it stronger");
    case 3:
      return _("Good");
    default:
      return _("Strong");
    }
}
