import { Button, mergeClasses, Text } from '@fluentui/react-components';
import { Navigation20Regular } from '@fluentui/react-icons';
import { Suspense, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation } from 'react-router';
import { Loading } from '../components/Feedback';
import { useTableLabels } from '../lib/tableLabels';
import { narrowQuery, useMediaQuery, useShellStyles } from './Shell.styles';

/**
 * The frame every signed-in area shares (the tenants' admin center and the operator's pages):
 * skip link, top bar, left navigation that becomes a drawer on a phone, and the page. One
 * component, so both areas behave the same on a phone (drawer, backdrop, Escape).
 */
export function Frame(props: {
  /** id of the navigation element, named by the menu button's aria-controls. */
  navId: string;
  navLabel: string;
  openNavigationLabel: string;
  closeNavigationLabel: string;
  /** Top bar between the product name and the spacer (the area's name, the cloud). */
  headerMiddle: ReactNode;
  /** Top bar after the spacer (language, sign-out). */
  headerEnd: ReactNode;
  /** The navigation's items (`<NavItem>`, `<NavGroup>`, `<li>`). */
  nav: ReactNode;
  /** Shown above every page (the demo and test-clock banners). */
  banners?: ReactNode;
}) {
  const styles = useShellStyles();
  const { t } = useTranslation();
  const location = useLocation();
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
          aria-label={props.openNavigationLabel}
          aria-expanded={navOpen}
          aria-controls={props.navId}
          onClick={() => setNavWanted(!navOpen)}
        />
        <Text className={mergeClasses(styles.brand, styles.brandNarrow)}>{t('app.title')}</Text>
        {props.headerMiddle}
        <span className={styles.spacer} />
        {props.headerEnd}
      </header>
      <div className={styles.body}>
        <nav
          id={props.navId}
          aria-label={props.navLabel}
          className={mergeClasses(styles.nav, styles.drawer, !navOpen && styles.navHidden)}
        >
          <ul className={styles.list}>{props.nav}</ul>
        </nav>
        {isNarrow && navOpen && (
          <button
            type="button"
            className={styles.backdrop}
            aria-label={props.closeNavigationLabel}
            tabIndex={-1}
            onClick={() => setNavWanted(false)}
          />
        )}
        <main id="main" ref={setMainElement} className={styles.main} tabIndex={-1}>
          {props.banners}
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
    </div>
  );
}
