/* fol-photos-page.c
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

#define G_LOG_DOMAIN "fol-photos-page"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fol-photo-import.h"
#include "fol-photo-import-dialog.h"
#include "fol-photo-tile.h"
#include "fol-photos-page.h"
#include "fol-form.h"
#include "fol-resources.h"

/* A patient's photos: a gallery per region across visits, newest first,
 * with import (file chooser or drag and drop), comparison and hair counts.
 */

struct _FolPhotosPage
{
  GtkWidget parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkDropDown     *region_dropdown;
  GtkRevealer     *progress_revealer;
  GtkProgressBar  *progress_bar;
  GtkRevealer     *messages_revealer;
  GtkLabel        *messages_label;
  GtkStack        *stack;
  GtkGridView     *grid_view;

  /* Borrowed */
  GtkWidget       *import_dialog;

  /* Owned */
  FolStore        *store;
  char            *patient_id;
  FolRegion        region;          /* FOL_REGION_NONE for all */
  GListStore      *photos;
  GtkFilter       *filter;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  GPtrArray       *visits;          /* FolVisit, newest first */
  GHashTable      *thumbnails;      /* sha256 → GdkTexture */
  GCancellable    *import_cancellable;
  GPtrArray       *pending_files;   /* GFile, waiting for the import dialog */
  char            *import_messages;
};

G_DEFINE_FINAL_TYPE (FolPhotosPage, fol_photos_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_IMPORTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static void
update_actions (FolPhotosPage *self)
{
  gboolean importing = self->import_cancellable != NULL;
  gboolean has_selection = gtk_single_selection_get_selected_item (self->selection) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "photos.add",
                                 self->patient_id != NULL && !importing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "photos.cancel-import", importing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "photos.count", has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "photos.delete", has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "photos.compare",
                                 g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0);
}

static void
update_stack (FolPhotosPage *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "gallery");
  update_actions (self);
}

static void
reload_photos (FolPhotosPage *self)
{
  g_autoptr(GPtrArray) photos = NULL;
  g_autoptr(GError) error = NULL;

  if (self->patient_id == NULL)
    {
      g_list_store_remove_all (self->photos);
      update_stack (self);
      return;
    }

  photos = fol_store_list_photos (self->store, self->patient_id, &error);
  if (photos == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  g_list_store_splice (self->photos, 0, g_list_model_get_n_items (G_LIST_MODEL (self->photos)),
                       photos->pdata, photos->len);
  update_stack (self);
}

static void
reload_visits (FolPhotosPage *self)
{
  g_autoptr(FolHistory) history = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_set_size (self->visits, 0);
  if (self->patient_id == NULL)
    return;

  history = fol_store_load_history (self->store, self->patient_id, &error);
  if (history == NULL)
    return;

  for (guint i = fol_history_get_n_visits (history); i > 0; i--)
    g_ptr_array_add (self->visits, g_object_ref (fol_history_get_visit (history, i - 1)));
}

static gboolean
filter_photo (gpointer item,
              gpointer user_data)
{
  FolPhotosPage *self = user_data;

  return self->region == FOL_REGION_NONE || fol_photo_get_region (item) == self->region;
}

/* Gallery items */

static void
setup_item_cb (FolPhotosPage            *self,
               GtkListItem              *item,
               GtkSignalListItemFactory *factory)
{
  gtk_list_item_set_child (item, fol_photo_tile_new ());
}

static void
bind_item_cb (FolPhotosPage            *self,
              GtkListItem              *item,
              GtkSignalListItemFactory *factory)
{
  fol_photo_tile_bind (FOL_PHOTO_TILE (gtk_list_item_get_child (item)), self->store,
                       gtk_list_item_get_item (item), self->thumbnails);
}

static void
unbind_item_cb (FolPhotosPage            *self,
                GtkListItem              *item,
                GtkSignalListItemFactory *factory)
{
  fol_photo_tile_unbind (FOL_PHOTO_TILE (gtk_list_item_get_child (item)));
}

/* Import */

static void
import_progress_cb (guint    n_done,
                    guint    n_files,
                    gpointer user_data)
{
  FolPhotosPage *self = user_data;
  g_autofree char *text = g_strdup_printf (_("Imported %u of %u"), n_done, n_files);

  gtk_progress_bar_set_fraction (self->progress_bar, n_files > 0 ? (double) n_done / n_files : 1);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

/* A note when the photo was taken on another day than its visit's. */
static char *
taken_elsewhen_note (FolPhotosPage        *self,
                     FolPhotoImportResult *result)
{
  for (guint i = 0; i < self->visits->len; i++)
    {
      FolVisit *visit = g_ptr_array_index (self->visits, i);

      if (g_strcmp0 (fol_visit_get_id (visit), fol_photo_get_visit_id (result->photo)) == 0)
        return fol_photo_import_taken_note (result, fol_visit_get_date (visit));
    }
  return NULL;
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FolPhotosPage) self = user_data;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) messages = g_string_new (NULL);
  g_autofree char *toast = NULL;
  guint n_ok = 0;

  results = fol_photo_import_finish (FOL_STORE (source), result, &error);
  g_clear_object (&self->import_cancellable);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);

  if (results == NULL)
    g_string_append (messages, error->message);
  else
    for (guint i = 0; i < results->len; i++)
      {
        FolPhotoImportResult *r = g_ptr_array_index (results, i);

        g_autofree char *note = NULL;

        if (r->status == FOL_PHOTO_IMPORT_OK)
          {
            n_ok++;
            note = taken_elsewhen_note (self, r);
          }
        else
          note = g_strdup (r->message);

        if (note != NULL)
          {
            if (messages->len > 0)
              g_string_append_c (messages, '\n');
            g_string_append (messages, note);
          }
      }

  if (n_ok == 0)
    toast = g_strdup (_("No photos were imported"));
  else
    toast = g_strdup_printf (ngettext ("%u photo imported", "%u photos imported", n_ok), n_ok);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (toast));

  g_free (self->import_messages);
  self->import_messages = g_string_free (g_steal_pointer (&messages), FALSE);
  gtk_label_set_text (self->messages_label, self->import_messages);
  gtk_revealer_set_reveal_child (self->messages_revealer, self->import_messages[0] != '\0');

  reload_photos (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMPORTING]);
}

