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
#include "fol-photo-files.h"
#include "fol-photo-import.h"
#include "fol-photo-import-dialog.h"
#include "fol-photo-tile.h"
#include "fol-form.h"
#include "fol-resources.h"
#include "fol-scalp-map.h"

/* Asks which visit and scalp region each photo being added belongs to.
 * Each file is listed with its name and thumbnail, its visit preset to the
 * one nearest to the day it was taken (the camera's date, else the file's)
 * and its region to the one chosen for all; the region for all can be
 * chosen from the list or on the scalp map, and both stay in step.
 */

#define THUMBNAIL_SIZE 64

typedef struct
{
  GFile       *file;
  char        *name;            /* as the user knows it */
  GtkWidget   *row;
  GtkPicture  *picture;
  GtkLabel    *date_label;
  GtkDropDown *visit_dropdown;
  GtkDropDown *region_dropdown;
  guint        default_visit;   /* index into visits: the nearest to its date */
} FileRow;

struct _FolPhotoImportDialog
{
  AdwMessageDialog parent_instance;

  /* Template widgets */
  GtkLabel    *visit_label;
  GtkDropDown *visit_dropdown;
  GtkLabel    *region_label;
  GtkDropDown *region_dropdown;
  FolScalpMap *scalp_map;
  GtkLabel    *files_label;
  GtkListBox  *file_list;

  /* Owned */
  GPtrArray    *visits;   /* FolVisit, in the order shown */
  GPtrArray    *rows;     /* FileRow */
  GCancellable *probes;
  guint         n_pending;
  gboolean      syncing;
};

G_DEFINE_FINAL_TYPE (FolPhotoImportDialog, fol_photo_import_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  PROP_0,
  PROP_READY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static void
file_row_free (FileRow *row)
{
  g_clear_object (&row->file);
  g_free (row->name);
  g_free (row);
}

static char *
visit_label (FolVisit *visit)
{
  g_autofree char *date = fol_date_format (fol_visit_get_date (visit));

  /* Translators: a visit: date — kind */
  return g_strdup_printf (_("%s — %s"), date,
                          fol_catalog_label (FOL_CATALOG_VISIT_KIND, fol_visit_get_kind (visit)));
}

static char *
file_display_name (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *base = NULL;

  if (path == NULL)
    return g_file_get_parse_name (file);
  base = g_path_get_basename (path);
  return g_filename_display_name (base);
}

/* Probing a file's date and thumbnail, in a thread */

typedef struct
{
  FolDate    date;
  gboolean   from_camera;
  GdkPixbuf *thumbnail;
  char      *problem;    /* why no thumbnail could be made, if none */
} Probe;

static void
probe_free (Probe *probe)
{
  g_clear_object (&probe->thumbnail);
  g_free (probe->problem);
  g_free (probe);
}

static void
probe_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autofree char *path = g_file_get_path (file);
  Probe *probe = g_new0 (Probe, 1);

  if (fol_photo_probe_date (file, &probe->date, &probe->from_camera) && path != NULL &&
      !g_cancellable_is_cancelled (cancellable))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_filename_display_basename (path);

      /* Named as the user knows it; a damaged file says so before Add. */
      probe->thumbnail = fol_photo_load_as (path, name, THUMBNAIL_SIZE, &error);
      if (probe->thumbnail == NULL)
        probe->problem = g_strdup (error->message);
    }
  g_task_return_pointer (task, probe, (GDestroyNotify) probe_free);
}

