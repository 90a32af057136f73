import {
  Badge,
  Button,
  Card,
  CardFooter,
  CardHeader,
  makeStyles,
  mergeClasses,
  Text,
  tokens,
} from '@fluentui/react-components';
import { CheckmarkCircle16Regular, Info16Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Unit } from '../api/types';
import { useFormat } from '../lib/format';

const useStyles = makeStyles({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))',
    gap: tokens.spacingHorizontalL,
  },
  card: { height: '100%' },
  name: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400, margin: 0 },
  description: { color: tokens.colorNeutralForeground2 },
  price: { fontWeight: tokens.fontWeightSemibold },
  eligibility: { display: 'flex', gap: tokens.spacingHorizontalXS, alignItems: 'flex-start' },
  ok: { color: tokens.colorPaletteGreenForeground1 },
  needs: { color: tokens.colorNeutralForeground2 },
  footer: { marginTop: 'auto' },
  // Germany/21vianet: "point to or tap an add-on, then select Buy now". Keyboard focus shows it too.
  revealed: { opacity: 1 },
  hidden: { opacity: 0, transitionProperty: 'opacity', transitionDuration: tokens.durationFast },
  hoverCard: {
    cursor: 'pointer',
    ':hover .buy-now': { opacity: 1 },
    ':focus-within .buy-now': { opacity: 1 },
  },
});

export function ProductGrid({ children, label }: { children: React.ReactNode; label: string }) {
  return (
    <div className={useStyles().grid} role="list" aria-label={label}>
      {children}
    </div>
  );
}

export interface CardProduct {
  productId: string;
  name: string;
  description: string;
  unit: Unit;
  currency: string;
  /** Cheapest monthly price per unit, minor units. */
  fromMonthly: number | undefined;
  badge?: string;
  /** Add-ons: whether this tenant can buy it, and which plans it needs if not. */
  eligibility?: { canBuy: boolean; requires: string[]; reason?: string | null };
}

/**
 * A product in Purchase services. `revealOnHover` is the germany/21vianet "Buy add-ons" page,
 * where Buy now appears when the add-on is pointed to, tapped or focused.
 */
export function ProductCard({
  product,
  buyLabel,
  to,
  revealOnHover = false,
}: {
  product: CardProduct;
  buyLabel: string;
  to: string;
  revealOnHover?: boolean;
}) {
  const styles = useStyles();
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const [tapped, setTapped] = useState(false);
  const canBuy = product.eligibility?.canBuy ?? true;
  const headingId = `product-${product.productId}`;
  return (
    <div role="listitem">
      <Card
        className={mergeClasses(styles.card, revealOnHover && styles.hoverCard)}
        onClick={revealOnHover ? () => setTapped(true) : undefined}
        aria-labelledby={headingId}
        data-product={product.productId}
      >
        <CardHeader
          header={
            <h3 id={headingId} className={styles.name}>
              {product.name}
            </h3>
          }
          description={product.badge ? <Badge appearance="outline">{product.badge}</Badge> : undefined}
        />
        <Text className={styles.description}>{product.description}</Text>
        {product.fromMonthly !== undefined && (
          <Text className={styles.price}>
            {product.unit === 'credit'
              ? t('web.priceOnce', {
                  price: format.money(product.fromMonthly, product.currency),
                  unit: t('unit.per.credit'),
                })
              : t('purchase.from', {
                  price: format.money(product.fromMonthly, product.currency),
                  per: t('purchase.perUnitPerMonth', { unit: t(`unit.per.${product.unit}`) }),
                })}
          </Text>
        )}
        {product.eligibility && (
          <Text size={200} className={styles.eligibility}>
            {product.eligibility.canBuy ? (
              <>
                <CheckmarkCircle16Regular className={styles.ok} aria-hidden />
                <span>{t('purchase.canBuy')}</span>
              </>
            ) : (
              <>
                <Info16Regular aria-hidden />
                <span className={styles.needs}>
                  {product.eligibility.reason ??
                    t('purchase.needs', { plans: product.eligibility.requires.join(', ') })}
                </span>
              </>
            )}
          </Text>
        )}
        <CardFooter className={styles.footer}>
          <Button
            appearance="primary"
            disabled={!canBuy}
            className={
              revealOnHover ? mergeClasses('buy-now', tapped ? styles.revealed : styles.hidden) : undefined
            }
            aria-label={`${buyLabel} – ${product.name}`}
            onClick={(event) => {
              event.stopPropagation();
              navigate(to);
            }}
          >
            {buyLabel}
          </Button>
        </CardFooter>
      </Card>
    </div>
  );
}

/** The cheapest price per unit per month among a product's offers. */
export function cheapestMonthly(
  offers: { billingFrequency: 'monthly' | 'annual'; unitAmount: number }[],
): number | undefined {
  const monthly = offers.map((o) =>
    o.billingFrequency === 'annual' ? Math.round(o.unitAmount / 12) : o.unitAmount,
  );
  return monthly.length ? Math.min(...monthly) : undefined;
}
