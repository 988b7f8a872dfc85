/* fol-patient-list.c
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

#define G_LOG_DOMAIN "fol-patient-list"

#include "config.h"

#include "fol-patient-list.h"

/* A list of patients that holds only their keys, in display order: a clinic
 * of 100,000 patients costs 800 kB here, and a FolPatient is loaded only
 * when a row asks for it. Loaded patients are kept in a small ring so that
 * scrolling back and forth does not reload them.
 *
 * A list may also start with its first keys only and fill itself in later
 * slices, from an idle source on the thread-default main context at the
 * time it is given its filler: each slice is short, so the frames around it
 * are drawn, and each adds keys at the end (items-changed appends only).
 * The idle priority is below GTK's redraw, so a frame is never kept
 * waiting for more than one slice.
 *
 * Whatever the store read first, a list starts with a screenful of it at
 * most: GTK 4.8's list view builds, styles and measures a row for every
 * item it has (up to 200) before its first frame. The rest waits for the
 * first slice, which takes it without asking the store again.
 */
#define CACHE_SIZE 256

typedef struct
{
  guint       position;
  FolPatient *patient;
} CacheEntry;

struct _FolPatientList
{
  GObject parent_instance;

  GArray           *keys;
  GArray           *pending;       /* keys read first, beyond the first screenful */
  FolPatientLoader  loader;
  gpointer          loader_data;
  GDestroyNotify    loader_data_destroy;

  FolPatientFiller  filler;
  gpointer          filler_data;
  GDestroyNotify    filler_data_destroy;
  GSource          *fill_source;
  gboolean          held;          /* filling waits for fol_patient_list_set_held() */

  CacheEntry cache[CACHE_SIZE];
};

enum {
  PROP_0,
  PROP_COMPLETE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FolPatientList, fol_patient_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
fol_patient_list_get_item_type (GListModel *model)
{
  return FOL_TYPE_PATIENT;
}

static guint
fol_patient_list_get_n_items (GListModel *model)
{
  return FOL_PATIENT_LIST (model)->keys->len;
}

static gpointer
fol_patient_list_get_item (GListModel *model,
                           guint       position)
{
  FolPatientList *self = FOL_PATIENT_LIST (model);
  CacheEntry *entry;
  FolPatient *patient;

  if (position >= self->keys->len)
    return NULL;

  entry = &self->cache[position % CACHE_SIZE];
  if (entry->patient != NULL && entry->position == position)
    return g_object_ref (entry->patient);

  patient = self->loader (self->loader_data, g_array_index (self->keys, gint64, position));
  if (patient == NULL)
    {
      /* Deleted since the list was made: an empty record keeps the model's
       * promise of an item at every position until the list is refreshed.
       */
      patient = fol_patient_new ();
    }

  g_set_object (&entry->patient, patient);
  entry->position = position;
  return patient;
}

/* Whether keys are still to come, from the store or read already. */
static gboolean
is_filling (FolPatientList *self)
{
  return self->filler != NULL || self->pending != NULL;
}

/* Ends the filling, for good: no key is added after this. */
static void
stop_filling (FolPatientList *self)
{
  g_clear_pointer (&self->pending, g_array_unref);
  if (self->fill_source != NULL)
    {
      g_source_destroy (self->fill_source);
      g_clear_pointer (&self->fill_source, g_source_unref);
    }
  if (self->filler_data_destroy != NULL)
    self->filler_data_destroy (self->filler_data);
  self->filler = NULL;
  self->filler_data = NULL;
  self->filler_data_destroy = NULL;
}

/* One slice, or all the rest with @to_end. A read error ends the list
 * where it is: the keys already there stay valid.
 */
static gboolean
fill_step (FolPatientList  *self,
           gboolean         to_end,
           GError         **error)
{
  guint before = self->keys->len;
  gboolean done = FALSE;
  gboolean ok = TRUE;

  g_assert (is_filling (self));

  /* The keys read first make a slice of their own. */
  if (self->pending != NULL)
    {
      g_array_append_vals (self->keys, self->pending->data, self->pending->len);
      g_clear_pointer (&self->pending, g_array_unref);
      done = self->filler == NULL;
      if (!done && to_end)
        ok = self->filler (self->filler_data, self->keys, TRUE, &done, error);
    }
  else
    ok = self->filler (self->filler_data, self->keys, to_end, &done, error);
  if (!ok || done)
    stop_filling (self);

  /* The items first: a list seen complete has all its items. */
  if (self->keys->len > before)
    g_list_model_items_changed (G_LIST_MODEL (self), before, 0, self->keys->len - before);
  if (!ok || done)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
  return ok;
}

static gboolean
fill_source_cb (gpointer data)
{
  g_autoptr(FolPatientList) self = g_object_ref (data);
  g_autoptr(GError) error = NULL;

  if (!fill_step (self, FALSE, &error))
    g_warning ("Cannot read the rest of the patient list: %s", error->message);

  return is_filling (self) ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = fol_patient_list_get_item_type;
  iface->get_n_items = fol_patient_list_get_n_items;
  iface->get_item = fol_patient_list_get_item;
}

static void
fol_patient_list_finalize (GObject *object)
{
  FolPatientList *self = (FolPatientList *) object;

  stop_filling (self);
  for (guint i = 0; i < CACHE_SIZE; i++)
    g_clear_object (&self->cache[i].patient);
  g_clear_pointer (&self->keys, g_array_unref);
  if (self->loader_data_destroy)
    self->loader_data_destroy (self->loader_data);

  G_OBJECT_CLASS (fol_patient_list_parent_class)->finalize (object);
}

static void
fol_patient_list_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FolPatientList *self = FOL_PATIENT_LIST (object);

