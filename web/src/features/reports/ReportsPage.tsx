import { HorizontalBarChart, VerticalBarChart, VerticalStackedBarChart } from '@fluentui/react-charts';
import { makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { ErrorBar, Loading } from '../../components/Feedback';
import { PageHeader } from '../../components/PageHeader';
import { toMajor, useFormat } from '../../lib/format';
import { ChartSection } from './ChartSection';
import { useReportData } from './useReportData';

const useStyles = makeStyles({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 440px), 1fr))',
    gap: tokens.spacingVerticalL,
  },
});

const brand = '#0f6cbd';
const light = '#b4d6fa';

/**
 * Billing › Reports: license use per product, spend per month and per product, the renewals
 * ahead. Its own chunk, with the chart library: no other page carries it.
 */
export default function ReportsPage() {
  const styles = useStyles();
  const { t } = useTranslation();
  const format = useFormat();
  const data = useReportData();
  const header = <PageHeader title={t('web.charts.title')} crumbs={[{ label: t('nav.billing') }]} />;
  if (data.pending) return <Loading />;
  if (data.error)
    return (
      <>
        {header}
        <ErrorBar error={data.error} />
      </>
    );
  const money = (minor: number, currency = data.currency) => format.money(minor, currency);
  // Charts take major units; the tables and tooltips say the amount as money.
  const major = (minor: number) => toMajor(minor, data.currency);
  // Axis ticks in the reader's language ("3,7 Tsd.", "3.7千"), not the chart's English "3.66k".
  const compact = new Intl.NumberFormat(format.locale, { notation: 'compact', maximumFractionDigits: 1 });
  const axisNumber = (value: number) => compact.format(value);
  const monthName = (month: string) =>
    new Intl.DateTimeFormat(format.locale, { month: 'short', year: 'numeric' }).format(
      new Date(`${month}-01T00:00:00Z`),
    );

  return (
    <>
      {header}
      <div className={styles.grid}>
        <ChartSection
          title={t('web.charts.licenseUse')}
          columns={[t('web.charts.product'), t('web.charts.assigned'), t('web.charts.available')]}
          rows={data.licenseUse.map((l) => [
            l.product,
            format.number(l.assigned),
            format.number(l.available),
          ])}
        >
          <VerticalStackedBarChart
            culture={format.locale}
            yAxisTickFormat={axisNumber}
            wrapXAxisLables
            height={260}
            hideLegend={false}
            data={data.licenseUse.map((l) => ({
              chartData: [
                { legend: t('web.charts.assigned'), data: l.assigned, color: brand },
                { legend: t('web.charts.available'), data: l.available, color: light },
              ],
              xAxisPoint: l.product,
            }))}
          />
        </ChartSection>
        <ChartSection
          title={t('web.charts.spendPerMonth')}
          columns={[t('web.charts.month'), t('web.charts.amount')]}
          rows={data.spendPerMonth.map(([month, total]) => [monthName(month), money(total)])}
        >
          <VerticalBarChart
            culture={format.locale}
            yAxisTickFormat={axisNumber}
            height={260}
            hideLegend
            data={data.spendPerMonth.map(([month, total]) => ({
              x: monthName(month),
              y: major(total),
              color: brand,
              yAxisCalloutData: money(total),
            }))}
          />
        </ChartSection>
        <ChartSection
          title={t('web.charts.spendPerProduct')}
          columns={[t('web.charts.product'), t('web.charts.amount')]}
          rows={data.spendPerProduct.map(([product, total]) => [product, money(total)])}
        >
          <Bars
            culture={format.locale}
            bars={data.spendPerProduct.map(([product, total]) => ({
              title: product,
              value: major(total),
              label: money(total),
            }))}
            color={brand}
          />
        </ChartSection>
        <ChartSection
          title={t('web.charts.renewals')}
          columns={[t('web.charts.product'), t('web.charts.renewalDate'), t('web.charts.amount')]}
          rows={data.renewals.map((r) => [r.product, format.date(r.date), money(r.amount, r.currency)])}
        >
          <Bars
            culture={format.locale}
            bars={data.renewals.map((r) => ({
              title: `${r.product} · ${format.date(r.date)}`,
              value: toMajor(r.amount, r.currency),
              label: money(r.amount, r.currency),
            }))}
            color={light}
          />
        </ChartSection>
      </div>
    </>
  );
}

/** One bar per row, its name above it (long product names stay readable on a phone). */
function Bars({
  bars,
  color,
  culture,
}: {
  bars: { title: string; value: number; label: string }[];
  color: string;
  culture: string;
}) {
  const max = Math.max(...bars.map((b) => b.value), 1);
  return (
    <HorizontalBarChart
      culture={culture}
      chartDataMode="hidden"
      data={bars.map((b) => ({
        chartTitle: `${b.title} — ${b.label}`,
        chartData: [
          { legend: b.title, horizontalBarChartdata: { x: Math.max(b.value, 0), total: max }, color },
        ],
      }))}
    />
  );
}
