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
  FolPatientLoader  loader;
  gpointer          loader_data;
  GDestroyNotify    loader_data_destroy;

  CacheEntry cache[CACHE_SIZE];
};

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

  for (guint i = 0; i < CACHE_SIZE; i++)
    g_clear_object (&self->cache[i].patient);
  g_clear_pointer (&self->keys, g_array_unref);
  if (self->loader_data_destroy)
    self->loader_data_destroy (self->loader_data);

  G_OBJECT_CLASS (fol_patient_list_parent_class)->finalize (object);
}

static void
fol_patient_list_class_init (FolPatientListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fol_patient_list_finalize;
}

static void
fol_patient_list_init (FolPatientList *self)
{
}

/**
 * fol_patient_list_new:
 * @keys: (transfer full) (element-type gint64): the store's keys, in order
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