  switch (prop_id)
    {
    case PROP_COMPLETE:
      g_value_set_boolean (value, fol_patient_list_is_complete (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fol_patient_list_class_init (FolPatientListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fol_patient_list_finalize;
  object_class->get_property = fol_patient_list_get_property;

  /**
   * FolPatientList:complete:
   *
   * Whether every key is in the list; once set, the list no longer grows.
   */
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL,
                          TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fol_patient_list_init (FolPatientList *self)
{
}

static void
start_fill_source (FolPatientList *self)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  /* The source holds no reference: a list nobody shows stops filling. */
  self->fill_source = g_idle_source_new ();
  g_source_set_priority (self->fill_source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (self->fill_source, fill_source_cb, self, NULL);
  g_source_set_static_name (self->fill_source, "[follicle] patient list fill");
  g_source_attach (self->fill_source, context);
}

/**
 * fol_patient_list_new:
 * @keys: (transfer full) (element-type gint64): the store's keys, in order
 *
 * A list of the first @keys; beyond a screenful, the rest comes in its
 * first slice (see fol_patient_list_set_filler()).
 */
FolPatientList *
fol_patient_list_new (GArray           *keys,
                      FolPatientLoader  loader,
                      gpointer          loader_data,
                      GDestroyNotify    loader_data_destroy)
{
  FolPatientList *self;

  g_return_val_if_fail (keys != NULL, NULL);
  g_return_val_if_fail (loader != NULL, NULL);

  self = g_object_new (FOL_TYPE_PATIENT_LIST, NULL);
  self->keys = keys;
  self->loader = loader;
  self->loader_data = loader_data;
  self->loader_data_destroy = loader_data_destroy;
  if (keys->len > FOL_PATIENT_LIST_FIRST_ROWS)
    {
      guint rest = keys->len - FOL_PATIENT_LIST_FIRST_ROWS;

      self->pending = g_array_sized_new (FALSE, FALSE, sizeof (gint64), rest);
      g_array_append_vals (self->pending, &g_array_index (keys, gint64, FOL_PATIENT_LIST_FIRST_ROWS),
                           rest);
      g_array_set_size (keys, FOL_PATIENT_LIST_FIRST_ROWS);
      start_fill_source (self);
    }
  return self;
}

gint64
fol_patient_list_get_key (FolPatientList *self,
                          guint           position)
{
  g_return_val_if_fail (FOL_IS_PATIENT_LIST (self), -1);
  g_return_val_if_fail (position < self->keys->len, -1);

  return g_array_index (self->keys, gint64, position);
}

/**
 * fol_patient_list_set_filler:
 * @filler: appends the keys that follow the ones in the list
 *
 * Makes the list fill itself, slice by slice, from an idle source on the
 * thread-default main context, until @filler reports that it is done, the
 * list is filled with fol_patient_list_fill_all(), or the list is
 * finalized. @filler_data is destroyed when the filling ends.
 */
void
fol_patient_list_set_filler (FolPatientList   *self,
                             FolPatientFiller  filler,
                             gpointer          filler_data,
                             GDestroyNotify    filler_data_destroy)
{
  g_return_if_fail (FOL_IS_PATIENT_LIST (self));
  g_return_if_fail (filler != NULL);
  g_return_if_fail (self->filler == NULL);

  self->filler = filler;
  self->filler_data = filler_data;
  self->filler_data_destroy = filler_data_destroy;

  if (!self->held && self->fill_source == NULL)
    start_fill_source (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

/**
 * fol_patient_list_set_held:
 * @held: whether the list waits before reading its next slice
 *
 * A held list reads no more keys from the main loop until it is let go:
 * a window holds its list until its first frame is on screen, which the
 * slices would only delay. fol_patient_list_fill_all() still reads
 * everything.
 */
void
fol_patient_list_set_held (FolPatientList *self,
                           gboolean        held)
{
  g_return_if_fail (FOL_IS_PATIENT_LIST (self));

  self->held = held;
  if (held && self->fill_source != NULL)
    {
      g_source_destroy (self->fill_source);
      g_clear_pointer (&self->fill_source, g_source_unref);
    }
  else if (!held && is_filling (self) && self->fill_source == NULL)
    start_fill_source (self);
}

gboolean
fol_patient_list_is_complete (FolPatientList *self)
{
  g_return_val_if_fail (FOL_IS_PATIENT_LIST (self), TRUE);

  return !is_filling (self);
}

/**
 * fol_patient_list_fill_all:
 *
 * Adds every key still to come at once, for callers that want the whole
 * list now (exports, the command line) rather than as it arrives.
 *
 * Returns: %FALSE if the rest could not be read; the list then ends there
 */
gboolean
fol_patient_list_fill_all (FolPatientList  *self,
                           GError         **error)
{
  g_return_val_if_fail (FOL_IS_PATIENT_LIST (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!is_filling (self))
    return TRUE;

  return fill_step (self, TRUE, error);
}
