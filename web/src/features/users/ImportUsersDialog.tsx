import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Field,
  Label,
  MessageBar,
  MessageBarBody,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Textarea,
} from '@fluentui/react-components';
import { ArrowUpload20Regular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import type { ImportReport } from '../../api/types';
import { ErrorBar } from '../../components/Feedback';

import { useUserStyles as useStyles } from './styles';

export function ImportUsersDialog() {
  const styles = useStyles();
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [csv, setCsv] = useState('');
  const fileId = useId();
  const run = useMutation({
    mutationFn: (text: string) =>
      call(
        api.POST('/api/users/import', {
          body: text,
          params: { query: {} },
          headers: { 'Content-Type': 'text/csv' },
          bodySerializer: (body: string) => body,
        }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
  return (
    <Dialog
      open={open}
      onOpenChange={(_, d) => {
        setOpen(d.open);
        if (d.open) {
          setCsv('');
          run.reset();
        }
      }}
    >
      <DialogTrigger disableButtonEnhancement>
        <Button icon={<ArrowUpload20Regular />}>{t('userImport.import')}</Button>
      </DialogTrigger>
      <DialogSurface style={{ maxWidth: '920px' }}>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (csv.trim()) run.mutate(csv);
          }}
        >
          <DialogBody>
            <DialogTitle>{t('userImport.title')}</DialogTitle>
            <DialogContent className={styles.form}>
              <Text size={200}>{t('userImport.help')}</Text>
              <div className={styles.file}>
                <Label htmlFor={fileId}>{t('userImport.file')}</Label>
                <input
                  id={fileId}
                  type="file"
                  accept=".csv,text/csv"
                  onChange={(event) => {
                    const file = event.target.files?.[0];
                    if (file) void file.text().then(setCsv);
                  }}
                />
              </div>
              <Field label={t('userImport.text')}>
                <Textarea
                  value={csv}
                  onChange={(_, d) => setCsv(d.value)}
                  rows={5}
                  resize="vertical"
                  placeholder="email,displayName,role"
                />
              </Field>
              {run.error && <ErrorBar error={run.error} />}
              {run.data && <ImportReportView report={run.data} />}
            </DialogContent>
            <DialogActions>
              <DialogTrigger disableButtonEnhancement>
                <Button>{t('app.close')}</Button>
              </DialogTrigger>
              <Button appearance="primary" type="submit" disabled={run.isPending || !csv.trim()}>
                {t('userImport.submit')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

function ImportReportView({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  const colors = { created: 'success', skipped: 'informative', error: 'danger' } as const;
  return (
    <>
      <MessageBar intent={report.errors > 0 ? 'warning' : 'success'} role="status">
        <MessageBarBody>
          {t('userImport.summary', {
            created: report.created,
            skipped: report.skipped,
            errors: report.errors,
          })}
        </MessageBarBody>
      </MessageBar>
      <Table size="small" aria-label={t('userImport.report')}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t('userImport.row')}</TableHeaderCell>
            <TableHeaderCell>{t('userImport.email')}</TableHeaderCell>
            <TableHeaderCell>{t('userImport.result')}</TableHeaderCell>
            <TableHeaderCell>{t('userImport.message')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {report.rows.map((r) => (
            <TableRow key={r.row} data-import-row={r.row}>
              <TableCell>{r.row}</TableCell>
              <TableCell>{r.email}</TableCell>
              <TableCell>
                <Badge appearance="tint" shape="rounded" color={colors[r.status]}>
                  {t(`userImport.statuses.${r.status}`)}
                </Badge>
              </TableCell>
              <TableCell>{r.message}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
