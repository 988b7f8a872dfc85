/* fol-preferences-window.c
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

#define G_LOG_DOMAIN "fol-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "fol-pin.h"
#include "fol-preferences-window.h"
#include "fol-region.h"

struct _FolPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  /* Template widgets */
  AdwEntryRow          *clinician_row;
  GtkSpinButton        *threshold_spin;
  GtkSpinButton        *terminal_spin;
  AdwPreferencesGroup  *regions_group;
  AdwActionRow         *pin_status_row;
  AdwEntryRow          *pin_current_row;
  AdwEntryRow          *pin_new_row;
  AdwEntryRow          *pin_confirm_row;
  GtkButton            *pin_set_button;
  GtkLabel             *pin_message_label;

  /* Owned */
  GSettings            *settings;
  GtkCheckButton       *region_checks[FOL_N_REGIONS];
};

G_DEFINE_FINAL_TYPE (FolPreferencesWindow, fol_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
load_regions (FolPreferencesWindow *self)
{
  g_auto(GStrv) codes = g_settings_get_strv (self->settings, "default-regions");

  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    gtk_check_button_set_active (self->region_checks[r],
                                 g_strv_contains ((const char * const *) codes,
                                                  fol_region_code (r)));
}

static void
region_toggled_cb (FolPreferencesWindow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) codes = NULL;

  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    if (gtk_check_button_get_active (self->region_checks[r]))
      g_strv_builder_add (builder, fol_region_code (r));

  codes = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "default-regions", (const char * const *) codes);
}

/* The review PIN: set, changed and cleared here, stored only as a hash
 * (fol_pin_hash()). Changing or clearing a PIN needs the current one.
 */

static gboolean
has_pin (FolPreferencesWindow *self)
{
  g_autofree char *hash = g_settings_get_string (self->settings, "review-pin-hash");

  return hash[0] != '\0';
}

static void
show_pin_message (FolPreferencesWindow *self,
                  const char           *message,
                  gboolean              error)
{
  gtk_label_set_text (self->pin_message_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->pin_message_label), message != NULL);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->pin_message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->pin_message_label), "error");
}

static void
update_pin (FolPreferencesWindow *self)
{
  gboolean set = has_pin (self);

  adw_action_row_set_subtitle (self->pin_status_row,
                               set ? _("Set: leaving review mode asks for it")
                                   : _("Not set: leaving review mode asks only for a "
                                       "confirmation"));
  gtk_widget_set_visible (GTK_WIDGET (self->pin_current_row), set);
  gtk_button_set_label (self->pin_set_button, set ? _("Chan_ge PIN") : _("_Set PIN"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pin.clear", set);
}

static void
clear_pin_fields (FolPreferencesWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->pin_current_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->pin_new_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->pin_confirm_row), "");
}

/* With a PIN set, nothing changes without it. */
static gboolean
current_pin_ok (FolPreferencesWindow *self)
{
  g_autofree char *hash = g_settings_get_string (self->settings, "review-pin-hash");

  if (hash[0] == '\0')
    return TRUE;
  if (fol_pin_verify (hash, gtk_editable_get_text (GTK_EDITABLE (self->pin_current_row))))
    return TRUE;
  show_pin_message (self, _("The current PIN is wrong: nothing was changed."), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->pin_current_row));
  return FALSE;
}