static void
import_dialog_response_cb (FolPhotosPage        *self,
                           const char           *response,
                           FolPhotoImportDialog *dialog)
{
  guint n = fol_photo_import_dialog_get_n_files (dialog);

  if (g_strcmp0 (response, "import") == 0 && n > 0 && self->import_cancellable == NULL)
    {
      g_autofree FolPhotoImportItem *items = g_new0 (FolPhotoImportItem, n);
      guint n_items = 0;

      for (guint i = 0; i < n; i++)
        {
          FolVisit *visit = fol_photo_import_dialog_get_file_visit (dialog, i);
          FolRegion region = fol_photo_import_dialog_get_file_region (dialog, i);

          if (visit == NULL || region == FOL_REGION_NONE)
            continue;
          items[n_items].file = fol_photo_import_dialog_get_file (dialog, i);
          items[n_items].visit_id = fol_visit_get_id (visit);
          items[n_items].region = region;
          n_items++;
        }
      if (n_items > 0)
        fol_photos_page_import_items (self, items, n_items);
    }

  g_clear_pointer (&self->pending_files, g_ptr_array_unref);
  self->import_dialog = NULL;
}

/* Asks for the visit and region of @files, then imports them. */
static void
ask_visit_and_region (FolPhotosPage *self,
                      GPtrArray     *files)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  FolRegion region = self->region == FOL_REGION_NONE ? FOL_REGION_FRONTAL : self->region;

  reload_visits (self);
  if (self->visits->len == 0)
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("Add a visit first: each photo belongs to a visit")));
      return;
    }
  if (self->import_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->import_dialog));

  g_clear_pointer (&self->pending_files, g_ptr_array_unref);
  self->pending_files = g_ptr_array_ref (files);

  self->import_dialog = fol_photo_import_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                     self->visits, region, files);
  g_signal_connect_object (self->import_dialog, "response",
                           G_CALLBACK (import_dialog_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->import_dialog));
}

static void
chooser_response_cb (FolPhotosPage        *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        g_ptr_array_add (array, g_list_model_get_item (files, i));
      if (array->len > 0)
        ask_visit_and_region (self, array);
    }
  g_object_unref (chooser);
}

static gboolean
drop_cb (FolPhotosPage  *self,
         const GValue   *value,
         double          x,
         double          y,
         GtkDropTarget  *target)
{
  g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || self->patient_id == NULL ||
      self->import_cancellable != NULL)
    return FALSE;

  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    g_ptr_array_add (array, g_object_ref (l->data));
  g_slist_free (files);

  if (array->len == 0)
    return FALSE;
  ask_visit_and_region (self, array);
  return TRUE;
}

