import { Button, Card, Field, Input, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError, api, call } from '../api/client';
import { keys } from '../api/queries';
import { LanguageMenu } from '../app/Shell';
import { DemoBanner } from '../components/DemoBanner';
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
  const [code, setCode] = useState('');
  const [tried, setTried] = useState(false);
  useEffect(() => {
    document.title = `${t('signIn.title')} – ${t('app.title')}`;
  }, [t]);

  const signedIn = (me: Awaited<ReturnType<typeof call<unknown>>>) => {
    queryClient.clear();
    queryClient.setQueryData(keys.me, me);
    const next = params.get('next');
    navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
  };
  const signIn = useMutation({
    mutationFn: () => call(api.POST('/api/auth/login', { body: { email, password } })),
    onSuccess: signedIn,
  });
  // The password was right and the account asks for a code of its authenticator app.
  const needsCode = signIn.error instanceof ApiError && signIn.error.code === 'second_factor_required';
  const secondStep = useMutation({
    mutationFn: () => call(api.POST('/api/auth/second-step', { body: { code } })),
    onSuccess: signedIn,
  });

  return (
    <main className={styles.page}>
      <Card className={styles.card}>
        <DemoBanner />
        <div className={styles.top}>
          <div>
            <h1 className={styles.title}>{t('signIn.title')}</h1>
            <Text>{t('signIn.subtitle')}</Text>
          </div>
          <LanguageMenu />
        </div>
        {needsCode ? (
          <form
            className={styles.form}
            onSubmit={(event) => {
              event.preventDefault();
              secondStep.mutate();
            }}
          >
            <h2 className={styles.title}>{t('security.secondStepTitle')}</h2>
            <Text>{t('security.secondStepIntro')}</Text>
            <Field label={t('security.code')} required>
              <Input
                autoComplete="one-time-code"
                autoFocus
                value={code}
                onChange={(_, d) => setCode(d.value.trim())}
              />
            </Field>
            {secondStep.error && <ErrorBar error={secondStep.error} title={t('signIn.failed')} />}
            <Button appearance="primary" type="submit" disabled={secondStep.isPending || code.length < 6}>
              {t('security.secondStepSubmit')}
            </Button>
          </form>
        ) : (
          // noValidate: an empty field gets the app's message in the UI language, not the browser's bubble.
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
        )}
      </Card>
    </main>
  );
}
