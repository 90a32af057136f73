import { Button, mergeClasses, Text } from '@fluentui/react-components';
import {
  ArrowExit20Regular,
  Home20Regular,
  Payment20Regular,
  People20Regular,
  PersonSupport20Regular,
  Settings20Regular,
  ShieldLock20Regular,
} from '@fluentui/react-icons';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError, api } from '../api/client';
import { useInstance, useMe } from '../api/queries';
import { DemoBanner } from '../components/DemoBanner';
import { TestClockBanner } from '../components/TestClockBanner';
import { ErrorBar, Loading } from '../components/Feedback';
import { adoptTenantLocale } from '../i18n';
import { useBillingPaths } from '../lib/paths';

import { Frame } from './Frame';
import { LanguageMenu, NavGroup, NavItem } from './Navigation';
import { useShellStyles } from './Shell.styles';

export { LanguageMenu };

/** The admin center: the frame with the tenant's navigation (from the instance profile). */
export function Shell() {
  const styles = useShellStyles();
  const { t } = useTranslation();
  const me = useMe();
  const instance = useInstance();
  const paths = useBillingPaths();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (me.data) adoptTenantLocale(me.data.tenant.locale);
  }, [me.data]);

  if (me.error instanceof ApiError && me.error.status === 401) {
    return (
      <Navigate to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`} replace />
    );
  }
  if (me.error) return <ErrorBar error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data || !instance.data) return <Loading />;

  const signOut = async () => {
    await api.POST('/api/auth/logout');
    queryClient.clear();
    navigate('/signin');
  };
  const initials = me.data.user.displayName
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();

  return (
    <Frame
      navId="app-navigation"
      navLabel={t('app.navigation')}
      openNavigationLabel={t('app.openNavigation')}
      closeNavigationLabel={t('web.closeNavigation')}
      headerMiddle={
        <>
          <Text className={mergeClasses(styles.brandSub, styles.wide)}>{t('app.adminCenter')}</Text>
          <Text size={200} className={mergeClasses(styles.cloud, styles.wide)}>
            {t(`app.cloud.${instance.data.cloud as 'worldwide' | 'germany' | '21vianet'}`)}
          </Text>
        </>
      }
      headerEnd={
        <>
          <LanguageMenu onDark />
          <Button
            appearance="transparent"
            className={styles.headerButton}
            title={`${me.data.user.displayName} (${me.data.user.email})`}
            icon={
              <>
                <span className={mergeClasses(styles.initials, styles.wide)} aria-hidden>
                  {initials}
                </span>
                <ArrowExit20Regular aria-hidden className={styles.narrowOnly} />
              </>
            }
            onClick={() => void signOut()}
          >
            <span className={styles.signOutLabel}>{t('app.signOut')}</span>
          </Button>
        </>
      }
      nav={
        <>
          <NavItem to="/" icon={<Home20Regular aria-hidden />}>
            {t('nav.home')}
          </NavItem>
          <NavGroup icon={<People20Regular aria-hidden />} label={t('nav.users')}>
            <NavItem to={paths.users} sub>
              {t('nav.activeUsers')}
            </NavItem>
          </NavGroup>
          <NavGroup icon={<Payment20Regular aria-hidden />} label={t('nav.billing')}>
            <NavItem to={paths.purchaseServices} sub>
              {t('nav.purchaseServices')}
            </NavItem>
            <NavItem to={paths.subscriptions} sub>
              {t(paths.subscriptionsLabel)}
            </NavItem>
            <NavItem to={paths.licenses} sub>
              {t('nav.licenses')}
            </NavItem>
            <NavItem to={paths.bills} sub>
              {t('nav.bills')}
            </NavItem>
            <NavItem to={paths.paymentMethods} sub>
              {t('nav.paymentMethods')}
            </NavItem>
            <NavItem to={paths.billingProfile} sub>
              {t('invoicing.profileNav')}
            </NavItem>
            <NavItem to={paths.availableAddons} sub>
              {t('nav.availableAddons')}
            </NavItem>
            <NavItem to={paths.reports} sub>
              {t('web.charts.title')}
            </NavItem>
          </NavGroup>
          <NavItem to="/account/security" icon={<ShieldLock20Regular aria-hidden />}>
            {t('security.navLink')}
          </NavItem>
          <NavGroup icon={<PersonSupport20Regular aria-hidden />} label={t('nav.support')}>
            <NavItem to={paths.supportRequests} sub>
              {t('nav.supportRequests')}
            </NavItem>
          </NavGroup>
          {(me.data?.user.role === 'global_admin' || me.data?.user.role === 'billing_admin') && (
            <NavGroup icon={<Settings20Regular aria-hidden />} label={t('notificationSettings.nav')}>
              <NavItem to="/settings/notifications" sub>
                {t('notificationSettings.navItem')}
              </NavItem>
            </NavGroup>
          )}
        </>
      }
      banners={
        <>
          <DemoBanner />
          <TestClockBanner />
        </>
      }
    />
  );
}
