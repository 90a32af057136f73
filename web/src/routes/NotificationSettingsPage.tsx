import {
  Button,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Select,
  Switch,
  tokens,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { ErrorBar, QueryState } from '../components/Feedback';
import { PageHeader } from '../components/PageHeader';
import type { Messages } from '../i18n/en-US';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '640px' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  h2: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
});

const preferencesKey = ['notification-preferences'] as const;
const languages = [
  ['en-US', 'English'],
  ['fr-FR', 'Français'],
  ['de-DE', 'Deutsch'],
  ['zh-CN', '中文(简体)'],
] as const;
type MailLocale = (typeof languages)[number][0];
type TypeKey = keyof Messages['notificationSettings']['type'];

/** Settings › Email notifications: the signed-in admin's own billing email preferences. */
export default function NotificationSettingsPage() {
  const styles = useStyles();
  const { t } = useTranslation();
  const client = useQueryClient();
  const prefs = useQuery({
    queryKey: preferencesKey,
    queryFn: () => call(api.GET('/api/notification-preferences')),
  });
  const [locale, setLocale] = useState<MailLocale | ''>('');
  const [optedOut, setOptedOut] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (!prefs.data) return;
    setLocale(prefs.data.locale ?? '');
    setOptedOut(prefs.data.optedOut);
  }, [prefs.data]);
  const save = useMutation({
    mutationFn: () =>
      call(api.PUT('/api/notification-preferences', { body: { locale: locale || null, optedOut } })),
    onSuccess: (data) => {
      client.setQueryData(preferencesKey, data);
      setSaved(true);
    },
  });

  return (
    <>
      <PageHeader
        title={t('notificationSettings.title')}
        crumbs={[{ label: t('notificationSettings.nav') }]}
        intro={t('notificationSettings.intro')}
      />
      <QueryState query={prefs}>
        {(data) => (
          <form
            className={styles.form}
            onSubmit={(e) => {
              e.preventDefault();
              setSaved(false);
              save.mutate();
            }}
          >
            <Field label={t('notificationSettings.language')}>
              <Select value={locale} onChange={(_e, d) => setLocale(d.value as MailLocale | '')}>
                <option value="">{t('notificationSettings.followOrganization')}</option>
                {languages.map(([code, name]) => (
                  <option key={code} value={code} lang={code}>
                    {name}
                  </option>
                ))}
              </Select>
            </Field>
            <fieldset style={{ border: 'none', margin: 0, padding: 0 }}>
              <legend className={styles.h2}>{t('notificationSettings.types')}</legend>
              <ul className={styles.list}>
                {data.eventTypes.map((e) => (
                  <li key={e.type}>
                    <Switch
                      label={
                        e.optional
                          ? t(`notificationSettings.type.${e.type as TypeKey}`)
                          : `${t(`notificationSettings.type.${e.type as TypeKey}`)} — ${t('notificationSettings.alwaysSent')}`
                      }
                      checked={!e.optional || !optedOut.includes(e.type)}
                      disabled={!e.optional}
                      onChange={(_ev, d) =>
                        setOptedOut((list) =>
                          d.checked ? list.filter((x) => x !== e.type) : [...list, e.type],
                        )
                      }
                    />
                  </li>
                ))}
              </ul>
            </fieldset>
            {save.error && <ErrorBar error={save.error} />}
            {saved && (
              <MessageBar intent="success">
                <MessageBarBody>{t('notificationSettings.saved')}</MessageBarBody>
              </MessageBar>
            )}
            <div>
              <Button appearance="primary" type="submit" disabled={save.isPending}>
                {t('notificationSettings.save')}
              </Button>
            </div>
          </form>
        )}
      </QueryState>
    </>
  );
}
