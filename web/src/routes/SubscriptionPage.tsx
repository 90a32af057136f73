import {
  Button,
  Card,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Tab,
  TabList,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { useInstance, useSubscription, useSubscriptions } from '../api/queries';
import type { Subscription } from '../api/types';
import { AppLink } from '../components/AppLink';
import { ErrorBar, Loading } from '../components/Feedback';
import { PageHeader } from '../components/PageHeader';
import { StatusBadge } from '../components/StatusBadge';
import { QuantityDialog, useChangeSummary } from '../components/SubscriptionDialogs';
import { CancelDialog } from '../features/subscription/CancelDialog';
import { FactList } from '../components/FactList';
import { RecurringBillingCard } from '../features/subscription/RecurringBillingCard';
import { RemovalRequest } from '../features/subscription/RemovalRequest';
import type { Notice } from '../features/subscription/notice';
import { useFormat } from '../lib/format';
import { usePriceText } from '../lib/price';
import { useBillingPaths } from '../lib/paths';
import { useRenewalText } from './SubscriptionsPage';
import { AddOnsTab } from '../features/subscription/AddOnsTab';

const useStyles = makeStyles({
  layout: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '1040px' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'center' },
  h2: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground2 },
});

/**
 * One subscription. A base subscription has an Add-ons tab (its traditional add-ons, each with
 * Change quantity; germany/21vianet also Buy add-ons). A standalone add-on has Add/Remove
 * licenses. A traditional add-on explains it can only be removed through a support request.
 */
export default function SubscriptionPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const query = useSubscription(id);
  const paths = useBillingPaths();
  const crumbs = [
    { label: t('nav.billing') },
    { label: t(paths.subscriptionsLabel), to: paths.subscriptions },
  ];
  if (query.isPending) return <Loading />;
  if (query.error || !query.data) {
    return (
      <>
        <PageHeader title={t('sub.notFound')} crumbs={crumbs} />
        <ErrorBar error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  }
  return <SubscriptionView subscription={query.data} />;
}

