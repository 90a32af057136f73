import { Button, makeStyles, mergeClasses, shorthands, Text, tokens } from '@fluentui/react-components';
import {
  ArrowExit20Regular,
  Globe20Regular,
  Home20Regular,
  Navigation20Regular,
  Payment20Regular,
  People20Regular,
  PersonSupport20Regular,
} from '@fluentui/react-icons';
import { useQueryClient } from '@tanstack/react-query';
import { Suspense, useEffect, useId, useState, useSyncExternalStore } from 'react';
import { useTableLabels } from '../lib/tableLabels';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { ApiError, api } from '../api/client';
import { useInstance, useMe } from '../api/queries';
import { ErrorBar, Loading } from '../components/Feedback';
import { adoptTenantLocale, chooseLanguage, currentLanguage, languages, type Language } from '../i18n';
import { useBillingPaths } from '../lib/paths';

/** Phones and small tablets: the navigation becomes a drawer, tables become cards (index.html). */
export const narrowQuery = '(max-width: 767.98px)';
const narrow = `@media ${narrowQuery}`;

function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
  );
}

// The frame is on every first route, so it is built from light parts (links, a native select)
// rather than Fluent's Nav, Menu and Avatar, which weigh as much as a page.
const useStyles = makeStyles({
  root: { minHeight: '100vh', display: 'flex', flexDirection: 'column' },
  header: {
    position: 'sticky',
    top: 0,
    zIndex: 2,
    height: '48px',
    flexShrink: 0,
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    paddingInline: tokens.spacingHorizontalM,
    backgroundColor: '#0f3f73',
    color: tokens.colorNeutralForegroundOnBrand,
  },
  brand: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, color: 'inherit' },
  brandSub: { fontSize: tokens.fontSizeBase400, color: 'inherit', opacity: 0.9 },
  spacer: { flexGrow: 1 },
  headerButton: {
    color: tokens.colorNeutralForegroundOnBrand,
    minWidth: 'auto',
    ':hover': { color: tokens.colorNeutralForegroundOnBrand, backgroundColor: 'rgba(255,255,255,0.12)' },
    ':hover:active': {
      color: tokens.colorNeutralForegroundOnBrand,
      backgroundColor: 'rgba(255,255,255,0.2)',
    },
  },
  language: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  select: {
    font: 'inherit',
    fontSize: tokens.fontSizeBase300,
    color: 'inherit',
    backgroundColor: 'transparent',
    ...shorthands.border('1px', 'solid', 'rgba(255,255,255,0.5)'),
    borderRadius: tokens.borderRadiusMedium,
    paddingBlock: '2px',
    paddingInline: tokens.spacingHorizontalS,
    cursor: 'pointer',
    '& option': { color: tokens.colorNeutralForeground1, backgroundColor: tokens.colorNeutralBackground1 },
  },
  selectLight: {
    color: tokens.colorNeutralForeground1,
    ...shorthands.borderColor(tokens.colorNeutralStroke1),
  },
  initials: {
    display: 'inline-grid',
    placeItems: 'center',
    width: '28px',
    height: '28px',
    borderRadius: '50%',
    backgroundColor: '#c7e0f4',
    color: '#0f3f73',
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
  },
  body: { display: 'flex', alignItems: 'flex-start', flexGrow: 1 },
  wide: { [narrow]: { display: 'none' } },
  narrowOnly: { display: 'none', [narrow]: { display: 'inline' } },
  // Still the button's name for screen readers when the phone shows only the icon.
  signOutLabel: {
    [narrow]: {
      position: 'absolute',
      width: '1px',
      height: '1px',
      overflow: 'hidden',
      clip: 'rect(0 0 0 0)',
      whiteSpace: 'nowrap',
    },
  },
  brandNarrow: {
    [narrow]: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 },
  },
  // Below the breakpoint the navigation floats over the page (a drawer) instead of taking width.
  drawer: {
    [narrow]: {
      position: 'fixed',
      top: '48px',
      left: 0,
      zIndex: 3,
      width: 'min(300px, 85vw)',
      boxShadow: tokens.shadow28,
      backgroundColor: tokens.colorNeutralBackground1,
    },
  },
  backdrop: {
    display: 'none',
    [narrow]: {
      display: 'block',
      position: 'fixed',
      inset: '48px 0 0 0',
      zIndex: 2,
      backgroundColor: 'rgba(0,0,0,0.4)',
      border: 'none',
      padding: 0,
    },
  },
  nav: {
    flexShrink: 0,
    width: '260px',
    position: 'sticky',
    top: '48px',
    height: 'calc(100vh - 48px)',
    overflowY: 'auto',
    boxSizing: 'border-box',
    paddingBlock: tokens.spacingVerticalM,
    backgroundColor: tokens.colorNeutralBackground4,
    ...shorthands.borderRight('1px', 'solid', tokens.colorNeutralStroke2),
  },
  navHidden: { display: 'none' },
  list: { listStyle: 'none', margin: 0, padding: 0 },
  group: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    height: '40px',
    paddingInline: tokens.spacingHorizontalL,
    color: tokens.colorNeutralForeground2,
    fontWeight: tokens.fontWeightSemibold,
  },
  link: {
    position: 'relative',
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    height: '40px',
    paddingInline: tokens.spacingHorizontalL,
    color: tokens.colorNeutralForeground1,
    textDecorationLine: 'none',
    ':hover': { backgroundColor: tokens.colorNeutralBackground4Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
    '&[aria-current="page"]': {
      fontWeight: tokens.fontWeightSemibold,
      backgroundColor: tokens.colorNeutralBackground4Selected,
      '::before': {
        content: '""',
        position: 'absolute',
        left: 0,
        top: '8px',
        bottom: '8px',
        width: '3px',
        borderRadius: '2px',
        backgroundColor: tokens.colorBrandForeground1,
      },
    },
  },
  subLink: { paddingInlineStart: '52px' },
  main: {
    flexGrow: 1,
    minWidth: 0,
    minHeight: 'calc(100vh - 48px)',
    boxSizing: 'border-box',
    paddingBlock: tokens.spacingVerticalXL,
    paddingInline: tokens.spacingHorizontalXXXL,
    backgroundColor: tokens.colorNeutralBackground2,
    ':focus': { outline: 'none' },
    [narrow]: { paddingInline: tokens.spacingHorizontalM, paddingBlock: tokens.spacingVerticalL },
  },
  skip: {
    position: 'absolute',
    left: '-9999px',
    ':focus': {
      left: tokens.spacingHorizontalM,
      top: tokens.spacingVerticalS,
      zIndex: 10,
      backgroundColor: tokens.colorNeutralBackground1,
      padding: tokens.spacingHorizontalS,
    },
  },
  cloud: { color: 'inherit', opacity: 0.85 },
});

