/* fol-protocol.c
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

#define G_LOG_DOMAIN "fol-protocol"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "fol-catalog.h"
#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-protocol.h"
#include "fol-region.h"
#include "fol-validate.h"

/* A treatment plan of the clinic: its sessions and follow-up visits, each
 * planned some months and days after the day the plan starts.
 */
struct _FolProtocol
{
  GObject parent_instance;

  char    *id;
  char    *name;
  char    *description;
  gboolean example;
  char    *created_at;
  char    *updated_at;
  GArray  *steps;  /* FolProtocolStep */
};

G_DEFINE_FINAL_TYPE (FolProtocol, fol_protocol, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The steps as stored: an array of (kind, months, days, treatment type,
 * product, dose, volume in mL or -1, region codes joined by commas).
 */
#define STEPS_TYPE "a(siisssds)"

/* The longest plan: ten years. */
#define MAX_MONTHS 120
#define MAX_DAYS 3660

static void
step_clear (gpointer data)
{
  FolProtocolStep *step = data;

  g_clear_pointer (&step->treatment_type, g_free);
  g_clear_pointer (&step->product, g_free);
  g_clear_pointer (&step->dose, g_free);
}

static void
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
}

static char *
empty_to_null (const char *text)
{
  return text != NULL && text[0] != '\0' ? g_strdup (text) : NULL;
}

static void
fol_protocol_finalize (GObject *object)
{
  FolProtocol *self = FOL_PROTOCOL (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->description);
  g_free (self->created_at);
  g_free (self->updated_at);
  g_array_unref (self->steps);

  G_OBJECT_CLASS (fol_protocol_parent_class)->finalize (object);
}

