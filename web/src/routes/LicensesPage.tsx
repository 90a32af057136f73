import {
  Button,
  Dialog,
  DialogSurface,
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
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLicenses } from '../api/queries';
import type { LicenseSummaryItem } from '../api/types';
import { QueryState } from '../components/Feedback';
import { PageHeader } from '../components/PageHeader';
import { localName, useFormat } from '../lib/format';
import { ManageLicenses } from './ManageLicenses';

const useStyles = makeStyles({
  table: { backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusMedium },
});

export function useProductName() {
  const format = useFormat();
  return (item: Pick<LicenseSummaryItem, 'names' | 'productId'>) =>
    localName(item.names, format.locale, item.productId);
}

/** Licenses: per product purchased/assigned/available; assign and unassign users. */
export default function LicensesPage() {
  const styles = useStyles();
  const { t } = useTranslation();
  const licenses = useLicenses();
  const nameOf = useProductName();
  const [open, setOpen] = useState<LicenseSummaryItem | undefined>();
  return (
    <>
      <PageHeader
        title={t('licenses.title')}
        crumbs={[{ label: t('nav.billing') }]}
        intro={t('licenses.intro')}
      />
      <QueryState query={licenses}>
        {(data) =>
          data.items.length === 0 ? (
            <Text>{t('licenses.empty')}</Text>
          ) : (
            <Table className={styles.table} aria-label={t('licenses.title')}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t('licenses.product')}</TableHeaderCell>
                  <TableHeaderCell>{t('licenses.purchased')}</TableHeaderCell>
                  <TableHeaderCell>{t('licenses.assigned')}</TableHeaderCell>
                  <TableHeaderCell>{t('licenses.available')}</TableHeaderCell>
                  <TableHeaderCell>
                    <span className="visually-hidden">{t('licenses.manage')}</span>
                  </TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {data.items.map((item) => (
                  <TableRow key={item.productId} data-product={item.productId}>
                    <TableCell>{nameOf(item)}</TableCell>
                    <TableCell>{t(`unit.count.${item.unit}`, { count: item.purchased })}</TableCell>
                    <TableCell>{item.assignable ? item.assigned : t('licenses.tenantWide')}</TableCell>
                    <TableCell>{item.assignable ? item.available : '—'}</TableCell>
                    <TableCell>
                      {item.assignable && (
                        <Button
                          size="small"
                          onClick={() => setOpen(item)}
                          aria-label={`${t('licenses.manage')} – ${nameOf(item)}`}
                        >
                          {t('licenses.manage')}
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )
        }
      </QueryState>
      {/* A dialog rather than an overlay drawer: closing a second Drawer collapses Fluent's NavDrawer. */}
      <Dialog open={!!open} onOpenChange={(_, d) => !d.open && setOpen(undefined)}>
        <DialogSurface style={{ maxWidth: '720px' }}>
          {open && <ManageLicenses item={open} onClose={() => setOpen(undefined)} />}
        </DialogSurface>
      </Dialog>
    </>
  );
}
