/* fol-photo-import-dialog.c
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

#define G_LOG_DOMAIN "fol-photo-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "fol-catalog.h"
#include "fol-photo-import-dialog.h"
#include "fol-form.h"
#include "fol-resources.h"
#include "fol-scalp-map.h"

/* Asks which visit and scalp region photos being added belong to. The
 * region can be chosen from the list or on the scalp map; both stay in step.
 */

struct _FolPhotoImportDialog
{
  AdwMessageDialog parent_instance;

  /* Template widgets */
  GtkDropDown *visit_dropdown;
  GtkDropDown *region_dropdown;
  FolScalpMap *scalp_map;

  /* Owned */
  GPtrArray   *visits;   /* FolVisit, in the order shown */
  gboolean     syncing;
};

G_DEFINE_FINAL_TYPE (FolPhotoImportDialog, fol_photo_import_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* Callbacks */

static void
region_selected_cb (FolPhotoImportDialog *self)
{
  guint selected = gtk_drop_down_get_selected (self->region_dropdown);

  if (self->syncing || selected >= FOL_N_REGIONS)
    return;
  self->syncing = TRUE;
  fol_scalp_map_set_selected_regions (self->scalp_map, FOL_REGION_BIT (selected));
  self->syncing = FALSE;
}

static void
map_selected_cb (FolPhotoImportDialog *self)
{
  guint mask = fol_scalp_map_get_selected_regions (self->scalp_map);

  if (self->syncing)
    return;
  for (guint r = 0; r < FOL_N_REGIONS; r++)
    if (mask & FOL_REGION_BIT (r))
      {
        self->syncing = TRUE;
        gtk_drop_down_set_selected (self->region_dropdown, r);
        self->syncing = FALSE;
        return;
      }
}

/* Vfuncs */

static void
fol_photo_import_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FOL_TYPE_PHOTO_IMPORT_DIALOG);

  G_OBJECT_CLASS (fol_photo_import_dialog_parent_class)->dispose (object);
}

static void
fol_photo_import_dialog_finalize (GObject *object)
{
  FolPhotoImportDialog *self = (FolPhotoImportDialog *) object;

  g_clear_pointer (&self->visits, g_ptr_array_unref);

  G_OBJECT_CLASS (fol_photo_import_dialog_parent_class)->finalize (object);
}

static void
fol_photo_import_dialog_class_init (FolPhotoImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fol_photo_import_dialog_dispose;
  object_class->finalize = fol_photo_import_dialog_finalize;

  /* Referenced so that the bundle is linked in and registered, also in
   * programs (tests) that do not start the application.
   */
  g_assert (fol_get_resource () != NULL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/fol-photo-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FolPhotoImportDialog, visit_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoImportDialog, region_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoImportDialog, scalp_map);

  g_type_ensure (FOL_TYPE_SCALP_MAP);
}

static void
fol_photo_import_dialog_init (FolPhotoImportDialog *self)
{
  g_autoptr(GtkStringList) regions = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  fol_form_name_drop_down (self->visit_dropdown, _("Visit the photos were taken at"));
  fol_form_name_drop_down (self->region_dropdown, _("Scalp region the photos show"));

  for (guint r = 0; r < FOL_N_REGIONS; r++)
    gtk_string_list_append (regions, fol_region_name (r));
  gtk_drop_down_set_model (self->region_dropdown, G_LIST_MODEL (regions));
  fol_scalp_map_set_selection_mode (self->scalp_map, GTK_SELECTION_SINGLE);

  g_signal_connect_object (self->region_dropdown, "notify::selected",
                           G_CALLBACK (region_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scalp_map, "notify::selected-regions",
                           G_CALLBACK (map_selected_cb), self, G_CONNECT_SWAPPED);
}

/* Public API */

/**
 * fol_photo_import_dialog_new:
 * @visits: (element-type FolVisit): the patient's visits, in the order to
 *   show them; the first is chosen
 * @region: the region chosen at first
 */
GtkWidget *
fol_photo_import_dialog_new (GtkWindow *parent,
                             GPtrArray *visits,
                             FolRegion  region,
                             guint      n_files)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *body = NULL;
  FolPhotoImportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (visits != NULL, NULL);
  g_return_val_if_fail (region < FOL_N_REGIONS, NULL);

  self = g_object_new (FOL_TYPE_PHOTO_IMPORT_DIALOG,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  self->visits = g_ptr_array_ref (visits);

  for (guint i = 0; i < visits->len; i++)
    {
      FolVisit *visit = g_ptr_array_index (visits, i);
      g_autofree char *date = fol_date_format (fol_visit_get_date (visit));
      g_autofree char *label = NULL;

      /* Translators: a visit: date — kind */
      label = g_strdup_printf (_("%s — %s"), date,
                               fol_catalog_label (FOL_CATALOG_VISIT_KIND, fol_visit_get_kind (visit)));
      gtk_string_list_append (labels, label);
    }
  gtk_drop_down_set_model (self->visit_dropdown, G_LIST_MODEL (labels));

  body = g_strdup_printf (ngettext ("Which visit and scalp region does the photo show?",
                                    "Which visit and scalp region do the %u photos show?",
                                    n_files), n_files);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
  fol_photo_import_dialog_set_region (self, region);

  return GTK_WIDGET (self);
}

/**
 * fol_photo_import_dialog_get_visit:
 *
 * Returns: (transfer none) (nullable): the visit chosen
 */
FolVisit *
fol_photo_import_dialog_get_visit (FolPhotoImportDialog *self)
{
  guint selected;

  g_return_val_if_fail (FOL_IS_PHOTO_IMPORT_DIALOG (self), NULL);

  selected = gtk_drop_down_get_selected (self->visit_dropdown);
  return selected < self->visits->len ? g_ptr_array_index (self->visits, selected) : NULL;
}

FolRegion
fol_photo_import_dialog_get_region (FolPhotoImportDialog *self)
{
  guint selected;

  g_return_val_if_fail (FOL_IS_PHOTO_IMPORT_DIALOG (self), FOL_REGION_NONE);

  selected = gtk_drop_down_get_selected (self->region_dropdown);
  return selected < FOL_N_REGIONS ? (FolRegion) selected : FOL_REGION_NONE;
}

void
fol_photo_import_dialog_set_region (FolPhotoImportDialog *self,
                                    FolRegion             region)
{
  g_return_if_fail (FOL_IS_PHOTO_IMPORT_DIALOG (self));
  g_return_if_fail (region < FOL_N_REGIONS);

  gtk_drop_down_set_selected (self->region_dropdown, region);
  /* Also when the drop-down already showed it. */
  region_selected_cb (self);
}