const languageNames: Record<Language, string> = {
  'en-US': 'English',
  'fr-FR': 'Français',
  'de-DE': 'Deutsch',
  'zh-CN': '简体中文',
};

/** The language menu (a native select: light, and every screen reader knows it). */
export function LanguageMenu({ onDark = false }: { onDark?: boolean }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const id = useId();
  const language = currentLanguage();
  return (
    <span className={styles.language}>
      <Globe20Regular aria-hidden />
      <label htmlFor={id} className="visually-hidden">
        {t('app.language')}
      </label>
      <select
        id={id}
        className={mergeClasses(styles.select, !onDark && styles.selectLight)}
        value={language}
        onChange={(event) => chooseLanguage(event.target.value as Language)}
      >
        {languages.map((l) => (
          <option key={l} value={l} lang={l}>
            {languageNames[l]}
          </option>
        ))}
      </select>
    </span>
  );
}

function NavItem({
  to,
  icon,
  children,
  sub = false,
}: {
  to: string;
  icon?: React.ReactNode;
  children: string;
  sub?: boolean;
}) {
  const styles = useStyles();
  return (
    <li>
      <NavLink to={to} end={to === '/'} className={mergeClasses(styles.link, sub && styles.subLink)}>
        {icon}
        {children}
      </NavLink>
    </li>
  );
}

function NavGroup({
  icon,
  label,
  children,
}: {
  icon: React.ReactNode;
  label: string;
  children: React.ReactNode;
}) {
  const styles = useStyles();
  const id = useId();
  return (
    <li>
      <span className={styles.group} id={id}>
        {icon}
        {label}
      </span>
      <ul className={styles.list} aria-labelledby={id}>
        {children}
      </ul>
    </li>
  );
}

/** The admin center frame: top bar, left navigation from the instance profile, the page. */
export function Shell() {
  const styles = useStyles();
  const { t } = useTranslation();
  const me = useMe();
  const instance = useInstance();
  const paths = useBillingPaths();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const isNarrow = useMediaQuery(narrowQuery);
  // Open by default on a wide screen; on a phone the drawer opens only when asked.
  const [navWanted, setNavWanted] = useState<boolean | undefined>(undefined);
  const navOpen = navWanted ?? !isNarrow;
  const [mainElement, setMainElement] = useState<HTMLElement | null>(null);
  useTableLabels(mainElement);

  // A drawer closes once the admin has gone where they chose (or when the screen narrows).
  const where = location.pathname + location.search;
  useEffect(() => {
    if (isNarrow) setNavWanted(undefined);
  }, [where, isNarrow]);
  useEffect(() => {
    if (!isNarrow || !navOpen) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setNavWanted(false);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [isNarrow, navOpen]);

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
    <div className={styles.root}>
      <a href="#main" className={styles.skip}>
        {t('app.skipToContent')}
      </a>
      <header className={styles.header}>
        <Button
          appearance="transparent"
          className={styles.headerButton}
          icon={<Navigation20Regular />}
          aria-label={t('app.openNavigation')}
          aria-expanded={navOpen}
          aria-controls="app-navigation"
          onClick={() => setNavWanted(!navOpen)}
        />
        <Text className={mergeClasses(styles.brand, styles.brandNarrow)}>{t('app.title')}</Text>
        <Text className={mergeClasses(styles.brandSub, styles.wide)}>{t('app.adminCenter')}</Text>
        <Text size={200} className={mergeClasses(styles.cloud, styles.wide)}>
          {t(`app.cloud.${instance.data.cloud as 'worldwide' | 'germany' | '21vianet'}`)}
        </Text>
        <span className={styles.spacer} />
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
      </header>
      <div className={styles.body}>
        <nav
          id="app-navigation"
          aria-label={t('app.navigation')}
          className={mergeClasses(styles.nav, styles.drawer, !navOpen && styles.navHidden)}
        >
          <ul className={styles.list}>
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
              <NavItem to={paths.availableAddons} sub>
                {t('nav.availableAddons')}
              </NavItem>
              <NavItem to={paths.reports} sub>
                {t('web.charts.title')}
              </NavItem>
            </NavGroup>
            <NavGroup icon={<PersonSupport20Regular aria-hidden />} label={t('nav.support')}>
              <NavItem to={paths.supportRequests} sub>
                {t('nav.supportRequests')}
              </NavItem>
            </NavGroup>
          </ul>
        </nav>
        {isNarrow && navOpen && (
          <button
            type="button"
            className={styles.backdrop}
            aria-label={t('web.closeNavigation')}
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
