import {
  Breadcrumb,
  BreadcrumbButton,
  BreadcrumbDivider,
  BreadcrumbItem,
  makeStyles,
  Text,
  tokens,
} from '@fluentui/react-components';
import { Fragment, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

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
  const navigate = useNavigate();
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} – ${t('app.title')}`;
  }, [title, t]);
  return (
    <div className={styles.root}>
      {crumbs.length > 0 && (
        <Breadcrumb aria-label="Breadcrumb" size="small">
          {crumbs.map((crumb, index) => (
            <Fragment key={`${crumb.label}-${index}`}>
              <BreadcrumbItem>
                <BreadcrumbButton
                  onClick={crumb.to ? () => navigate(crumb.to!) : undefined}
                  disabled={!crumb.to}
                >
                  {crumb.label}
                </BreadcrumbButton>
              </BreadcrumbItem>
              <BreadcrumbDivider />
            </Fragment>
          ))}
          <BreadcrumbItem>
            <BreadcrumbButton current>{title}</BreadcrumbButton>
          </BreadcrumbItem>
        </Breadcrumb>
      )}
      <div className={styles.row}>
        <h1 className={styles.title}>{title}</h1>
        {actions}
      </div>
      {intro && <Text className={styles.intro}>{intro}</Text>}
    </div>
  );
}
