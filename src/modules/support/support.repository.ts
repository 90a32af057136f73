import type { Executor } from '../audit/index.js';
import type { SupportRequest } from '../../db/schema.js';

export async function insertSupportRequest(
  db: Executor,
  row: Omit<SupportRequest, 'resolved_at' | 'subject_record'> & {
    resolved_at: null;
    subject_record: object | null;
  },
) {
  await db
    .insertInto('support_requests')
    .values({ ...row, subject_record: row.subject_record ? JSON.stringify(row.subject_record) : null })
    .execute();
}

export async function findSupportRequest(
  db: Executor,
  tenantId: string | null,
  id: string,
  forUpdate = false,
) {
  let q = db.selectFrom('support_requests').selectAll().where('id', '=', id);
  if (tenantId !== null) q = q.where('tenant_id', '=', tenantId);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function listSupportRequests(
  db: Executor,
  filter: { tenantId?: string | undefined; status?: SupportRequest['status'] | undefined },
) {
  let q = db.selectFrom('support_requests').selectAll();
  if (filter.tenantId) q = q.where('tenant_id', '=', filter.tenantId);
  if (filter.status) q = q.where('status', '=', filter.status);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

export async function findOpenRemovalRequest(db: Executor, tenantId: string, subscriptionId: string) {
  return db
    .selectFrom('support_requests')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('subscription_id', '=', subscriptionId)
    .where('type', '=', 'remove_traditional_addon')
    .where('status', '=', 'open')
    .executeTakeFirst();
}

export async function listMessages(db: Executor, tenantId: string, supportRequestId: string) {
  return db
    .selectFrom('support_request_messages')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('support_request_id', '=', supportRequestId)
    .orderBy('id')
    .execute();
}

export async function insertMessage(
  db: Executor,
  row: {
    tenant_id: string;
    support_request_id: string;
    author_type: 'tenant' | 'operator';
    author_id: string | null;
    body: string;
    created_at: Date;
  },
) {
  await db.insertInto('support_request_messages').values(row).execute();
}

export async function updateSupportRequest(
  db: Executor,
  tenantId: string,
  id: string,
  patch: Partial<Omit<SupportRequest, 'id' | 'tenant_id' | 'created_at' | 'subject_record'>>,
) {
  return db
    .updateTable('support_requests')
    .set(patch)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