static void
fol_protocol_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FolProtocol *self = FOL_PROTOCOL (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fol_protocol_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  FolProtocol *self = FOL_PROTOCOL (object);

  switch (prop_id)
    {
    case PROP_NAME:
      fol_protocol_set_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fol_protocol_class_init (FolProtocolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fol_protocol_finalize;
  object_class->get_property = fol_protocol_get_property;
  object_class->set_property = fol_protocol_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fol_protocol_init (FolProtocol *self)
{
  self->steps = g_array_new (FALSE, TRUE, sizeof (FolProtocolStep));
  g_array_set_clear_func (self->steps, step_clear);
}

FolProtocol *
fol_protocol_new (void)
{
  return g_object_new (FOL_TYPE_PROTOCOL, NULL);
}

/**
 * fol_protocol_new_stored:
 * @steps: the steps' text (fol_protocol_steps_to_text())
 *
 * A protocol as a store's row holds it, for every backend alike. Steps
 * that cannot be read are left out, with a warning.
 */
FolProtocol *
fol_protocol_new_stored (const char *id,
                         const char *name,
                         const char *description,
                         const char *steps,
                         gboolean    example,
                         const char *created_at,
                         const char *updated_at)
{
  FolProtocol *self = fol_protocol_new ();
  g_autoptr(GError) error = NULL;

  fol_protocol_set_id (self, id);
  fol_protocol_set_name (self, name);
  fol_protocol_set_description (self, description);
  if (!fol_protocol_set_steps_from_text (self, steps, &error))
    g_warning ("Protocol “%s”: %s", name, error->message);
  fol_protocol_set_example (self, example);
  fol_protocol_set_created_at (self, created_at);
  fol_protocol_set_updated_at (self, updated_at);
  return self;
}

const char *
fol_protocol_get_id (FolProtocol *self)
{
  g_return_val_if_fail (FOL_IS_PROTOCOL (self), NULL);
  return self->id;
}

void
fol_protocol_set_id (FolProtocol *self,
                     const char  *id)
{
  g_return_if_fail (FOL_IS_PROTOCOL (self));
  replace_string (&self->id, id);
}

const char *
fol_protocol_get_name (FolProtocol *self)
{
  g_return_val_if_fail (FOL_IS_PROTOCOL (self), NULL);
  return self->name;
}

void
fol_protocol_set_name (FolProtocol *self,
                       const char  *name)
{
  g_return_if_fail (FOL_IS_PROTOCOL (self));
  if (g_strcmp0 (self->name, name) == 0)
    return;
  replace_string (&self->name, name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
fol_protocol_get_description (FolProtocol *self)
{
  g_return_val_if_fail (FOL_IS_PROTOCOL (self), NULL);
  return self->description;
}

void
fol_protocol_set_description (FolProtocol *self,
                              const char  *description)
{
  g_return_if_fail (FOL_IS_PROTOCOL (self));
  replace_string (&self->description, description);
}

gboolean
fol_protocol_get_example (FolProtocol *self)
{
  g_return_val_if_fail (FOL_IS_PROTOCOL (self), FALSE);
  return self->example;
}

void
fol_protocol_set_example (FolProtocol *self,
                          gboolean     example)
{
  g_return_if_fail (FOL_IS_PROTOCOL (self));
  self->example = !!example;
}

const char *
fol_protocol_get_created_at (FolProtocol *self)
{
  g_return_val_if_fail (FOL_IS_PROTOCOL (self), NULL);
  return self->created_at;
}

void
fol_protocol_set_created_at (FolProtocol *self,
                             const char  *created_at)
{
  g_return_if_fail (FOL_IS_PROTOCOL (self));
  replace_string (&self->created_at, created_at);
}

const char *
fol_protocol_get_updated_at (FolProtocol *self)
{
  g_return_val_if_fail (FOL_IS_PROTOCOL (self), NULL);
  return self->updated_at;
}

void
fol_protocol_set_updated_at (FolProtocol *self,
                             const char  *updated_at)
{
  g_return_if_fail (FOL_IS_PROTOCOL (self));
  replace_string (&self->updated_at, updated_at);
}

guint
fol_protocol_get_n_steps (FolProtocol *self)
{
  g_return_val_if_fail (FOL_IS_PROTOCOL (self), 0);
  return self->steps->len;
}

const FolProtocolStep *
fol_protocol_get_step (FolProtocol *self,
                       guint        index)
{
  g_return_val_if_fail (FOL_IS_PROTOCOL (self), NULL);
  g_return_val_if_fail (index < self->steps->len, NULL);
  return &g_array_index (self->steps, FolProtocolStep, index);
}

void
fol_protocol_add_session (FolProtocol *self,
                          int          months,
                          int          days,
                          const char  *treatment_type,
                          const char  *product,
                          const char  *dose,
                          double       volume_ml,
                          guint        regions)
{
  FolProtocolStep step = {
    .kind = FOL_PROTOCOL_STEP_SESSION,
    .months = months,
    .days = days,
    .treatment_type = empty_to_null (treatment_type),
    .product = empty_to_null (product),
    .dose = empty_to_null (dose),
    .volume_ml = volume_ml,
    .regions = regions,
  };

  g_return_if_fail (FOL_IS_PROTOCOL (self));
  g_array_append_val (self->steps, step);
}

void
fol_protocol_add_visit (FolProtocol *self,
                        int          months,
                        int          days)
{
  FolProtocolStep step = {
    .kind = FOL_PROTOCOL_STEP_VISIT,
    .months = months,
    .days = days,
    .volume_ml = NAN,
  };

  g_return_if_fail (FOL_IS_PROTOCOL (self));
  g_array_append_val (self->steps, step);
}

void
fol_protocol_clear_steps (FolProtocol *self)
{
  g_return_if_fail (FOL_IS_PROTOCOL (self));
  g_array_set_size (self->steps, 0);
}

static char *
regions_to_codes (guint regions)
{
  g_autoptr(GString) codes = g_string_new (NULL);

  for (guint r = 0; r < FOL_N_REGIONS; r++)
    if (regions & (1u << r))
      {
        if (codes->len > 0)
          g_string_append_c (codes, ',');
        g_string_append (codes, fol_region_code (r));
      }
  return g_string_free (g_steal_pointer (&codes), FALSE);
}

/**
 * fol_protocol_steps_to_text:
 *
 * The steps as one line of text (a GVariant of type a(siisssds)), the
 * form the stores, the CSV files and the backups keep them in.
 */
char *
fol_protocol_steps_to_text (FolProtocol *self)
{
  g_autoptr(GVariant) steps = NULL;
  GVariantBuilder builder;

  g_return_val_if_fail (FOL_IS_PROTOCOL (self), NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE (STEPS_TYPE));
  for (guint i = 0; i < self->steps->len; i++)
    {
      const FolProtocolStep *step = &g_array_index (self->steps, FolProtocolStep, i);
      g_autofree char *regions = regions_to_codes (step->regions);

      g_variant_builder_add (&builder, "(siisssds)",
                             step->kind == FOL_PROTOCOL_STEP_SESSION ? "session" : "visit",
                             step->months, step->days,
                             step->treatment_type ? step->treatment_type : "",
                             step->product ? step->product : "",
                             step->dose ? step->dose : "",
                             isnan (step->volume_ml) ? -1.0 : step->volume_ml,
                             regions);
    }
  steps = g_variant_ref_sink (g_variant_builder_end (&builder));
  return g_variant_print (steps, FALSE);
}

/**
 * fol_protocol_set_steps_from_text:
 *
 * Replaces the steps by those of @text (fol_protocol_steps_to_text()).
 * Text that is not a list of steps is refused, and the steps are kept.
 */
gboolean
fol_protocol_set_steps_from_text (FolProtocol  *self,
                                  const char   *text,
                                  GError      **error)
{
  g_autoptr(GVariant) steps = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GArray) parsed = NULL;
  GVariantIter iter;
  const char *kind, *type, *product, *dose, *regions;
  gint32 months, days;
  double volume;

  g_return_val_if_fail (FOL_IS_PROTOCOL (self), FALSE);

  steps = g_variant_parse (G_VARIANT_TYPE (STEPS_TYPE), text ? text : "", NULL, NULL,
                           &local_error);
  if (steps == NULL)
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_FORMAT,
                   _("Protocol steps are not a list of steps: %s"), local_error->message);
      return FALSE;
    }

  parsed = g_array_new (FALSE, TRUE, sizeof (FolProtocolStep));
  g_array_set_clear_func (parsed, step_clear);
  g_variant_iter_init (&iter, steps);
  while (g_variant_iter_next (&iter, "(&sii&s&s&sd&s)", &kind, &months, &days, &type, &product,
                              &dose, &volume, &regions))
    {
      FolProtocolStep step = { 0, };
      g_auto(GStrv) codes = g_strsplit (regions, ",", -1);

      if (g_str_equal (kind, "session"))
        step.kind = FOL_PROTOCOL_STEP_SESSION;
      else if (g_str_equal (kind, "visit"))
        step.kind = FOL_PROTOCOL_STEP_VISIT;
      else
        {
          g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_FORMAT,
                       _("Protocol step %u is neither a session nor a visit"), parsed->len + 1);
          return FALSE;
        }
      step.months = months;
      step.days = days;
      step.treatment_type = empty_to_null (type);
      step.product = empty_to_null (product);
      step.dose = empty_to_null (dose);
      step.volume_ml = volume < 0 ? NAN : volume;
      for (guint i = 0; codes[i] != NULL; i++)
        {
          FolRegion region;

          if (codes[i][0] == '\0')
            continue;
          if (!fol_region_from_code (codes[i], &region))
            {
              g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_FORMAT,
                           _("Protocol step %u names an unknown region “%s”"), parsed->len + 1,
                           codes[i]);
              step_clear (&step);
              return FALSE;
            }
          step.regions |= 1u << region;
        }
      g_array_append_val (parsed, step);
    }

  g_array_set_size (self->steps, 0);
  g_array_append_vals (self->steps, parsed->data, parsed->len);
  /* The strings now belong to self->steps. */
  g_array_set_clear_func (parsed, NULL);
  return TRUE;
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

static gboolean
has_control (const char *text,
             gboolean    multiline)
{
  if (text == NULL)
    return FALSE;
  for (; *text; text = g_utf8_next_char (text))
    {
      gunichar c = g_utf8_get_char (text);

      if (multiline && (c == '\n' || c == '\t'))
        continue;
      if (g_unichar_iscntrl (c))
        return TRUE;
    }
  return FALSE;
}

/**
 * fol_protocol_validate:
 * @out_field: (out) (optional): the field at fault: "name", "description"
 *   or "steps"
 *
 * A protocol has a name, at least one step, steps within ten years of the
 * start, and a known treatment type for every session.
 */
gboolean
fol_protocol_validate (FolProtocol  *self,
                       const char  **out_field,
                       GError      **error)
{
  g_return_val_if_fail (FOL_IS_PROTOCOL (self), FALSE);

  if (is_blank (self->name))
    return fol_validation_fail ("name", out_field, error, FOL_VALIDATION_ERROR_REQUIRED,
                 _("Protocol name is required"));
  if (has_control (self->name, FALSE) || g_utf8_strlen (self->name, -1) > 200)
    return fol_validation_fail ("name", out_field, error, FOL_VALIDATION_ERROR_FORMAT,
                 _("Protocol name must be one line of at most 200 characters"));
  if (has_control (self->description, TRUE))
    return fol_validation_fail ("description", out_field, error, FOL_VALIDATION_ERROR_FORMAT,
                 _("Protocol description contains a control character, which is not allowed"));
  if (self->steps->len == 0)
    return fol_validation_fail ("steps", out_field, error, FOL_VALIDATION_ERROR_REQUIRED,
                 _("Protocol steps: a protocol needs at least one session or visit"));

  for (guint i = 0; i < self->steps->len; i++)
    {
      const FolProtocolStep *step = &g_array_index (self->steps, FolProtocolStep, i);

      if (step->months < 0 || step->months > MAX_MONTHS || step->days < 0 ||
          step->days > MAX_DAYS)
        return fol_validation_fail ("steps", out_field, error, FOL_VALIDATION_ERROR_RANGE,
                     _("Protocol step %u: months must be 0 to %d and days 0 to %d after the "
                       "start"), i + 1, MAX_MONTHS, MAX_DAYS);
      if (step->kind != FOL_PROTOCOL_STEP_SESSION)
        continue;
      if (!fol_catalog_contains (FOL_CATALOG_TREATMENT_TYPE, step->treatment_type))
        return fol_validation_fail ("steps", out_field, error, FOL_VALIDATION_ERROR_REQUIRED,
                     _("Protocol step %u: choose the type of treatment"), i + 1);
      if (!isnan (step->volume_ml) && (!(step->volume_ml > 0) || step->volume_ml > 500))
        return fol_validation_fail ("steps", out_field, error, FOL_VALIDATION_ERROR_RANGE,
                     _("Protocol step %u: volume must be more than 0 and at most 500 mL"), i + 1);
      if (has_control (step->product, FALSE) || has_control (step->dose, FALSE))
        return fol_validation_fail ("steps", out_field, error, FOL_VALIDATION_ERROR_FORMAT,
                     _("Protocol step %u: product and dose must be one line each"), i + 1);
      if ((step->regions & ~FOL_ALL_REGIONS) != 0)
        return fol_validation_fail ("steps", out_field, error, FOL_VALIDATION_ERROR_FORMAT,
                     _("Protocol step %u: regions include an unknown region"), i + 1);
    }
  return TRUE;
}

/**
 * fol_protocol_step_planned_date:
 *
 * The one place a planned date is computed: @start plus the step's months
 * (a day that does not exist in the target month becomes that month's
 * last day: 31 January + 1 month is 29 February in a leap year), then
 * plus its days. %FOL_DATE_NONE when that falls outside years 1–9999.
 */
FolDate
fol_protocol_step_planned_date (const FolProtocolStep *step,
                                FolDate                start)
{
  FolDate date;

  g_return_val_if_fail (step != NULL, FOL_DATE_NONE);
  g_return_val_if_fail (start != FOL_DATE_NONE, FOL_DATE_NONE);

  date = fol_date_add_months (start, step->months);
  if (date == FOL_DATE_NONE)
    return FOL_DATE_NONE;
  return fol_date_add_days (date, step->days);
}

/**
 * fol_protocol_step_describe:
 *
 * "Platelet-rich plasma, 4 mL, Frontal, Vertex" or "Follow-up visit".
 */
char *
fol_protocol_step_describe (const FolProtocolStep *step)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (step != NULL, NULL);

  if (step->kind == FOL_PROTOCOL_STEP_VISIT)
    return g_strdup (_("Follow-up visit"));

  g_string_append (text, step->treatment_type
                         ? fol_catalog_label (FOL_CATALOG_TREATMENT_TYPE, step->treatment_type)
                         : _("Treatment session"));
  if (step->product != NULL)
    g_string_append_printf (text, ", %s", step->product);
  if (step->dose != NULL)
    g_string_append_printf (text, ", %s", step->dose);
  if (!isnan (step->volume_ml))
    {
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      /* Translators: a volume in millilitres, e.g. "4 mL" */
      g_string_append_printf (text, _(", %s mL"),
                              g_ascii_formatd (number, sizeof number, "%g", step->volume_ml));
    }
  for (guint r = 0; r < FOL_N_REGIONS; r++)
    if (step->regions & (1u << r))
      g_string_append_printf (text, ", %s", fol_region_short_name (r));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Assignments */

struct _FolProtocolAssignment
{
  GObject parent_instance;

  char   *id;
  char   *patient_id;
  char   *protocol_id;
  FolDate start_date;
  char   *created_at;
  char   *updated_at;
};

G_DEFINE_FINAL_TYPE (FolProtocolAssignment, fol_protocol_assignment, G_TYPE_OBJECT)

static void
fol_protocol_assignment_finalize (GObject *object)
{
  FolProtocolAssignment *self = FOL_PROTOCOL_ASSIGNMENT (object);

  g_free (self->id);
  g_free (self->patient_id);
  g_free (self->protocol_id);
  g_free (self->created_at);
  g_free (self->updated_at);

  G_OBJECT_CLASS (fol_protocol_assignment_parent_class)->finalize (object);
}

static void
fol_protocol_assignment_class_init (FolProtocolAssignmentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fol_protocol_assignment_finalize;
}

static void
fol_protocol_assignment_init (FolProtocolAssignment *self)
{
}

FolProtocolAssignment *
fol_protocol_assignment_new (void)
{
  return g_object_new (FOL_TYPE_PROTOCOL_ASSIGNMENT, NULL);
}

/* An assignment as a store's row holds it, for every backend alike. */
FolProtocolAssignment *
fol_protocol_assignment_new_stored (const char *id,
                                    const char *patient_id,
                                    const char *protocol_id,
                                    FolDate     start_date,
                                    const char *created_at,
                                    const char *updated_at)
{
  FolProtocolAssignment *self = fol_protocol_assignment_new ();

  fol_protocol_assignment_set_id (self, id);
  fol_protocol_assignment_set_patient_id (self, patient_id);
  fol_protocol_assignment_set_protocol_id (self, protocol_id);
  fol_protocol_assignment_set_start_date (self, start_date);
  fol_protocol_assignment_set_created_at (self, created_at);
  fol_protocol_assignment_set_updated_at (self, updated_at);
  return self;
}

#define ASSIGNMENT_STRING(field)                                                  \
  const char *                                                                    \
  fol_protocol_assignment_get_##field (FolProtocolAssignment *self)               \
  {                                                                               \
    g_return_val_if_fail (FOL_IS_PROTOCOL_ASSIGNMENT (self), NULL);               \
    return self->field;                                                           \
  }                                                                               \
                                                                                  \
  void                                                                            \
  fol_protocol_assignment_set_##field (FolProtocolAssignment *self,               \
                                       const char            *value)              \
  {                                                                               \
    g_return_if_fail (FOL_IS_PROTOCOL_ASSIGNMENT (self));                         \
    replace_string (&self->field, value);                                         \
  }