/* Actions and callbacks */

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  FolPhotosPage *self = FOL_PHOTOS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Add Photos"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Photos (JPEG, PNG, TIFF, WebP)"));
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/tiff");
  gtk_file_filter_add_mime_type (filter, "image/webp");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FolPhotosPage *self = FOL_PHOTOS_PAGE (widget);

  g_cancellable_cancel (self->import_cancellable);
}

static void
dismiss_messages_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  FolPhotosPage *self = FOL_PHOTOS_PAGE (widget);

  gtk_revealer_set_reveal_child (self->messages_revealer, FALSE);
}

/* Whether @region has photos of at least two visits: a baseline and a
 * latest to compare.
 */
static gboolean
region_has_pair (FolPhotosPage *self,
                 FolRegion      region)
{
  GListModel *model = G_LIST_MODEL (self->photos);
  const char *first_visit = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FolPhoto) photo = g_list_model_get_item (model, i);

      if (fol_photo_get_region (photo) != region)
        continue;
      if (first_visit == NULL)
        first_visit = fol_photo_get_visit_id (photo);
      else if (g_strcmp0 (first_visit, fol_photo_get_visit_id (photo)) != 0)
        return TRUE;
    }
  return FALSE;
}

static FolRegion
region_to_compare (FolPhotosPage *self)
{
  FolPhoto *selected = gtk_single_selection_get_selected_item (self->selection);
  GListModel *model = G_LIST_MODEL (self->filtered);
  FolRegion newest = FOL_REGION_NONE;
  FolRegion paired = FOL_REGION_NONE;
  FolDate paired_date = FOL_DATE_NONE;

  if (self->region != FOL_REGION_NONE)
    return self->region;
  if (selected != NULL)
    return fol_photo_get_region (selected);

  /* With all regions shown: the region whose latest photo is the newest
   * among those that have photos of two visits, else the newest photo's.
   */
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FolPhoto) photo = g_list_model_get_item (model, i);
      FolRegion region = fol_photo_get_region (photo);
      FolDate date = fol_photo_get_visit_date (photo);

      if (newest == FOL_REGION_NONE)
        newest = region;
      if ((paired == FOL_REGION_NONE || date > paired_date) && region_has_pair (self, region))
        {
          paired = region;
          paired_date = date;
        }
    }
  return paired != FOL_REGION_NONE ? paired : newest;
}

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FolPhotosPage *self = FOL_PHOTOS_PAGE (widget);
  FolRegion region = region_to_compare (self);

  if (region != FOL_REGION_NONE)
    fol_photos_page_open_compare (self, region);
}

static void
count_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FolPhotosPage *self = FOL_PHOTOS_PAGE (widget);
  FolPhoto *selected = gtk_single_selection_get_selected_item (self->selection);

  if (selected != NULL)
    fol_photos_page_open_counter (self, selected);
}

static void
delete_response_cb (FolPhotosPage    *self,
                    const char       *response,
                    AdwMessageDialog *dialog)
{
  FolPhoto *photo = g_object_get_data (G_OBJECT (dialog), "fol-photo");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") == 0 && photo != NULL &&
      !fol_photo_delete (self->store, photo, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FolPhotosPage *self = FOL_PHOTOS_PAGE (widget);
  FolPhoto *photo = gtk_single_selection_get_selected_item (self->selection);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *visit = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (photo == NULL)
    return;

  visit = fol_photo_visit_label (fol_photo_get_visit_date (photo), fol_photo_get_visit_kind (photo));
  body = g_strdup_printf (_("The photo of %s from the visit of %s and the hair count made on it "
                            "will be deleted."),
                          fol_region_name (fol_photo_get_region (photo)), visit);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Delete the Photo?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "fol-photo", g_object_ref (photo), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
grid_activate_cb (FolPhotosPage *self,
                  guint          position)
{
  g_autoptr(FolPhoto) photo = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (photo != NULL)
    fol_photos_page_open_counter (self, photo);
}

static void
region_selected_cb (FolPhotosPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->region_dropdown);

  fol_photos_page_set_region (self, selected == 0 || selected > FOL_N_REGIONS
                                    ? FOL_REGION_NONE : (FolRegion) (selected - 1));
}

static void
store_changed_cb (FolPhotosPage *self,
                  guint          change,
                  const char    *patient_id)
{
  if (self->patient_id == NULL || (patient_id != NULL && g_strcmp0 (patient_id, self->patient_id) != 0))
    return;
  /* Visits carry the photos' dates and kinds. */
  if (change == FOL_STORE_CHANGE_PHOTO || change == FOL_STORE_CHANGE_VISIT)
    reload_photos (self);
}

static void
items_changed_cb (FolPhotosPage *self)
{
  update_stack (self);
}

/* Vfuncs */

static void
fol_photos_page_dispose (GObject *object)
{
  FolPhotosPage *self = (FolPhotosPage *) object;

  g_cancellable_cancel (self->import_cancellable);
  if (self->import_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->import_dialog));

  gtk_widget_dispose_template (GTK_WIDGET (self), FOL_TYPE_PHOTOS_PAGE);
  /* The template's top box is not a bound child: unparent it too. */
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }

  G_OBJECT_CLASS (fol_photos_page_parent_class)->dispose (object);
}

