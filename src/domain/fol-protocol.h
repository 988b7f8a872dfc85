/* fol-protocol.h
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

#pragma once

#include <glib-object.h>

#include "fol-date.h"
#include "fol-history.h"

G_BEGIN_DECLS

/* A session done within this many days of its planned date is on time
 * (adherence); exactly this many days early or late still is.
 */
#define FOL_PROTOCOL_ON_TIME_DAYS 7

/* A session or visit counts for a step of the plan when it is dated no
 * more than this many days before the step's planned date.
 */
#define FOL_PROTOCOL_MATCH_DAYS 14

/* A step not done is "due" from this many days before its planned date. */
#define FOL_PROTOCOL_DUE_DAYS 7

typedef enum
{
  FOL_PROTOCOL_STEP_SESSION,
  FOL_PROTOCOL_STEP_VISIT,
} FolProtocolStepKind;

/* One session or follow-up visit of a protocol, planned @months and then
 * @days after the start of the plan.
 */
typedef struct
{
  FolProtocolStepKind kind;
  int                 months;
  int                 days;
  char               *treatment_type;  /* sessions: a treatment type code */
  char               *product;
  char               *dose;
  double              volume_ml;       /* NaN when not given */
  guint               regions;         /* bit mask of FolRegion */
} FolProtocolStep;

#define FOL_TYPE_PROTOCOL (fol_protocol_get_type ())

G_DECLARE_FINAL_TYPE (FolProtocol, fol_protocol, FOL, PROTOCOL, GObject)

FolProtocol           *fol_protocol_new              (void);
FolProtocol           *fol_protocol_new_stored       (const char   *id,
                                                      const char   *name,
                                                      const char   *description,
                                                      const char   *steps,
                                                      gboolean      example,
                                                      const char   *created_at,
                                                      const char   *updated_at);
const char            *fol_protocol_get_id           (FolProtocol  *self);
void                   fol_protocol_set_id           (FolProtocol  *self,
                                                      const char   *id);
const char            *fol_protocol_get_name         (FolProtocol  *self);
void                   fol_protocol_set_name         (FolProtocol  *self,
                                                      const char   *name);
const char            *fol_protocol_get_description  (FolProtocol  *self);
void                   fol_protocol_set_description  (FolProtocol  *self,
                                                      const char   *description);
gboolean               fol_protocol_get_example      (FolProtocol  *self);
void                   fol_protocol_set_example      (FolProtocol  *self,
                                                      gboolean      example);
const char            *fol_protocol_get_created_at   (FolProtocol  *self);
void                   fol_protocol_set_created_at   (FolProtocol  *self,
                                                      const char   *created_at);
const char            *fol_protocol_get_updated_at   (FolProtocol  *self);
void                   fol_protocol_set_updated_at   (FolProtocol  *self,
                                                      const char   *updated_at);
guint                  fol_protocol_get_n_steps      (FolProtocol  *self);
const FolProtocolStep *fol_protocol_get_step         (FolProtocol  *self,
                                                      guint         index);
void                   fol_protocol_add_session      (FolProtocol  *self,
                                                      int           months,
                                                      int           days,
                                                      const char   *treatment_type,
                                                      const char   *product,
                                                      const char   *dose,
                                                      double        volume_ml,
                                                      guint         regions);
void                   fol_protocol_add_visit        (FolProtocol  *self,
                                                      int           months,
                                                      int           days);
void                   fol_protocol_clear_steps      (FolProtocol  *self);
char                  *fol_protocol_steps_to_text    (FolProtocol  *self);
gboolean               fol_protocol_set_steps_from_text (FolProtocol *self,
                                                      const char   *text,
                                                      GError      **error);
gboolean               fol_protocol_validate         (FolProtocol  *self,
                                                      const char  **out_field,
                                                      GError      **error);
FolDate                fol_protocol_step_planned_date (const FolProtocolStep *step,
                                                      FolDate       start);
char                  *fol_protocol_step_describe    (const FolProtocolStep *step);

#define FOL_TYPE_PROTOCOL_ASSIGNMENT (fol_protocol_assignment_get_type ())

G_DECLARE_FINAL_TYPE (FolProtocolAssignment, fol_protocol_assignment, FOL, PROTOCOL_ASSIGNMENT,
                      GObject)

FolProtocolAssignment *fol_protocol_assignment_new   (void);
FolProtocolAssignment *fol_protocol_assignment_new_stored (const char *id,
                                                      const char   *patient_id,
                                                      const char   *protocol_id,
                                                      FolDate       start_date,
                                                      const char   *created_at,
                                                      const char   *updated_at);
const char  *fol_protocol_assignment_get_id          (FolProtocolAssignment *self);
void         fol_protocol_assignment_set_id          (FolProtocolAssignment *self,
                                                      const char            *id);
const char  *fol_protocol_assignment_get_patient_id  (FolProtocolAssignment *self);
void         fol_protocol_assignment_set_patient_id  (FolProtocolAssignment *self,
                                                      const char            *patient_id);
const char  *fol_protocol_assignment_get_protocol_id (FolProtocolAssignment *self);
void         fol_protocol_assignment_set_protocol_id (FolProtocolAssignment *self,
                                                      const char            *protocol_id);
FolDate      fol_protocol_assignment_get_start_date  (FolProtocolAssignment *self);
void         fol_protocol_assignment_set_start_date  (FolProtocolAssignment *self,
                                                      FolDate                start_date);
const char  *fol_protocol_assignment_get_created_at  (FolProtocolAssignment *self);
void         fol_protocol_assignment_set_created_at  (FolProtocolAssignment *self,
                                                      const char            *created_at);
const char  *fol_protocol_assignment_get_updated_at  (FolProtocolAssignment *self);
void         fol_protocol_assignment_set_updated_at  (FolProtocolAssignment *self,
                                                      const char            *updated_at);
gboolean     fol_protocol_assignment_validate        (FolProtocolAssignment *self,
                                                      const char           **out_field,
                                                      GError               **error);

/* Where a patient is in a plan. */
typedef enum
{
  FOL_PLAN_DONE,
  FOL_PLAN_OVERDUE,   /* planned before today, not done */
  FOL_PLAN_DUE,       /* planned today or within FOL_PROTOCOL_DUE_DAYS */
  FOL_PLAN_UPCOMING,
} FolPlanState;

typedef struct
{
  guint               step_index;
  FolProtocolStepKind kind;
  FolDate             planned;
  FolDate             done;      /* the date of the session or visit that did it */
  FolPlanState        state;
  gboolean            on_time;   /* done within ± FOL_PROTOCOL_ON_TIME_DAYS */
} FolPlanItem;

/* Adherence of an assignment: of the sessions that are done or overdue,
 * how many were done on time.
 */
typedef struct
{
  guint  n_assessed;
  guint  n_on_time;
  double percent;    /* NaN when nothing can be assessed yet */
} FolAdherence;

GArray      *fol_protocol_plan            (FolProtocol  *protocol,
                                           FolDate       start,
                                           FolHistory   *history,
                                           FolDate       today);
FolAdherence fol_protocol_plan_adherence  (GArray       *plan);
const char  *fol_plan_state_code          (FolPlanState  state);
const char  *fol_plan_state_label         (FolPlanState  state);

G_END_DECLS
