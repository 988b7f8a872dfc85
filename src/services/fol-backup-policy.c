/* fol-backup-policy.c
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

#define G_LOG_DOMAIN "fol-backup-policy"

#include "config.h"

#include "fol-backup-policy.h"

/* When to back up: at start-up when the newest backup is older than a day,
 * and after every FOL_BACKUP_ACTIONS_BETWEEN changes. The application
 * creates one per open clinic, calls fol_backup_policy_startup() once and
 * shows ::failed as a message; everything else happens here.
 */
struct _FolBackupPolicy
{
  GObject parent_instance;

  FolStore       *store;
  char           *dir;
  guint           actions;     /* changes since the last backup started */
  guint           startup_id;  /* the start-up backup, waiting for its time */
  gboolean        running;
  gboolean        again;       /* 50 more changes came while running */
};

G_DEFINE_FINAL_TYPE (FolBackupPolicy, fol_backup_policy, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

enum {
  FINISHED,
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_running (FolBackupPolicy *self,
             gboolean         running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void run (FolBackupPolicy *self);

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(FolBackupPolicy) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FolBackupInfo) info = fol_backup_run_finish (result, &error);

  set_running (self, FALSE);
  if (info != NULL)
    g_signal_emit (self, signals[FINISHED], 0, info);
  else
    g_signal_emit (self, signals[FAILED], 0, error);

  if (self->again)
    {
      self->again = FALSE;
      run (self);
    }
}

/* The backup itself, in a worker thread; "running" is already set. */
static void
start (FolBackupPolicy *self)
{
  self->actions = 0;
  fol_backup_run_async (self->store, self->dir, NULL, run_cb, g_object_ref (self));
}

static void
run (FolBackupPolicy *self)
{
  if (self->running)
    {
      self->again = TRUE;
      return;
    }
  set_running (self, TRUE);
  start (self);
}

static gboolean
startup_cb (gpointer data)
{
  FolBackupPolicy *self = data;

  /* Already "running" since it was scheduled: start it without a second
   * notification.
   */
  self->startup_id = 0;
  start (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (FolBackupPolicy *self)
{
  if (++self->actions >= FOL_BACKUP_ACTIONS_BETWEEN)
    run (self);
}

static void
fol_backup_policy_finalize (GObject *object)
{
  FolBackupPolicy *self = (FolBackupPolicy *) object;

  g_clear_handle_id (&self->startup_id, g_source_remove);
  g_clear_object (&self->store);
  g_clear_pointer (&self->dir, g_free);

  G_OBJECT_CLASS (fol_backup_policy_parent_class)->finalize (object);
}

static void
fol_backup_policy_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FolBackupPolicy *self = FOL_BACKUP_POLICY (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fol_backup_policy_class_init (FolBackupPolicyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fol_backup_policy_finalize;
  object_class->get_property = fol_backup_policy_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FolBackupPolicy::finished:
   * @info: (type gpointer): the #FolBackupInfo of the new, checked backup
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  /**
   * FolBackupPolicy::failed:
   * @error: why, in a translated sentence fit to show
   */
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
fol_backup_policy_init (FolBackupPolicy *self)
{
}

/**
 * fol_backup_policy_new:
 * @location: (nullable): the `backup-location` setting; empty or %NULL for
 *   `backups/` in the data folder
 */
FolBackupPolicy *
fol_backup_policy_new (FolStore   *store,
                       const char *location)
{
  FolBackupPolicy *self;

  g_return_val_if_fail (FOL_IS_STORE (store), NULL);

  self = g_object_new (FOL_TYPE_BACKUP_POLICY, NULL);
  self->store = g_object_ref (store);
  self->dir = fol_backup_resolve_dir (store, location);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

void
fol_backup_policy_set_location (FolBackupPolicy *self,
                                const char      *location)
{
  g_return_if_fail (FOL_IS_BACKUP_POLICY (self));

  g_free (self->dir);
  self->dir = fol_backup_resolve_dir (self->store, location);
}

const char *
fol_backup_policy_get_dir (FolBackupPolicy *self)
{
  g_return_val_if_fail (FOL_IS_BACKUP_POLICY (self), NULL);
  return self->dir;
}

gboolean
fol_backup_policy_get_running (FolBackupPolicy *self)
{
  g_return_val_if_fail (FOL_IS_BACKUP_POLICY (self), FALSE);
  return self->running;
}

/* Changes counted towards the next automatic backup. */
guint
fol_backup_policy_get_pending_actions (FolBackupPolicy *self)
{
  g_return_val_if_fail (FOL_IS_BACKUP_POLICY (self), 0);
  return self->actions;
}

/**
 * fol_backup_policy_startup:
 *
 * Call once the clinic is open. Removes what interrupted backups left in
 * the backup folder, and starts a backup when this clinic's newest one is
 * older than a day.
 *
 * Returns: whether a backup was started
 */
gboolean
fol_backup_policy_startup (FolBackupPolicy *self)
{
  g_return_val_if_fail (FOL_IS_BACKUP_POLICY (self), FALSE);

  fol_backup_clean_leftovers (self->dir);
  if (!fol_backup_needed (self->dir, self->store, NULL))
    return FALSE;
  run (self);
  return TRUE;
}

/**
 * fol_backup_policy_startup_after:
 * @delay_ms: how long to leave the application to itself first
 *
 * Like fol_backup_policy_startup(), but the backup starts after @delay_ms
 * on the thread-default main context, so that it does not compete with
 * the first window for the processor and the disk. The policy counts as
 * running from now on.
 *
 * Returns: whether a backup was scheduled
 */
gboolean
fol_backup_policy_startup_after (FolBackupPolicy *self,
                                 guint            delay_ms)
{
  g_return_val_if_fail (FOL_IS_BACKUP_POLICY (self), FALSE);

  if (self->running)
    return FALSE;
  fol_backup_clean_leftovers (self->dir);
  if (!fol_backup_needed (self->dir, self->store, NULL))
    return FALSE;
  set_running (self, TRUE);
  self->startup_id = g_timeout_add_full (G_PRIORITY_LOW, delay_ms, startup_cb, self, NULL);
  return TRUE;
}

/* "Back up now" in the preferences. */
void
fol_backup_policy_run_now (FolBackupPolicy *self)
{
  g_return_if_fail (FOL_IS_BACKUP_POLICY (self));
  run (self);
}

/**
 * fol_backup_policy_list:
 *
 * Returns: (transfer full) (element-type FolBackupInfo): this clinic's
 *   backups, newest first: those of other clinics sharing the folder are
 *   not offered
 */
GPtrArray *
fol_backup_policy_list (FolBackupPolicy  *self,
                        GError          **error)
{
  g_return_val_if_fail (FOL_IS_BACKUP_POLICY (self), NULL);
  return fol_backup_list_clinic (self->dir, self->store, error);
}

/**
 * fol_backup_policy_select:
 * @dates: (array length=n_dates): when each backup of one clinic was
 *   taken, newest first
 * @now: the current time
 * @keep: (out caller-allocates) (array length=n_dates): set to whether
 *   each backup is kept
 *
 * The rotation, as a function of times only. Kept: every backup of the
 * last 24 hours (a backup taken an hour ago is not replaced by "Back Up
 * Now"), the newest backup, and the newest of each of the last
 * FOL_BACKUP_KEEP_DAILY days, FOL_BACKUP_KEEP_WEEKLY ISO weeks and
 * FOL_BACKUP_KEEP_MONTHLY months that have a backup. A backup dated after
 * @now (a clock set back) is kept too.
 */
void
fol_backup_policy_select (GDateTime * const *dates,
                          guint              n_dates,
                          GDateTime         *now,
                          gboolean          *keep)
{
  const char *formats[] = { "%Y-%m-%d", "%G-W%V", "%Y-%m" };
  const guint limits[] = { FOL_BACKUP_KEEP_DAILY, FOL_BACKUP_KEEP_WEEKLY, FOL_BACKUP_KEEP_MONTHLY };

  g_return_if_fail (n_dates == 0 || (dates != NULL && keep != NULL));
  g_return_if_fail (now != NULL);

  for (guint i = 0; i < n_dates; i++)
    keep[i] = i == 0 || g_date_time_difference (now, dates[i]) < G_TIME_SPAN_DAY;

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autofree char *last = NULL;
      guint kept = 0;

      for (guint i = 0; i < n_dates && kept < limits[f]; i++)
        {
          g_autofree char *key = g_date_time_format (dates[i], formats[f]);

          if (g_strcmp0 (key, last) == 0)
            continue;
          keep[i] = TRUE;
          kept++;
          g_free (last);
          last = g_steal_pointer (&key);
        }
    }
}