static void
probe_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  FolPhotoImportDialog *self = FOL_PHOTO_IMPORT_DIALOG (source);
  Probe *probe = g_task_propagate_pointer (G_TASK (result), NULL);
  guint index = GPOINTER_TO_UINT (user_data);
  FileRow *row;

  /* Closed meanwhile. */
  if (self->rows == NULL || index >= self->rows->len || probe == NULL)
    {
      g_clear_pointer (&probe, probe_free);
      return;
    }

  row = g_ptr_array_index (self->rows, index);
  if (probe->date != FOL_DATE_NONE)
    {
      g_autofree char *date = fol_date_format (probe->date);
      g_autofree char *text = NULL;

      text = probe->from_camera ? g_strdup_printf (_("Taken on %s"), date)
                                : g_strdup_printf (_("File dated %s"), date);
      gtk_label_set_text (row->date_label, text);
      row->default_visit = fol_photo_nearest_visit (self->visits, probe->date);

      /* Each photo follows its own date unless one visit was chosen for all. */
      if (gtk_drop_down_get_selected (self->visit_dropdown) == 0)
        gtk_drop_down_set_selected (row->visit_dropdown, row->default_visit);
    }
  if (probe->thumbnail != NULL)
    {
      g_autoptr(GdkTexture) texture = gdk_texture_new_for_pixbuf (probe->thumbnail);

      gtk_picture_set_paintable (row->picture, GDK_PAINTABLE (texture));
    }
  else if (probe->problem != NULL)
    {
      g_autoptr(GdkPaintable) sign = fol_photo_unreadable_paintable (GTK_WIDGET (row->picture),
                                                                     THUMBNAIL_SIZE);

      gtk_picture_set_paintable (row->picture, sign);
      gtk_label_set_text (row->date_label, probe->problem);
      gtk_widget_add_css_class (GTK_WIDGET (row->date_label), "error");
    }
  probe_free (probe);

  g_assert (self->n_pending > 0);
  if (--self->n_pending == 0)
    {
      adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "import", TRUE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
    }
}

/* Callbacks */

static void
all_visit_selected_cb (FolPhotoImportDialog *self)
{
  guint selected = gtk_drop_down_get_selected (self->visit_dropdown);

  if (self->rows == NULL)
    return;
  for (guint i = 0; i < self->rows->len; i++)
    {
      FileRow *row = g_ptr_array_index (self->rows, i);

      /* 0: the visit nearest to each photo's date. */
      gtk_drop_down_set_selected (row->visit_dropdown,
                                  selected == 0 ? row->default_visit : selected - 1);
    }
}

static void
region_selected_cb (FolPhotoImportDialog *self)
{
  guint selected = gtk_drop_down_get_selected (self->region_dropdown);

  if (self->syncing || selected >= FOL_N_REGIONS)
    return;
  self->syncing = TRUE;
  fol_scalp_map_set_selected_regions (self->scalp_map, FOL_REGION_BIT (selected));
  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    {
      FileRow *row = g_ptr_array_index (self->rows, i);

      gtk_drop_down_set_selected (row->region_dropdown, selected);
    }
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
        gtk_drop_down_set_selected (self->region_dropdown, r);
        return;
      }
}

static FileRow *
add_file_row (FolPhotoImportDialog *self,
              GFile                *file,
              GListModel           *visit_labels,
              GListModel           *region_names,
              gboolean              single)
{
  FileRow *row = g_new0 (FileRow, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *details = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *name_label;
  g_autofree char *accessible = NULL;

  row->file = g_object_ref (file);
  row->name = file_display_name (file);

  row->picture = GTK_PICTURE (gtk_picture_new ());
  gtk_widget_set_size_request (GTK_WIDGET (row->picture), THUMBNAIL_SIZE, THUMBNAIL_SIZE);
  gtk_widget_set_valign (GTK_WIDGET (row->picture), GTK_ALIGN_START);
  gtk_picture_set_can_shrink (row->picture, TRUE);
  /* Translators: %s is a file name */
  accessible = g_strdup_printf (_("Thumbnail of “%s”"), row->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_clear_pointer (&accessible, g_free);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->picture));

  /* The whole name, wrapped: two files of one camera often differ only at
   * the end.
   */
  name_label = gtk_label_new (row->name);
  gtk_label_set_wrap (GTK_LABEL (name_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (name_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (name_label), 0);
  gtk_widget_add_css_class (name_label, "heading");
  gtk_box_append (GTK_BOX (details), name_label);

  row->date_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->date_label, 0);
  gtk_label_set_wrap (row->date_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (row->date_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (row->date_label), "caption");
  gtk_box_append (GTK_BOX (details), GTK_WIDGET (row->date_label));

  row->visit_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (g_object_ref (visit_labels), NULL));
  /* Translators: %s is a file name */
  accessible = g_strdup_printf (_("Visit of “%s”"), row->name);
  fol_form_name_drop_down (row->visit_dropdown, accessible);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row->visit_dropdown), accessible);
  g_clear_pointer (&accessible, g_free);
  gtk_box_append (GTK_BOX (details), GTK_WIDGET (row->visit_dropdown));

  row->region_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (g_object_ref (region_names), NULL));
  /* Translators: %s is a file name */
  accessible = g_strdup_printf (_("Region of “%s”"), row->name);
  fol_form_name_drop_down (row->region_dropdown, accessible);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row->region_dropdown), accessible);
  /* With one photo, the region for all is its region. */
  gtk_widget_set_visible (GTK_WIDGET (row->region_dropdown), !single);
  gtk_box_append (GTK_BOX (details), GTK_WIDGET (row->region_dropdown));

  gtk_widget_set_hexpand (details, TRUE);
  gtk_box_append (GTK_BOX (box), details);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  row->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row->row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row->row), FALSE);
  /* Tab goes from one control to the next, not through the rows. */
  gtk_widget_set_focusable (row->row, FALSE);
  gtk_list_box_append (self->file_list, row->row);
  return row;
}

