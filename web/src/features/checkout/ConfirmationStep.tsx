import { MessageBar, MessageBarBody, MessageBarTitle, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { Order } from '../../api/types';
import { AppLink } from '../../components/AppLink';
import { useFormat } from '../../lib/format';
import { useBillingPaths } from '../../lib/paths';
import { useCheckoutStyles } from './styles';

/**
 * Step 4: the order by its date and invoice number (never its internal id), what was charged or
 * is due by invoice, and the licenses assigned automatically, as a result.
 */
export function ConfirmationStep({ order }: { order: Order }) {
  const styles = useCheckoutStyles();
  const { t } = useTranslation();
  const format = useFormat();
  const paths = useBillingPaths();
  const names = new Map(order.lines.map((l) => [l.productId, l.productName]));
  const amount = format.money(order.totalDueToday, order.currency);
  // How the amount was collected is the API's word (`collection`), not inferred here.
  const paid =
    order.collection === 'invoice'
      ? t('web.dueByInvoice', { amount })
      : order.collection === 'charge_now'
        ? t('buy.charged', { amount })
        : t('web.nothingCharged');
  const reports = order.autoAssign.filter((r) => r.assigned.length || r.notAssigned.length);
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
          {t('web.orderPlaced', { date: format.dateTime(order.createdAt) })}
          {order.invoice && (
            <>
              {' · '}
              <AppLink to={paths.bill(order.invoice.id)}>
                {t('buy.invoiceNumber', { number: order.invoice.number })}
              </AppLink>
            </>
          )}
          {' · '}
          <span data-testid="order-paid">{paid}</span>
        </MessageBarBody>
      </MessageBar>
      <section
        aria-labelledby="assigned-title"
        style={{ display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS }}
      >
        <h2 id="assigned-title" className={styles.h2}>
          {t('buy.assignedTitle')}
        </h2>
        {reports.length === 0 && <Text>{t('buy.noAutoAssign')}</Text>}
        {reports.map((report) => (
          <div key={report.productId} data-testid="auto-assign-report">
            {report.assigned.length > 0 && (
              <>
                <Text as="p">
                  {t('web.assignedSummary', {
                    count: report.assigned.length,
                    product: names.get(report.productId) ?? '',
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
                <Text as="p">{t('web.leftWithout', { count: report.notAssigned.length })}</Text>
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
