import type { SupportRequest } from '../../db/schema.js';
import { AppError, msg } from '../../shared/app-error.js';
import { newId } from '../../shared/ids.js';
import { recordAudit, type Actor, type Executor } from '../audit/index.js';
import { findSubscription } from '../subscriptions/index.js';
import {
  updateSupportRequest,
  findOpenRemovalRequest,
  findSupportRequest,
  insertMessage,
  insertSupportRequest,
  listMessages,
} from './support.repository.js';
import type { CreateSupportRequest, SupportRequestView } from './support.types.js';
import type { UiLocale } from '../../shared/locale.js';
import {
  describedRecord,
  isStoredRecord,
  loadProductNames,
  productIdOf,
  record,
  recordView,
  renderRecord,
  type StoredRecord,
} from '../records/index.js';

/** The request for one reader: its subject rendered in `locale` from its record, if it has one. */
export async function toSupportRequestView(
  db: Executor,
  r: SupportRequest,
  locale: UiLocale,
): Promise<SupportRequestView> {
  const messages = await listMessages(db, r.tenant_id, r.id);
  const rec = isStoredRecord(r.subject_record) ? r.subject_record : null;
  const productId = productIdOf(rec);
  const names = await loadProductNames(db, productId ? [productId] : []);
  return {
    id: r.id,
    tenantId: r.tenant_id,
    type: r.type,
    subscriptionId: r.subscription_id,
    subject: renderRecord(rec, locale, names, r.subject),
    subjectRecord: rec ? recordView(rec) : null,
    description: r.description,
    status: r.status,
    resolution: r.resolution,
    creditAmount: r.credit_amount,
    creditInvoiceId: r.credit_invoice_id,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    resolvedAt: r.resolved_at,
    messages: messages.map((m) => ({
      authorType: m.author_type,
      authorId: m.author_id,
      body: m.body,
      createdAt: m.created_at,
    })),
  };
}

/** The subject's record as events carry it (null when the subject is what someone typed). */
export function subjectRecordOf(r: SupportRequest) {
  return isStoredRecord(r.subject_record) ? recordView(r.subject_record) : null;
}

export function supportRequestNotFound(id: string): AppError {
  return new AppError('not_found', msg.supportRequestNotFound({ id }));
}

/**
 * Opens a support request. A removal request must name a traditional add-on of this tenant;
 * asking twice for the same add-on returns the request already open instead of a duplicate.
 */
export async function createSupportRequest(
  db: Executor,
  input: CreateSupportRequest & { tenantId: string; actor: Actor; now: Date },
): Promise<{ request: SupportRequest; created: boolean }> {
  let subject: { record: StoredRecord | null; description: string } = input.subject
    ? { record: null, description: input.subject }
    : describedRecord(record('support.general', {}), new Map());
  if (input.type === 'remove_traditional_addon') {
    if (!input.subscriptionId) {
      throw new AppError('validation_failed', msg.removalNamesAddon(), { field: 'body.subscriptionId' });
    }
    const sub = await findSubscription(db, input.tenantId, input.subscriptionId);
    if (!sub) {
      throw new AppError('not_found', msg.subscriptionNotFound({ id: input.subscriptionId }));
    }
    if (sub.kind !== 'traditional_addon') {
      throw new AppError('support_request_type_invalid', msg.onlyTraditionalNeedsSupport(), {
        field: 'body.subscriptionId',
      });
    }
    if (sub.status === 'cancelled' || sub.status === 'deleted') {
      throw new AppError('already_cancelled', msg.subscriptionAlreadyEnded({ id: sub.id }), {
        field: 'body.subscriptionId',
      });
    }
    const open = await findOpenRemovalRequest(db, input.tenantId, sub.id);
    if (open) return { request: open, created: false };
    subject = describedRecord(
      record('support.remove_addon', { productId: sub.product_id, subscriptionId: sub.id }),
      await loadProductNames(db, [sub.product_id]),
    );
  } else if (input.subscriptionId) {
    // Any request may name a subscription, but only one of this tenant: another tenant's id is
    // unknown here (404, never stored), exactly like an id that does not exist.
    const sub = await findSubscription(db, input.tenantId, input.subscriptionId);
    if (!sub) {
      throw new AppError('not_found', msg.subscriptionNotFound({ id: input.subscriptionId }));
    }
  }
  const row = {
    id: newId('supportRequest', input.now.getTime()),
    tenant_id: input.tenantId,
    created_by: input.actor.id,
    type: input.type,
    subscription_id: input.subscriptionId ?? null,
    // What the author typed stays as typed; a subject the server words is kept as a record.
    subject: subject.description,
    subject_record: subject.record,
    description: input.description ?? '',
    status: 'open' as const,
    resolution: null,
    credit_amount: null,
    credit_invoice_id: null,
    created_at: input.now,
    updated_at: input.now,
    resolved_at: null,
  };
  await insertSupportRequest(db, row);
  await recordAudit(db, {
    tenantId: input.tenantId,
    actor: input.actor,
    action: 'support_request.created',
    entityType: 'support_request',
    entityId: row.id,
    after: { type: row.type, subscriptionId: row.subscription_id, subject: row.subject },
    at: input.now,
  });
  return { request: row, created: true };
}

export async function addSupportMessage(
  db: Executor,
  input: {
    tenantId: string | null;
    id: string;
    author: 'tenant' | 'operator';
    actor: Actor;
    body: string;
    now: Date;
  },
): Promise<SupportRequest> {
  const r = await findSupportRequest(db, input.tenantId, input.id, true);
  if (!r) throw supportRequestNotFound(input.id);
  if (r.status !== 'open') {
    throw new AppError('support_request_closed', msg.supportRequestClosed({ id: r.id, status: r.status }), {
      hint: msg.openNewRequest(),
    });
  }
  await insertMessage(db, {
    tenant_id: r.tenant_id,
    support_request_id: r.id,
    author_type: input.author,
    author_id: input.actor.id,
    body: input.body,
    created_at: input.now,
  });
  await updateSupportRequest(db, r.tenant_id, r.id, { updated_at: input.now });
  return { ...r, updated_at: input.now };
}
