import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { ChevronRight12Regular } from '@fluentui/react-icons';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { AppLink } from './AppLink';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    marginBottom: tokens.spacingVerticalL,
  },
  row: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  title: {
    margin: 0,
    fontSize: tokens.fontSizeHero700,
    lineHeight: tokens.lineHeightHero700,
    fontWeight: tokens.fontWeightSemibold,
  },
  intro: { color: tokens.colorNeutralForeground2, maxWidth: '80ch' },
  // A plain list that wraps on a phone; a crumb without a page is text, not a greyed-out button.
  crumbs: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalXS,
    rowGap: '2px',
    listStyle: 'none',
    margin: 0,
    padding: 0,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground1,
  },
  crumb: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, minWidth: 0 },
  divider: { color: tokens.colorNeutralForeground3, flexShrink: 0 },
  current: { fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
});

export interface Crumb {
  label: string;
  to?: string;
}

/** Breadcrumb, page title (also the document title) and an optional intro line. */
export function PageHeader({
  title,
  crumbs = [],
  intro,
  actions,
}: {
  title: string;
  crumbs?: Crumb[];
  intro?: string;
  actions?: React.ReactNode;
}) {
  const styles = useStyles();
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} – ${t('app.title')}`;
  }, [title, t]);
  return (
    <div className={styles.root}>
      {crumbs.length > 0 && (
        <nav aria-label={t('web.breadcrumb')}>
          <ol className={styles.crumbs}>
            {crumbs.map((crumb, index) => (
              <li key={`${crumb.label}-${index}`} className={styles.crumb}>
                {crumb.to ? <AppLink to={crumb.to}>{crumb.label}</AppLink> : <span>{crumb.label}</span>}
                <ChevronRight12Regular aria-hidden className={styles.divider} />
              </li>
            ))}
            <li className={styles.crumb}>
              <span aria-current="page" className={styles.current}>
                {title}
              </span>
            </li>
          </ol>
        </nav>
      )}
      <div className={styles.row}>
        <h1 className={styles.title}>{title}</h1>
        {actions}
      </div>
      {intro && <Text className={styles.intro}>{intro}</Text>}
    </div>
  );
}
