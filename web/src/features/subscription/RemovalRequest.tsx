import {
  Button,
  Field,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Textarea,
} from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { keys, useSubscriptions } from '../../api/queries';
import type { Subscription } from '../../api/types';
import { ConfirmDialog } from '../../components/ActionDialog';
import { useFormat } from '../../lib/format';
import { useBillingPaths } from '../../lib/paths';
import type { Notice } from './notice';

/**
 * A traditional add-on can't be removed by the tenant: the page says so, and a confirmation
 * (what happens until support acts, and a reason sent with the request) opens a support request.
 */
export function RemovalRequest({
  subscription,
  onRequested,
}: {
  subscription: Subscription;
  onRequested: (n: Notice) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const paths = useBillingPaths();
  const all = useSubscriptions();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const baseName =
    all.data?.subscriptions.find((x) => x.id === subscription.baseSubscriptionId)?.productName ?? '';
  const request = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/support-requests', {
          body: {
            type: 'remove_traditional_addon',
            subscriptionId: subscription.id,
            description: reason.trim(),
          },
        }),
      ),
    onSuccess: (created) => {
      setOpen(false);
      void queryClient.invalidateQueries({ queryKey: keys.supportRequests });
      onRequested({
        intent: 'info',
        text: t('web.removalRequested', {
          subject: created.subject,
          date: format.date(created.createdAt),
        }),
        link: { to: paths.supportRequests, label: t('sub.viewRequests') },
      });
    },
  });
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t('sub.traditionalTitle')}</MessageBarTitle>
        {t('sub.traditionalBody')}
      </MessageBarBody>
      {subscription.actions.requestRemoval && (
        <MessageBarActions>
          <ConfirmDialog
            open={open}
            onOpenChange={(next) => {
              setOpen(next);
              if (!next) request.reset();
            }}
            trigger={<Button>{t('sub.requestRemoval')}</Button>}
            title={t('web.removalTitle', { name: subscription.productName })}
            stacked
            error={request.error}
            confirmLabel={t('web.removalConfirm')}
            pending={request.isPending}
            onConfirm={() => request.mutate()}
          >
            <p style={{ margin: 0 }}>{t('web.removalBody', { base: baseName })}</p>
            <Field label={t('web.removalReason')} hint={t('web.removalReasonHint')}>
              <Textarea value={reason} maxLength={2000} onChange={(_, d) => setReason(d.value)} />
            </Field>
          </ConfirmDialog>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
