import {
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useInvoices, useSubscription } from '../api/queries';
import type { Invoice } from '../api/types';
import { AppLink } from '../components/AppLink';
import { collectionOf } from '../api/invoicing';
import { InvoiceStatusBadge, useInvoiceText } from '../components/InvoiceText';
import { QueryState } from '../components/Feedback';
import { PageHeader } from '../components/PageHeader';
import { useFormat } from '../lib/format';
import { useBillingPaths } from '../lib/paths';

const useStyles = makeStyles({
  table: { backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusMedium },
  amount: { textAlign: 'end', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  amountHead: { '& > *': { justifyContent: 'flex-end' } },
  credit: { color: tokens.colorPaletteGreenForeground1 },
  bar: { marginBottom: tokens.spacingVerticalM },
  muted: { color: tokens.colorNeutralForeground2 },
});

/** Billing › Bills: every bill and credit note, or one subscription's (`?subscriptionId=`). */
export default function BillsPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const subscriptionId = params.get('subscriptionId') ?? undefined;
  const paths = useBillingPaths();
  const subscription = useSubscription(subscriptionId ?? '');
  const name = subscriptionId ? (subscription.data?.productName ?? subscriptionId) : undefined;
  const crumbs = [
    { label: t('nav.billing') },
    ...(subscriptionId
      ? [
          { label: t(paths.subscriptionsLabel), to: paths.subscriptions },
          { label: name ?? '', to: paths.subscription(subscriptionId) },
        ]
      : []),
  ];
  return (
    <>
      <PageHeader
        title={name ? t('bills.forSubscription', { name }) : t('bills.title')}
        crumbs={crumbs}
        intro={subscriptionId ? t('bills.forSubscriptionIntro') : t('bills.intro')}
      />
      {subscriptionId && (
        <p>
          <AppLink to={paths.bills}>{t('bills.showAll')}</AppLink>
        </p>
      )}
      <BillsTable subscriptionId={subscriptionId} />
    </>
  );
}

function BillsTable({ subscriptionId }: { subscriptionId?: string }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const format = useFormat();
  const paths = useBillingPaths();
  const text = useInvoiceText();
  const invoices = useInvoices(subscriptionId);
  return (
    <QueryState query={invoices}>
      {(data) =>
        data.invoices.length === 0 ? (
          <Text>{t('bills.empty')}</Text>
        ) : (
          <Table className={styles.table} aria-label={t('bills.title')}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('bills.number')}</TableHeaderCell>
                <TableHeaderCell>{t('bills.kind')}</TableHeaderCell>
                <TableHeaderCell>{t('bills.status')}</TableHeaderCell>
                <TableHeaderCell>{t('bills.issued')}</TableHeaderCell>
                <TableHeaderCell>{t('bills.due')}</TableHeaderCell>
                <TableHeaderCell>{t('bills.paid')}</TableHeaderCell>
                <TableHeaderCell className={styles.amountHead}>{t('bills.total')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.invoices.map((i: Invoice) => (
                <TableRow key={i.id} data-invoice={i.number}>
                  <TableCell>
                    <AppLink to={paths.bill(i.id)} aria-label={t('bills.open', { number: i.number })}>
                      {i.number}
                    </AppLink>
                  </TableCell>
                  <TableCell>{text.kind(i.kind)}</TableCell>
                  <TableCell>
                    <InvoiceStatusBadge status={collectionOf(i).status} />
                  </TableCell>
                  <TableCell>{format.date(i.issuedAt)}</TableCell>
                  <TableCell>{format.date(i.dueAt)}</TableCell>
                  <TableCell>
                    {i.paidAt ? (
                      format.date(i.paidAt)
                    ) : (
                      <span className={styles.muted}>{t('bills.notPaid')}</span>
                    )}
                  </TableCell>
                  <TableCell className={styles.amount}>
                    <span className={i.total < 0 ? styles.credit : undefined} data-testid="invoice-total">
                      {format.money(i.total, i.currency)}
                    </span>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )
      }
    </QueryState>
  );
}
