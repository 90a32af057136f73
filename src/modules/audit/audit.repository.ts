import type { AuditLogTable } from '../../db/schema.js';
import type { Executor } from '../../db/executor.js';
import { auditParamsOf } from './audit-params.js';
import { insertJsonRows } from '../../db/bulk.repository.js';
export type { Executor };

export interface Actor {
  type: AuditLogTable['actor_type'];
  id: string | null;
}

export const systemActor: Actor = { type: 'system', id: null };
export const operatorActor: Actor = { type: 'operator', id: null };

export interface AuditInput {
  tenantId: string | null;
  actor: Actor;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  at: Date;
}

function toRow(entry: AuditInput) {
  return {
    tenant_id: entry.tenantId,
    actor_type: entry.actor.type,
    actor_id: entry.actor.id,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
    // The facts its description is rendered from, in the reader's language (docs/records.md).
    params: JSON.stringify(auditParamsOf(entry.before, entry.after)),
    created_at: entry.at,
  };
}

/** Written in the same transaction as the change it describes, so the log never lies. */
export async function recordAudit(db: Executor, entry: AuditInput): Promise<void> {
  await db.insertInto('audit_log').values(toRow(entry)).execute();
}

/** Several entries in one statement, for workflows that change several things at once. */
export async function recordAudits(db: Executor, entries: AuditInput[]): Promise<void> {
  // One JSON parameter however many entries (the billing cycle writes thousands at once).
  await insertJsonRows(
    db,
    'audit_log',
    entries.map((e) => ({
      ...toRow(e),
      // jsonb columns take the values themselves here, not their JSON text.
      before: e.before ?? null,
      after: e.after ?? null,
      params: auditParamsOf(e.before, e.after),
    })),
    { ids: false },
  );
}

export interface AuditQuery {
  tenantId: string;
  entityType?: string | undefined;
  entityId?: string | undefined;
  action?: string | undefined;
  beforeId?: number | undefined;
  limit: number;
}

export async function listAudit(db: Executor, q: AuditQuery) {
  let query = db.selectFrom('audit_log').selectAll().where('tenant_id', '=', q.tenantId);
  if (q.entityType) query = query.where('entity_type', '=', q.entityType);
  if (q.entityId) query = query.where('entity_id', '=', q.entityId);
  if (q.action) query = query.where('action', '=', q.action);
  if (q.beforeId) query = query.where('id', '<', q.beforeId);
  return query.orderBy('id', 'desc').limit(q.limit).execute();
}
