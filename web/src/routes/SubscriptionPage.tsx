import {
  Button,
  Card,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Switch,
  Tab,
  TabList,
  Text,
  tokens,
} from '@fluentui/react-components';
import { Add16Regular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError, api, call } from '../api/client';
import { keys, useInstance, useSubscription, useSubscriptions } from '../api/queries';
import type { Subscription } from '../api/types';
import { AppLink } from '../components/AppLink';
import { ErrorBar, Loading } from '../components/Feedback';
import { PageHeader } from '../components/PageHeader';
import { StatusBadge } from '../components/StatusBadge';
import {
  CancelDialog,
  QuantityDialog,
  useChangeSummary,
  useRecurringBilling,
} from '../components/SubscriptionDialogs';
import { FactList } from '../components/FactList';
import { useFormat } from '../lib/format';
import { useBillingPaths } from '../lib/paths';
import { useRenewalText } from './SubscriptionsPage';

const useStyles = makeStyles({
  layout: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '1040px' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'center' },
  h2: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  addOn: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  addOnRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  grow: { flexGrow: 1 },
  muted: { color: tokens.colorNeutralForeground2 },
});

type Notice = { intent: 'success' | 'info'; text: string; link?: { to: string; label: string } };

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
  const navigate = useNavigate();
  const instance = useInstance();
  const all = useSubscriptions();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'add-ons' && s.kind === 'base' ? 'add-ons' : 'overview';
  const [notice, setNotice] = useState<Notice | undefined>();
  const summary = useChangeSummary();
  const recurring = useRecurringBilling(s);
  const renewal = useRenewalText();
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
    [
      t('sub.unitPrice'),
      t('buy.priceEach', {
        price: money(s.unitAmount),
        unit: t(`unit.per.${s.unit}`),
        period: t(`frequency.periodShort.${s.billingFrequency}`),
      }),
    ],
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
              {t('sub.addOns')} ({(s.addOns ?? []).length})
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
              live && (
                <Card>
                  <h2 className={styles.h2} id="recurring-title">
                    {t('sub.recurringBilling')}
                  </h2>
                  <Switch
                    checked={s.recurringBilling}
                    disabled={!s.actions.toggleRecurringBilling || recurring.isPending}
                    onChange={(_, data) =>
                      recurring.mutate(data.checked, {
                        onSuccess: (updated) =>
                          setNotice({
                            intent: 'success',
                            text: updated.recurringBilling
                              ? t('sub.recurringTurnedOn')
                              : t('sub.recurringTurnedOff'),
                          }),
                      })
                    }
                    label={s.recurringBilling ? t('subs.on') : t('subs.off')}
                    aria-describedby="recurring-detail"
                    aria-labelledby="recurring-title"
                  />
                  <Text id="recurring-detail" className={styles.muted}>
                    {s.recurringBilling
                      ? t('sub.recurringOn', { date: format.date(s.termEnd) })
                      : t('sub.recurringOff', { date: format.date(s.termEnd) })}
                  </Text>
                  {recurring.error && <RecurringError error={recurring.error} />}
                </Card>
              )
            ) : (
              <TraditionalRemoval subscription={s} onRequested={setNotice} />
            )}
          </>
        )}

        {tab === 'add-ons' && (
          <Card>
            <div className={styles.addOnRow}>
              <h2 className={`${styles.h2} ${styles.grow}`}>{t('sub.addOns')}</h2>
              {classic && live && (
                <Button
                  appearance="primary"
                  icon={<Add16Regular />}
                  onClick={() => navigate(paths.buyAddons(s.id))}
                >
                  {t('sub.buyAddOns')}
                </Button>
              )}
            </div>
            <Text className={styles.muted}>{t('sub.addOnsIntro')}</Text>
            {(s.addOns ?? []).length === 0 && <Text>{t('sub.noAddOns')}</Text>}
            <ul
              style={{
                listStyle: 'none',
                padding: 0,
                margin: 0,
                display: 'flex',
                flexDirection: 'column',
                gap: tokens.spacingVerticalM,
              }}
            >
              {(s.addOns ?? []).map((a) => (
                <li key={a.id} className={styles.addOn} data-addon={a.productId}>
                  <div className={styles.addOnRow}>
                    <AppLink to={paths.subscription(a.id)} className={styles.grow}>
                      {a.productName}
                    </AppLink>
                    <StatusBadge status={a.status} />
                    <Text>{t(`unit.count.${a.unit}`, { count: a.quantity })}</Text>
                  </div>
                  <div>
                    <QuantityDialog
                      subscription={a as Subscription}
                      triggerLabel={t('sub.changeQuantity')}
                      classic={classic}
                      appearance={classic ? 'subtle' : 'secondary'}
                      onChanged={(r) => setNotice({ intent: 'success', text: summary(r) })}
                    />
                  </div>
                </li>
              ))}
            </ul>
          </Card>
        )}
      </div>
    </>
  );
}

function RecurringError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.status === 412)
    return <ErrorBar error={new Error(t('errors.reload'))} />;
  return <ErrorBar error={error} />;
}

/** A traditional add-on can't be removed by the tenant: the page says so and opens a support request. */
function TraditionalRemoval({
  subscription,
  onRequested,
}: {
  subscription: Subscription;
  onRequested: (n: Notice) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const paths = useBillingPaths();
  const request = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/support-requests', {
          body: { type: 'remove_traditional_addon', subscriptionId: subscription.id, description: '' },
        }),
      ),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: keys.supportRequests });
      onRequested({
        intent: 'info',
        text: t('sub.removalRequested', { id: created.id }),
        link: { to: paths.supportRequests, label: t('sub.viewRequests') },
      });
    },
  });
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t('sub.traditionalTitle')}</MessageBarTitle>
        {t('sub.traditionalBody')}
        {request.error && <ErrorBar error={request.error} />}
      </MessageBarBody>
      {subscription.actions.requestRemoval && (
        <MessageBarActions>
          <Button onClick={() => request.mutate()} disabled={request.isPending}>
            {t('sub.requestRemoval')}
          </Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
