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
import { ArrowTurnDownRightRegular } from '@fluentui/react-icons';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { useSubscriptions } from '../api/queries';
import type { Subscription } from '../api/types';
import { AppLink } from '../components/AppLink';
import { QueryState } from '../components/Feedback';
import { PageHeader } from '../components/PageHeader';
import { StatusBadge } from '../components/StatusBadge';
import { useFormat } from '../lib/format';
import { useBillingPaths } from '../lib/paths';

const useStyles = makeStyles({
  table: { backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusMedium },
  nested: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    paddingInlineStart: tokens.spacingHorizontalL,
  },
  muted: { color: tokens.colorNeutralForeground2 },
});

/** When a subscription renews, or expires, in words. */
export function useRenewalText() {
  const { t } = useTranslation();
  const format = useFormat();
  return (s: Pick<Subscription, 'renewsAt' | 'expiresAt' | 'status' | 'termEnd'>) => {
    if (s.renewsAt) return t('subs.renews', { date: format.date(s.renewsAt) });
    if (s.status === 'expired' && s.expiresAt) return t('subs.expiredOn', { date: format.date(s.expiresAt) });
    if (s.expiresAt) return t('subs.expires', { date: format.date(s.expiresAt) });
    return format.date(s.termEnd);
  };
}

/** Billing › Your products (worldwide) or Billing › Subscriptions (germany, 21vianet). */
export default function SubscriptionsPage() {
  const styles = useStyles();
  const { t } = useTranslation();
  const paths = useBillingPaths();
  const subscriptions = useSubscriptions();
  const renewal = useRenewalText();
  const title = t(paths.subscriptionsLabel);

  const row = (s: Subscription, nested: boolean) => (
    <TableRow key={s.id} data-subscription={s.id}>
      <TableCell>
        <span className={nested ? styles.nested : undefined}>
          {nested && <ArrowTurnDownRightRegular aria-hidden />}
          <AppLink to={paths.subscription(s.id)}>{s.productName}</AppLink>
        </span>
      </TableCell>
      <TableCell>{t(`kind.${s.kind}`)}</TableCell>
      <TableCell>
        <StatusBadge status={s.status} />
      </TableCell>
      <TableCell>{t(`unit.count.${s.unit}`, { count: s.quantity })}</TableCell>
      <TableCell>{s.assigned ?? '—'}</TableCell>
      <TableCell>{t(`frequency.${s.billingFrequency}`)}</TableCell>
      <TableCell>{renewal(s)}</TableCell>
      <TableCell>
        {s.kind === 'traditional_addon' ? '—' : s.recurringBilling ? t('subs.on') : t('subs.off')}
      </TableCell>
    </TableRow>
  );

  return (
    <>
      <PageHeader title={title} crumbs={[{ label: t('nav.billing') }]} intro={t('subs.intro')} />
      <QueryState query={subscriptions}>
        {(data) =>
          data.subscriptions.length === 0 ? (
            // An empty list is a start, not a dead end: it says where to buy.
            <div style={{ display: 'flex', flexDirection: 'column', gap: 8, alignItems: 'flex-start' }}>
              <Text>{t('subs.empty')}</Text>
              <Text>{t('web.emptyProducts')}</Text>
              <AppLink to={paths.purchaseServices}>{t('web.buyFirst')}</AppLink>
            </div>
          ) : (
            <Table className={styles.table} aria-label={title}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell style={{ width: '26%' }}>{t('subs.product')}</TableHeaderCell>
                  <TableHeaderCell>{t('subs.kind')}</TableHeaderCell>
                  <TableHeaderCell>{t('subs.status')}</TableHeaderCell>
                  <TableHeaderCell>{t('subs.quantity')}</TableHeaderCell>
                  <TableHeaderCell>{t('subs.assigned')}</TableHeaderCell>
                  <TableHeaderCell>{t('subs.billingFrequency')}</TableHeaderCell>
                  <TableHeaderCell>{t('subs.renewal')}</TableHeaderCell>
                  <TableHeaderCell>{t('subs.recurringBilling')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {data.subscriptions.map((s) => (
                  <Fragment key={s.id}>
                    {row(s, false)}
                    {(s.addOns ?? []).map((a) => row(a, true))}
                  </Fragment>
                ))}
              </TableBody>
            </Table>
          )
        }
      </QueryState>
    </>
  );
}
