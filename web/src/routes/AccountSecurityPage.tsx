import {
  Badge,
  Button,
  Card,
  CardHeader,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Switch,
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
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, call } from '../api/client';
import { useMe } from '../api/queries';
import { ErrorBar, QueryState } from '../components/Feedback';
import { PageHeader } from '../components/PageHeader';
import { useFormat } from '../lib/format';

const useStyles = makeStyles({
  cards: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '900px' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '420px' },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'center' },
  code: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
  codes: { fontFamily: tokens.fontFamilyMonospace, columns: 2, margin: 0 },
});

const securityKeys = {
  sessions: ['me', 'sessions'] as const,
  twoStep: ['me', 'two-step'] as const,
  tenant: ['tenant', 'security'] as const,
};

/** My account › Security: two-step sign-in, open sessions, password; the tenant rule for a Global admin. */
export default function AccountSecurityPage() {
  const styles = useStyles();
  const { t } = useTranslation();
  const me = useMe();
  return (
    <>
      <PageHeader title={t('security.pageTitle')} intro={t('security.pageIntro')} />
      <div className={styles.cards}>
        <TwoStepCard />
        <SessionsCard />
        <PasswordCard />
        {me.data?.permissions.includes('users:write') && <TenantRuleCard />}
      </div>
    </>
  );
}

function TwoStepCard() {
  const styles = useStyles();
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const status = useQuery({
    queryKey: securityKeys.twoStep,
    queryFn: () => call(api.GET('/api/me/two-step')),
  });
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const enrol = useMutation({ mutationFn: () => call(api.POST('/api/me/two-step/enrol')) });
  const confirm = useMutation({
    mutationFn: () => call(api.POST('/api/me/two-step/confirm', { body: { code } })),
    onSuccess: (result) => {
      setRecoveryCodes(result.recoveryCodes);
      enrol.reset();
      setCode('');
      void queryClient.invalidateQueries({ queryKey: securityKeys.twoStep });
      void queryClient.invalidateQueries({ queryKey: ['me'] });
    },
  });
  const disable = useMutation({
    mutationFn: () => call(api.POST('/api/me/two-step/disable', { body: { password } })),
    onSuccess: () => {
      setPassword('');
      void queryClient.invalidateQueries({ queryKey: securityKeys.twoStep });
    },
  });

  return (
    <Card>
      <CardHeader header={<Text weight="semibold">{t('security.twoStepTitle')}</Text>} />
      <QueryState query={status}>
        {(s) => (
          <div className={styles.form}>
            <div className={styles.row}>
              <Badge appearance="tint" color={s.enabled ? 'success' : 'warning'}>
                {s.enabled ? t('security.twoStepOn') : t('security.twoStepOff')}
              </Badge>
              {s.requiredByTenant && <Text>{t('security.twoStepRequired')}</Text>}
            </div>
            {recoveryCodes && (
              <MessageBar intent="success" layout="multiline">
                <MessageBarBody>
                  {t('security.recoveryCodesIntro')}
                  <ul className={styles.codes} aria-label={t('security.recoveryCodes')}>
                    {recoveryCodes.map((c) => (
                      <li key={c}>{c}</li>
                    ))}
                  </ul>
                </MessageBarBody>
              </MessageBar>
            )}
            {s.enabled ? (
              <>
                <Text>{t('security.recoveryCodesLeft', { count: s.recoveryCodesLeft })}</Text>
                {!s.requiredByTenant && (
                  <form
                    className={styles.form}
                    onSubmit={(event) => {
                      event.preventDefault();
                      disable.mutate();
                    }}
                  >
                    <Field label={t('security.currentPassword')} required>
                      <Input
                        type="password"
                        autoComplete="current-password"
                        value={password}
                        onChange={(_, d) => setPassword(d.value)}
                      />
                    </Field>
                    {disable.error && <ErrorBar error={disable.error} />}
                    <Button type="submit" disabled={disable.isPending || !password}>
                      {t('security.twoStepDisable')}
                    </Button>
                  </form>
                )}
              </>
            ) : enrol.data ? (
              <form
                className={styles.form}
                onSubmit={(event) => {
                  event.preventDefault();
                  confirm.mutate();
                }}
              >
                <Text>{t('security.enrolScan')}</Text>
                <Text className={styles.code} aria-label={t('security.secret')}>
                  {enrol.data.secret}
                </Text>
                <Text size={200} className={styles.code}>
                  {enrol.data.otpauthUri}
                </Text>
                <Field label={t('security.code')} required>
                  <Input
                    inputMode="numeric"
                    autoComplete="one-time-code"
                    value={code}
                    onChange={(_, d) => setCode(d.value.trim())}
                  />
                </Field>
                {confirm.error && <ErrorBar error={confirm.error} />}
                <Button appearance="primary" type="submit" disabled={confirm.isPending || code.length !== 6}>
                  {t('security.twoStepConfirm')}
                </Button>
              </form>
            ) : (
              <>
                {enrol.error && <ErrorBar error={enrol.error} />}
                <Button appearance="primary" onClick={() => enrol.mutate()} disabled={enrol.isPending}>
                  {t('security.twoStepSetUp')}
                </Button>
              </>
            )}
          </div>
        )}
      </QueryState>
    </Card>
  );
}