ASSIGNMENT_STRING (id)
ASSIGNMENT_STRING (patient_id)
ASSIGNMENT_STRING (protocol_id)
ASSIGNMENT_STRING (created_at)
ASSIGNMENT_STRING (updated_at)

FolDate
fol_protocol_assignment_get_start_date (FolProtocolAssignment *self)
{
  g_return_val_if_fail (FOL_IS_PROTOCOL_ASSIGNMENT (self), FOL_DATE_NONE);
  return self->start_date;
}

void
fol_protocol_assignment_set_start_date (FolProtocolAssignment *self,
                                        FolDate                start_date)
{
  g_return_if_fail (FOL_IS_PROTOCOL_ASSIGNMENT (self));
  self->start_date = start_date;
}

/**
 * fol_protocol_assignment_validate:
 * @out_field: (out) (optional): "patient", "protocol" or "start-date"
 */
gboolean
fol_protocol_assignment_validate (FolProtocolAssignment  *self,
                                  const char            **out_field,
                                  GError                **error)
{
  g_return_val_if_fail (FOL_IS_PROTOCOL_ASSIGNMENT (self), FALSE);

  if (is_blank (self->patient_id))
    return fol_validation_fail ("patient", out_field, error, FOL_VALIDATION_ERROR_REQUIRED,
                 _("Patient is required for a protocol"));
  if (is_blank (self->protocol_id))
    return fol_validation_fail ("protocol", out_field, error, FOL_VALIDATION_ERROR_REQUIRED,
                 _("Choose a protocol"));
  if (self->start_date == FOL_DATE_NONE)
    return fol_validation_fail ("start-date", out_field, error, FOL_VALIDATION_ERROR_DATE,
                 _("Start date of the protocol is required"));
  if (fol_date_add_months (self->start_date, MAX_MONTHS) == FOL_DATE_NONE ||
      fol_date_get_year (self->start_date) < 1900)
    return fol_validation_fail ("start-date", out_field, error, FOL_VALIDATION_ERROR_DATE,
                 _("Start date of the protocol must be between 1900 and 9989"));
  return TRUE;
}

