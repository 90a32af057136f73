import {
  Button,
  Checkbox,
  Divider,
  Dropdown,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Radio,
  RadioGroup,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { ApiError, api, call, newIdempotencyKey } from '../api/client';
import { keys, useAddons, useMe, usePaymentMethods, useSubscriptions } from '../api/queries';
import type {
  AddonEligibility,
  CheckoutItem,
  Order,
  PaymentChoice,
  PaymentMethod,
  Quote,
  QuoteProblem,
  Unit,
} from '../api/types';
import { AppLink } from '../components/AppLink';
import { CardFields, useCardEntry } from '../components/CardFields';
import { ErrorBar, Loading } from '../components/Feedback';
import { PageHeader } from '../components/PageHeader';
import { parseQuantity, QuantitySpin } from '../components/QuantitySpin';
import { useFormat } from '../lib/format';
import { useBillingPaths } from '../lib/paths';

const useStyles = makeStyles({
  panel: {
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow4,
    padding: tokens.spacingHorizontalXXL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    maxWidth: '880px',
  },
  steps: {
    display: 'flex',
    gap: tokens.spacingHorizontalL,
    listStyle: 'none',
    padding: 0,
    margin: 0,
    flexWrap: 'wrap',
  },
  step: {
    color: tokens.colorNeutralForeground3,
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
  },
  stepCurrent: { color: tokens.colorBrandForeground1, fontWeight: tokens.fontWeightSemibold },
  stepNumber: {
    display: 'inline-grid',
    placeItems: 'center',
    width: '22px',
    height: '22px',
    borderRadius: '50%',
    border: `1px solid currentColor`,
    fontSize: tokens.fontSizeBase200,
  },
  h2: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM },
  narrow: { maxWidth: '420px' },
  totals: {
    display: 'grid',
    gridTemplateColumns: 'auto auto',
    justifyContent: 'end',
    columnGap: tokens.spacingHorizontalXXL,
    rowGap: tokens.spacingVerticalXS,
  },
  strong: { fontWeight: tokens.fontWeightSemibold },
  right: { textAlign: 'right' },
  muted: { color: tokens.colorNeutralForeground2 },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
});

type Step = 'configure' | 'review' | 'payment' | 'done';
const stepOrder: Step[] = ['configure', 'review', 'payment', 'done'];
type OfferKey = 'monthly-monthly' | 'annual-monthly' | 'annual-annual';

interface Sellable {
  productId: string;
  name: string;
  description: string;
  kind: 'base' | 'traditional' | 'standalone';
  unit: Unit;
  min: number;
  max: number;
  currency: string;
  offers: {
    key: OfferKey;
    commitment: 'monthly' | 'annual';
    billingFrequency: 'monthly' | 'annual';
    unitAmount: number;
  }[];
  eligibility?: AddonEligibility;
}

const offerKey = (o: { commitment: string; billingFrequency: string }) =>
  `${o.commitment}-${o.billingFrequency}` as OfferKey;

/** Which form field a checkout problem belongs next to. */
function fieldOf(problem: QuoteProblem): 'quantity' | 'offer' | 'base' | 'general' {
  switch (problem.code) {
    case 'quantity_out_of_bounds':
    case 'quantity_exceeds_base':
    case 'validation_failed':
      return 'quantity';
    case 'billing_frequency_mismatch':
    case 'offer_not_available':
      return 'offer';
    case 'base_subscription_required':
    case 'base_subscription_not_eligible':
    case 'addon_already_on_base':
      return 'base';
    default:
      return 'general';
  }
}

