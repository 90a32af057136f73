import {
  Button,
  Card,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Radio,
  RadioGroup,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownload20Regular, Payment20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { collectionOf, invoicePdfUrl, usePayInvoice } from '../api/invoicing';
import { useInvoice, usePaymentMethods, useSubscription } from '../api/queries';
import type { Invoice } from '../api/types';
import { ApiError } from '../api/client';
import { FormDialog } from '../components/ActionDialog';
import { CardFields, cardErrorField, useCardEntry, type CardField } from '../components/CardFields';
import { AppLink } from '../components/AppLink';
import { ErrorBar, Loading } from '../components/Feedback';
import { InvoiceStatusBadge, useInvoiceText } from '../components/InvoiceText';
import { PageHeader } from '../components/PageHeader';
import { FactList } from '../components/FactList';
import { useFormat } from '../lib/format';
import { useBillingPaths } from '../lib/paths';

const useStyles = makeStyles({
  layout: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '1040px' },
  h2: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  amount: { textAlign: 'end', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  amountHead: { '& > *': { justifyContent: 'flex-end' } },
  strong: { fontWeight: tokens.fontWeightSemibold },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

/** Billing › Bills › one bill or credit note, with its lines. */
export default function BillPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const paths = useBillingPaths();
  const invoice = useInvoice(id);
  const crumbs = [{ label: t('nav.billing') }, { label: t('bills.title'), to: paths.bills }];
  if (invoice.isPending) return <Loading />;
  if (invoice.error || !invoice.data)
    return (
      <>
        <PageHeader title={t('bills.notFound')} crumbs={crumbs} />
        <ErrorBar error={invoice.error} onRetry={() => void invoice.refetch()} />
      </>
    );
  return <BillView invoice={invoice.data} crumbs={crumbs} />;
}

function BillView({ invoice: i, crumbs }: { invoice: Invoice; crumbs: { label: string; to?: string }[] }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const format = useFormat();
  const paths = useBillingPaths();
  const text = useInvoiceText();
  const methods = usePaymentMethods();
  const subscription = useSubscription(i.subscriptionId ?? '');
  const money = (n: number) => format.money(n, i.currency);
  const method = methods.data?.paymentMethods.find((m) => m.id === i.paymentMethodId);
  const lines = i.lines;
  const c = collectionOf(i);
  const unpaid = c.status === 'open' || c.status === 'overdue';
  const [paidNotice, setPaidNotice] = useState(false);
  const facts: [string, React.ReactNode][] = [
    [t('bills.kind'), text.kind(i.kind)],
    [t('bills.status'), <InvoiceStatusBadge key="status" status={c.status} />],
    ...(unpaid
      ? ([
          [
            t('invoicing.amountDue'),
            <span key="due" data-testid="bill-amount-due">
              {money(c.amountDue)}
            </span>,
          ],
          ...(c.amountPaid > 0 ? [[t('invoicing.amountPaid'), money(c.amountPaid)]] : []),
          ...(c.amountCredited > 0 ? [[t('invoicing.amountCredited'), money(-c.amountCredited)]] : []),
          ...(c.dunningStage !== 'none'
            ? [[t('invoicing.reminders'), t(`invoicing.dunningStages.${c.dunningStage}`)]]
            : []),
        ] as [string, React.ReactNode][])
      : []),
    [t('bills.issued'), format.date(i.issuedAt)],
    [t('bills.due'), format.date(i.dueAt)],
    [t('bills.paid'), i.paidAt ? format.date(i.paidAt) : t('bills.notPaid')],
    [t('bills.total'), money(i.total)],
    ...(i.paymentMethodId
      ? ([
          [
            t('bills.paymentMethod'),
            method
              ? method.type === 'card'
                ? t('payments.card', {
                    brand: (method.brand ?? 'card').toUpperCase(),
                    last4: method.last4 ?? '····',
                  })
                : t('payments.invoice')
              : i.paymentMethodId,
          ],
        ] as [string, React.ReactNode][])
      : []),
    ...(i.subscriptionId
      ? ([
          [
            t('bills.subscription'),
            <AppLink key="sub" to={paths.subscription(i.subscriptionId)}>
              {subscription.data?.productName ?? i.subscriptionId}
            </AppLink>,
          ],
        ] as [string, React.ReactNode][])
      : []),
  ];
  return (
    <>
      <PageHeader
        title={
          i.total < 0 || i.kind === 'credit'
            ? t('bills.creditTitle', { number: i.number })
            : t('bills.detailTitle', { number: i.number })
        }
        crumbs={crumbs}
        actions={
          <div className={styles.actions}>
            <Button
              as="a"
              href={invoicePdfUrl(i.id)}
              download={`${i.number}.pdf`}
              icon={<ArrowDownload20Regular aria-hidden />}
            >
              {t('invoicing.downloadPdf')}
            </Button>
            {unpaid && i.kind !== 'credit' && c.amountDue > 0 ? (
              <PayDialog invoice={i} amountDue={money(c.amountDue)} onPaid={() => setPaidNotice(true)} />
            ) : null}
          </div>
        }
      />
      <div className={styles.layout}>
        {paidNotice && c.status === 'paid' ? (
          <MessageBar intent="success">
            <MessageBarBody>{t('invoicing.paid', { number: i.number })}</MessageBarBody>
          </MessageBar>
        ) : null}
        <Card>
          <FactList facts={facts} />
        </Card>
        <Card>
          <h2 className={styles.h2} id="bill-lines">
            {t('bills.lines')}
          </h2>
          <Table aria-labelledby="bill-lines">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('bills.description')}</TableHeaderCell>
                <TableHeaderCell>{t('bills.period')}</TableHeaderCell>
                <TableHeaderCell className={styles.amountHead}>{t('bills.quantity')}</TableHeaderCell>
                <TableHeaderCell className={styles.amountHead}>{t('bills.unitPrice')}</TableHeaderCell>
                <TableHeaderCell className={styles.amountHead}>{t('bills.amount')}</TableHeaderCell>
                <TableHeaderCell className={styles.amountHead}>{t('bills.tax')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {lines.map((l, index) => (
                <TableRow key={index}>
                  <TableCell>
                    {l.subscriptionId ? (
                      <AppLink to={paths.subscription(l.subscriptionId)}>{l.description}</AppLink>
                    ) : (
                      l.description
                    )}
                  </TableCell>
                  <TableCell>
                    {l.periodStart && l.periodEnd
                      ? `${format.date(l.periodStart)} – ${format.date(l.periodEnd)}`
                      : ''}
                    {l.proratedDays !== undefined &&
                    l.periodDays !== undefined &&
                    l.proratedDays !== l.periodDays
                      ? ` (${t('bills.prorated', { days: l.proratedDays, total: l.periodDays })})`
                      : ''}
                  </TableCell>
                  <TableCell className={styles.amount}>{format.number(l.quantity)}</TableCell>
                  <TableCell className={styles.amount}>{money(l.unitAmount)}</TableCell>
                  <TableCell className={styles.amount}>{money(l.amount)}</TableCell>
                  <TableCell className={styles.amount}>{money(l.tax)}</TableCell>
                </TableRow>
              ))}
              <TableRow>
                <TableCell colSpan={4} className={styles.strong}>
                  {t('bills.subtotal')}
                </TableCell>
                <TableCell className={styles.amount}>{money(i.subtotal)}</TableCell>
                <TableCell className={styles.amount}>{money(i.tax)}</TableCell>
              </TableRow>
              <TableRow>
                <TableCell colSpan={5} className={styles.strong}>
                  {t('bills.total')}
                </TableCell>
                <TableCell className={`${styles.amount} ${styles.strong}`} data-testid="bill-total">
                  {money(i.total)}
                </TableCell>
              </TableRow>
            </TableBody>
          </Table>
        </Card>
      </div>
    </>
  );
}

/** Pays what is left on an open bill with a saved card or a new one (handed to the gateway, kept). */
function PayDialog({
  invoice,
  amountDue,
  onPaid,
}: {
  invoice: Invoice;
  amountDue: string;
  onPaid: () => void;
}) {
  const { t } = useTranslation();
  const methods = usePaymentMethods();
  const cards = (methods.data?.paymentMethods ?? []).filter((m) => m.type === 'card');
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState('');
  const card = useCardEntry();
  const pay = usePayInvoice(invoice.id);
  const selected = chosen || cards.find((m) => m.isDefault)?.id || cards[0]?.id || newCard;
  const field = cardErrorField(pay.error);
  const message = pay.error instanceof ApiError ? pay.error.detail : undefined;
  const at = (f: CardField) => (field === f ? message : undefined);
  const submit = async () => {
    const body =
      selected === newCard
        ? { card: { paymentMethodId: await card.tokenize(), save: true } }
        : { paymentMethodId: selected };
    pay.mutate(body, {
      onSuccess: () => {
        setOpen(false);
        onPaid();
      },
    });
  };
  return (
    <FormDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          pay.reset();
          card.reset();
        }
      }}
      trigger={
        <Button appearance="primary" icon={<Payment20Regular aria-hidden />}>
          {t('invoicing.payNow')}
        </Button>
      }
      title={t('invoicing.payTitle', { number: invoice.number })}
      stacked
      error={!field && !card.hasFieldError ? pay.error : undefined}
      onSubmit={() => {
        // A card the gateway refuses before any payment is shown at its field by the card entry.
        submit().catch(() => undefined);
      }}
      submitLabel={t('invoicing.pay', { amount: amountDue })}
      submitDisabled={pay.isPending || (selected === newCard && !card.complete)}
    >
      <p>{t('invoicing.payIntro', { amount: amountDue })}</p>
      <RadioGroup aria-label={t('invoicing.card')} value={selected} onChange={(_, d) => setChosen(d.value)}>
        {cards.map((m) => (
          <Radio
            key={m.id}
            value={m.id}
            label={t('payments.card', { brand: (m.brand ?? 'card').toUpperCase(), last4: m.last4 ?? '····' })}
          />
        ))}
        <Radio value={newCard} label={t('buy.newCard')} />
      </RadioGroup>
      {selected === newCard ? <CardFields entry={card} errorAt={at} layout="dialog" /> : null}
    </FormDialog>
  );
}

const newCard = 'new-card';
