import { Card, CardHeader, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useSupportRequests } from '../api/queries';
import { QueryState } from '../components/Feedback';
import { PageHeader } from '../components/PageHeader';
import { StatusBadge } from '../components/StatusBadge';
import { useFormat } from '../lib/format';
import { useMe } from '../api/queries';
import { AppLink } from '../components/AppLink';
import { useBillingPaths } from '../lib/paths';

const useStyles = makeStyles({
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    maxWidth: '900px',
  },
  h2: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  meta: { color: tokens.colorNeutralForeground2 },
  messages: {
    margin: 0,
    paddingInlineStart: tokens.spacingHorizontalL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
});

/** Support requests: the ones the tenant opened (removal of traditional add-ons among them). */
export default function SupportRequestsPage() {
  const styles = useStyles();
  const { t } = useTranslation();
  const format = useFormat();
  const requests = useSupportRequests();
  const paths = useBillingPaths();
  const currency = useMe().data?.tenant.currency ?? 'USD';
  return (
    <>
      <PageHeader
        title={t('support.title')}
        crumbs={[{ label: t('nav.support') }]}
        intro={t('support.intro')}
      />
      <QueryState query={requests}>
        {(data) =>
          data.supportRequests.length === 0 ? (
            <Text>{t('support.empty')}</Text>
          ) : (
            <ul className={styles.list}>
              {data.supportRequests.map((r) => (
                <li key={r.id} data-request={r.id}>
                  <Card>
                    <CardHeader
                      header={
                        <h2 className={styles.h2}>
                          <AppLink to={paths.supportRequest(r.id)}>{r.subject}</AppLink>
                        </h2>
                      }
                      description={
                        <Text size={200} className={styles.meta}>
                          {t(`support.type.${r.type}`)} · {t('support.created')}{' '}
                          {format.dateTime(r.createdAt)}
                        </Text>
                      }
                      action={<StatusBadge status={r.status} />}
                    />
                    {r.description && <Text>{r.description}</Text>}
                    {r.resolution && (
                      <Text>
                        <strong>{t('web.labelColon', { label: t('support.resolution') })}</strong>{' '}
                        {r.resolution}
                        {r.creditAmount
                          ? ` · ${t('web.labelColon', { label: t('support.credit') })} ${format.money(r.creditAmount, currency)}`
                          : ''}
                      </Text>
                    )}
                    {r.messages.length > 0 && (
                      <>
                        <Text weight="semibold">{t('support.messages')}</Text>
                        <ul className={styles.messages}>
                          {r.messages.map((m, i) => (
                            <li key={i}>
                              <Text size={200} className={styles.meta}>
                                {format.dateTime(m.createdAt)}
                              </Text>{' '}
                              {m.body}
                            </li>
                          ))}
                        </ul>
                      </>
                    )}
                  </Card>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </>
  );
}