function useSellable(productId: string) {
  const { i18n } = useTranslation();
  const me = useMe();
  const currency = me.data?.tenant.currency;
  const product = useQuery({
    queryKey: keys.product(productId, i18n.language, currency ?? ''),
    enabled: !!currency,
    queryFn: () =>
      call(
        api.GET('/api/catalog/products/{id}', {
          params: { path: { id: productId }, query: { currency: currency as 'USD' | 'EUR' | 'CNY' } },
        }),
      ),
  });
  const addons = useAddons();
  const isAddon = product.data?.kind === 'addon';
  const sellable = useMemo<Sellable | undefined>(() => {
    const p = product.data;
    if (!p || !currency) return undefined;
    const eligibility = isAddon ? addons.data?.addons.find((a) => a.productId === p.id) : undefined;
    if (isAddon && !eligibility) return undefined;
    return {
      productId: p.id,
      name: p.name,
      description: p.description,
      kind: p.kind === 'base' ? 'base' : (p.addonKind ?? 'standalone'),
      unit: p.unit,
      min: p.minQuantity,
      max: p.maxQuantity,
      currency,
      offers: p.offers.flatMap((o) =>
        o.prices
          .filter((price) => price.currency === currency)
          .map((price) => ({
            key: offerKey(o),
            commitment: o.commitment,
            billingFrequency: o.billingFrequency,
            unitAmount: price.unitAmount,
          })),
      ),
      ...(eligibility ? { eligibility } : {}),
    };
  }, [product.data, addons.data, currency, isAddon]);
  const error = product.error ?? (isAddon ? addons.error : null);
  const pending = !sellable && !error;
  return { sellable, error, pending, retry: () => void (product.refetch(), addons.refetch()) };
}

/**
 * The buy flow of the source document: options (quantity, billing, auto-assign, base
 * subscription) → Check out now → pricing review → Next → payment → Place order → confirmation.
 */
export default function BuyPage() {
  const { productId = '' } = useParams();
  const { t } = useTranslation();
  const paths = useBillingPaths();
  const { sellable, error, pending, retry } = useSellable(productId);
  const crumbs = [
    { label: t('nav.billing') },
    { label: t('nav.purchaseServices'), to: paths.purchaseServices },
  ];
  if (error) {
    return (
      <>
        <PageHeader title={t('purchase.buy')} crumbs={crumbs} />
        <ErrorBar error={error} onRetry={retry} />
      </>
    );
  }
  if (pending || !sellable) return <Loading />;
  return <Checkout key={sellable.productId} sellable={sellable} />;
}

