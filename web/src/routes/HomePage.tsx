import { Card, CardHeader, makeStyles, ProgressBar, Text, tokens } from '@fluentui/react-components';
import { Warning16Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useLicenses, useMe, useSubscriptions, useSupportRequests } from '../api/queries';
import type { Subscription, SubscriptionStatus } from '../api/types';
import { AppLink } from '../components/AppLink';
import { QueryState } from '../components/Feedback';
import { PageHeader } from '../components/PageHeader';
import { StatusBadge } from '../components/StatusBadge';
import { localName, useFormat } from '../lib/format';
import { useBillingPaths } from '../lib/paths';

const useStyles = makeStyles({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))',
    gap: tokens.spacingHorizontalL,
  },
  h2: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  big: {
    fontSize: tokens.fontSizeHero800,
    fontWeight: tokens.fontWeightSemibold,
    lineHeight: tokens.lineHeightHero800,
  },
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  licenseRow: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  muted: { color: tokens.colorNeutralForeground2 },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1, flexShrink: 0 },
});

const statusOrder: SubscriptionStatus[] = [
  'active',
  'warning',
  'expired',
  'disabled',
  'cancelled',
  'deleted',
];

function flatten(subscriptions: Subscription[]): Subscription[] {
  return subscriptions.flatMap((s) => [s, ...((s.addOns ?? []) as Subscription[])]);
}

/** Admin home: subscriptions at a glance, license use, and what needs attention. */
export default function HomePage() {
  const styles = useStyles();
  const { t } = useTranslation();
  const format = useFormat();
  const me = useMe();
  const paths = useBillingPaths();
  const subscriptions = useSubscriptions();
  const licenses = useLicenses();
  const support = useSupportRequests();

  return (
    <>
      <PageHeader
        title={t('home.title')}
        intro={
          me.data
            ? `${t('home.welcome', { name: me.data.user.displayName })} · ${t('home.tenant', { name: me.data.tenant.name })}`
            : undefined
        }
      />
      <div className={styles.grid}>
        <Card>
          <CardHeader header={<h2 className={styles.h2}>{t('home.subscriptions')}</h2>} />
          <QueryState query={subscriptions}>
            {(data) => {
              const all = flatten(data.subscriptions);
              const counts = statusOrder.map(
                (status) => [status, all.filter((s) => s.status === status).length] as const,
              );
              return (
                <>
                  <Text className={styles.big}>{all.length}</Text>
                  <Text>{t('home.subscriptionsCount', { count: all.length })}</Text>
                  <div className={styles.row} aria-label={t('home.byStatus')} role="group">
                    {counts
                      .filter(([, n]) => n > 0)
                      .map(([status, n]) => (
                        <span key={status} className={styles.row}>
                          <StatusBadge status={status} /> <Text>{n}</Text>
                        </span>
                      ))}
                  </div>
                  <AppLink to={paths.subscriptions}>{t('home.manage')}</AppLink>
                </>
              );
            }}
          </QueryState>
        </Card>

        <Card>
          <CardHeader header={<h2 className={styles.h2}>{t('home.licenseUse')}</h2>} />
          <QueryState query={licenses}>
            {(data) => {
              const items = data.items.filter((i) => i.assignable);
              if (!items.length) return <Text>{t('home.noLicenses')}</Text>;
              return (
                <ul className={styles.list}>
                  {items.map((i) => {
                    const name = localName(i.names, format.locale, i.productId);
                    return (
                      <li key={i.productId} className={styles.licenseRow}>
                        <Text weight="semibold">{name}</Text>
                        <ProgressBar
                          value={i.purchased ? i.assigned / i.purchased : 0}
                          thickness="large"
                          aria-label={name}
                          aria-valuetext={t('home.licenseUseLine', {
                            assigned: i.assigned,
                            purchased: i.purchased,
                          })}
                        />
                        <Text size={200} className={styles.muted}>
                          {t('home.licenseUseLine', { assigned: i.assigned, purchased: i.purchased })}
                        </Text>
                      </li>
                    );
                  })}
                  <li>
                    <AppLink to={paths.licenses}>{t('home.viewAll')}</AppLink>
                  </li>
                </ul>
              );
            }}
          </QueryState>
        </Card>

        <Card>
          <CardHeader header={<h2 className={styles.h2}>{t('home.attention')}</h2>} />
          {subscriptions.data && support.data ? (
            (() => {
              const all = flatten(subscriptions.data.subscriptions);
              const items: { key: string; text: string; to: string }[] = [];
              for (const s of all) {
                const name = s.productName;
                if (s.status === 'warning')
                  items.push({
                    key: s.id,
                    text: t('home.subscriptionWarning', { name }),
                    to: paths.subscription(s.id),
                  });
                else if (s.status === 'expired')
                  items.push({
                    key: s.id,
                    text: t('home.subscriptionExpired', { name }),
                    to: paths.subscription(s.id),
                  });
                else if (s.status === 'disabled')
                  items.push({
                    key: s.id,
                    text: t('home.subscriptionDisabled', { name }),
                    to: paths.subscription(s.id),
                  });
                else if (s.status === 'active' && !s.recurringBilling && s.kind !== 'traditional_addon')
                  items.push({
                    key: s.id,
                    text: t('home.subscriptionEnding', { name, date: format.date(s.termEnd) }),
                    to: paths.subscription(s.id),
                  });
              }
              for (const r of support.data.supportRequests.filter((x) => x.status === 'open'))
                items.push({
                  key: r.id,
                  text: t('home.openSupportRequest', { subject: r.subject }),
                  to: paths.supportRequests,
                });
              if (!items.length) return <Text>{t('home.nothing')}</Text>;
              return (
                <ul className={styles.list}>
                  {items.map((i) => (
                    <li key={i.key} className={styles.row}>
                      <Warning16Regular className={styles.warning} aria-hidden />
                      <AppLink to={i.to}>{i.text}</AppLink>
                    </li>
                  ))}
                </ul>
              );
            })()
          ) : (
            <QueryState query={subscriptions.data ? support : subscriptions}>{() => null}</QueryState>
          )}
        </Card>

        <Card>
          <CardHeader header={<h2 className={styles.h2}>{t('home.shortcuts')}</h2>} />
          <ul className={styles.list}>
            <li>
              <AppLink to={paths.purchaseServices}>{t('home.buy')}</AppLink>
            </li>
            <li>
              <AppLink to={paths.subscriptions}>{t('home.manage')}</AppLink>
            </li>
            <li>
              <AppLink to={paths.users}>{t('nav.activeUsers')}</AppLink>
            </li>
            <li>
              <AppLink to={paths.availableAddons}>{t('nav.availableAddons')}</AppLink>
            </li>
          </ul>
        </Card>
      </div>
    </>
  );
}