/* Vfuncs */

static void
fol_photo_import_dialog_dispose (GObject *object)
{
  FolPhotoImportDialog *self = (FolPhotoImportDialog *) object;

  g_cancellable_cancel (self->probes);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), FOL_TYPE_PHOTO_IMPORT_DIALOG);

  G_OBJECT_CLASS (fol_photo_import_dialog_parent_class)->dispose (object);
}

static void
fol_photo_import_dialog_finalize (GObject *object)
{
  FolPhotoImportDialog *self = (FolPhotoImportDialog *) object;

  g_clear_pointer (&self->visits, g_ptr_array_unref);
  g_clear_object (&self->probes);

  G_OBJECT_CLASS (fol_photo_import_dialog_parent_class)->finalize (object);
}

static void
fol_photo_import_dialog_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  FolPhotoImportDialog *self = FOL_PHOTO_IMPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_READY:
      g_value_set_boolean (value, fol_photo_import_dialog_is_ready (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fol_photo_import_dialog_class_init (FolPhotoImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fol_photo_import_dialog_dispose;
  object_class->finalize = fol_photo_import_dialog_finalize;
  object_class->get_property = fol_photo_import_dialog_get_property;

  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Referenced so that the bundle is linked in and registered, also in
   * programs (tests) that do not start the application.
   */
  g_assert (fol_get_resource () != NULL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/fol-photo-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FolPhotoImportDialog, visit_label);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoImportDialog, visit_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoImportDialog, region_label);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoImportDialog, region_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoImportDialog, scalp_map);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoImportDialog, files_label);
  gtk_widget_class_bind_template_child (widget_class, FolPhotoImportDialog, file_list);

  g_type_ensure (FOL_TYPE_SCALP_MAP);
}

static void
fol_photo_import_dialog_init (FolPhotoImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fol_form_name_drop_down (self->visit_dropdown, _("Visit the photos were taken at"));
  fol_form_name_drop_down (self->region_dropdown, _("Scalp region the photos show"));

  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) file_row_free);
  self->probes = g_cancellable_new ();
  fol_scalp_map_set_selection_mode (self->scalp_map, GTK_SELECTION_SINGLE);
}

/* Public API */

/**
 * fol_photo_import_dialog_new:
 * @visits: (element-type FolVisit): the patient's visits, in the order to
 *   show them; until a photo's date is known, the first is chosen for it
 * @region: the region chosen at first for every photo
 * @files: (element-type GFile): the files to add
 */
