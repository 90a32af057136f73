import {
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { keys } from '../api/queries';
import { QueryState } from '../components/Feedback';
import { PageHeader } from '../components/PageHeader';

const useStyles = makeStyles({
  table: {
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    maxWidth: '1000px',
  },
  plans: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
  cell: { verticalAlign: 'top', paddingBlock: tokens.spacingVerticalS },
});

/** The source's "Available add-ons" table, generated from the catalog for this cloud and language. */
export default function AvailableAddonsPage() {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const table = useQuery({
    queryKey: keys.availableAddons(i18n.language),
    queryFn: () => call(api.GET('/api/catalog/available-addons', { params: { query: {} } })),
  });
  return (
    <>
      <PageHeader
        title={t('addons.title')}
        crumbs={[{ label: t('nav.billing') }]}
        intro={t('addons.intro')}
      />
      <QueryState query={table}>
        {(data) => (
          <Table className={styles.table} aria-label={t('addons.title')}>
            <TableHeader>
              <TableRow>
                {/* The API's headings speak English and French only: the UI's own words here. */}
                <TableHeaderCell>{t('availableAddonsTable.addOn')}</TableHeaderCell>
                <TableHeaderCell>{t('availableAddonsTable.availableWith')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.rows.map((row) => (
                <TableRow key={row.addOn.id}>
                  <TableCell className={styles.cell}>{row.addOn.name}</TableCell>
                  <TableCell className={styles.cell}>
                    <ul className={styles.plans}>
                      {row.availableWith.map((p) => (
                        <li key={p.id}>{p.name}</li>
                      ))}
                    </ul>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </QueryState>
    </>
  );
}
