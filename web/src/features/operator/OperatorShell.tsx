import {
  Button,
  Card,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Text,
  tokens,
} from '@fluentui/react-components';
import { ArrowExit20Regular, Clock20Regular, Mail20Regular } from '@fluentui/react-icons';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Frame } from '../../app/Frame';
import { LanguageMenu, NavItem } from '../../app/Navigation';
import { useShellStyles } from '../../app/Shell.styles';
import { PageHeader } from '../../components/PageHeader';
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
  return (
    <Frame
      navId="operator-navigation"
      navLabel={t('operatorTestClocks.navigation')}
      openNavigationLabel={t('operatorTestClocks.openNavigation')}
      closeNavigationLabel={t('operatorTestClocks.closeNavigation')}
      headerMiddle={<Text className={styles.brandSub}>{t('operatorTestClocks.area')}</Text>}
      headerEnd={
        <>
          <LanguageMenu onDark />
          <Button
            appearance="transparent"
            className={styles.headerButton}
            icon={<ArrowExit20Regular aria-hidden />}
            onClick={onSignOut}
          >
            <span className={styles.signOutLabel}>{t('operatorTestClocks.signOut')}</span>
          </Button>
        </>
      }
      nav={
        <>
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
        </>
      }
    />
  );
}