/* Plans */

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const FolPlanItem *x = a, *y = b;

  if (x->planned != y->planned)
    return x->planned < y->planned ? -1 : 1;
  return (int) x->step_index - (int) y->step_index;
}

/* The earliest record not yet used, of the step's type for a session,
 * dated no more than FOL_PROTOCOL_MATCH_DAYS before @planned.
 */
static FolDate
match_record (FolHistory            *history,
              const FolProtocolStep *step,
              FolDate                planned,
              GHashTable            *used)
{
  gboolean session = step->kind == FOL_PROTOCOL_STEP_SESSION;
  guint n = session ? fol_history_get_n_sessions (history) : fol_history_get_n_visits (history);
  gpointer best = NULL;
  FolDate best_date = FOL_DATE_NONE;

  for (guint i = 0; i < n; i++)
    {
      gpointer record;
      FolDate date;

      if (session)
        {
          FolTreatmentSession *s = fol_history_get_session (history, i);

          if (step->treatment_type != NULL &&
              g_strcmp0 (fol_treatment_session_get_treatment_type (s), step->treatment_type) != 0)
            continue;
          record = s;
          date = fol_treatment_session_get_date (s);
        }
      else
        {
          FolVisit *v = fol_history_get_visit (history, i);

          record = v;
          date = fol_visit_get_date (v);
        }
      if (g_hash_table_contains (used, record) ||
          (gint64) date + FOL_PROTOCOL_MATCH_DAYS < (gint64) planned)
        continue;
      if (best == NULL || date < best_date)
        {
          best = record;
          best_date = date;
        }
    }
  if (best != NULL)
    g_hash_table_add (used, best);
  return best_date;
}

