/* fol-photo-counter-visit.c
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

#define G_LOG_DOMAIN "fol-photo-counter"

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fol-error.h"
#include "fol-photo-counter-private.h"
#include "fol-photo-marks.h"
#include "fol-photo-measure.h"

/* The hair counter's "Use for This Visit": the count, field area and
 * density written into the visit's measurement of the photo's region,
 * asking first before a recorded value or the terminal/vellus split
 * changes.
 */

/* The split of the field's confirmed marks at the patient's threshold,
 * when every one of them has an estimated diameter.
 */
static gboolean
marks_split (FolPhotoCounter *self,
             FolMarkSplit    *out_split)
{
  if (!self->has_field || isnan (_fol_photo_counter_px_per_mm (self)))
    return FALSE;
  fol_photo_field_split (&self->field, _fol_photo_counter_px_per_mm (self),
                         (const FolPhotoMark *) (gpointer) self->marks->data, self->marks->len,
                         self->threshold_um, out_split);
  return out_split->count > 0 && out_split->n_diameters == out_split->count;
}

/* A failure of Use for This Visit is said in a dialog, not only in the
 * status line, where it would go unseen.
 */
static void
show_error (FolPhotoCounter *self,
            const GError    *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  _fol_photo_counter_set_status (self, error->message);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("The Count Was Not Saved to the Visit"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
use_with_split (FolPhotoCounter *self,
                FolSplitChange   split)
{
  g_autoptr(GError) error = NULL;

  if (!fol_photo_counter_use_for_visit_split (self, split, &error))
    show_error (self, error);
}

static void
replace_response_cb (FolPhotoCounter  *self,
                     const char       *response,
                     AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "replace") == 0)
    use_with_split (self, FOL_SPLIT_KEEP);
}

static void
split_response_cb (FolPhotoCounter  *self,
                   const char       *response,
                   AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "rescale") == 0)
    use_with_split (self, FOL_SPLIT_RESCALE);
  else if (g_strcmp0 (response, "clear") == 0)
    use_with_split (self, FOL_SPLIT_CLEAR);
}

/* "terminal 74.0 and vellus 46.0 hairs/cm²", or the one there is. */
static char *
split_text (double terminal,
            double vellus)
{
  if (!isnan (terminal) && !isnan (vellus))
    /* Translators: a density split into terminal and vellus hairs */
    return g_strdup_printf (_("terminal %.1f and vellus %.1f hairs/cm²"), terminal, vellus);
  if (!isnan (terminal))
    return g_strdup_printf (_("terminal %.1f hairs/cm²"), terminal);
  return g_strdup_printf (_("vellus %.1f hairs/cm²"), vellus);
}

/* The count does not fit the visit's terminal/vellus split: says so, and
 * offers to rescale the split to the new density, to clear it, or to
 * leave everything as it is.
 */
