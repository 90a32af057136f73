import {
  Button,
  Checkbox,
  DialogBody,
  DialogContent,
  DialogTitle,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { Dismiss24Regular } from '@fluentui/react-icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { keys } from '../api/queries';
import type { LicenseSummaryItem } from '../api/types';
import { ErrorBar, Loading } from '../components/Feedback';
import { useFormat } from '../lib/format';
import { useProductName } from './LicensesPage';

const useStyles = makeStyles({
  table: { backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusMedium },
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  h3: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  pick: {
    display: 'flex',
    flexDirection: 'column',
    maxHeight: '240px',
    overflowY: 'auto',
    margin: 0,
    padding: tokens.spacingHorizontalS,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  muted: { color: tokens.colorNeutralForeground2 },
});

export function ManageLicenses({ item, onClose }: { item: LicenseSummaryItem; onClose: () => void }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const format = useFormat();
  const nameOf = useProductName();
  const queryClient = useQueryClient();
  const name = nameOf(item);
  const assignments = useQuery({
    queryKey: keys.assignments(item.productId),
    queryFn: () =>
      call(
        api.GET('/api/licenses/{productId}/assignments', { params: { path: { productId: item.productId } } }),
      ),
  });
  const users = useQuery({
    queryKey: ['users', 'all'],
    queryFn: () => call(api.GET('/api/users', { params: { query: { limit: 200, offset: 0 } } })),
  });
  const [selected, setSelected] = useState<string[]>([]);
  const [message, setMessage] = useState<{ text: string; details: string[] } | undefined>();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: keys.licenses });
    void queryClient.invalidateQueries({ queryKey: ['users'] });
    void queryClient.invalidateQueries({ queryKey: ['subscriptions'] });
  };
  const assign = useMutation({
    mutationFn: (userIds: string[]) =>
      call(
        api.POST('/api/licenses/{productId}/assign', {
          params: { path: { productId: item.productId } },
          body: { userIds },
        }),
      ),
    onSuccess: (result) => {
      setSelected([]);
      const refused = result.results.filter((r) => r.status === 'refused');
      const emailOf = (id: string) => users.data?.items.find((u) => u.id === id)?.displayName ?? id;
      setMessage({
        text: [
          t('licenses.assignedCount', { count: result.changed }),
          refused.length ? t('licenses.refusedCount', { count: refused.length }) : '',
        ].join(' '),
        details: refused.map((r) => `${emailOf(r.userId)}: ${r.message ?? r.code}`),
      });
      refresh();
    },
  });
  const unassign = useMutation({
    mutationFn: (user: { id: string; name: string }) =>
      call(
        api.POST('/api/licenses/{productId}/unassign', {
          params: { path: { productId: item.productId } },
          body: { userIds: [user.id], cascade: false },
        }),
      ).then((result) => ({ result, user })),
    onSuccess: ({ result, user }) => {
      const refused = result.results.filter((r) => r.status === 'refused');
      setMessage(
        refused.length
          ? {
              text: t('licenses.refusedCount', { count: 1 }),
              details: refused.map((r) => `${user.name}: ${r.message ?? r.code}`),
            }
          : { text: t('licenses.unassigned', { name: user.name }), details: [] },
      );
      refresh();
    },
  });
  const holders = new Set(assignments.data?.items.map((a) => a.userId));
  const candidates = (users.data?.items ?? []).filter((u) => !holders.has(u.id));

  return (
    <>
      <DialogBody>
        <DialogTitle
          action={
            <Button
              appearance="subtle"
              aria-label={t('app.close')}
              icon={<Dismiss24Regular />}
              onClick={onClose}
            />
          }
        >
          {t('licenses.assignTitle', { name })}
        </DialogTitle>
        <DialogContent className={styles.body}>
          {assignments.data && (
            <Text>
              {t('licenses.purchased')}: {assignments.data.purchased} · {t('licenses.assigned')}:{' '}
              {assignments.data.assigned} · {t('licenses.available')}: {assignments.data.available}
            </Text>
          )}
          {message && (
            <MessageBar
              intent={message.details.length ? 'warning' : 'success'}
              layout="multiline"
              role="status"
            >
              <MessageBarBody>
                {message.text}
                {message.details.map((d) => (
                  <div key={d}>{d}</div>
                ))}
              </MessageBarBody>
            </MessageBar>
          )}
          {(assign.error || unassign.error) && <ErrorBar error={assign.error ?? unassign.error} />}
          <section className={styles.body} aria-labelledby="assign-title">
            <h3 id="assign-title" className={styles.h3}>
              {t('licenses.assign')}
            </h3>
            <fieldset className={styles.pick}>
              <legend className="visually-hidden">{t('licenses.assignTo')}</legend>
              {candidates.map((u) => (
                <Checkbox
                  key={u.id}
                  label={`${u.displayName} (${u.email})`}
                  checked={selected.includes(u.id)}
                  onChange={(_, d) =>
                    setSelected((current) =>
                      d.checked ? [...current, u.id] : current.filter((id) => id !== u.id),
                    )
                  }
                />
              ))}
            </fieldset>
            <div>
              <Button
                appearance="primary"
                disabled={!selected.length || assign.isPending}
                onClick={() => assign.mutate(selected)}
              >
                {t('licenses.assignSubmit')}
              </Button>
            </div>
          </section>
          <section aria-labelledby="holders-title">
            <h3 id="holders-title" className={styles.h3}>
              {t('licenses.holders')}
            </h3>
            {assignments.isPending ? (
              <Loading />
            ) : assignments.error ? (
              <ErrorBar error={assignments.error} />
            ) : assignments.data.items.length === 0 ? (
              <Text>{t('licenses.noHolders')}</Text>
            ) : (
              <Table size="small" aria-labelledby="holders-title">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>{t('users.displayName')}</TableHeaderCell>
                    <TableHeaderCell>{t('licenses.assignedAt')}</TableHeaderCell>
                    <TableHeaderCell>
                      <span className="visually-hidden">{t('licenses.unassign')}</span>
                    </TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {assignments.data.items.map((a) => (
                    <TableRow key={a.userId}>
                      <TableCell>
                        <div>{a.displayName}</div>
                        <Text size={200} className={styles.muted}>
                          {a.email}
                        </Text>
                      </TableCell>
                      <TableCell>{format.date(a.assignedAt)}</TableCell>
                      <TableCell>
                        <Button
                          size="small"
                          disabled={unassign.isPending}
                          aria-label={t('licenses.unassignUser', { name: a.displayName })}
                          onClick={() => unassign.mutate({ id: a.userId, name: a.displayName })}
                        >
                          {t('licenses.unassign')}
                        </Button>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </section>
        </DialogContent>
      </DialogBody>
    </>
  );
}
