import type { Executor } from '../db/executor.js';
import { AppError, msg } from '../shared/app-error.js';
import { findInvoiceOfOrder } from '../modules/billing/index.js';
import { getProduct } from '../modules/catalog/index.js';
import { collectionOf, findOrder, listOrderLines, type OrderView } from '../modules/orders/index.js';
import { findPayment, findPaymentMethodEvenRemoved } from '../modules/payments/index.js';

/** An order as the API shows it, read back from its records. */
export async function loadOrderView(db: Executor, tenantId: string, orderId: string): Promise<OrderView> {
  const order = await findOrder(db, tenantId, orderId);
  if (!order) throw new AppError('not_found', msg.orderNotFound({ id: orderId }));
  const lines = await listOrderLines(db, tenantId, orderId);
  const products = await Promise.all(
    [...new Set(lines.map((l) => l.product_id))].map((id) => getProduct(db, id)),
  );
  const payment = order.payment_id ? await findPayment(db, tenantId, order.payment_id) : undefined;
  const method = order.payment_method_id
    ? await findPaymentMethodEvenRemoved(db, tenantId, order.payment_method_id)
    : undefined;
  const invoice = await findInvoiceOfOrder(db, tenantId, orderId);
  return {
    id: order.id,
    status: order.status,
    createdAt: order.created_at,
    currency: order.currency,
    subtotal: order.subtotal,
    tax: order.tax,
    totalDueToday: order.total_due_today,
    totalPerPeriod: order.total_per_period,
    lines: lines.map((l) => {
      const p = products.find((x) => x?.id === l.product_id);
      const kind =
        p?.kind === 'base'
          ? 'base'
          : p?.addon_kind === 'traditional'
            ? 'traditional_addon'
            : 'standalone_addon';
      return {
        lineNo: l.line_no,
        productId: l.product_id,
        productName: p?.names['en-US'] ?? l.product_id,
        kind,
        unit: p?.unit ?? 'user',
        quantity: l.quantity,
        commitment: l.commitment as 'monthly' | 'annual',
        billingFrequency: l.billing_frequency as 'monthly' | 'annual',
        baseSubscriptionId: l.base_subscription_id,
        subscriptionId: l.subscription_id,
        unitAmount: l.unit_amount,
        periodAmount: l.period_amount,
        periodStart: l.period_start,
        periodEnd: l.period_end,
        termEnd: l.term_end,
        proratedDays: l.prorated_days,
        periodDays: l.period_days,
        prorated: l.prorated_days !== l.period_days,
        amount: l.amount,
        taxRateBasisPoints: l.tax_rate_basis_points,
        tax: l.tax,
        total: l.total,
        periodTax: l.period_tax,
      };
    }),
    payment: {
      id: payment?.id ?? null,
      method: method?.type ?? (payment ? 'card' : 'none'),
      status: payment?.status ?? (order.status === 'completed' ? 'not_required' : 'declined'),
      paymentMethodId: order.payment_method_id,
      declineCode: payment?.decline_code ?? order.failure_code,
      message: payment?.message ?? order.failure_message,
    },
    collection:
      order.status === 'completed'
        ? collectionOf(method?.type ?? (payment ? 'card' : 'none'), order.total_due_today)
        : 'none',
    invoice: invoice ?? null,
    subscriptionIds: lines.map((l) => l.subscription_id).filter((x): x is string => !!x),
    autoAssign: order.auto_assign_report as OrderView['autoAssign'],
  };
}
