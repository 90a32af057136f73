import {
  Button,
  Card,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, call } from '../api/client';
import { keys, useMe, useSubscription, useSupportRequest } from '../api/queries';
import type { SupportRequest } from '../api/types';
import { AppLink } from '../components/AppLink';
import { ErrorBar, Loading } from '../components/Feedback';
import { PageHeader } from '../components/PageHeader';
import { StatusBadge } from '../components/StatusBadge';
import { useFormat } from '../lib/format';
import { useBillingPaths } from '../lib/paths';

const useStyles = makeStyles({
  layout: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '900px' },
  h2: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  meta: { color: tokens.colorNeutralForeground2 },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  messages: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  message: {
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
  },
  mine: { backgroundColor: tokens.colorBrandBackground2 },
  body: { whiteSpace: 'pre-wrap' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, alignItems: 'flex-start' },
  textarea: { width: '100%' },
});

/** Support › Support requests › one request: its messages, and a box to add one while it is open. */
export default function SupportRequestPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const paths = useBillingPaths();
  const request = useSupportRequest(id);
  const crumbs = [{ label: t('nav.support') }, { label: t('support.title'), to: paths.supportRequests }];
  if (request.isPending) return <Loading />;
  if (request.error || !request.data)
    return (
      <>
        <PageHeader title={t('supportDetail.notFound')} crumbs={crumbs} />
        <ErrorBar error={request.error} onRetry={() => void request.refetch()} />
      </>
    );
  return <RequestView request={request.data} crumbs={crumbs} />;
}

function RequestView({
  request: r,
  crumbs,
}: {
  request: SupportRequest;
  crumbs: { label: string; to?: string }[];
}) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const paths = useBillingPaths();
  const currency = useMe().data?.tenant.currency ?? 'USD';
  const subscription = useSubscription(r.subscriptionId ?? '');
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [sent, setSent] = useState(false);
  const send = useMutation({
    mutationFn: (body: string) =>
      call(
        api.POST('/api/support-requests/{id}/messages', { params: { path: { id: r.id } }, body: { body } }),
      ),
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.supportRequest(r.id, i18n.language), updated);
      void queryClient.invalidateQueries({ queryKey: keys.supportRequests });
      setText('');
      setSent(true);
    },
  });
  const closed = r.status !== 'open';
  return (
    <>
      <PageHeader title={r.subject} crumbs={crumbs} />
      <div className={styles.layout}>
        <Card>
          <div className={styles.row}>
            <StatusBadge status={r.status} />
            <Text size={200} className={styles.meta}>
              {t(`support.type.${r.type}`)} · {t('support.created')} {format.dateTime(r.createdAt)}
            </Text>
          </div>
          {r.subscriptionId && (
            <Text>
              {t('supportDetail.subscription')}{' '}
              <AppLink to={paths.subscription(r.subscriptionId)}>
                {subscription.data?.productName ?? r.subscriptionId}
              </AppLink>
            </Text>
          )}
          {r.description && (
            <>
              <Text weight="semibold">{t('supportDetail.description')}</Text>
              <Text className={styles.body}>{r.description}</Text>
            </>
          )}
          {r.resolution && (
            <Text>
              <strong>{t('support.resolution')}:</strong> {r.resolution}
              {r.creditAmount ? ` · ${t('support.credit')}: ${format.money(r.creditAmount, currency)}` : ''}
            </Text>
          )}
        </Card>
        <Card>
          <h2 className={styles.h2} id="messages-title">
            {t('supportDetail.messages')}
          </h2>
          {r.messages.length === 0 ? (
            <Text className={styles.meta}>{t('supportDetail.noMessages')}</Text>
          ) : (
            <ul className={styles.messages} aria-labelledby="messages-title">
              {r.messages.map((m, i) => (
                <li key={i} className={`${styles.message} ${m.authorType === 'tenant' ? styles.mine : ''}`}>
                  <Text size={200} className={styles.meta}>
                    {m.authorType === 'tenant' ? t('supportDetail.you') : t('supportDetail.support')} ·{' '}
                    {format.dateTime(m.createdAt)}
                  </Text>
                  <Text className={styles.body}>{m.body}</Text>
                </li>
              ))}
            </ul>
          )}
          {closed ? (
            <MessageBar intent="info" layout="multiline">
              <MessageBarBody>
                {t('supportDetail.closed', { status: t(`status.${r.status}`) })}
              </MessageBarBody>
            </MessageBar>
          ) : (
            <form
              noValidate
              className={styles.form}
              onSubmit={(event) => {
                event.preventDefault();
                if (text.trim()) send.mutate(text.trim());
              }}
            >
              <Field label={t('supportDetail.addMessage')} className={styles.textarea}>
                <Textarea
                  value={text}
                  resize="vertical"
                  maxLength={5000}
                  onChange={(_, d) => {
                    setText(d.value);
                    setSent(false);
                  }}
                />
              </Field>
              <Button appearance="primary" type="submit" disabled={!text.trim() || send.isPending}>
                {t('supportDetail.send')}
              </Button>
              {sent && (
                <Text role="status" className={styles.meta}>
                  {t('supportDetail.sent')}
                </Text>
              )}
              {send.error && <ErrorBar error={send.error} />}
            </form>
          )}
        </Card>
      </div>
    </>
  );
}
