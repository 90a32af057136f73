import { Button, Card, Field, Input, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, call } from '../api/client';
import { keys } from '../api/queries';
import { LanguageMenu } from '../app/Shell';
import { ErrorBar } from '../components/Feedback';

const useStyles = makeStyles({
  page: {
    minHeight: '100%',
    display: 'grid',
    placeItems: 'center',
    backgroundColor: tokens.colorNeutralBackground3,
  },
  card: { width: 'min(420px, 92vw)', padding: tokens.spacingHorizontalXXL, gap: tokens.spacingVerticalL },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  top: { display: 'flex', justifyContent: 'space-between', alignItems: 'center' },
  title: { margin: 0, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
});

export default function SignInPage() {
  const styles = useStyles();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [tried, setTried] = useState(false);
  useEffect(() => {
    document.title = `${t('signIn.title')} – ${t('app.title')}`;
  }, [t]);

  const signIn = useMutation({
    mutationFn: () => call(api.POST('/api/auth/login', { body: { email, password } })),
    onSuccess: (me) => {
      queryClient.clear();
      queryClient.setQueryData(keys.me, me);
      const next = params.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    },
  });

  return (
    <main className={styles.page}>
      <Card className={styles.card}>
        <div className={styles.top}>
          <div>
            <h1 className={styles.title}>{t('signIn.title')}</h1>
            <Text>{t('signIn.subtitle')}</Text>
          </div>
          <LanguageMenu />
        </div>
        {/* noValidate: an empty field gets the app's message in the UI language, not the browser's bubble. */}
        <form
          noValidate
          className={styles.form}
          onSubmit={(event) => {
            event.preventDefault();
            setTried(true);
            if (email.trim() && password) signIn.mutate();
          }}
        >
          <Field
            label={t('signIn.email')}
            required
            validationMessage={tried && !email.trim() ? t('errors.required') : undefined}
          >
            <Input
              type="email"
              autoComplete="username"
              value={email}
              onChange={(_, d) => setEmail(d.value)}
            />
          </Field>
          <Field
            label={t('signIn.password')}
            required
            validationMessage={tried && !password ? t('errors.required') : undefined}
          >
            <Input
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(_, d) => setPassword(d.value)}
            />
          </Field>
          {signIn.error && <ErrorBar error={signIn.error} title={t('signIn.failed')} />}
          <Button appearance="primary" type="submit" disabled={signIn.isPending}>
            {t('signIn.submit')}
          </Button>
        </form>
      </Card>
    </main>
  );
}
