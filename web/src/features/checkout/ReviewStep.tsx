import {
  Button,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { Quote } from '../../api/types';
import { useFormat } from '../../lib/format';
import { usePriceText } from '../../lib/price';
import { offerKey } from './model';
import { useCheckoutStyles } from './styles';

/** Step 2: what the order costs today and per period, line by line → Next. */
export function ReviewStep({
  quote,
  baseName,
  onBack,
  onNext,
}: {
  quote: Quote;
  /** The subscription a traditional add-on goes on. */
  baseName: string | undefined;
  onBack: () => void;
  onNext: () => void;
}) {
  const styles = useCheckoutStyles();
  const priceText = usePriceText();
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
                {line.coTerm && (
                  <div>
                    <Text size={200} data-testid="review-base">
                      {t('web.baseFor', { name: baseName ?? '' })}
                    </Text>
                  </div>
                )}
                <Text size={200} className={styles.muted}>
                  {t(`frequency.offer.${offerKey(line)}`)} ·{' '}
                  {line.coTerm ? (
                    <span data-testid="review-coterm">
                      {t('collection.coTermed', { date: format.date(line.coTerm.termEndsAt) })}
                    </span>
                  ) : (
                    t('buy.term', { date: format.date(line.termEnd) })
                  )}
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
              <TableCell>{priceText(money(line.unitAmount), line.unit, line.billingFrequency)}</TableCell>
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
      {quote.collection !== 'none' && quote.collection !== 'credit' && (
        <Text data-testid="quote-collection">
          {t(quote.collection === 'invoice' ? 'collection.quoteInvoice' : 'collection.quoteCharge')}
        </Text>
      )}
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
