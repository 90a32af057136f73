import {
  Button,
  Card,
  Field,
  Input,
  makeStyles,
  mergeClasses,
  MessageBar,
  MessageBarBody,
  Text,
  tokens,
} from '@fluentui/react-components';
import {
  ArrowExit20Regular,
  Clock20Regular,
  Mail20Regular,
  Navigation20Regular,
} from '@fluentui/react-icons';
import { useQueryClient } from '@tanstack/react-query';
import { Suspense, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation } from 'react-router';
import { LanguageMenu, NavItem } from '../../app/Navigation';
import { narrowQuery, useMediaQuery, useShellStyles } from '../../app/Shell.styles';
import { Loading } from '../../components/Feedback';
import { PageHeader } from '../../components/PageHeader';
import { useTableLabels } from '../../lib/tableLabels';
import { OperatorContext, operatorClient, storedOperatorToken, storeOperatorToken } from './operatorApi';

const useStyles = makeStyles({
  signIn: {
    maxWidth: '520px',
    marginInline: 'auto',
    marginBlock: tokens.spacingVerticalXXXL,
    paddingInline: tokens.spacingHorizontalM,
  },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/**
 * The operator area (`/operator/…`): the instance's own pages, beside the tenants' admin center.
 * Same frame as the admin center (top bar, left navigation, drawer on a phone), but signed in
 * with the operator token rather than a tenant account.
 */
export default function OperatorShell() {
  const [token, setToken] = useState(storedOperatorToken);
  const [rejected, setRejected] = useState(false);
  const queryClient = useQueryClient();
  const session = useMemo(
    () =>
      token
        ? {
            client: operatorClient(token),
            forget: (wasRejected = false) => {
              storeOperatorToken('');
              queryClient.removeQueries({ queryKey: ['operator'] });
              setRejected(wasRejected);
              setToken('');
            },
          }
        : null,
    [token, queryClient],
  );
  if (!session)
    return (
      <OperatorSignIn
        rejected={rejected}
        onToken={(value) => {
          storeOperatorToken(value);
          setRejected(false);
          setToken(value);
        }}
      />
    );
  return (
    <OperatorContext.Provider value={session}>
      <OperatorFrame onSignOut={() => session.forget()} />
    </OperatorContext.Provider>
  );
}

function OperatorSignIn({ rejected, onToken }: { rejected: boolean; onToken: (token: string) => void }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  return (
    <main className={styles.signIn}>
      <PageHeader title={t('operatorTestClocks.signInTitle')} intro={t('operatorTestClocks.signInIntro')} />
      <Card>
        <form
          className={styles.form}
          onSubmit={(event) => {
            event.preventDefault();
            if (value.trim()) onToken(value.trim());
          }}
        >
          {rejected && (
            <MessageBar intent="error" layout="multiline" role="alert">
              <MessageBarBody>{t('operatorTestClocks.tokenRejected')}</MessageBarBody>
            </MessageBar>
          )}
          <LanguageMenu />
          <Field label={t('operatorTestClocks.tokenLabel')} required>
            <Input type="password" autoComplete="off" value={value} onChange={(_, d) => setValue(d.value)} />
          </Field>
          <div>
            <Button appearance="primary" type="submit" disabled={!value.trim()}>
              {t('operatorTestClocks.signIn')}
            </Button>
          </div>
        </form>
      </Card>
    </main>
  );
}

function OperatorFrame({ onSignOut }: { onSignOut: () => void }) {
  const styles = useShellStyles();
  const { t } = useTranslation();
  const location = useLocation();
  const isNarrow = useMediaQuery(narrowQuery);
  const [navWanted, setNavWanted] = useState<boolean | undefined>(undefined);
  const navOpen = navWanted ?? !isNarrow;
  const [mainElement, setMainElement] = useState<HTMLElement | null>(null);
  useTableLabels(mainElement);
  useEffect(() => {
    if (isNarrow) setNavWanted(undefined);
  }, [location.pathname, isNarrow]);

  return (
    <div className={styles.root}>
      <a href="#main" className={styles.skip}>
        {t('app.skipToContent')}
      </a>
      <header className={styles.header}>
        <Button
          appearance="transparent"
          className={styles.headerButton}
          icon={<Navigation20Regular />}
          aria-label={t('operatorTestClocks.openNavigation')}
          aria-expanded={navOpen}
          aria-controls="operator-navigation"
          onClick={() => setNavWanted(!navOpen)}
        />
        <Text className={mergeClasses(styles.brand, styles.brandNarrow)}>{t('app.title')}</Text>
        <Text className={styles.brandSub}>{t('operatorTestClocks.area')}</Text>
        <span className={styles.spacer} />
        <LanguageMenu onDark />
        <Button
          appearance="transparent"
          className={styles.headerButton}
          icon={<ArrowExit20Regular aria-hidden />}
          onClick={onSignOut}
        >
          <span className={styles.signOutLabel}>{t('operatorTestClocks.signOut')}</span>
        </Button>
      </header>
      <div className={styles.body}>
        <nav
          id="operator-navigation"
          aria-label={t('operatorTestClocks.navigation')}
          className={mergeClasses(styles.nav, styles.drawer, !navOpen && styles.navHidden)}
        >
          <ul className={styles.list}>
            <NavItem to="/operator/test-clocks" icon={<Clock20Regular aria-hidden />}>
              {t('operatorTestClocks.navTestClocks')}
            </NavItem>
            <li>
              {/* A server page of its own (it reads the same token from this tab). */}
              <a href="/api/operator/mail.html" className={styles.link}>
                <Mail20Regular aria-hidden />
                {t('operatorTestClocks.navMail')}
              </a>
            </li>
          </ul>
        </nav>
        {isNarrow && navOpen && (
          <button
            type="button"
            className={styles.backdrop}
            aria-label={t('operatorTestClocks.closeNavigation')}
            tabIndex={-1}
            onClick={() => setNavWanted(false)}
          />
        )}
        <main id="main" ref={setMainElement} className={styles.main} tabIndex={-1}>
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
    </div>
  );
}
