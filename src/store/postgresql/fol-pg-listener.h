/* fol-pg-listener.h
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

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* Called from the main loop for each change another session committed
 * (the payload "<table> <patient id>" of the channel "follicle"), or, with
 * @table %NULL, once when the connection is lost.
 */
typedef void (*FolPgListenerFunc) (const char *table,
                                   const char *patient_id,
                                   gpointer    user_data);

GSource *_fol_pg_listener_new (PGconn            *conn,
                               FolPgListenerFunc  func,
                               gpointer           user_data);

G_END_DECLS
