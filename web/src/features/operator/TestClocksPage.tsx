import {
  Badge,
  Button,
  Card,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client';
import { problemAt, unplaced } from '../../api/problems';
import { ConfirmDialog, FormDialog } from '../../components/ActionDialog';
import { ErrorBar, QueryState } from '../../components/Feedback';
import { PageHeader } from '../../components/PageHeader';
import { useFormat } from '../../lib/format';
import { useOperator } from './operatorApi';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '560px' },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  table: { backgroundColor: tokens.colorNeutralBackground1 },
  wrap: { overflowWrap: 'anywhere' },
});

interface TestClock {
  id: string;
  tenantId: string;
  name: string;
  frozenTime: string;
  status: 'ready' | 'advancing';
  advancingTo: string | null;
}

/** `<input type="datetime-local">` speaks the browser's local time; the API wants an instant. */
function instantOf(local: string): string | undefined {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? local : date.toISOString();
}

type Advance = { frozenTime?: string; months?: number; days?: number };

/** Operator › Test clocks (docs/test-clocks.md): list, create, advance and delete per-tenant clocks. */
interface AdvanceAnswer {
  testClock: { name: string; frozenTime: string };
  work: {
    steps: number;
    renewed: number;
    charged: number;
    failed: number;
    renewalReminders: number;
    reminded: number;
  };
}

/** The notice after an advance: where the clock now stands and what ran on the way. */
function useAdvancedNotice() {
  const { t } = useTranslation();
  const format = useFormat();
  return ({ testClock, work }: AdvanceAnswer) =>
    t('operatorTestClocks.advanced', {
      name: testClock.name,
      time: format.dateTime(testClock.frozenTime),
      steps: work.steps,
      renewed: work.renewed,
      charged: work.charged,
      failed: work.failed,
      reminders: work.renewalReminders + work.reminded,
    });
}

