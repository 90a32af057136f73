import type { AppContext } from '../app-context.js';
import { AppError, msg } from '../shared/app-error.js';
import { operatorActor } from '../modules/audit/index.js';
import { recordAudit } from '../modules/audit/index.js';
import {
  findSupportRequest,
  subjectRecordOf,
  supportRequestNotFound,
  updateSupportRequest,
} from '../modules/support/index.js';
import type { SupportRequest } from '../db/schema.js';
import { findTenant } from '../modules/tenants/index.js';
import { emitEvent } from '../modules/notifications/index.js';
import { inTransaction } from '../db/transaction.js';
import { lockMoneyPath } from '../modules/billing/index.js';
import { endSubscription } from './end-subscription.js';
import { requireSubscription, withinWindow } from './subscription-helpers.js';

/**
 * The operator's answer to a support request. `remove_addon` ends the traditional add-on now
 * (source: « contacter le support technique »), crediting it pro rata only inside the refund
 * window after its purchase or renewal, exactly as a tenant's own cancellation would be.
 */
export async function resolveSupportRequest(
  ctx: AppContext,
  input: { id: string; action: 'remove_addon' | 'close' | 'reject'; resolution: string },
): Promise<SupportRequest> {
  return inTransaction(ctx.db, async (trx) => {
    const now = ctx.clock.now();
    const request = await findSupportRequest(trx, null, input.id, true);
    if (!request) throw supportRequestNotFound(input.id);
    if (request.status !== 'open') {
      throw new AppError(
        'support_request_closed',
        msg.supportRequestAlreadyClosed({ id: request.id, status: request.status }),
      );
    }
    let creditAmount: number | null = null;
    let creditInvoiceId: string | null = null;
    if (input.action === 'remove_addon') {
      if (request.type !== 'remove_traditional_addon' || !request.subscription_id) {
        throw new AppError('support_request_type_invalid', msg.onlyRemovalRemoves());
      }
      const tenant = await findTenant(trx, request.tenant_id);
      if (!tenant) throw new AppError('not_found', msg.tenantNotFound());
      // Only this path locks support requests, so taking that row first cannot invert the
      // money lock order below.
      await lockMoneyPath(trx, tenant.id, { subscriptionIds: [request.subscription_id], licenses: true });
      const sub = await requireSubscription(trx, request.tenant_id, request.subscription_id, {
        forUpdate: true,
      });
      if (sub.status === 'cancelled' || sub.status === 'deleted') {
        throw new AppError('already_cancelled', msg.subscriptionAlreadyEnded({ id: sub.id }));
      }
      const [ended] = await endSubscription(ctx, trx, {
        tenant,
        subscription: sub,
        status: 'cancelled',
        refund: withinWindow(ctx, sub, now),
        actor: operatorActor,
        action: 'subscription.removed_by_support',
        now,
      });
      creditAmount = ended ? ended.refund + ended.refundTax : 0;
      creditInvoiceId = ended?.creditInvoiceId ?? null;
    }
    const updated = await updateSupportRequest(trx, request.tenant_id, request.id, {
      status: input.action === 'reject' ? 'rejected' : 'resolved',
      resolution: input.resolution,
      credit_amount: creditAmount,
      credit_invoice_id: creditInvoiceId,
      resolved_at: now,
      updated_at: now,
    });
    await recordAudit(trx, {
      tenantId: request.tenant_id,
      actor: operatorActor,
      action: `support_request.${input.action === 'reject' ? 'rejected' : 'resolved'}`,
      entityType: 'support_request',
      entityId: request.id,
      before: { status: request.status },
      after: { status: updated.status, action: input.action, creditAmount, creditInvoiceId },
      at: now,
    });
    await emitEvent(ctx, trx, {
      tenantId: request.tenant_id,
      type: 'support_request.updated',
      data: {
        supportRequestId: request.id,
        subject: request.subject,
        subjectRecord: subjectRecordOf(request),
        status: updated.status,
        change: updated.status === 'rejected' ? 'rejected' : 'resolved',
        message: input.resolution,
        currency: (await findTenant(trx, request.tenant_id))?.currency ?? 'USD',
        creditAmount,
      },
    });
    return updated;
  });
}