/**
 * fol_protocol_plan:
 * @history: (nullable): the patient's records; %NULL: nothing done yet
 *
 * Each step of @protocol started on @start, in order of planned date,
 * with what was done: a step is done by the earliest session (of its
 * treatment type) or visit not used by an earlier step and dated at most
 * FOL_PROTOCOL_MATCH_DAYS before the planned date. Not done, it is
 * overdue once its date has passed, due from FOL_PROTOCOL_DUE_DAYS
 * before it, upcoming before that.
 *
 * Returns: (transfer full): an array of #FolPlanItem
 */
GArray *
fol_protocol_plan (FolProtocol *protocol,
                   FolDate      start,
                   FolHistory  *history,
                   FolDate      today)
{
  g_autoptr(GHashTable) used = g_hash_table_new (NULL, NULL);
  GArray *plan;

  g_return_val_if_fail (FOL_IS_PROTOCOL (protocol), NULL);
  g_return_val_if_fail (start != FOL_DATE_NONE, NULL);
  g_return_val_if_fail (history == NULL || FOL_IS_HISTORY (history), NULL);

  plan = g_array_sized_new (FALSE, TRUE, sizeof (FolPlanItem), protocol->steps->len);
  for (guint i = 0; i < protocol->steps->len; i++)
    {
      const FolProtocolStep *step = &g_array_index (protocol->steps, FolProtocolStep, i);
      FolPlanItem item = {
        .step_index = i,
        .kind = step->kind,
        .planned = fol_protocol_step_planned_date (step, start),
      };

      if (item.planned != FOL_DATE_NONE)
        g_array_append_val (plan, item);
    }
  g_array_sort (plan, compare_items);

  for (guint i = 0; i < plan->len; i++)
    {
      FolPlanItem *item = &g_array_index (plan, FolPlanItem, i);
      const FolProtocolStep *step = &g_array_index (protocol->steps, FolProtocolStep,
                                                    item->step_index);

      item->done = history != NULL ? match_record (history, step, item->planned, used)
                                   : FOL_DATE_NONE;
      if (item->done != FOL_DATE_NONE)
        {
          item->state = FOL_PLAN_DONE;
          item->on_time = ABS ((gint64) item->done - (gint64) item->planned)
                          <= FOL_PROTOCOL_ON_TIME_DAYS;
        }
      else if (item->planned < today)
        item->state = FOL_PLAN_OVERDUE;
      else if ((gint64) item->planned - (gint64) today <= FOL_PROTOCOL_DUE_DAYS)
        item->state = FOL_PLAN_DUE;
      else
        item->state = FOL_PLAN_UPCOMING;
    }
  return plan;
}

