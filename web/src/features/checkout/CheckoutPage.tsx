import { Divider } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorBar, Loading } from '../../components/Feedback';
import { PageHeader, type Crumb } from '../../components/PageHeader';
import { useBillingPaths } from '../../lib/paths';
import { ConfirmationStep } from './ConfirmationStep';
import { type Sellable, type Step } from './model';
import { OptionsStep } from './OptionsStep';
import { PaymentStep } from './PaymentStep';
import { ReviewStep } from './ReviewStep';
import { StepList } from './StepList';
import { useCheckoutStyles } from './styles';
import { useCheckout } from './useCheckout';
import { useCheckoutOptions, type CheckoutOptions } from './useCheckoutOptions';
import { useSellable } from './useSellable';

/**
 * The buy flow of the source document: options (quantity, billing, auto-assign, base
 * subscription) → Check out now → pricing review → Next → payment → Place order → confirmation.
 */
export default function CheckoutPage() {
  const { productId = '' } = useParams();
  const { t } = useTranslation();
  const paths = useBillingPaths();
  const { sellable, error, pending, retry } = useSellable(productId);
  if (error) {
    return (
      <>
        <PageHeader
          title={t('purchase.buy')}
          crumbs={[
            { label: t('nav.billing') },
            { label: t('nav.purchaseServices'), to: paths.purchaseServices },
          ]}
        />
        <ErrorBar error={error} onRetry={retry} />
      </>
    );
  }
  if (pending || !sellable) return <Loading />;
  return <Checkout key={sellable.productId} sellable={sellable} />;
}

/**
 * Where the admin came from: a subscription's Buy add-ons (germany, 21vianet) or Purchase
 * services. Fixed from the address, so the trail does not change once the order is placed.
 */
function useCrumbs(o: CheckoutOptions): Crumb[] {
  const { t } = useTranslation();
  const paths = useBillingPaths();
  if (paths.navigation === 'subscriptions' && o.named)
    return [
      { label: t('nav.billing') },
      { label: t('nav.subscriptions'), to: paths.subscriptions },
      { label: o.subscriptionName(o.named), to: `${paths.subscription(o.named)}?tab=add-ons` },
      { label: t('sub.buyAddOns'), to: paths.buyAddons(o.named) },
    ];
  return [{ label: t('nav.billing') }, { label: t('nav.purchaseServices'), to: paths.purchaseServices }];
}

function Checkout({ sellable }: { sellable: Sellable }) {
  const styles = useCheckoutStyles();
  const { t } = useTranslation();
  const options = useCheckoutOptions(sellable);
  const checkout = useCheckout();
  const crumbs = useCrumbs(options);
  const [step, setStep] = useState<Step>('configure');

  return (
    <>
      <PageHeader
        title={t('purchase.buyProduct', { name: sellable.name })}
        crumbs={crumbs}
        intro={sellable.description}
      />
      <div className={styles.panel}>
        <StepList step={step} />
        <Divider />
        {step === 'configure' && (
          <OptionsStep
            sellable={sellable}
            options={options}
            quote={checkout.quote}
            quoting={checkout.quoting}
            quoteError={checkout.quoteError}
            onChange={checkout.forgetQuote}
            onCheckOut={() => {
              if (!options.item) return;
              void checkout
                .requestQuote(options.item)
                .then((q) => q.valid && setStep('review'))
                .catch(() => undefined);
            }}
          />
        )}
        {step === 'review' && checkout.quote && (
          <ReviewStep
            quote={checkout.quote}
            baseName={options.baseName}
            onBack={() => setStep('configure')}
            onNext={() => setStep('payment')}
          />
        )}
        {step === 'payment' && checkout.quote && options.item && (
          <PaymentStep
            quote={checkout.quote}
            placing={checkout.placing}
            error={checkout.placeError}
            onBack={() => setStep('review')}
            onPlace={(payment) =>
              checkout.place({ item: options.item!, payment }, { onSuccess: () => setStep('done') })
            }
          />
        )}
        {step === 'done' && checkout.order && <ConfirmationStep order={checkout.order} />}
      </div>
    </>
  );
}
