import { Button, Card, makeStyles, Text, tokens } from '@fluentui/react-components';
import { Add16Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { QuantityChange, Subscription } from '../../api/types';
import { AppLink } from '../../components/AppLink';
import { StatusBadge } from '../../components/StatusBadge';
import { QuantityDialog } from '../../components/SubscriptionDialogs';
import { useBillingPaths } from '../../lib/paths';

const useStyles = makeStyles({
  h2: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  addOn: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  addOnRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  grow: { flexGrow: 1 },
  muted: { color: tokens.colorNeutralForeground2 },
});

/**
 * A base subscription's Add-ons tab: its traditional add-ons, each with Change quantity, and
 * (germany, 21vianet) Buy add-ons.
 */
export function AddOnsTab({
  subscription: s,
  canBuy,
  onChanged,
}: {
  subscription: Subscription;
  canBuy: boolean;
  onChanged: (result: QuantityChange) => void;
}) {
  const styles = useStyles();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const paths = useBillingPaths();
  const classic = paths.navigation === 'subscriptions';
  return (
    <Card>
      <div className={styles.addOnRow}>
        <h2 className={`${styles.h2} ${styles.grow}`}>{t('sub.addOns')}</h2>
        {canBuy && (
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
                onChanged={onChanged}
              />
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}
