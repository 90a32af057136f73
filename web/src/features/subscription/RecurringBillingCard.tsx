import {
  Button,
  Card,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  Switch,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import type { Subscription } from '../../api/types';
import { ErrorBar } from '../../components/Feedback';
import { useRecurringBilling } from '../../components/SubscriptionDialogs';
import { useFormat } from '../../lib/format';
import type { Notice } from './notice';

const useStyles = makeStyles({
  h2: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground2 },
});

/**
 * Recurring billing on/off. Turning it on is harmless and immediate; turning it off first says
 * what will happen and when (the subscription, and the add-ons that end with it, expire at the
 * end of the term).
 */
export function RecurringBillingCard({
  subscription: s,
  onChanged,
}: {
  subscription: Subscription;
  onChanged: (n: Notice) => void;
}) {
  const styles = useStyles();
  const { t } = useTranslation();
  const format = useFormat();
  const recurring = useRecurringBilling(s);
  const [confirming, setConfirming] = useState(false);
  const addOns = (s.addOns ?? []).filter((a) => a.kind === 'traditional_addon');
  const change = (enabled: boolean) =>
    recurring.mutate(enabled, {
      onSuccess: (updated) => {
        setConfirming(false);
        onChanged({
          intent: 'success',
          text: updated.recurringBilling ? t('sub.recurringTurnedOn') : t('sub.recurringTurnedOff'),
        });
      },
    });
  return (
    <Card>
      <h2 className={styles.h2} id="recurring-title">
        {t('sub.recurringBilling')}
      </h2>
      <Switch
        checked={s.recurringBilling}
        disabled={!s.actions.toggleRecurringBilling || recurring.isPending}
        onChange={(_, data) => (data.checked ? change(true) : setConfirming(true))}
        label={s.recurringBilling ? t('subs.on') : t('subs.off')}
        aria-describedby="recurring-detail"
        aria-labelledby="recurring-title"
      />
      <Text id="recurring-detail" className={styles.muted}>
        {s.recurringBilling
          ? t('sub.recurringOn', { date: format.date(s.termEnd) })
          : t('sub.recurringOff', { date: format.date(s.termEnd) })}
        {/* How it will be paid is the API's word: the method renewals are billed to. */}
        {s.renewalCollection &&
          ` ${t(s.renewalCollection === 'invoice' ? 'collection.renewalInvoice' : 'collection.renewalCharge')}`}
      </Text>
      {recurring.error && !confirming && <RecurringError error={recurring.error} />}
      <Dialog open={confirming} onOpenChange={(_, d) => setConfirming(d.open)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{t('web.recurringOffTitle', { name: s.productName })}</DialogTitle>
            <DialogContent>
              <p>{t('web.recurringOffBody', { name: s.productName, date: format.date(s.termEnd) })}</p>
              {addOns.length > 0 && (
                <p>{t('web.recurringOffAddOns', { names: addOns.map((a) => a.productName).join(', ') })}</p>
              )}
              {recurring.error && <RecurringError error={recurring.error} />}
            </DialogContent>
            <DialogActions>
              <Button onClick={() => setConfirming(false)}>{t('app.cancel')}</Button>
              <Button appearance="primary" disabled={recurring.isPending} onClick={() => change(false)}>
                {t('web.recurringOffConfirm')}
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </Card>
  );
}

function RecurringError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.status === 412)
    return <ErrorBar error={new Error(t('errors.reload'))} />;
  return <ErrorBar error={error} />;
}
