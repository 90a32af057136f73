import { MessageBar, MessageBarBody, Text } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useAddons, useSubscription } from '../api/queries';
import { ErrorBar, Loading } from '../components/Feedback';
import { PageHeader } from '../components/PageHeader';
import { cheapestMonthly, ProductCard, ProductGrid } from '../components/ProductCard';
import { useBillingPaths } from '../lib/paths';

/**
 * Germany and 21vianet: Billing › Subscriptions › a subscription › Add-ons › Buy add-ons. The
 * "Purchase services" page for that subscription: point to or tap an add-on, then Buy now.
 */
export default function BuyAddonsPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const paths = useBillingPaths();
  const subscription = useSubscription(id);
  const addons = useAddons();
  if (subscription.isPending || addons.isPending) return <Loading />;
  if (subscription.error || addons.error || !subscription.data || !addons.data)
    return (
      <ErrorBar
        error={subscription.error ?? addons.error}
        onRetry={() => void (subscription.refetch(), addons.refetch())}
      />
    );
  const s = subscription.data;
  const forThis = addons.data.addons.filter((a) => a.requiredBaseProductIds.includes(s.productId));
  return (
    <>
      <PageHeader
        title={t('sub.buyAddOns')}
        crumbs={[
          { label: t('nav.billing') },
          { label: t(paths.subscriptionsLabel), to: paths.subscriptions },
          { label: s.productName, to: `${paths.subscription(s.id)}?tab=add-ons` },
        ]}
        intro={t('purchase.buyAddonsFor', { name: s.productName })}
      />
      <MessageBar intent="info" style={{ marginBottom: 16 }}>
        <MessageBarBody>{t('purchase.hoverHint')}</MessageBarBody>
      </MessageBar>
      {forThis.length === 0 ? (
        <Text>{t('purchase.noMatch')}</Text>
      ) : (
        <ProductGrid label={t('purchase.addOns')}>
          {forThis.map((a) => (
            <ProductCard
              key={a.productId}
              revealOnHover
              buyLabel={t('purchase.buyNow')}
              to={paths.buy(a.productId, s.id)}
              product={{
                productId: a.productId,
                name: a.name,
                description: a.description,
                unit: a.unit,
                currency: addons.data.currency,
                fromMonthly: cheapestMonthly(a.offers),
                badge: t(`kind.${a.addonKind}`),
                // Bought from this subscription, so it can be bought only if THIS one can take it.
                eligibility: {
                  canBuy: a.eligibleBaseSubscriptions.some((b) => b.id === s.id),
                  requires: a.requiredBaseProducts.map((b) => b.name),
                  reason: (s.addOns ?? []).some((x) => x.productId === a.productId)
                    ? t('web.alreadyOnBase')
                    : a.reason?.message,
                },
              }}
            />
          ))}
        </ProductGrid>
      )}
    </>
  );
}
