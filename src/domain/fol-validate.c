/* fol-validate.c
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

#define G_LOG_DOMAIN "fol-validate"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fol-catalog.h"
#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-stats.h"
#include "fol-measure-field.h"
#include "fol-validate.h"

/* Terminal + vellus must equal total, and count / area must equal a given
 * density, to within rounding of the figures a clinician writes down.
 */
#define ROUNDING_TOLERANCE 0.5

/* Anagen + telogen must be 100 %, to within the same rounding. */
#define PERCENT_TOLERANCE 0.5

/**
 * fol_validation_fail:
 * @field: the name of the field refused, for @out_field
 *
 * Refuses a value: sets *@out_field to @field and @error to a
 * %FOL_VALIDATION_ERROR of @code with the message @format.
 *
 * Returns: %FALSE, for `return fol_validation_fail (…)`
 */
gboolean
fol_validation_fail (const char  *field,
      const char **out_field,
      GError     **error,
      int          code,
      const char  *format,
      ...)
{
  va_list args;

  if (out_field)
    *out_field = field;

  va_start (args, format);
  if (error)
    *error = g_error_new_valist (FOL_VALIDATION_ERROR, code, format, args);
  va_end (args);

  return FALSE;
}

/**
 * fol_validate_measurement_value:
 * @property: a FolMeasurement property name, e.g. "anagen"
 * @value: the value, NaN for "not measured" (always valid)
 */
gboolean
fol_validate_measurement_value (const char  *property,
                                double       value,
                                GError     **error)
{
  const FolMeasurementField *field = fol_measurement_field_lookup (property);

  g_return_val_if_fail (field != NULL, FALSE);

  if (isnan (value))
    return TRUE;

  if (!isfinite (value) || value < field->min || value > field->max)
    {
      g_autofree char *min = g_strdup_printf ("%g", field->min);
      g_autofree char *max = g_strdup_printf ("%g", field->max);

      /* Translators: e.g. "Anagen must be between 0 and 100 %" */
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_RANGE,
                   _("%s must be between %s and %s %s"),
                   _(field->label), min, max, _(field->unit));
      return FALSE;
    }

  if (field->integer && value != floor (value))
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_FORMAT,
                   _("%s must be a whole number"), _(field->label));
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_blank (const char *s)
{
  if (s == NULL)
    return TRUE;
  for (; *s; s = g_utf8_next_char (s))
    if (!g_unichar_isspace (g_utf8_get_char (s)))
      return FALSE;
  return TRUE;
}

/* The first control character of @text (C0, DEL or C1; line breaks and
 * tabs are allowed in @multiline text), 0 when there is none. Such
 * characters forge rows in plain-text output and drive terminals.
 */
static gunichar
control_character (const char *text,
                   gboolean    multiline)
{
  if (text == NULL)
    return 0;
  if (!g_utf8_validate (text, -1, NULL))
    return 0xfffd;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (multiline && (c == '\n' || c == '\r' || c == '\t'))
        continue;
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
        return c;
    }
  return 0;
}

static gboolean
check_line (const char  *text,
            const char  *field,
            const char  *label,
            const char **out_field,
            GError     **error)
{
  gunichar c = control_character (text, FALSE);

  if (c == 0)
    return TRUE;
  /* Translators: e.g. "Name contains a control character (U+001B), which is not allowed" */
  return fol_validation_fail (field, out_field, error, FOL_VALIDATION_ERROR_FORMAT,
               _("%s contains a control character (U+%04X), which is not allowed"), label, c);
}

static gboolean
check_notes (const char  *text,
             const char **out_field,
             GError     **error)
{
  gunichar c = control_character (text, TRUE);

  if (c == 0)
    return TRUE;
  return fol_validation_fail ("notes", out_field, error, FOL_VALIDATION_ERROR_FORMAT,
               _("Notes contain a control character (U+%04X), which is not allowed"), c);
}

static gboolean
validate_date (FolDate      date,
               FolDate      birth_date,
               const char  *field,
               const char  *label,
               const char **out_field,
               GError     **error)
{
  if (date == FOL_DATE_NONE)
    return fol_validation_fail (field, out_field, error, FOL_VALIDATION_ERROR_REQUIRED,
                 _("%s is required"), label);

  if (date > fol_date_today ())
    return fol_validation_fail (field, out_field, error, FOL_VALIDATION_ERROR_DATE,
                 _("%s cannot be in the future"), label);

  if (birth_date != FOL_DATE_NONE && date < birth_date)
    return fol_validation_fail (field, out_field, error, FOL_VALIDATION_ERROR_DATE,
                 _("%s cannot be before the patient’s date of birth"), label);

  return TRUE;
}

