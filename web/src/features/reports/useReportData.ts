import { useTranslation } from 'react-i18next';
import { useInvoices, useLicenses, useSubscriptions } from '../../api/queries';
import { localName } from '../../lib/format';

/**
 * The figures behind the charts, from the API the other pages use: licenses per product,
 * bills (credit notes negative) per month and per product, and the renewals ahead.
 */
export function useReportData() {
  const { i18n } = useTranslation();
  const licenses = useLicenses();
  const invoices = useInvoices();
  const subscriptions = useSubscriptions();
  const all = (subscriptions.data?.subscriptions ?? []).flatMap((s) => [s, ...(s.addOns ?? [])]);
  const nameOf = new Map(all.map((s) => [s.productId, s.productName]));

  const licenseUse = (licenses.data?.items ?? [])
    .filter((l) => l.assignable)
    .map((l) => ({
      product: localName(l.names, i18n.language, l.productId),
      assigned: l.assigned,
      available: Math.max(0, l.purchased - l.assigned),
    }));

  const bills = (invoices.data?.invoices ?? []).filter((i) => i.status !== 'void');
  const currency = bills[0]?.currency ?? subscriptions.data?.subscriptions[0]?.currency ?? 'USD';
  const perMonth = new Map<string, number>();
  const perProduct = new Map<string, number>();
  for (const bill of bills) {
    const month = bill.issuedAt.slice(0, 7);
    perMonth.set(month, (perMonth.get(month) ?? 0) + bill.total);
    for (const line of bill.lines) {
      const product = nameOf.get(line.productId) ?? line.productId;
      perProduct.set(product, (perProduct.get(product) ?? 0) + line.amount);
    }
  }

  const renewals = all
    .filter((s) => s.renewsAt && s.kind !== 'traditional_addon')
    .map((s) => ({ product: s.productName, date: s.renewsAt!, amount: s.periodAmount, currency: s.currency }))
    .sort((a, b) => a.date.localeCompare(b.date));

  return {
    pending: licenses.isPending || invoices.isPending || subscriptions.isPending,
    error: licenses.error ?? invoices.error ?? subscriptions.error,
    currency,
    licenseUse,
    spendPerMonth: [...perMonth.entries()].sort(([a], [b]) => a.localeCompare(b)),
    spendPerProduct: [...perProduct.entries()].sort(([, a], [, b]) => b - a),
    renewals,
  };
}