static void
set_pin_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  FolPreferencesWindow *self = FOL_PREFERENCES_WINDOW (widget);
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->pin_new_row));
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->pin_confirm_row));
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  gboolean had_pin = has_pin (self);

  if (!current_pin_ok (self))
    return;

  if (!fol_pin_check (pin, &error))
    {
      /* Translators: %s says what is wrong with the new PIN */
      g_autofree char *message = g_strdup_printf (_("New PIN: %s."), error->message);

      show_pin_message (self, message, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->pin_new_row));
      return;
    }
  if (g_strcmp0 (pin, confirm) != 0)
    {
      show_pin_message (self, _("The new PIN and its confirmation do not match: nothing was "
                                "changed."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->pin_confirm_row));
      return;
    }

  hash = fol_pin_hash (pin, &error);
  if (hash == NULL || !g_settings_set_string (self->settings, "review-pin-hash", hash))
    {
      g_autofree char *message = g_strdup_printf (_("The PIN was not saved: %s"),
                                                  error != NULL ? error->message
                                                  : _("the settings are read-only"));

      show_pin_message (self, message, TRUE);
      return;
    }

  clear_pin_fields (self);
  show_pin_message (self, had_pin ? _("The review PIN was changed.")
                                  : _("The review PIN was set."), FALSE);
}

static void
clear_pin_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  FolPreferencesWindow *self = FOL_PREFERENCES_WINDOW (widget);

  if (!has_pin (self) || !current_pin_ok (self))
    return;

  g_settings_reset (self->settings, "review-pin-hash");
  clear_pin_fields (self);
  show_pin_message (self, _("The review PIN was cleared: leaving review mode asks only for a "
                            "confirmation."), FALSE);
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
        gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, _("Show or hide the PIN"),
                                        -1);
      name_peek_buttons (child);
    }
}

static void
fol_preferences_window_dispose (GObject *object)
{
  FolPreferencesWindow *self = FOL_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FOL_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (fol_preferences_window_parent_class)->dispose (object);
}

static void
fol_preferences_window_class_init (FolPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fol_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/fol-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FolPreferencesWindow, clinician_row);
  gtk_widget_class_bind_template_child (widget_class, FolPreferencesWindow, threshold_spin);
  gtk_widget_class_bind_template_child (widget_class, FolPreferencesWindow, terminal_spin);
  gtk_widget_class_bind_template_child (widget_class, FolPreferencesWindow, regions_group);
  gtk_widget_class_bind_template_child (widget_class, FolPreferencesWindow, pin_status_row);
  gtk_widget_class_bind_template_child (widget_class, FolPreferencesWindow, pin_current_row);
  gtk_widget_class_bind_template_child (widget_class, FolPreferencesWindow, pin_new_row);
  gtk_widget_class_bind_template_child (widget_class, FolPreferencesWindow, pin_confirm_row);
  gtk_widget_class_bind_template_child (widget_class, FolPreferencesWindow, pin_set_button);
  gtk_widget_class_bind_template_child (widget_class, FolPreferencesWindow, pin_message_label);

  gtk_widget_class_install_action (widget_class, "pin.set", NULL, set_pin_action);
  gtk_widget_class_install_action (widget_class, "pin.clear", NULL, clear_pin_action);

  g_type_ensure (ADW_TYPE_PASSWORD_ENTRY_ROW);
}

static void
fol_preferences_window_init (FolPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  name_peek_buttons (GTK_WIDGET (self->pin_current_row));
  name_peek_buttons (GTK_WIDGET (self->pin_new_row));
  name_peek_buttons (GTK_WIDGET (self->pin_confirm_row));

  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), fol_region_name (r));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), fol_region_description (r));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, fol_region_name (r),
                                      -1);
      adw_preferences_group_add (self->regions_group, row);
      self->region_checks[r] = GTK_CHECK_BUTTON (check);
    }
}

GtkWidget *
fol_preferences_window_new (GSettings *settings)
{
  FolPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (FOL_TYPE_PREFERENCES_WINDOW, NULL);
  self->settings = g_object_ref (settings);

  g_settings_bind (settings, "clinician-name", self->clinician_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "change-threshold", self->threshold_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "terminal-threshold", self->terminal_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (settings, "changed::review-pin-hash", G_CALLBACK (update_pin), self,
                           G_CONNECT_SWAPPED);
  update_pin (self);

  load_regions (self);
  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    g_signal_connect_object (self->region_checks[r], "toggled",
                             G_CALLBACK (region_toggled_cb), self, G_CONNECT_SWAPPED);

  return GTK_WIDGET (self);
}