export default function TestClocksPage() {
  const advancedNotice = useAdvancedNotice();
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const { client, forget } = useOperator();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);

  const clocks = useQuery({
    queryKey: ['operator', 'test-clocks', i18n.language],
    queryFn: () => call(client.GET('/api/operator/test-clocks')),
  });
  const tenants = useQuery({
    queryKey: ['operator', 'tenants'],
    queryFn: () => call(client.GET('/api/operator/tenants')),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['operator', 'test-clocks'] });
  const tenantName = (id: string) =>
    tenants.data?.tenants.find((x) => x.id === id)?.name ?? t('operatorTestClocks.unknownTenant', { id });

  const advance = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Advance }) =>
      call(client.POST('/api/operator/test-clocks/{id}/advance', { params: { path: { id } }, body })),
    // The list is fetched again before the notice shows, so the two never disagree.
    onSuccess: async (answer) => {
      await refresh();
      setNotice(advancedNotice(answer));
    },
    onError: refresh,
  });
  const remove = useMutation({
    mutationFn: (clock: TestClock) =>
      call(client.DELETE('/api/operator/test-clocks/{id}', { params: { path: { id: clock.id } } })),
    onSuccess: async (_, clock) => {
      await refresh();
      setNotice(t('operatorTestClocks.deleted', { name: clock.name }));
    },
    onError: refresh,
  });

  // A token the server no longer takes (changed, mistyped): ask for it again.
  const unauthorized = [clocks.error, tenants.error, advance.error, remove.error].some(
    (e) => e instanceof ApiError && e.status === 401,
  );
  useEffect(() => {
    if (unauthorized) forget(true);
  }, [unauthorized, forget]);

  return (
    <>
      <PageHeader
        title={t('operatorTestClocks.title')}
        crumbs={[{ label: t('operatorTestClocks.area') }]}
        intro={t('operatorTestClocks.intro')}
      />
      <QueryState query={clocks}>
        {(data) => (
          <div className={styles.stack}>
            {!data.testMode && <TestModeOff />}
            {notice && (
              <MessageBar intent="success" layout="multiline" role="status">
                <MessageBarBody>{notice}</MessageBarBody>
              </MessageBar>
            )}
            <CreateClock
              disabled={!data.testMode}
              tenants={(tenants.data?.tenants ?? []).filter(
                (x) => !data.testClocks.some((c) => c.tenantId === x.id),
              )}
              onCreated={async (clock) => {
                await refresh();
                setNotice(
                  t('operatorTestClocks.created', { name: clock.name, tenant: tenantName(clock.tenantId) }),
                );
              }}
            />
            <Card>
              <h2 className={styles.heading}>{t('operatorTestClocks.listTitle')}</h2>
              {(advance.error ?? remove.error) ? <ProblemBar error={advance.error ?? remove.error} /> : null}
              {data.testClocks.length === 0 ? (
                <p>{t('operatorTestClocks.none')}</p>
              ) : (
                <Table className={styles.table} aria-label={t('operatorTestClocks.listTitle')}>
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell>{t('operatorTestClocks.tenant')}</TableHeaderCell>
                      <TableHeaderCell>{t('operatorTestClocks.columnName')}</TableHeaderCell>
                      <TableHeaderCell>{t('operatorTestClocks.frozenTime')}</TableHeaderCell>
                      <TableHeaderCell>{t('operatorTestClocks.status')}</TableHeaderCell>
                      <TableHeaderCell>{t('operatorTestClocks.actions')}</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {data.testClocks.map((clock) => (
                      <TableRow key={clock.id} data-clock={clock.id}>
                        <TableCell className={styles.wrap}>{tenantName(clock.tenantId)}</TableCell>
                        <TableCell className={styles.wrap}>{clock.name}</TableCell>
                        <TableCell data-testid="frozen-time">{format.dateTime(clock.frozenTime)}</TableCell>
                        <TableCell>
                          {clock.status === 'advancing' && clock.advancingTo ? (
                            <Badge appearance="tint" color="warning">
                              {t('operatorTestClocks.advancing', {
                                time: format.dateTime(clock.advancingTo),
                              })}
                            </Badge>
                          ) : (
                            <Badge appearance="tint" color="success">
                              {t('operatorTestClocks.ready')}
                            </Badge>
                          )}
                        </TableCell>
                        <TableCell>
                          <div className={styles.actions}>
                            <Button
                              size="small"
                              disabled={advance.isPending || !data.testMode}
                              onClick={() => advance.mutate({ id: clock.id, body: { days: 1 } })}
                            >
                              {t('operatorTestClocks.plusDay')}
                            </Button>
                            <Button
                              size="small"
                              disabled={advance.isPending || !data.testMode}
                              onClick={() => advance.mutate({ id: clock.id, body: { months: 1 } })}
                            >
                              {t('operatorTestClocks.plusMonth')}
                            </Button>
                            <AdvanceToDialog clock={clock} disabled={!data.testMode} onDone={setNotice} />
                            <DeleteDialog
                              clock={clock}
                              tenant={tenantName(clock.tenantId)}
                              pending={remove.isPending}
                              onConfirm={() => remove.mutate(clock)}
                            />
                          </div>
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              )}
            </Card>
          </div>
        )}
      </QueryState>
    </>
  );
}

/** The instance takes real money: say so plainly rather than show the raw 409. */
function TestModeOff({ detail }: { detail?: string }) {
  const { t } = useTranslation();
  return (
    <MessageBar intent="warning" layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{t('operatorTestClocks.testModeTitle')}</MessageBarTitle>
        {t('operatorTestClocks.testModeText')}
        {detail && <div>{detail}</div>}
      </MessageBarBody>
    </MessageBar>
  );
}

function ProblemBar({ error }: { error: unknown }) {
  if (error instanceof ApiError && error.code === 'test_mode_required')
    return <TestModeOff detail={error.detail} />;
  return <ErrorBar error={error} />;
}

function CreateClock({
  tenants,
  disabled,
  onCreated,
}: {
  tenants: { id: string; name: string }[];
  disabled: boolean;
  onCreated: (clock: TestClock) => Promise<void>;
}) {
  const styles = useStyles();
  const { t } = useTranslation();
  const { client } = useOperator();
  const [tenantId, setTenantId] = useState('');
  const [name, setName] = useState('');
  const [start, setStart] = useState('');
  const create = useMutation({
    mutationFn: () => {
      const frozenTime = instantOf(start);
      return call(
        client.POST('/api/operator/test-clocks', {
          body: {
            tenantId,
            ...(name.trim() ? { name: name.trim() } : {}),
            ...(frozenTime ? { frozenTime } : {}),
          },
        }),
      );
    },
    onSuccess: async (clock) => {
      setTenantId('');
      setName('');
      setStart('');
      await onCreated(clock);
    },
  });
  const fields = ['tenantId', 'name', 'frozenTime'];
  const rest = unplaced(create.error, fields);
  return (
    <Card>
      <form
        className={styles.form}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate();
        }}
      >
        <h2 className={styles.heading}>{t('operatorTestClocks.createTitle')}</h2>
        <Field
          label={t('operatorTestClocks.tenant')}
          required
          validationMessage={problemAt(create.error, 'tenantId')}
        >
          <Select value={tenantId} onChange={(_, d) => setTenantId(d.value)}>
            <option value="">{t('operatorTestClocks.chooseTenant')}</option>
            {tenants.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          label={t('operatorTestClocks.name')}
          hint={t('operatorTestClocks.nameHint')}
          validationMessage={problemAt(create.error, 'name')}
        >
          <Input value={name} maxLength={200} onChange={(_, d) => setName(d.value)} />
        </Field>
        <Field
          label={t('operatorTestClocks.startTime')}
          hint={t('operatorTestClocks.startTimeHint')}
          validationMessage={problemAt(create.error, 'frozenTime')}
        >
          <Input type="datetime-local" value={start} onChange={(_, d) => setStart(d.value)} />
        </Field>
        {rest ? <ProblemBar error={rest} /> : null}
        <div>
          <Button appearance="primary" type="submit" disabled={disabled || !tenantId || create.isPending}>
            {t('operatorTestClocks.create')}
          </Button>
        </div>
      </form>
    </Card>
  );
}

function AdvanceToDialog({
  clock,
  disabled,
  onDone,
}: {
  clock: TestClock;
  disabled: boolean;
  onDone: (notice: string) => void;
}) {
  const { t } = useTranslation();
  const advancedNotice = useAdvancedNotice();
  const { client } = useOperator();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [to, setTo] = useState('');
  const advance = useMutation({
    mutationFn: () =>
      call(
        client.POST('/api/operator/test-clocks/{id}/advance', {
          params: { path: { id: clock.id } },
          body: { frozenTime: instantOf(to) ?? '' },
        }),
      ),
    onSuccess: async (answer) => {
      await queryClient.invalidateQueries({ queryKey: ['operator', 'test-clocks'] });
      setOpen(false);
      setTo('');
      onDone(advancedNotice(answer));
    },
    onError: () => queryClient.invalidateQueries({ queryKey: ['operator', 'test-clocks'] }),
  });
  const rest = unplaced(advance.error, ['frozenTime']);
  return (
    <FormDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) advance.reset();
      }}
      trigger={
        <Button size="small" disabled={disabled}>
          {t('operatorTestClocks.advanceTo')}
        </Button>
      }
      title={t('operatorTestClocks.advanceTitle', { name: clock.name })}
      stacked
      submitLabel={t('operatorTestClocks.advance')}
      submitDisabled={!to || advance.isPending}
      onSubmit={() => advance.mutate()}
    >
      <Field
        label={t('operatorTestClocks.newTime')}
        hint={t('operatorTestClocks.newTimeHint')}
        required
        validationMessage={problemAt(advance.error, 'frozenTime')}
      >
        <Input type="datetime-local" value={to} onChange={(_, d) => setTo(d.value)} />
      </Field>
      {rest ? <ProblemBar error={rest} /> : null}
    </FormDialog>
  );
}

function DeleteDialog({
  clock,
  tenant,
  pending,
  onConfirm,
}: {
  clock: TestClock;
  tenant: string;
  pending: boolean;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      trigger={
        <Button size="small" aria-label={t('operatorTestClocks.deleteLabel', { name: clock.name })}>
          {t('operatorTestClocks.delete')}
        </Button>
      }
      title={t('operatorTestClocks.deleteTitle', { name: clock.name })}
      confirmLabel={t('operatorTestClocks.delete')}
      pending={pending}
      onConfirm={() => {
        setOpen(false);
        onConfirm();
      }}
    >
      {t('operatorTestClocks.deleteText', { tenant })}
    </ConfirmDialog>
  );
}