/**
 * fol_protocol_plan_adherence:
 *
 * Of the plan's sessions done or overdue, how many were done within
 * ± FOL_PROTOCOL_ON_TIME_DAYS of their planned date.
 */
FolAdherence
fol_protocol_plan_adherence (GArray *plan)
{
  FolAdherence adherence = { 0, 0, NAN };

  g_return_val_if_fail (plan != NULL, adherence);

  for (guint i = 0; i < plan->len; i++)
    {
      const FolPlanItem *item = &g_array_index (plan, FolPlanItem, i);

      if (item->kind != FOL_PROTOCOL_STEP_SESSION)
        continue;
      if (item->state != FOL_PLAN_DONE && item->state != FOL_PLAN_OVERDUE)
        continue;
      adherence.n_assessed++;
      if (item->state == FOL_PLAN_DONE && item->on_time)
        adherence.n_on_time++;
    }
  if (adherence.n_assessed > 0)
    adherence.percent = 100.0 * adherence.n_on_time / adherence.n_assessed;
  return adherence;
}

const char *
fol_plan_state_code (FolPlanState state)
{
  switch (state)
    {
    case FOL_PLAN_DONE:
      return "done";
    case FOL_PLAN_OVERDUE:
      return "overdue";
    case FOL_PLAN_DUE:
      return "due";
    case FOL_PLAN_UPCOMING:
    default:
      return "upcoming";
    }
}

const char *
fol_plan_state_label (FolPlanState state)
{
  switch (state)
    {
    case FOL_PLAN_DONE:
      return _("Done");
    case FOL_PLAN_OVERDUE:
      return _("Overdue");
    case FOL_PLAN_DUE:
      return _("Due");
    case FOL_PLAN_UPCOMING:
    default:
      return _("Upcoming");
    }
}
