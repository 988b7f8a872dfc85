/* fol-plans.c
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

#define G_LOG_DOMAIN "fol-plans"

#include "config.h"

#include <math.h>

#include "fol-json.h"
#include "fol-i18n.h"
#include "fol-plans.h"

/* Patients' treatment plans: each assignment's steps against what was
 * done (fol_protocol_plan()), for one patient or, for the reception desk,
 * what is due or overdue across the clinic.
 */

void
fol_plan_entry_free (FolPlanEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->patient_id);
  g_free (entry->patient_name);
  g_free (entry->assignment_id);
  g_free (entry->protocol_name);
  g_free (entry->step);
  g_free (entry);
}

static FolProtocol *
find_protocol (GPtrArray  *protocols,
               const char *id)
{
  for (guint i = 0; i < protocols->len; i++)
    if (g_strcmp0 (fol_protocol_get_id (protocols->pdata[i]), id) == 0)
      return protocols->pdata[i];
  return NULL;
}

/* The entries of @assignments (all of one patient, or of the clinic, in
 * patient order), those whose state is in @states (a bit mask).
 */
static GPtrArray *
collect (FolStore   *store,
         GPtrArray  *assignments,
         FolDate     today,
         guint       states,
         GError    **error)
{
  g_autoptr(GPtrArray) protocols = fol_store_list_protocols (store, error);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) fol_plan_entry_free);
  g_autoptr(FolHistory) history = NULL;

  if (protocols == NULL)
    return NULL;

  for (guint i = 0; i < assignments->len; i++)
    {
      FolProtocolAssignment *a = assignments->pdata[i];
      const char *patient_id = fol_protocol_assignment_get_patient_id (a);
      FolProtocol *protocol = find_protocol (protocols, fol_protocol_assignment_get_protocol_id (a));
      g_autoptr(GArray) plan = NULL;
      FolAdherence adherence;

      if (protocol == NULL)
        continue;
      if (history == NULL ||
          g_strcmp0 (fol_patient_get_id (fol_history_get_patient (history)), patient_id) != 0)
        {
          g_clear_object (&history);
          history = fol_store_load_history (store, patient_id, error);
          if (history == NULL)
            return NULL;
        }

      plan = fol_protocol_plan (protocol, fol_protocol_assignment_get_start_date (a), history,
                                today);
      adherence = fol_protocol_plan_adherence (plan);
      for (guint j = 0; j < plan->len; j++)
        {
          const FolPlanItem *item = &g_array_index (plan, FolPlanItem, j);
          FolPlanEntry *entry;

          if ((states & (1u << item->state)) == 0)
            continue;
          entry = g_new0 (FolPlanEntry, 1);
          entry->patient_id = g_strdup (patient_id);
          entry->patient_name = g_strdup (fol_patient_get_name (fol_history_get_patient (history)));
          entry->assignment_id = g_strdup (fol_protocol_assignment_get_id (a));
          entry->protocol_name = g_strdup (fol_protocol_get_name (protocol));
          entry->step = fol_protocol_step_describe (fol_protocol_get_step (protocol,
                                                                           item->step_index));
          entry->item = *item;
          entry->adherence = adherence;
          g_ptr_array_add (entries, entry);
        }
    }
  return g_steal_pointer (&entries);
}

/**
 * fol_plans_for_patient:
 *
 * Every step of every plan of the patient, each plan in order of planned
 * date, plans in order of start.
 *
 * Returns: (transfer full) (element-type FolPlanEntry):
 */
GPtrArray *
fol_plans_for_patient (FolStore    *store,
                       const char  *patient_id,
                       FolDate      today,
                       GError     **error)
{
  g_autoptr(GPtrArray) assignments = NULL;
  g_autoptr(FolPatient) patient = NULL;

  g_return_val_if_fail (FOL_IS_STORE (store), NULL);
  g_return_val_if_fail (patient_id != NULL, NULL);

  /* An unknown patient is an error, not an empty plan. */
  patient = fol_store_get_patient (store, patient_id, error);
  if (patient == NULL)
    return NULL;
  assignments = fol_store_list_assignments (store, patient_id, error);
  if (assignments == NULL)
    return NULL;
  return collect (store, assignments, today, ~0u, error);
}

static int
compare_due (gconstpointer a,
             gconstpointer b)
{
  const FolPlanEntry *x = *(FolPlanEntry **) a, *y = *(FolPlanEntry **) b;
  int by_name;

  if (x->item.planned != y->item.planned)
    return x->item.planned < y->item.planned ? -1 : 1;
  by_name = g_utf8_collate (x->patient_name, y->patient_name);
  return by_name != 0 ? by_name : g_strcmp0 (x->patient_id, y->patient_id);
}

/**
 * fol_plans_due:
 *
 * The steps across the clinic that are overdue, or due within
 * FOL_PROTOCOL_DUE_DAYS of @today, by planned date.
 *
 * Returns: (transfer full) (element-type FolPlanEntry):
 */