static void
ask_about_split (FolPhotoCounter *self,
                 FolMeasurement  *m)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  double density = fol_photo_counter_get_density (self);
  double terminal, vellus;
  gboolean can_rescale = fol_photo_measure_rescale_split (m, density, &terminal, &vellus);
  g_autofree char *old_split = split_text (fol_measurement_get_terminal_density (m),
                                           fol_measurement_get_vellus_density (m));
  g_autofree char *new_split = can_rescale ? split_text (terminal, vellus) : NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  GtkWidget *dialog;

  /* Translators: %s a region; %s a split such as "terminal 74.0 and vellus
   * 46.0 hairs/cm²"; %.1f the density the count gives
   */
  g_string_printf (body, _("This visit’s measurement of %s splits its density into %s. The count "
                           "gives %.1f hairs/cm², which that split does not add up to."),
                   fol_region_name (fol_photo_get_region (self->photo)), old_split, density);
  if (!isnan (fol_measurement_get_hair_count (m)))
    {
      g_string_append_c (body, ' ');
      g_string_append_printf (body, _("The recorded count of %.0f hairs on %.2f cm² is replaced."),
                              fol_measurement_get_hair_count (m),
                              fol_measurement_get_field_area (m));
    }
  g_string_append_c (body, ' ');
  if (can_rescale)
    /* Translators: %s the rescaled split */
    g_string_append_printf (body, _("Rescale the split in proportion (%s), or clear it?"),
                            new_split);
  else
    g_string_append (body, _("Clear the split?"));

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Terminal and Vellus Split Does Not Fit"), body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "clear", _("C_lear Split"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "clear",
                                              ADW_RESPONSE_DESTRUCTIVE);
  if (can_rescale)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "rescale", _("_Rescale Split"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rescale",
                                                  ADW_RESPONSE_SUGGESTED);
    }
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (split_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
use_for_visit_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FolPhotoCounter *self = FOL_PHOTO_COUNTER (widget);
  g_autoptr(FolMeasurement) m = NULL;
  g_autoptr(GError) error = NULL;
  FolMarkSplit from_marks;

  if (self->photo == NULL || self->patient_id == NULL)
    return;

  if (isnan (fol_photo_counter_get_density (self)))
    {
      _fol_photo_counter_set_status (self, _("Calibrate and place the counting field first."));
      return;
    }

  if (!fol_photo_measure_lookup (self->store, self->patient_id, self->photo, &m, &error))
    {
      show_error (self, error);
      return;
    }

  /* A split the new density breaks is asked about, with the replacement;
   * marks with diameters bring their own split.
   */
  if (!marks_split (self, &from_marks) &&
      fol_photo_measure_split_conflicts (m, fol_photo_counter_get_count (self),
                                         fol_photo_counter_get_area (self)))
    {
      ask_about_split (self, m);
      return;
    }

  /* Never overwrite a recorded value without asking. */
  if (m != NULL && (!isnan (fol_measurement_get_hair_count (m)) ||
                    !isnan (fol_measurement_get_field_area (m)) ||
                    !isnan (fol_measurement_get_total_density (m))))
    {
      GtkWidget *dialog;
      GtkRoot *root = gtk_widget_get_root (widget);
      g_autofree char *body = NULL;

      body = g_strdup_printf (_("This visit already has a count for %s: %.0f hairs on %.2f cm², "
                                "%.1f hairs/cm². Replace it with %u hairs on %.2f cm², %.1f hairs/cm²?"),
                              fol_region_name (fol_photo_get_region (self->photo)),
                              fol_measurement_get_hair_count (m),
                              fol_measurement_get_field_area (m),
                              fol_measurement_get_total_density (m),
                              fol_photo_counter_get_count (self),
                              fol_photo_counter_get_area (self),
                              fol_photo_counter_get_density (self));
      dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       _("Replace the Count?"), body);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "replace", _("_Replace"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replace",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (replace_response_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  use_with_split (self, FOL_SPLIT_KEEP);
}

/**
 * fol_photo_counter_use_for_visit:
 *
 * As fol_photo_counter_use_for_visit_split(), keeping the terminal/vellus
 * split.
 */
gboolean
fol_photo_counter_use_for_visit (FolPhotoCounter  *self,
                                 GError          **error)
{
  return fol_photo_counter_use_for_visit_split (self, FOL_SPLIT_KEEP, error);
}

/**
 * fol_photo_counter_use_for_visit_split:
 * @split: what to do with the measurement's terminal/vellus split
 *
 * Writes the count, the field area and the density into the measurement
 * of the photo's region at its visit, replacing those three values and
 * keeping the others but the split, which @split keeps, clears or
 * rescales. The counter.use-for-visit action asks before replacing a
 * recorded value or changing the split; this does not.
 */
gboolean
fol_photo_counter_use_for_visit_split (FolPhotoCounter  *self,
                                       FolSplitChange    split,
                                       GError          **error)
{
  g_autoptr(FolVisit) visit = NULL;
  g_autofree char *date = NULL;
  g_autofree char *status = NULL;
  FolMarkSplit from_marks;
  double area, density;
  guint count;

  g_return_val_if_fail (FOL_IS_PHOTO_COUNTER (self), FALSE);
  g_return_val_if_fail (self->photo != NULL, FALSE);

  if (self->unreadable)
    {
      g_set_error_literal (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_REQUIRED,
                           _("This photo cannot be shown, so nothing is counted on it."));
      return FALSE;
    }

  count = fol_photo_counter_get_count (self);
  area = fol_photo_counter_get_area (self);
  density = fol_photo_counter_get_density (self);
  if (isnan (area) || isnan (density))
    {
      g_set_error_literal (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_REQUIRED,
                           _("Calibrate and place the counting field first."));
      return FALSE;
    }

  if (!fol_photo_counter_save (self, error))
    return FALSE;

  /* Marks that all carry a diameter give the split themselves. */
  if (marks_split (self, &from_marks))
    {
      if (!fol_photo_measure_apply_marks (self->store, self->patient_id, self->photo, &from_marks,
                                          area, self->threshold_um, &visit, error))
        return FALSE;
      date = fol_date_format (fol_visit_get_date (visit));
      /* Translators: %u hairs, %.1f density, %s a date, then terminal and
       * vellus counts, the threshold in µm and the mean diameter in µm
       */
      status = g_strdup_printf (_("%u hairs, %.1f hairs/cm² saved to the visit of %s, with "
                                  "estimates from the marks’ diameters: %u terminal and %u vellus "
                                  "(threshold %.0f µm), mean diameter %.0f µm. They stay "
                                  "estimates until confirmed."),
                                count, density, date, from_marks.terminal, from_marks.vellus,
                                self->threshold_um, from_marks.mean_diameter_um);
      _fol_photo_counter_set_status (self, status);
      return TRUE;
    }

  if (!fol_photo_measure_apply_split (self->store, self->patient_id, self->photo, count, area,
                                      split, &visit, error))
    return FALSE;

  date = fol_date_format (fol_visit_get_date (visit));
  /* Translators: %u hairs, %.1f density, %s a date */
  status = g_strdup_printf (_("%u hairs, %.1f hairs/cm² saved to the visit of %s."),
                            count, density, date);
  _fol_photo_counter_set_status (self, status);
  return TRUE;
}

void
_fol_photo_counter_visit_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "counter.use-for-visit", NULL, use_for_visit_action);
}