function SessionsCard() {
  const styles = useStyles();
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const sessions = useQuery({
    queryKey: securityKeys.sessions,
    queryFn: () => call(api.GET('/api/me/sessions')),
  });
  const end = useMutation({
    mutationFn: (id: string) => call(api.DELETE('/api/me/sessions/{id}', { params: { path: { id } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: securityKeys.sessions }),
  });
  const everywhere = useMutation({
    mutationFn: () => call(api.POST('/api/me/sessions/sign-out-everywhere')),
    onSuccess: () => {
      queryClient.clear();
      navigate('/signin');
    },
  });
  return (
    <Card>
      <CardHeader
        header={<Text weight="semibold">{t('security.sessionsTitle')}</Text>}
        action={
          <Button onClick={() => everywhere.mutate()} disabled={everywhere.isPending}>
            {t('security.signOutEverywhere')}
          </Button>
        }
      />
      {(end.error || everywhere.error) && <ErrorBar error={end.error ?? everywhere.error} />}
      <QueryState query={sessions}>
        {(data) => (
          <Table aria-label={t('security.sessionsTitle')} size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('security.sessionStarted')}</TableHeaderCell>
                <TableHeaderCell>{t('security.sessionLastSeen')}</TableHeaderCell>
                <TableHeaderCell>{t('security.sessionDevice')}</TableHeaderCell>
                <TableHeaderCell>{t('security.sessionAddress')}</TableHeaderCell>
                <TableHeaderCell>
                  <span className="visually-hidden">{t('security.sessionActions')}</span>
                </TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.items.map((s) => (
                <TableRow key={s.id}>
                  <TableCell>{format.dateTime(s.createdAt)}</TableCell>
                  <TableCell>{s.lastSeenAt ? format.dateTime(s.lastSeenAt) : ''}</TableCell>
                  <TableCell className={styles.code}>{s.userAgent ?? ''}</TableCell>
                  <TableCell>{s.clientAddress ?? ''}</TableCell>
                  <TableCell>
                    {s.current ? (
                      <Badge appearance="outline">{t('security.thisSession')}</Badge>
                    ) : (
                      <Button size="small" onClick={() => end.mutate(s.id)} disabled={end.isPending}>
                        {t('security.signOutSession')}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </QueryState>
    </Card>
  );
}

function PasswordCard() {
  const styles = useStyles();
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const change = useMutation({
    mutationFn: () => call(api.POST('/api/me/password', { body: { currentPassword, newPassword } })),
    onSuccess: () => {
      setCurrent('');
      setNew('');
      void queryClient.invalidateQueries({ queryKey: securityKeys.sessions });
    },
  });
  return (
    <Card>
      <CardHeader header={<Text weight="semibold">{t('security.passwordTitle')}</Text>} />
      <form
        className={styles.form}
        onSubmit={(event) => {
          event.preventDefault();
          change.mutate();
        }}
      >
        <Field label={t('security.currentPassword')} required>
          <Input
            type="password"
            autoComplete="current-password"
            value={currentPassword}
            onChange={(_, d) => setCurrent(d.value)}
          />
        </Field>
        <Field label={t('security.newPassword')} hint={t('security.newPasswordHint')} required>
          <Input
            type="password"
            autoComplete="new-password"
            value={newPassword}
            onChange={(_, d) => setNew(d.value)}
          />
        </Field>
        {change.error && <ErrorBar error={change.error} />}
        {change.data && (
          <MessageBar intent="success">
            <MessageBarBody>
              {t('security.passwordChanged', { count: change.data.endedSessions })}
            </MessageBarBody>
          </MessageBar>
        )}
        <Button type="submit" disabled={change.isPending || !currentPassword || !newPassword}>
          {t('security.passwordChange')}
        </Button>
      </form>
    </Card>
  );
}

function TenantRuleCard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const rule = useQuery({
    queryKey: securityKeys.tenant,
    queryFn: () => call(api.GET('/api/tenant/security')),
  });
  const save = useMutation({
    mutationFn: (requireTwoStepForAdmins: boolean) =>
      call(api.PUT('/api/tenant/security', { body: { requireTwoStepForAdmins } })),
    onSuccess: (data) => queryClient.setQueryData(securityKeys.tenant, data),
  });
  return (
    <Card>
      <CardHeader header={<Text weight="semibold">{t('security.tenantTitle')}</Text>} />
      <QueryState query={rule}>
        {(data) => (
          <>
            <Switch
              checked={data.requireTwoStepForAdmins}
              disabled={save.isPending}
              label={t('security.tenantRequireTwoStep')}
              onChange={(_, d) => save.mutate(d.checked)}
            />
            {save.error && <ErrorBar error={save.error} />}
          </>
        )}
      </QueryState>
    </Card>
  );
}