static void
fol_photos_page_finalize (GObject *object)
{
  FolPhotosPage *self = (FolPhotosPage *) object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->patient_id, g_free);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->photos);
  g_clear_pointer (&self->visits, g_ptr_array_unref);
  g_clear_pointer (&self->thumbnails, g_hash_table_unref);
  g_clear_object (&self->import_cancellable);
  g_clear_pointer (&self->pending_files, g_ptr_array_unref);
  g_clear_pointer (&self->import_messages, g_free);

  G_OBJECT_CLASS (fol_photos_page_parent_class)->finalize (object);
}

static void
fol_photos_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FolPhotosPage *self = FOL_PHOTOS_PAGE (object);

  switch (prop_id)
    {
    case PROP_IMPORTING:
      g_value_set_boolean (value, fol_photos_page_get_importing (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fol_photos_page_class_init (FolPhotosPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fol_photos_page_dispose;
  object_class->finalize = fol_photos_page_finalize;
  object_class->get_property = fol_photos_page_get_property;

  properties[PROP_IMPORTING] =
    g_param_spec_boolean ("importing", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Referenced so that the bundle is linked in and registered, also
   * in programs (tests) that do not start the application.
   */
  g_assert (fol_get_resource () != NULL);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/fol-photos-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FolPhotosPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FolPhotosPage, region_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FolPhotosPage, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, FolPhotosPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, FolPhotosPage, messages_revealer);
  gtk_widget_class_bind_template_child (widget_class, FolPhotosPage, messages_label);
  gtk_widget_class_bind_template_child (widget_class, FolPhotosPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FolPhotosPage, grid_view);
  gtk_widget_class_bind_template_callback (widget_class, grid_activate_cb);

  gtk_widget_class_install_action (widget_class, "photos.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "photos.cancel-import", NULL, cancel_import_action);
  gtk_widget_class_install_action (widget_class, "photos.dismiss-messages", NULL, dismiss_messages_action);
  gtk_widget_class_install_action (widget_class, "photos.compare", NULL, compare_action);
  gtk_widget_class_install_action (widget_class, "photos.count", NULL, count_action);
  gtk_widget_class_install_action (widget_class, "photos.delete", NULL, delete_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "photos.delete", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fol_photos_page_init (FolPhotosPage *self)
{
  g_autoptr(GtkStringList) regions = gtk_string_list_new (NULL);
  GtkListItemFactory *factory;
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  fol_form_name_drop_down (self->region_dropdown, _("Show the photos of a region"));

  self->region = FOL_REGION_NONE;
  self->visits = g_ptr_array_new_with_free_func (g_object_unref);
  self->thumbnails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->photos = g_list_store_new (FOL_TYPE_PHOTO);
  self->filter = GTK_FILTER (gtk_custom_filter_new (filter_photo, self, NULL));
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->photos)),
                                              g_object_ref (self->filter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_grid_view_set_model (self->grid_view, GTK_SELECTION_MODEL (self->selection));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_item_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_item_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_item_cb), self, G_CONNECT_SWAPPED);
  gtk_grid_view_set_factory (self->grid_view, factory);
  g_object_unref (factory);

  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);

  gtk_string_list_append (regions, _("All Regions"));
  for (guint r = 0; r < FOL_N_REGIONS; r++)
    gtk_string_list_append (regions, fol_region_name (r));
  gtk_drop_down_set_model (self->region_dropdown, G_LIST_MODEL (regions));
  g_signal_connect_object (self->region_dropdown, "notify::selected",
                           G_CALLBACK (region_selected_cb), self, G_CONNECT_SWAPPED);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  update_stack (self);
}

/* Public API */

GtkWidget *
fol_photos_page_new (FolStore *store)
{
  FolPhotosPage *self;

  g_return_val_if_fail (FOL_IS_STORE (store), NULL);

  self = g_object_new (FOL_TYPE_PHOTOS_PAGE, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

/**
 * fol_photos_page_set_patient:
 * @patient_id: (nullable): the patient whose photos to show
 */
void
fol_photos_page_set_patient (FolPhotosPage *self,
                             const char    *patient_id)
{
  g_return_if_fail (FOL_IS_PHOTOS_PAGE (self));

  if (g_strcmp0 (self->patient_id, patient_id) == 0)
    return;

  g_free (self->patient_id);
  self->patient_id = g_strdup (patient_id);
  gtk_revealer_set_reveal_child (self->messages_revealer, FALSE);
  reload_visits (self);
  reload_photos (self);
}

const char *
fol_photos_page_get_patient (FolPhotosPage *self)
{
  g_return_val_if_fail (FOL_IS_PHOTOS_PAGE (self), NULL);
  return self->patient_id;
}

/**
 * fol_photos_page_set_region:
 * @region: the region to show, or %FOL_REGION_NONE for all
 */
void
fol_photos_page_set_region (FolPhotosPage *self,
                            FolRegion      region)
{
  g_return_if_fail (FOL_IS_PHOTOS_PAGE (self));
  g_return_if_fail (region == FOL_REGION_NONE || region < FOL_N_REGIONS);

  if (self->region == region)
    return;
  self->region = region;
  gtk_drop_down_set_selected (self->region_dropdown, region == FOL_REGION_NONE ? 0 : region + 1);
  gtk_filter_changed (self->filter, GTK_FILTER_CHANGE_DIFFERENT);
  update_stack (self);
}

FolRegion
fol_photos_page_get_region (FolPhotosPage *self)
{
  g_return_val_if_fail (FOL_IS_PHOTOS_PAGE (self), FOL_REGION_NONE);
  return self->region;
}

/**
 * fol_photos_page_get_model:
 *
 * Returns: (transfer none): the #FolPhoto shown, by region then newest first
 */
GListModel *
fol_photos_page_get_model (FolPhotosPage *self)
{
  g_return_val_if_fail (FOL_IS_PHOTOS_PAGE (self), NULL);
  return G_LIST_MODEL (self->filtered);
}

/**
 * fol_photos_page_import:
 * @files: (array length=n_files): image files
 *
 * Imports the files into one visit and region, as
 * fol_photos_page_import_items() does.
 */
void
fol_photos_page_import (FolPhotosPage  *self,
                        GFile         **files,
                        guint           n_files,
                        const char     *visit_id,
                        FolRegion       region)
{
  g_autofree FolPhotoImportItem *items = NULL;

  g_return_if_fail (FOL_IS_PHOTOS_PAGE (self));
  g_return_if_fail (visit_id != NULL);
  g_return_if_fail (region < FOL_N_REGIONS);

  items = g_new0 (FolPhotoImportItem, MAX (n_files, 1));
  for (guint i = 0; i < n_files; i++)
    {
      items[i].file = files[i];
      items[i].visit_id = visit_id;
      items[i].region = region;
    }
  fol_photos_page_import_items (self, items, n_files);
}

/**
 * fol_photos_page_import_items:
 * @items: (array length=n_items): image files, each with its visit and region
 *
 * Imports the files, showing progress with a Cancel button and,
 * afterwards, a message for each file that was not added.
 */
void
fol_photos_page_import_items (FolPhotosPage            *self,
                              const FolPhotoImportItem *items,
                              guint                     n_items)
{
  g_return_if_fail (FOL_IS_PHOTOS_PAGE (self));
  g_return_if_fail (items != NULL || n_items == 0);
  g_return_if_fail (self->import_cancellable == NULL);

  self->import_cancellable = g_cancellable_new ();
  gtk_revealer_set_reveal_child (self->messages_revealer, FALSE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  import_progress_cb (0, n_items, self);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMPORTING]);

  fol_photo_import_items_async (self->store, items, n_items, self->import_cancellable,
                                import_progress_cb, self, import_done_cb, g_object_ref (self));
}

gboolean
fol_photos_page_get_importing (FolPhotosPage *self)
{
  g_return_val_if_fail (FOL_IS_PHOTOS_PAGE (self), FALSE);
  return self->import_cancellable != NULL;
}

/**
 * fol_photos_page_get_import_messages:
 *
 * Returns: (nullable): the messages of the last import, one line per file
 *   that was not added
 */
const char *
fol_photos_page_get_import_messages (FolPhotosPage *self)
{
  g_return_val_if_fail (FOL_IS_PHOTOS_PAGE (self), NULL);
  return self->import_messages;
}

static GtkWindow *
new_tool_window (FolPhotosPage *self,
                 const char    *title,
                 GtkWidget     *content)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();

  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), content);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

/**
 * fol_photos_page_open_compare:
 *
 * Opens the comparison of the region's photos (baseline and latest) in a
 * window of its own.
 *
 * Returns: (transfer none): the comparison, owned by its window
 */
FolPhotoCompare *
fol_photos_page_open_compare (FolPhotosPage *self,
                              FolRegion      region)
{
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *title = NULL;
  GtkWidget *compare;

  g_return_val_if_fail (FOL_IS_PHOTOS_PAGE (self), NULL);
  g_return_val_if_fail (region < FOL_N_REGIONS, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->photos)); i++)
    {
      g_autoptr(FolPhoto) photo = g_list_model_get_item (G_LIST_MODEL (self->photos), i);

      if (fol_photo_get_region (photo) == region)
        g_ptr_array_add (photos, g_steal_pointer (&photo));
    }

  compare = fol_photo_compare_new (self->store);
  fol_photo_compare_set_photos (FOL_PHOTO_COMPARE (compare), photos);
  /* Translators: window title; %s is a scalp region */
  title = g_strdup_printf (_("Compare — %s"), fol_region_name (region));
  new_tool_window (self, title, compare);
  gtk_widget_grab_focus (GTK_WIDGET (fol_photo_compare_get_canvas (FOL_PHOTO_COMPARE (compare))));
  return FOL_PHOTO_COMPARE (compare);
}

