/* fol-review-window-private.h
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

#include "fol-review-window.h"

G_BEGIN_DECLS

/* For the tests: the open "leave review" dialog, or %NULL. */
AdwMessageDialog *_fol_review_window_get_leave_dialog   (FolReviewWindow *self);
/* For the tests: types @pin (may be %NULL) into the open leave dialog and
 * answers it with @response ("leave" or "cancel"), as a person would.
 */
void              _fol_review_window_answer_leave       (FolReviewWindow *self,
                                                         const char      *response,
                                                         const char      *pin);
/* For the tests: the summary lines shown, in order (NULL-terminated). */
char            **_fol_review_window_dup_summary_lines  (FolReviewWindow *self);
/* For the tests: the figure lines shown (scales, SALT response, assessments). */
char            **_fol_review_window_dup_figure_lines   (FolReviewWindow *self);
/* For the tests: the measurement the chart and the summary show. */
FolMeasure        _fol_review_window_get_measure        (FolReviewWindow *self);

/* Asks to leave, as Exit Review does; when @quit, the application quits
 * once the review is left.
 */
void              _fol_review_window_ask_leave          (FolReviewWindow *self,
                                                         gboolean         quit);
/* For the tests: the clock the wait after wrong PINs is measured with
 * (monotonic µs; %NULL for g_get_monotonic_time()), and a look at it now
 * rather than at the next second's tick.
 */
void              _fol_review_window_set_clock          (FolReviewWindow  *self,
                                                         gint64          (*clock) (void));
void              _fol_review_window_update_lock        (FolReviewWindow *self);
/* For the tests: the PIN field of the open leave question, or %NULL. */
GtkWidget        *_fol_review_window_get_pin_entry      (FolReviewWindow *self);

G_END_DECLS
