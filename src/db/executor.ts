import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

/** The pool or an open transaction: repositories take either, so callers choose the boundary. */
export type Executor = Kysely<Database> | Transaction<Database>;