gboolean
fol_patient_validate (FolPatient  *patient,
                      const char **out_field,
                      GError     **error)
{
  FolDate birth;

  g_return_val_if_fail (FOL_IS_PATIENT (patient), FALSE);

  if (is_blank (fol_patient_get_name (patient)))
    return fol_validation_fail ("name", out_field, error, FOL_VALIDATION_ERROR_REQUIRED,
                 _("Name is required"));

  if (g_utf8_strlen (fol_patient_get_name (patient), -1) > 200)
    return fol_validation_fail ("name", out_field, error, FOL_VALIDATION_ERROR_RANGE,
                 _("Name is longer than 200 characters"));

  if (!check_line (fol_patient_get_name (patient), "name", _("Name"), out_field, error) ||
      !check_line (fol_patient_get_id (patient), "id", _("Patient ID"), out_field, error) ||
      !check_notes (fol_patient_get_notes (patient), out_field, error))
    return FALSE;

  for (guint r = 0; r < FOL_N_REGIONS; r++)
    if (!check_line (fol_patient_get_site (patient, r), "sites", _("Site description"),
                     out_field, error))
      return FALSE;

  birth = fol_patient_get_birth_date (patient);
  if (birth != FOL_DATE_NONE)
    {
      if (birth > fol_date_today ())
        return fol_validation_fail ("birth-date", out_field, error, FOL_VALIDATION_ERROR_DATE,
                     _("Date of birth cannot be in the future"));
      if (fol_date_get_year (birth) < 1900)
        return fol_validation_fail ("birth-date", out_field, error, FOL_VALIDATION_ERROR_DATE,
                     _("Date of birth is before 1900"));
    }

  if (fol_patient_get_sex (patient) != NULL &&
      !fol_catalog_contains (FOL_CATALOG_SEX, fol_patient_get_sex (patient)))
    return fol_validation_fail ("sex", out_field, error, FOL_VALIDATION_ERROR_FORMAT,
                 _("Sex “%s” is not one of the choices"), fol_patient_get_sex (patient));

  if (fol_patient_get_diagnosis (patient) != NULL &&
      !fol_catalog_contains (FOL_CATALOG_DIAGNOSIS, fol_patient_get_diagnosis (patient)))
    return fol_validation_fail ("diagnosis", out_field, error, FOL_VALIDATION_ERROR_FORMAT,
                 _("Diagnosis “%s” is not one of the choices"),
                 fol_patient_get_diagnosis (patient));

  return TRUE;
}

/**
 * fol_patient_validate_birth:
 * @first_record: the date of the patient's earliest stored visit or
 *   treatment session, or %FOL_DATE_NONE
 *
 * A date of birth after the patient's own records is refused, as a visit
 * before the date of birth is.
 */
gboolean
fol_patient_validate_birth (FolPatient  *patient,
                            FolDate      first_record,
                            const char **out_field,
                            GError     **error)
{
  FolDate birth;
  g_autofree char *birth_iso = NULL;
  g_autofree char *record_iso = NULL;

  g_return_val_if_fail (FOL_IS_PATIENT (patient), FALSE);

  birth = fol_patient_get_birth_date (patient);
  if (birth == FOL_DATE_NONE || first_record == FOL_DATE_NONE || birth <= first_record)
    return TRUE;

  birth_iso = fol_date_to_iso (birth);
  record_iso = fol_date_to_iso (first_record);
  return fol_validation_fail ("birth-date", out_field, error, FOL_VALIDATION_ERROR_DATE,
               _("Date of birth %s is after the patient’s visit or treatment session of %s"),
               birth_iso, record_iso);
}

static gboolean
validate_score (int          value,
                int          min,
                int          max,
                const char  *field,
                const char  *label,
                const char **out_field,
                GError     **error)
{
  if (value == FOL_NO_SCORE || (value >= min && value <= max))
    return TRUE;

  return fol_validation_fail (field, out_field, error, FOL_VALIDATION_ERROR_RANGE,
               _("%s must be between %d and %d"), label, min, max);
}

