import {
  Card,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

const useStyles = makeStyles({
  card: { minWidth: 0 },
  h2: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  chart: { width: '100%', minWidth: 0, overflow: 'hidden' },
  summary: {
    cursor: 'pointer',
    color: tokens.colorBrandForegroundLink,
    paddingBlock: tokens.spacingVerticalXS,
  },
});

/**
 * A chart with its table: the chart for those who would rather look, the same figures as a
 * table (behind "Table") for those who read them or cannot see the chart.
 */
export function ChartSection({
  title,
  columns,
  rows,
  children,
}: {
  title: string;
  columns: string[];
  rows: string[][];
  children: React.ReactNode;
}) {
  const styles = useStyles();
  const { t } = useTranslation();
  const id = useId();
  return (
    <Card className={styles.card} role="region" aria-labelledby={id}>
      <h2 className={styles.h2} id={id}>
        {title}
      </h2>
      {rows.length === 0 ? (
        <Text>{t('web.charts.noData')}</Text>
      ) : (
        <>
          <div className={styles.chart}>{children}</div>
          <details>
            <summary className={styles.summary}>{t('web.charts.table')}</summary>
            <Table aria-labelledby={id} size="small">
              <TableHeader>
                <TableRow>
                  {columns.map((c) => (
                    <TableHeaderCell key={c}>{c}</TableHeaderCell>
                  ))}
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((row, index) => (
                  <TableRow key={index}>
                    {row.map((cell, i) => (
                      <TableCell key={i}>{cell}</TableCell>
                    ))}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </details>
        </>
      )}
    </Card>
  );
}