GtkWidget *
fol_photo_import_dialog_new (GtkWindow *parent,
                             GPtrArray *visits,
                             FolRegion  region,
                             GPtrArray *files)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) all_labels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) regions = gtk_string_list_new (NULL);
  g_autofree char *body = NULL;
  FolPhotoImportDialog *self;
  gboolean single;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (visits != NULL && visits->len > 0, NULL);
  g_return_val_if_fail (region < FOL_N_REGIONS, NULL);
  g_return_val_if_fail (files != NULL && files->len > 0, NULL);

  self = g_object_new (FOL_TYPE_PHOTO_IMPORT_DIALOG,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  self->visits = g_ptr_array_ref (visits);
  single = files->len == 1;

  gtk_string_list_append (all_labels, _("Nearest to each photo’s date"));
  for (guint i = 0; i < visits->len; i++)
    {
      g_autofree char *label = visit_label (g_ptr_array_index (visits, i));

      gtk_string_list_append (labels, label);
      gtk_string_list_append (all_labels, label);
    }
  gtk_drop_down_set_model (self->visit_dropdown, G_LIST_MODEL (all_labels));
  for (guint r = 0; r < FOL_N_REGIONS; r++)
    gtk_string_list_append (regions, fol_region_name (r));
  gtk_drop_down_set_model (self->region_dropdown, G_LIST_MODEL (regions));

  /* With one photo, its own visit is the one for all. */
  gtk_widget_set_visible (GTK_WIDGET (self->visit_label), !single);
  gtk_widget_set_visible (GTK_WIDGET (self->visit_dropdown), !single);
  gtk_widget_set_visible (GTK_WIDGET (self->files_label), !single);
  if (single)
    {
      gtk_label_set_text_with_mnemonic (self->region_label, _("_Region"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->region_dropdown),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Scalp region the photo shows"), -1);
    }

  for (guint i = 0; i < files->len; i++)
    {
      FileRow *row = add_file_row (self, g_ptr_array_index (files, i), G_LIST_MODEL (labels),
                                   G_LIST_MODEL (regions), single);
      g_autoptr(GTask) task = NULL;

      g_ptr_array_add (self->rows, row);
      gtk_drop_down_set_selected (row->visit_dropdown, 0);
      gtk_drop_down_set_selected (row->region_dropdown, region);

      task = g_task_new (self, self->probes, probe_done_cb, GUINT_TO_POINTER (i));
      g_task_set_task_data (task, g_object_ref (row->file), g_object_unref);
      g_task_run_in_thread (task, probe_thread);
      self->n_pending++;
    }

  /* Until each photo's date is known, its visit may still change. */
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "import", FALSE);

  g_signal_connect_object (self->visit_dropdown, "notify::selected",
                           G_CALLBACK (all_visit_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->region_dropdown, "notify::selected",
                           G_CALLBACK (region_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scalp_map, "notify::selected-regions",
                           G_CALLBACK (map_selected_cb), self, G_CONNECT_SWAPPED);

  body = g_strdup_printf (ngettext ("Which visit and scalp region does the photo show?",
                                    "Which visits and scalp regions do the %u photos show? Each "
                                    "starts at the visit nearest to the day it was taken.",
                                    files->len), files->len);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
  fol_photo_import_dialog_set_region (self, region);

  return GTK_WIDGET (self);
}

/* Whether every photo's date was looked at, so that Add is on. */
gboolean
fol_photo_import_dialog_is_ready (FolPhotoImportDialog *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO_IMPORT_DIALOG (self), FALSE);
  return self->n_pending == 0;
}

guint
fol_photo_import_dialog_get_n_files (FolPhotoImportDialog *self)
{
  g_return_val_if_fail (FOL_IS_PHOTO_IMPORT_DIALOG (self), 0);
  return self->rows != NULL ? self->rows->len : 0;
}

static FileRow *
get_row (FolPhotoImportDialog *self,
         guint                 index)
{
  if (self->rows == NULL || index >= self->rows->len)
    return NULL;
  return g_ptr_array_index (self->rows, index);
}

/**
 * fol_photo_import_dialog_get_file:
 *
 * Returns: (transfer none) (nullable): the @index-th file
 */
GFile *
fol_photo_import_dialog_get_file (FolPhotoImportDialog *self,
                                  guint                 index)
{
  FileRow *row;

  g_return_val_if_fail (FOL_IS_PHOTO_IMPORT_DIALOG (self), NULL);
  row = get_row (self, index);
  return row != NULL ? row->file : NULL;
}

/**
 * fol_photo_import_dialog_get_file_row:
 *
 * Returns: (transfer none) (nullable): the row that shows the @index-th file
 */
GtkWidget *
fol_photo_import_dialog_get_file_row (FolPhotoImportDialog *self,
                                      guint                 index)
{
  FileRow *row;

  g_return_val_if_fail (FOL_IS_PHOTO_IMPORT_DIALOG (self), NULL);
  row = get_row (self, index);
  return row != NULL ? row->row : NULL;
}

/**
 * fol_photo_import_dialog_get_file_visit:
 *
 * Returns: (transfer none) (nullable): the visit chosen for the @index-th file
 */
FolVisit *
fol_photo_import_dialog_get_file_visit (FolPhotoImportDialog *self,
                                        guint                 index)
{
  FileRow *row;
  guint selected;

  g_return_val_if_fail (FOL_IS_PHOTO_IMPORT_DIALOG (self), NULL);

  row = get_row (self, index);
  if (row == NULL)
    return NULL;
  selected = gtk_drop_down_get_selected (row->visit_dropdown);
  return selected < self->visits->len ? g_ptr_array_index (self->visits, selected) : NULL;
}

/* Chooses @visit (one of the visits shown) for the @index-th file. */
void
fol_photo_import_dialog_set_file_visit (FolPhotoImportDialog *self,
                                        guint                 index,
                                        FolVisit             *visit)
{
  FileRow *row;
  guint position;

  g_return_if_fail (FOL_IS_PHOTO_IMPORT_DIALOG (self));
  g_return_if_fail (FOL_IS_VISIT (visit));

  row = get_row (self, index);
  g_return_if_fail (row != NULL);
  if (g_ptr_array_find (self->visits, visit, &position))
    gtk_drop_down_set_selected (row->visit_dropdown, position);
}

FolRegion
fol_photo_import_dialog_get_file_region (FolPhotoImportDialog *self,
                                         guint                 index)
{
  FileRow *row;
  guint selected;

  g_return_val_if_fail (FOL_IS_PHOTO_IMPORT_DIALOG (self), FOL_REGION_NONE);

  row = get_row (self, index);
  if (row == NULL)
    return FOL_REGION_NONE;
  selected = gtk_drop_down_get_selected (row->region_dropdown);
  return selected < FOL_N_REGIONS ? (FolRegion) selected : FOL_REGION_NONE;
}

void
fol_photo_import_dialog_set_file_region (FolPhotoImportDialog *self,
                                         guint                 index,
                                         FolRegion             region)
{
  FileRow *row;

  g_return_if_fail (FOL_IS_PHOTO_IMPORT_DIALOG (self));
  g_return_if_fail (region < FOL_N_REGIONS);

  row = get_row (self, index);
  g_return_if_fail (row != NULL);
  gtk_drop_down_set_selected (row->region_dropdown, region);
}

/**
 * fol_photo_import_dialog_set_visit:
 * @visit: (nullable): the visit of every photo, or %NULL for the visit
 *   nearest to each photo's date
 */
void
fol_photo_import_dialog_set_visit (FolPhotoImportDialog *self,
                                   FolVisit             *visit)
{
  guint position = 0;

  g_return_if_fail (FOL_IS_PHOTO_IMPORT_DIALOG (self));
  g_return_if_fail (visit == NULL || FOL_IS_VISIT (visit));

  if (visit != NULL && !g_ptr_array_find (self->visits, visit, &position))
    return;
  gtk_drop_down_set_selected (self->visit_dropdown, visit != NULL ? position + 1 : 0);
}

/* The region chosen for all photos. */
FolRegion
fol_photo_import_dialog_get_region (FolPhotoImportDialog *self)
{
  guint selected;

  g_return_val_if_fail (FOL_IS_PHOTO_IMPORT_DIALOG (self), FOL_REGION_NONE);

  selected = gtk_drop_down_get_selected (self->region_dropdown);
  return selected < FOL_N_REGIONS ? (FolRegion) selected : FOL_REGION_NONE;
}

/* Chooses @region for every photo. */
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