/**
 * fol_photos_page_open_counter:
 *
 * Opens the hair counter on @photo in a window of its own.
 *
 * Returns: (transfer none): the counter, owned by its window
 */
FolPhotoCounter *
fol_photos_page_open_counter (FolPhotosPage *self,
                              FolPhoto      *photo)
{
  g_autofree char *title = NULL;
  g_autofree char *visit = NULL;
  GtkWidget *counter;

  g_return_val_if_fail (FOL_IS_PHOTOS_PAGE (self), NULL);
  g_return_val_if_fail (FOL_IS_PHOTO (photo), NULL);
  g_return_val_if_fail (self->patient_id != NULL, NULL);

  counter = fol_photo_counter_new (self->store);
  fol_photo_counter_set_photo (FOL_PHOTO_COUNTER (counter), photo, self->patient_id);
  visit = fol_photo_visit_label (fol_photo_get_visit_date (photo), fol_photo_get_visit_kind (photo));
  /* Translators: window title: region, visit */
  title = g_strdup_printf (_("Count Hairs — %s, %s"), fol_region_name (fol_photo_get_region (photo)),
                           visit);
  new_tool_window (self, title, counter);
  gtk_widget_grab_focus (GTK_WIDGET (fol_photo_counter_get_canvas (FOL_PHOTO_COUNTER (counter))));
  return FOL_PHOTO_COUNTER (counter);
}

/**
 * fol_photos_page_select_photo:
 * @photo: (nullable): the photo to select, %NULL for none
 *
 * Returns: whether @photo is shown and was selected
 */
gboolean
fol_photos_page_select_photo (FolPhotosPage *self,
                              FolPhoto      *photo)
{
  GListModel *model;

  g_return_val_if_fail (FOL_IS_PHOTOS_PAGE (self), FALSE);
  g_return_val_if_fail (photo == NULL || FOL_IS_PHOTO (photo), FALSE);

  model = G_LIST_MODEL (self->filtered);
  for (guint i = 0; photo != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FolPhoto) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (fol_photo_get_id (item), fol_photo_get_id (photo)) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return TRUE;
        }
    }
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  return FALSE;
}
