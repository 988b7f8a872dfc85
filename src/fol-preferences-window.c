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
}

static void
fol_preferences_window_init (FolPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

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

  load_regions (self);
  for (FolRegion r = 0; r < FOL_N_REGIONS; r++)
    g_signal_connect_object (self->region_checks[r], "toggled",
                             G_CALLBACK (region_toggled_cb), self, G_CONNECT_SWAPPED);

  return GTK_WIDGET (self);
}
