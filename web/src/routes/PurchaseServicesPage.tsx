import { makeStyles, MessageBar, MessageBarBody, SearchBox, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddons, useBaseProducts, useMe } from '../api/queries';
import { AppLink } from '../components/AppLink';
import { QueryState } from '../components/Feedback';
import { PageHeader } from '../components/PageHeader';
import { cheapestMonthly, ProductCard, ProductGrid } from '../components/ProductCard';
import { useBillingPaths } from '../lib/paths';

const useStyles = makeStyles({
  section: {
    marginTop: tokens.spacingVerticalXXL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  h2: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  search: { maxWidth: '360px' },
});

/** Billing › Purchase services: base plans, and at the bottom the Add-ons section (worldwide). */
export default function PurchaseServicesPage() {
  const styles = useStyles();
  const { t } = useTranslation();
  const me = useMe();
  const paths = useBillingPaths();
  const currency = me.data?.tenant.currency;
  const bases = useBaseProducts(currency);
  const addons = useAddons();
  const [search, setSearch] = useState('');
  const matches = (name: string, description: string) =>
    !search.trim() || `${name} ${description}`.toLowerCase().includes(search.trim().toLowerCase());

  return (
    <>
      <PageHeader
        title={t('purchase.title')}
        crumbs={[{ label: t('nav.billing') }]}
        intro={t('purchase.intro')}
      />
      <SearchBox
        className={styles.search}
        placeholder={t('purchase.filter')}
        aria-label={t('purchase.filter')}
        value={search}
        onChange={(_, d) => setSearch(d.value)}
      />
      <section className={styles.section} aria-labelledby="base-plans">
        <h2 id="base-plans" className={styles.h2}>
          {t('purchase.basePlans')}
        </h2>
        <QueryState query={bases}>
          {(data) => {
            const shown = data.products.filter((p) => !p.retired && matches(p.name, p.description));
            if (!shown.length) return <Text>{t('purchase.noMatch')}</Text>;
            return (
              <ProductGrid label={t('purchase.basePlans')}>
                {shown.map((p) => (
                  <ProductCard
                    key={p.id}
                    buyLabel={t('purchase.buy')}
                    to={paths.buy(p.id)}
                    product={{
                      productId: p.id,
                      name: p.name,
                      description: p.description,
                      unit: p.unit,
                      currency: currency ?? 'USD',
                      fromMonthly: cheapestMonthly(
                        p.offers.flatMap((o) =>
                          o.prices.map((price) => ({
                            billingFrequency: o.billingFrequency,
                            unitAmount: price.unitAmount,
                          })),
                        ),
                      ),
                    }}
                  />
                ))}
              </ProductGrid>
            );
          }}
        </QueryState>
      </section>
      <section className={styles.section} aria-labelledby="add-ons">
        <h2 id="add-ons" className={styles.h2}>
          {t('purchase.addOns')}
        </h2>
        {paths.navigation === 'subscriptions' ? (
          <MessageBar intent="info">
            <MessageBarBody>
              {t('purchase.addOnsElsewhere')}{' '}
              <AppLink to={paths.subscriptions}>{t('nav.subscriptions')}</AppLink>
            </MessageBarBody>
          </MessageBar>
        ) : (
          <>
            <Text>{t('purchase.addOnsIntro')}</Text>
            <QueryState query={addons}>
              {(data) => {
                const shown = data.addons.filter((a) => matches(a.name, a.description));
                if (!shown.length) return <Text>{t('purchase.noMatch')}</Text>;
                return (
                  <ProductGrid label={t('purchase.addOns')}>
                    {shown.map((a) => (
                      <ProductCard
                        key={a.productId}
                        buyLabel={t('purchase.buy')}
                        to={paths.buy(a.productId)}
                        product={{
                          productId: a.productId,
                          name: a.name,
                          description: a.description,
                          unit: a.unit,
                          currency: data.currency,
                          fromMonthly: cheapestMonthly(a.offers),
                          badge: t(`kind.${a.addonKind}`),
                          eligibility: {
                            canBuy: a.canBuy,
                            requires: a.requiredBaseProducts.map((b) => b.name),
                            reason: a.reason?.message,
                          },
                        }}
                      />
                    ))}
                  </ProductGrid>
                );
              }}
            </QueryState>
          </>
        )}
      </section>
    </>
  );
}