GPtrArray *
fol_plans_due (FolStore  *store,
               FolDate    today,
               GError   **error)
{
  g_autoptr(GPtrArray) assignments = NULL;
  GPtrArray *entries;

  g_return_val_if_fail (FOL_IS_STORE (store), NULL);

  assignments = fol_store_list_assignments (store, NULL, error);
  if (assignments == NULL)
    return NULL;
  entries = collect (store, assignments, today, (1u << FOL_PLAN_DUE) | (1u << FOL_PLAN_OVERDUE),
                     error);
  if (entries != NULL)
    g_ptr_array_sort (entries, compare_due);
  return entries;
}

/**
 * fol_plans_to_text:
 * @with_patient: whether each line names the patient (the due list)
 *
 * One line per step: planned date, state, the step, the protocol; the
 * date it was done; and for a patient's plan, the adherence of each
 * assignment.
 */
char *
fol_plans_to_text (GPtrArray *entries,
                   gboolean   with_patient)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *last_assignment = NULL;

  g_return_val_if_fail (entries != NULL, NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      const FolPlanEntry *e = entries->pdata[i];
      g_autofree char *planned = fol_date_to_iso (e->item.planned);

      if (!with_patient && g_strcmp0 (last_assignment, e->assignment_id) != 0)
        {
          if (isnan (e->adherence.percent))
            /* Translators: a protocol's name and, in brackets, that no session can be judged */
            g_string_append_printf (out, _("%s (adherence: nothing to judge yet)\n"),
                                    e->protocol_name);
          else
            /* Translators: a protocol's name, then e.g. "2 of 3 sessions on time (66.7 %)" */
            g_string_append_printf (out, _("%s (adherence: %u of %u sessions within ± %d days, "
                                           "%.1f %%)\n"),
                                    e->protocol_name, e->adherence.n_on_time,
                                    e->adherence.n_assessed, FOL_PROTOCOL_ON_TIME_DAYS,
                                    e->adherence.percent);
          last_assignment = e->assignment_id;
        }
      g_string_append_printf (out, "%s\t%s\t", planned, fol_plan_state_label (e->item.state));
      if (with_patient)
        g_string_append_printf (out, "%s\t%s\t", e->patient_id, e->patient_name);
      g_string_append (out, e->step);
      if (with_patient)
        g_string_append_printf (out, "\t%s", e->protocol_name);
      if (e->item.state == FOL_PLAN_DONE)
        {
          g_autofree char *done = fol_date_to_iso (e->item.done);

          /* Translators: when a planned step was done, e.g. "done 2024-03-01" */
          g_string_append_printf (out, _("\tdone %s"), done);
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * fol_plans_to_json:
 *
 * An array of objects: patient, protocol, step, kind, planned and done
 * dates (ISO 8601, done null when not done), state ("done", "due",
 * "overdue", "upcoming"), on_time, and the assignment's adherence
 * (adherence_percent null when nothing can be judged yet).
 */
char *
fol_plans_to_json (GPtrArray *entries)
{
  g_autoptr(GString) out = g_string_new ("[");

  g_return_val_if_fail (entries != NULL, NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      const FolPlanEntry *e = entries->pdata[i];
      g_autofree char *planned = fol_date_to_iso (e->item.planned);
      g_autofree char *done = fol_date_to_iso (e->item.done);
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append (out, i > 0 ? ",\n " : "\n ");
      g_string_append (out, "{\"patient_id\": ");
      fol_json_append_string (out, e->patient_id);
      g_string_append (out, ", \"patient\": ");
      fol_json_append_string (out, e->patient_name);
      g_string_append (out, ", \"assignment_id\": ");
      fol_json_append_string (out, e->assignment_id);
      g_string_append (out, ", \"protocol\": ");
      fol_json_append_string (out, e->protocol_name);
      g_string_append (out, ", \"step\": ");
      fol_json_append_string (out, e->step);
      g_string_append_printf (out, ", \"kind\": \"%s\", \"planned\": \"%s\", \"done\": ",
                              e->item.kind == FOL_PROTOCOL_STEP_SESSION ? "session" : "visit",
                              planned);
      fol_json_append_string (out, done);
      g_string_append_printf (out, ", \"state\": \"%s\", \"on_time\": %s"
                                   ", \"adherence_on_time\": %u, \"adherence_assessed\": %u"
                                   ", \"adherence_percent\": %s}",
                              fol_plan_state_code (e->item.state),
                              e->item.state == FOL_PLAN_DONE && e->item.on_time ? "true" : "false",
                              e->adherence.n_on_time, e->adherence.n_assessed,
                              isnan (e->adherence.percent)
                                ? "null"
                                : g_ascii_formatd (number, sizeof number, "%.1f",
                                                   e->adherence.percent));
    }
  g_string_append (out, entries->len > 0 ? "\n]\n" : "]\n");
  return g_string_free (g_steal_pointer (&out), FALSE);
}