function SubscriptionView({ subscription: s }: { subscription: Subscription }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const format = useFormat();
  const paths = useBillingPaths();
  const instance = useInstance();
  const all = useSubscriptions();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'add-ons' && s.kind === 'base' ? 'add-ons' : 'overview';
  const [notice, setNotice] = useState<Notice | undefined>();
  const summary = useChangeSummary();
  const renewal = useRenewalText();
  const priceText = usePriceText();
  const classic = paths.navigation === 'subscriptions';
  const windowHours = Number(instance.data?.policy.cancellationWindowHours ?? 168);
  const base = s.baseSubscriptionId
    ? all.data?.subscriptions.find((x) => x.id === s.baseSubscriptionId)
    : undefined;

  const crumbs = [
    { label: t('nav.billing') },
    { label: t(paths.subscriptionsLabel), to: paths.subscriptions },
    ...(base ? [{ label: base.productName, to: `${paths.subscription(base.id)}?tab=add-ons` }] : []),
  ];
  const money = (n: number) => format.money(n, s.currency);
  const live = s.status === 'active' || s.status === 'warning';

  const facts: [string, React.ReactNode][] = [
    [t('subs.status'), <StatusBadge key="status" status={s.status} />],
    [t('sub.purchased'), t(`unit.count.${s.unit}`, { count: s.quantity })],
    ...(s.assigned !== null
      ? ([
          [t('sub.assigned'), String(s.assigned)],
          [t('sub.available'), String(Math.max(0, s.quantity - s.assigned))],
        ] as [string, string][])
      : []),
    [t('sub.unitPrice'), priceText(money(s.unitAmount), s.unit, s.billingFrequency)],
    [t('sub.periodCost'), money(s.periodAmount)],
    [t('sub.commitment'), t(`frequency.${s.commitment}`)],
    [t('sub.billingFrequency'), t(`frequency.${s.billingFrequency}`)],
    [t('sub.termStart'), format.date(s.termStart)],
    [t('subs.renewal'), renewal(s)],
    [t('sub.currentPeriod'), `${format.date(s.periodStart)} – ${format.date(s.periodEnd)}`],
  ];

  return (
    <>
      <PageHeader
        title={s.productName}
        crumbs={crumbs}
        intro={s.kind === 'standalone_addon' ? t('sub.standaloneNote') : undefined}
        actions={<AppLink to={paths.subscriptionBills(s.id)}>{t('bills.viewBills')}</AppLink>}
      />
      <div className={styles.layout}>
        {notice && (
          <MessageBar intent={notice.intent} layout="multiline" role="status">
            <MessageBarBody>
              {notice.text}
              {notice.link && (
                <>
                  {' '}
                  <AppLink to={notice.link.to}>{notice.link.label}</AppLink>
                </>
              )}
            </MessageBarBody>
            <MessageBarActions
              containerAction={
                <Button
                  appearance="transparent"
                  size="small"
                  onClick={() => setNotice(undefined)}
                  aria-label={t('app.close')}
                >
                  ×
                </Button>
              }
            />
          </MessageBar>
        )}
        {s.pendingQuantity !== null && (
          <MessageBar intent="info">
            <MessageBarBody>{t('sub.pending', { quantity: s.pendingQuantity })}</MessageBarBody>
          </MessageBar>
        )}
        {s.kind === 'base' && (
          <TabList
            selectedValue={tab}
            onTabSelect={(_, data) =>
              setParams(data.value === 'add-ons' ? { tab: 'add-ons' } : {}, { replace: true })
            }
          >
            <Tab value="overview">{t('sub.overview')}</Tab>
            <Tab value="add-ons">
              {/* Worldwide's source names the tab « composants additionnels »; germany says Compléments. */}
              {classic ? t('sub.addOns') : t('web.addOnsTab')} ({(s.addOns ?? []).length})
            </Tab>
          </TabList>
        )}

        {tab === 'overview' && (
          <>
            <Card>
              <h2 className={styles.h2}>{t('sub.details')}</h2>
              <FactList facts={facts} />
              {live && (
                <div className={styles.actions}>
                  {s.kind === 'traditional_addon' ? (
                    <QuantityDialog
                      subscription={s}
                      triggerLabel={t('sub.changeQuantity')}
                      classic={classic}
                      appearance="primary"
                      onChanged={(r) => setNotice({ intent: 'success', text: summary(r) })}
                    />
                  ) : (
                    <QuantityDialog
                      subscription={s}
                      triggerLabel={t('sub.addRemoveLicenses')}
                      classic={classic}
                      appearance="primary"
                      onChanged={(r) => setNotice({ intent: 'success', text: summary(r) })}
                    />
                  )}
                  {s.kind !== 'traditional_addon' && (
                    <CancelDialog
                      subscription={s}
                      windowHours={windowHours}
                      onCancelled={(r) => {
                        const refund = r.ended.reduce((sum, e) => sum + e.refund + e.refundTax, 0);
                        setNotice({
                          intent: 'success',
                          text: `${t('sub.cancelled', { name: s.productName })} ${refund > 0 ? t('sub.refunded', { amount: money(refund) }) : ''}`.trim(),
                        });
                      }}
                    />
                  )}
                </div>
              )}
            </Card>

            {s.kind !== 'traditional_addon' ? (
              live && <RecurringBillingCard subscription={s} onChanged={setNotice} />
            ) : (
              <RemovalRequest subscription={s} onRequested={setNotice} />
            )}
          </>
        )}

        {tab === 'add-ons' && (
          <AddOnsTab
            subscription={s}
            canBuy={classic && live}
            onChanged={(r) => setNotice({ intent: 'success', text: summary(r) })}
          />
        )}
      </div>
    </>
  );
}