function Checkout({ sellable }: { sellable: Sellable }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const format = useFormat();
  const paths = useBillingPaths();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const subscriptions = useSubscriptions();
  const eligibleBases = sellable.eligibility?.eligibleBaseSubscriptions ?? [];
  const traditional = sellable.kind === 'traditional';

  const [step, setStep] = useState<Step>('configure');
  const [quantityText, setQuantityText] = useState(String(Math.max(sellable.min, 1)));
  const preferredBase = params.get('base');
  const [baseId, setBaseId] = useState<string | undefined>(
    eligibleBases.find((b) => b.id === preferredBase)?.id ??
      (eligibleBases.length === 1 ? eligibleBases[0]!.id : undefined),
  );
  const base = eligibleBases.find((b) => b.id === baseId);
  const defaultOffer: OfferKey =
    sellable.offers.find((o) => o.key === 'annual-monthly')?.key ??
    sellable.offers[0]?.key ??
    'monthly-monthly';
  const [offerChoice, setOfferChoice] = useState<OfferKey>(defaultOffer);
  // A traditional add-on is co-termed with its base: billing follows the base subscription.
  const offer: OfferKey = traditional && base ? offerKey(base) : offerChoice;
  const [autoAssign, setAutoAssign] = useState(sellable.unit === 'user');
  const [quote, setQuote] = useState<Quote | undefined>();
  const [order, setOrder] = useState<Order | undefined>();

  const quantity = parseQuantity(quantityText, sellable.min, sellable.max);
  const item: CheckoutItem | undefined =
    quantity === undefined
      ? undefined
      : {
          productId: sellable.productId,
          quantity,
          commitment: offer.split('-')[0] as 'monthly' | 'annual',
          billingFrequency: offer.split('-')[1] as 'monthly' | 'annual',
          autoAssign: sellable.unit === 'user' ? autoAssign : false,
          ...(traditional && baseId ? { baseSubscriptionId: baseId } : {}),
        };

  const quoteMutation = useMutation({
    mutationFn: (i: CheckoutItem) => call(api.POST('/api/checkout/quote', { body: { items: [i] } })),
    onSuccess: (q) => {
      setQuote(q);
      if (q.valid) setStep('review');
    },
  });

  const baseName = (productIdOfBase: string) =>
    subscriptions.data?.subscriptions.find((s) => s.productId === productIdOfBase)?.productName ??
    productIdOfBase;
  const problems = step === 'configure' ? (quote?.problems ?? []) : [];
  // Hints are written for API clients ("send baseSubscriptionId…"): next to a field, the message says it.
  const problemAt = (field: ReturnType<typeof fieldOf>) =>
    problems
      .filter((p) => fieldOf(p) === field)
      .map((p) => p.message)
      .join(' ') || undefined;
  const canBuy = sellable.eligibility?.canBuy ?? true;

  const title = t('purchase.buyProduct', { name: sellable.name });
  const crumbs =
    paths.navigation === 'subscriptions' && base
      ? [
          { label: t('nav.billing') },
          { label: t('nav.subscriptions'), to: paths.subscriptions },
          { label: baseName(base.productId), to: paths.subscription(base.id) },
        ]
      : [{ label: t('nav.billing') }, { label: t('nav.purchaseServices'), to: paths.purchaseServices }];
  const currentIndex = stepOrder.indexOf(step);

  return (
    <>
      <PageHeader title={title} crumbs={crumbs} intro={sellable.description} />
      <div className={styles.panel}>
        <ol
          className={styles.steps}
          aria-label={t('buy.stepOf', { step: currentIndex + 1, total: 4, name: t(`buy.steps.${step}`) })}
        >
          {stepOrder.map((s, index) => (
            <li
              key={s}
              className={index === currentIndex ? `${styles.step} ${styles.stepCurrent}` : styles.step}
              aria-current={index === currentIndex ? 'step' : undefined}
            >
              <span className={styles.stepNumber} aria-hidden>
                {index + 1}
              </span>
              {t(`buy.steps.${s}`)}
            </li>
          ))}
        </ol>
        <Divider />

        {step === 'configure' && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (item) quoteMutation.mutate(item);
            }}
            style={{ display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL }}
            aria-labelledby="configure-title"
          >
            <h2 id="configure-title" className={styles.h2}>
              {t('buy.steps.configure')}
            </h2>
            {!canBuy && sellable.eligibility && (
              <MessageBar intent="warning" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>{t('buy.cannotBuy')}</MessageBarTitle>
                  {sellable.eligibility.reason?.message ??
                    t('purchase.needs', {
                      plans: sellable.eligibility.requiredBaseProducts.map((b) => b.name).join(', '),
                    })}
                </MessageBarBody>
              </MessageBar>
            )}
            <div className={styles.narrow}>
              <QuantitySpin
                label={t(`unit.quantityLabel.${sellable.unit}`)}
                value={quantityText}
                onChange={(v) => {
                  setQuantityText(v);
                  setQuote(undefined);
                }}
                min={sellable.min}
                max={sellable.max}
                validationMessage={
                  quantityText !== '' && quantity === undefined
                    ? t('errors.between', { min: sellable.min, max: sellable.max })
                    : problemAt('quantity')
                }
              />
            </div>
            {traditional && eligibleBases.length > 1 && (
              <Field
                className={styles.narrow}
                label={t('buy.baseSubscription')}
                hint={t('buy.baseSubscriptionHint')}
                required
                validationMessage={problemAt('base')}
                validationState={problemAt('base') ? 'error' : 'none'}
              >
                <Dropdown
                  placeholder={t('buy.baseSubscription')}
                  selectedOptions={baseId ? [baseId] : []}
                  value={base ? baseName(base.productId) : ''}
                  onOptionSelect={(_, data) => {
                    setBaseId(data.optionValue);
                    setQuote(undefined);
                  }}
                >
                  {eligibleBases.map((b) => (
                    <Option key={b.id} value={b.id} text={baseName(b.productId)}>
                      {t('buy.baseSubscriptionOption', {
                        name: baseName(b.productId),
                        quantity: b.quantity,
                        date: format.date(b.termEnd),
                      })}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
            )}
            {traditional && eligibleBases.length <= 1 && problemAt('base') && (
              <MessageBar intent="error">
                <MessageBarBody>{problemAt('base')}</MessageBarBody>
              </MessageBar>
            )}
            <Field
              label={t('buy.billing')}
              hint={
                traditional && base
                  ? t('buy.billingFollowsBase', {
                      offer: t(`frequency.offer.${offerKey(base)}`),
                      date: format.date(base.termEnd),
                    })
                  : t('buy.billingHint')
              }
              validationMessage={problemAt('offer')}
              validationState={problemAt('offer') ? 'error' : 'none'}
            >
              <RadioGroup
                value={offer}
                onChange={(_, data) => {
                  setOfferChoice(data.value as OfferKey);
                  setQuote(undefined);
                }}
              >
                {sellable.offers.map((o) => (
                  <Radio
                    key={o.key}
                    value={o.key}
                    disabled={traditional && !!base && o.key !== offerKey(base)}
                    label={`${t(`frequency.offer.${o.key}`)} — ${t('buy.priceEach', {
                      price: format.money(o.unitAmount, sellable.currency),
                      unit: t(`unit.per.${sellable.unit}`),
                      period: t(`frequency.periodShort.${o.billingFrequency}`),
                    })}`}
                  />
                ))}
              </RadioGroup>
            </Field>
            {sellable.unit === 'user' && (
              <Field hint={t('buy.autoAssignHint')}>
                <Checkbox
                  checked={autoAssign}
                  onChange={(_, data) => {
                    setAutoAssign(data.checked === true);
                    setQuote(undefined);
                  }}
                  label={t('buy.autoAssign')}
                />
              </Field>
            )}
            {problemAt('general') && (
              <MessageBar intent="error" layout="multiline">
                <MessageBarBody>{problemAt('general')}</MessageBarBody>
              </MessageBar>
            )}
            {quoteMutation.error && <ErrorBar error={quoteMutation.error} />}
            <div className={styles.actions}>
              <Button
                appearance="primary"
                type="submit"
                disabled={!item || !canBuy || quoteMutation.isPending}
              >
                {t('buy.checkOut')}
              </Button>
            </div>
          </form>
        )}

        {step === 'review' && quote && (
          <Review quote={quote} onBack={() => setStep('configure')} onNext={() => setStep('payment')} />
        )}

        {step === 'payment' && quote && item && (
          <Payment
            quote={quote}
            item={item}
            onBack={() => setStep('review')}
            onPlaced={(placed) => {
              setOrder(placed);
              setStep('done');
              void queryClient.invalidateQueries({ queryKey: ['subscriptions'] });
              void queryClient.invalidateQueries({ queryKey: ['catalog', 'addons'] });
              void queryClient.invalidateQueries({ queryKey: keys.licenses });
              void queryClient.invalidateQueries({ queryKey: ['users'] });
              void queryClient.invalidateQueries({ queryKey: keys.paymentMethods });
            }}
          />
        )}

        {step === 'done' && order && <Confirmation order={order} />}
      </div>
    </>
  );
}