gboolean
fol_visit_validate (FolVisit    *visit,
                    FolDate      birth_date,
                    const char **out_field,
                    GError     **error)
{
  static const struct {
    const char *property;
    const char *label;
  } salt_areas[] = {
    { "salt-top", N_("SALT top") },
    { "salt-back", N_("SALT back") },
    { "salt-right", N_("SALT right side") },
    { "salt-left", N_("SALT left side") },
  };
  int n_salt = 0;

  g_return_val_if_fail (FOL_IS_VISIT (visit), FALSE);

  if (!validate_date (fol_visit_get_date (visit), birth_date, "date", _("Visit date"),
                      out_field, error) ||
      !check_line (fol_visit_get_clinician (visit), "clinician", _("Clinician"), out_field, error) ||
      !check_notes (fol_visit_get_notes (visit), out_field, error))
    return FALSE;

  if (!fol_catalog_contains (FOL_CATALOG_VISIT_KIND, fol_visit_get_kind (visit)))
    return fol_validation_fail ("kind", out_field, error, FOL_VALIDATION_ERROR_REQUIRED,
                 _("Choose the kind of visit"));

  if (fol_visit_get_norwood (visit) != NULL &&
      !fol_catalog_contains (FOL_CATALOG_NORWOOD, fol_visit_get_norwood (visit)))
    return fol_validation_fail ("norwood", out_field, error, FOL_VALIDATION_ERROR_FORMAT,
                 _("“%s” is not a Norwood–Hamilton stage"), fol_visit_get_norwood (visit));

  if (fol_visit_get_ludwig (visit) != NULL &&
      !fol_catalog_contains (FOL_CATALOG_LUDWIG, fol_visit_get_ludwig (visit)))
    return fol_validation_fail ("ludwig", out_field, error, FOL_VALIDATION_ERROR_FORMAT,
                 _("“%s” is not a Ludwig stage"), fol_visit_get_ludwig (visit));

  if (!validate_score (fol_visit_get_sinclair (visit), 1, 5, "sinclair", _("Sinclair stage"),
                       out_field, error) ||
      !validate_score (fol_visit_get_investigator_assessment (visit), -3, 3,
                       "investigator-assessment", _("Investigator assessment"),
                       out_field, error) ||
      !validate_score (fol_visit_get_patient_assessment (visit), -3, 3,
                       "patient-assessment", _("Patient self-assessment"),
                       out_field, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (salt_areas); i++)
    {
      int v = 0;

      g_object_get (visit, salt_areas[i].property, &v, NULL);
      if (!validate_score (v, 0, 100, salt_areas[i].property, _(salt_areas[i].label),
                           out_field, error))
        return FALSE;
      n_salt += v != FOL_NO_SCORE;
    }

  if (!validate_score (fol_visit_get_aa_iga (visit), 0, 4, "aa-iga", _("AA-IGA grade"),
                       out_field, error))
    return FALSE;

  /* A SALT with an area missing is missing, not a partial sum: refuse to
   * store a score that cannot be computed.
   */
  if (n_salt != 0 && n_salt != G_N_ELEMENTS (salt_areas))
    {
      for (guint i = 0; i < G_N_ELEMENTS (salt_areas); i++)
        {
          int v = 0;

          g_object_get (visit, salt_areas[i].property, &v, NULL);
          if (v == FOL_NO_SCORE)
            return fol_validation_fail (salt_areas[i].property, out_field, error,
                         FOL_VALIDATION_ERROR_REQUIRED,
                         _("%s is missing: a SALT score needs all four areas"),
                         _(salt_areas[i].label));
        }
    }

  /* The grade follows from a complete SALT score (CLINICAL.md). */
  if (n_salt == G_N_ELEMENTS (salt_areas) && fol_visit_get_aa_iga (visit) != FOL_NO_SCORE)
    {
      int hundredths = 0;

      if (fol_salt_score (fol_visit_get_salt_top (visit), fol_visit_get_salt_back (visit),
                          fol_visit_get_salt_right (visit), fol_visit_get_salt_left (visit),
                          &hundredths) &&
          fol_aa_iga_from_salt (hundredths) != fol_visit_get_aa_iga (visit))
        {
          g_autofree char *salt = fol_format_salt (hundredths);

          return fol_validation_fail ("aa-iga", out_field, error, FOL_VALIDATION_ERROR_INCONSISTENT,
                       _("AA-IGA grade %d does not match SALT %s, which is grade %d"),
                       fol_visit_get_aa_iga (visit), salt, fol_aa_iga_from_salt (hundredths));
        }
    }

  return TRUE;
}

gboolean
fol_measurement_is_empty (FolMeasurement *m)
{
  g_return_val_if_fail (FOL_IS_MEASUREMENT (m), TRUE);

  for (guint i = 0; i < FOL_N_MEASURE_FIELDS; i++)
    {
      const FolMeasurementField *field = fol_measurement_field (i);

      /* The threshold says how terminal was counted, it is not a value. */
      if (i == FOL_FIELD_TERMINAL_THRESHOLD)
        continue;
      if (!isnan (field->get (m)))
        return FALSE;
    }

  return TRUE;
}

/**
 * fol_measurement_derive:
 *
 * Fills in what follows from other values: total density from count and
 * area, and total from terminal + vellus.
 */
void
fol_measurement_derive (FolMeasurement *m)
{
  double count, area, total, terminal, vellus;

  g_return_if_fail (FOL_IS_MEASUREMENT (m));

  count = fol_measurement_get_hair_count (m);
  area = fol_measurement_get_field_area (m);
  total = fol_measurement_get_total_density (m);
  terminal = fol_measurement_get_terminal_density (m);
  vellus = fol_measurement_get_vellus_density (m);

  if (isnan (total) && !isnan (fol_stats_density (count, area)))
    fol_measurement_set_total_density (m, fol_stats_density (count, area));
  else if (isnan (total) && !isnan (terminal) && !isnan (vellus))
    fol_measurement_set_total_density (m, terminal + vellus);
}

gboolean
fol_measurement_validate (FolMeasurement  *m,
                          const char     **out_field,
                          GError         **error)
{
  double count, area, total, terminal, vellus, fu, anagen, telogen;

  g_return_val_if_fail (FOL_IS_MEASUREMENT (m), FALSE);

  if (fol_measurement_get_region (m) >= FOL_N_REGIONS)
    return fol_validation_fail ("region", out_field, error, FOL_VALIDATION_ERROR_REQUIRED,
                 _("Choose a scalp region"));

  for (guint i = 0; i < FOL_N_MEASURE_FIELDS; i++)
    {
      const FolMeasurementField *field = fol_measurement_field (i);

      if (!fol_validate_measurement_value (field->property, field->get (m), error))
        {
          if (out_field)
            *out_field = field->property;
          return FALSE;
        }
    }

  count = fol_measurement_get_hair_count (m);
  area = fol_measurement_get_field_area (m);
  total = fol_measurement_get_total_density (m);
  terminal = fol_measurement_get_terminal_density (m);
  vellus = fol_measurement_get_vellus_density (m);
  fu = fol_measurement_get_fu_density (m);

  if (!isnan (count) && isnan (area))
    return fol_validation_fail ("field-area", out_field, error, FOL_VALIDATION_ERROR_REQUIRED,
                 _("Counted area is required with a hair count"));

  if (!isnan (count) && !isnan (area) && !isnan (total) &&
      fabs (count / area - total) > ROUNDING_TOLERANCE)
    return fol_validation_fail ("total-density", out_field, error, FOL_VALIDATION_ERROR_INCONSISTENT,
                 _("Total density %.1f does not match %.0f hairs counted on %g cm² (%.1f)"),
                 total, count, area, count / area);

  if (!isnan (vellus) && !isnan (total) && vellus > total + ROUNDING_TOLERANCE)
    return fol_validation_fail ("vellus-density", out_field, error, FOL_VALIDATION_ERROR_INCONSISTENT,
                 _("Vellus density %.1f cannot exceed total density %.1f"), vellus, total);

  if (!isnan (terminal) && !isnan (total) && terminal > total + ROUNDING_TOLERANCE)
    return fol_validation_fail ("terminal-density", out_field, error, FOL_VALIDATION_ERROR_INCONSISTENT,
                 _("Terminal density %.1f cannot exceed total density %.1f"), terminal, total);

  if (!isnan (terminal) && !isnan (vellus) && !isnan (total) &&
      fabs (terminal + vellus - total) > ROUNDING_TOLERANCE)
    return fol_validation_fail ("vellus-density", out_field, error, FOL_VALIDATION_ERROR_INCONSISTENT,
                 _("Terminal density %.1f + vellus density %.1f does not add up to total density %.1f"),
                 terminal, vellus, total);

  /* A unit holds at least one hair: no units where hairs grow is impossible. */
  if (fu == 0 && ((!isnan (count) && count > 0) || (!isnan (total) && total > 0) ||
                  (!isnan (terminal) && terminal > 0) || (!isnan (vellus) && vellus > 0)))
    return fol_validation_fail ("fu-density", out_field, error, FOL_VALIDATION_ERROR_INCONSISTENT,
                 _("Follicular units cannot be 0 where hairs were counted: "
                   "leave the field blank if the units were not counted"));

  anagen = fol_measurement_get_anagen (m);
  telogen = fol_measurement_get_telogen (m);
  if (!isnan (anagen) && !isnan (telogen) &&
      fabs (anagen + telogen - 100) > PERCENT_TOLERANCE + 1e-9)
    return fol_validation_fail ("telogen", out_field, error, FOL_VALIDATION_ERROR_INCONSISTENT,
                 _("Anagen %.1f %% + telogen %.1f %% does not add up to 100 %%"),
                 anagen, telogen);

  if (!isnan (fu) && !isnan (total) && fu > total + ROUNDING_TOLERANCE)
    return fol_validation_fail ("fu-density", out_field, error, FOL_VALIDATION_ERROR_INCONSISTENT,
                 _("Follicular units %.1f cannot exceed total density %.1f: each unit holds at least one hair"),
                 fu, total);

  if (fol_measurement_get_method (m) != NULL &&
      !fol_catalog_contains (FOL_CATALOG_METHOD, fol_measurement_get_method (m)))
    return fol_validation_fail ("method", out_field, error, FOL_VALIDATION_ERROR_FORMAT,
                 _("Method “%s” is not one of the choices"), fol_measurement_get_method (m));

  return check_notes (fol_measurement_get_notes (m), out_field, error);
}

gboolean
fol_treatment_session_validate (FolTreatmentSession  *session,
                                FolDate               birth_date,
                                const char          **out_field,
                                GError              **error)
{
  double volume, depth;

  g_return_val_if_fail (FOL_IS_TREATMENT_SESSION (session), FALSE);

  if (!validate_date (fol_treatment_session_get_date (session), birth_date, "date",
                      _("Session date"), out_field, error))
    return FALSE;

  if (!fol_catalog_contains (FOL_CATALOG_TREATMENT_TYPE,
                             fol_treatment_session_get_treatment_type (session)))
    return fol_validation_fail ("treatment-type", out_field, error, FOL_VALIDATION_ERROR_REQUIRED,
                 _("Choose the type of treatment"));

  volume = fol_treatment_session_get_volume_ml (session);
  if (!isnan (volume) && (!(volume > 0) || volume > 500))
    return fol_validation_fail ("volume-ml", out_field, error, FOL_VALIDATION_ERROR_RANGE,
                 _("Volume must be more than 0 and at most 500 mL"));

  depth = fol_treatment_session_get_depth_mm (session);
  if (!isnan (depth) && (depth < 0 || depth > 10))
    return fol_validation_fail ("depth-mm", out_field, error, FOL_VALIDATION_ERROR_RANGE,
                 _("Injection depth must be between 0 and 10 mm"));

  if (!check_line (fol_treatment_session_get_product (session), "product", _("Product"),
                   out_field, error) ||
      !check_line (fol_treatment_session_get_lot_number (session), "lot-number", _("Lot number"),
                   out_field, error) ||
      !check_line (fol_treatment_session_get_dose (session), "dose", _("Dose"), out_field, error) ||
      !check_line (fol_treatment_session_get_anaesthesia (session), "anaesthesia",
                   _("Anaesthesia"), out_field, error) ||
      !check_line (fol_treatment_session_get_clinician (session), "clinician", _("Clinician"),
                   out_field, error) ||
      !check_notes (fol_treatment_session_get_notes (session), out_field, error))
    return FALSE;

  if ((fol_treatment_session_get_regions (session) & ~FOL_ALL_REGIONS) != 0)
    return fol_validation_fail ("regions", out_field, error, FOL_VALIDATION_ERROR_FORMAT,
                 _("Regions treated include an unknown region"));

  for (guint i = 0; i < fol_treatment_session_get_n_adverse_events (session); i++)
    {
      FolSeverity severity;
      const char *description = fol_treatment_session_get_adverse_event (session, i, &severity);

      if (is_blank (description))
        return fol_validation_fail ("adverse-events", out_field, error, FOL_VALIDATION_ERROR_REQUIRED,
                     _("Describe adverse event %u"), i + 1);
      if (!check_line (description, "adverse-events", _("Adverse event"), out_field, error))
        return FALSE;
      if (severity >= FOL_N_SEVERITIES)
        return fol_validation_fail ("adverse-events", out_field, error, FOL_VALIDATION_ERROR_FORMAT,
                     _("Adverse event %u has no valid severity"), i + 1);
    }

  return TRUE;
}