function Review({ quote, onBack, onNext }: { quote: Quote; onBack: () => void; onNext: () => void }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const format = useFormat();
  const money = (n: number) => format.money(n, quote.currency);
  const rate = quote.lines[0]?.taxRateBasisPoints ?? 0;
  return (
    <section
      aria-labelledby="review-title"
      style={{ display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL }}
    >
      <h2 id="review-title" className={styles.h2}>
        {t('buy.review')}
      </h2>
      <Table aria-labelledby="review-title">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t('buy.product')}</TableHeaderCell>
            <TableHeaderCell>{t('buy.quantity')}</TableHeaderCell>
            <TableHeaderCell>{t('buy.unitPrice')}</TableHeaderCell>
            <TableHeaderCell>{t('buy.amount')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {quote.lines.map((line) => (
            <TableRow key={line.itemIndex}>
              <TableCell>
                <div>
                  <Text weight="semibold">{line.productName}</Text>
                </div>
                <Text size={200} className={styles.muted}>
                  {t(`frequency.offer.${offerKey(line)}`)} ·{' '}
                  {t('buy.term', { date: format.date(line.termEnd) })}
                </Text>
                {line.prorated && (
                  <div>
                    <Text size={200} className={styles.muted}>
                      {t('buy.proration', {
                        days: line.proratedDays,
                        total: line.periodDays,
                        date: format.date(line.periodEnd),
                      })}
                    </Text>
                  </div>
                )}
              </TableCell>
              <TableCell>{t(`unit.count.${line.unit}`, { count: line.quantity })}</TableCell>
              <TableCell>
                {t('buy.priceEach', {
                  price: money(line.unitAmount),
                  unit: t(`unit.per.${line.unit}`),
                  period: t(`frequency.periodShort.${line.billingFrequency}`),
                })}
              </TableCell>
              <TableCell>{money(line.amount)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <div className={styles.totals} role="group" aria-label={t('buy.dueToday')}>
        <Text>{t('buy.subtotal')}</Text>
        <Text className={styles.right}>{money(quote.subtotal)}</Text>
        <Text>{t('buy.tax', { rate: format.percent(rate) })}</Text>
        <Text className={styles.right}>{money(quote.tax)}</Text>
        <Text className={styles.strong}>{t('buy.dueToday')}</Text>
        <Text className={`${styles.strong} ${styles.right}`} data-testid="due-today">
          {money(quote.totalDueToday)}
        </Text>
      </div>
      {Object.entries(quote.totalPerPeriod).map(([frequency, amount]) => (
        <Text key={frequency} className={styles.muted}>
          {t('buy.perPeriod', {
            amount: money(amount),
            period: t(`frequency.perPeriod.${frequency as 'monthly' | 'annual'}`),
          })}
        </Text>
      ))}
      <div className={styles.actions}>
        <Button onClick={onBack}>{t('app.back')}</Button>
        <Button appearance="primary" onClick={onNext}>
          {t('buy.next')}
        </Button>
      </div>
    </section>
  );
}

function savedLabel(method: PaymentMethod, t: ReturnType<typeof useTranslation>['t']) {
  if (method.type === 'invoice') return t('buy.invoice');
  return t('buy.savedCard', {
    brand: (method.brand ?? 'card').toUpperCase(),
    last4: method.last4 ?? '····',
    month: String(method.expMonth ?? '').padStart(2, '0'),
    year: String(method.expYear ?? '').slice(-2),
  });
}

function Payment({
  quote,
  item,
  onBack,
  onPlaced,
}: {
  quote: Quote;
  item: CheckoutItem;
  onBack: () => void;
  onPlaced: (order: Order) => void;
}) {
  const styles = useStyles();
  const { t } = useTranslation();
  const format = useFormat();
  const methods = usePaymentMethods();
  const saved = methods.data?.paymentMethods ?? [];
  const hasSavedInvoice = saved.some((m) => m.type === 'invoice');
  const defaultChoice = saved.find((m) => m.isDefault)?.id ?? saved[0]?.id ?? 'card';
  const [choice, setChoice] = useState<string | undefined>();
  const selected = choice ?? defaultChoice;
  const card = useCardEntry();
  const [save, setSave] = useState(true);
  // One Idempotency-Key per checkout: the same order sent twice (double click, retry after a
  // lost answer) is placed once. A different body (another card after a decline) is a new attempt.
  const attempt = useRef<{ body: string; key: string } | undefined>(undefined);
  const due = quote.totalDueToday > 0;

  const place = useMutation({
    mutationFn: async () => {
      let payment: PaymentChoice | undefined;
      if (!due && selected === 'card') payment = undefined;
      else if (selected === 'card') {
        payment = { method: 'card', card: card.read(), save };
      } else if (selected === 'invoice') payment = { method: 'invoice' };
      else payment = { method: 'saved', paymentMethodId: selected };
      const body = { items: [item], ...(payment ? { payment } : {}) };
      const text = JSON.stringify(body);
      if (attempt.current?.body !== text) attempt.current = { body: text, key: newIdempotencyKey() };
      return call(
        api.POST('/api/orders', {
          body,
          params: { header: { 'idempotency-key': attempt.current.key } },
        }),
      );
    },
    onSuccess: onPlaced,
  });

  if (methods.isPending) return <Loading />;
  const declined = place.error instanceof ApiError && place.error.status === 402;

  return (
    <form
      aria-labelledby="payment-title"
      style={{ display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL }}
      onSubmit={(event) => {
        event.preventDefault();
        place.mutate();
      }}
    >
      <h2 id="payment-title" className={styles.h2}>
        {t('buy.paymentTitle')}
      </h2>
      <Text>
        {t('web.labelColon', { label: t('buy.dueToday') })}{' '}
        <strong>{format.money(quote.totalDueToday, quote.currency)}</strong>
      </Text>
      {!due && <Text>{t('buy.nothingDue')}</Text>}
      <Field label={t('buy.paymentMethod')}>
        <RadioGroup value={selected} onChange={(_, data) => setChoice(data.value)}>
          {saved.map((m) => (
            <Radio key={m.id} value={m.id} label={savedLabel(m, t)} />
          ))}
          {!hasSavedInvoice && <Radio value="invoice" label={t('buy.invoice')} />}
          <Radio value="card" label={t('buy.newCard')} />
        </RadioGroup>
      </Field>
      {selected === 'card' && (
        <div style={{ display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM }}>
          <CardFields
            value={card.value}
            onChange={card.setValue}
            errorAt={(f) => (f === 'expiry' && card.expiryError ? t('buy.expiryInvalid') : undefined)}
            layout="checkout"
          />
          <Checkbox
            checked={save}
            onChange={(_, d) => setSave(d.checked === true)}
            label={t('buy.saveCard')}
          />
        </div>
      )}
      {place.error && !card.expiryError && (
        <ErrorBar error={place.error} title={declined ? t('buy.declined') : undefined} />
      )}
      <div className={styles.actions}>
        <Button onClick={onBack} disabled={place.isPending}>
          {t('app.back')}
        </Button>
        <Button appearance="primary" type="submit" disabled={place.isPending}>
          {place.isPending ? t('buy.placing') : t('buy.placeOrder')}
        </Button>
      </div>
    </form>
  );
}

function Confirmation({ order }: { order: Order }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const format = useFormat();
  const paths = useBillingPaths();
  const names = new Map(order.lines.map((l) => [l.productId, l.productName]));
  const assignedAny = order.autoAssign.some((r) => r.assigned.length || r.notAssigned.length);
  return (
    <section
      aria-labelledby="done-title"
      style={{ display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL }}
    >
      <MessageBar intent="success" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>
            <span id="done-title">{t('buy.thanks')}</span>
          </MessageBarTitle>
          {t('buy.orderNumber', { id: order.id })}
          {order.invoice && <> · {t('buy.invoiceNumber', { number: order.invoice.number })}</>}
          {' · '}
          {t('buy.charged', { amount: format.money(order.totalDueToday, order.currency) })}
        </MessageBarBody>
      </MessageBar>
      <section
        aria-labelledby="assigned-title"
        style={{ display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS }}
      >
        <h2 id="assigned-title" className={styles.h2}>
          {t('buy.assignedTitle')}
        </h2>
        {!assignedAny && <Text>{t('buy.noAutoAssign')}</Text>}
        {order.autoAssign.map((report) => (
          <div key={report.productId} data-testid="auto-assign-report">
            {report.assigned.length > 0 && (
              <>
                <Text as="p">
                  {t('buy.assignedTo', {
                    count: report.assigned.length,
                    product: names.get(report.productId) ?? report.productId,
                  })}
                </Text>
                <ul className={styles.list}>
                  {report.assigned.map((u) => (
                    <li key={u.userId}>
                      {u.displayName} ({u.email})
                    </li>
                  ))}
                </ul>
              </>
            )}
            {report.notAssigned.length > 0 && (
              <>
                <Text as="p">{t('buy.notAssigned', { count: report.notAssigned.length })}</Text>
                <ul className={styles.list}>
                  {report.notAssigned.slice(0, 5).map((u) => (
                    <li key={u.userId}>
                      {u.displayName} ({u.email}) —{' '}
                      {t(`buy.reason.${u.reason as 'no_license_left'}`, { defaultValue: u.reason })}
                    </li>
                  ))}
                  {report.notAssigned.length > 5 && (
                    <li>{t('buy.andMore', { count: report.notAssigned.length - 5 })}</li>
                  )}
                </ul>
              </>
            )}
          </div>
        ))}
      </section>
      <div className={styles.actions}>
        <AppLink to="/">{t('buy.goAdminHome')}</AppLink>
        <AppLink to={paths.subscriptions}>{t(paths.subscriptionsLabel)}</AppLink>
      </div>
    </section>
  );
}
