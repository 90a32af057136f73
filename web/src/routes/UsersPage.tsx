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
  Dropdown,
  Field,
  Input,
  Label,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  SearchBox,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { ArrowUpload20Regular, PersonAdd20Regular } from '@fluentui/react-icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { keys, useLicenses } from '../api/queries';
import type { CreateUserBody, ImportReport, UpdateUserBody, UserView } from '../api/types';
import { ErrorBar, QueryState } from '../components/Feedback';
import { PageHeader } from '../components/PageHeader';
import { useProductName } from './LicensesPage';

const useStyles = makeStyles({
  table: { backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusMedium },
  bar: {
    display: 'flex',
    gap: tokens.spacingHorizontalM,
    alignItems: 'center',
    marginBottom: tokens.spacingVerticalM,
    flexWrap: 'wrap',
  },
  badges: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap' },
  badge: { height: 'auto', minHeight: '20px', whiteSpace: 'normal', paddingBlock: '1px' },
  actionsColumn: { width: '160px' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  muted: { color: tokens.colorNeutralForeground2 },
  file: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

const roles = ['user', 'license_admin', 'billing_admin', 'global_admin'] as const;
type Role = (typeof roles)[number];

/** Users › Active users: list, search, add. */
export default function UsersPage() {
  const styles = useStyles();
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search.trim());
  const users = useQuery({
    queryKey: keys.users(deferred),
    queryFn: () =>
      call(
        api.GET('/api/users', {
          params: { query: { limit: 200, offset: 0, ...(deferred ? { search: deferred } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const licenses = useLicenses();
  const nameOf = useProductName();
  const productName = (id: string) => {
    const item = licenses.data?.items.find((i) => i.productId === id);
    return item ? nameOf(item) : id;
  };
  const [notice, setNotice] = useState<string | undefined>();

  return (
    <>
      <PageHeader title={t('users.title')} crumbs={[{ label: t('nav.users') }]} intro={t('users.intro')} />
      <div className={styles.bar}>
        <AddUserDialog onCreated={(u) => setNotice(t('users.created', { name: u.displayName }))} />
        <ImportUsersDialog />
        <SearchBox
          placeholder={t('users.search')}
          aria-label={t('users.search')}
          value={search}
          onChange={(_, d) => setSearch(d.value)}
        />
        {users.data && <Text className={styles.muted}>{t('users.count', { count: users.data.total })}</Text>}
      </div>
      {notice && (
        <MessageBar intent="success" style={{ marginBottom: 12 }} role="status">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      <QueryState query={users}>
        {(data) => (
          <Table className={styles.table} aria-label={t('users.title')}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('users.displayName')}</TableHeaderCell>
                <TableHeaderCell>{t('users.email')}</TableHeaderCell>
                <TableHeaderCell>{t('users.role')}</TableHeaderCell>
                <TableHeaderCell>{t('users.licenses')}</TableHeaderCell>
                <TableHeaderCell className={styles.actionsColumn}>{t('userEdit.actions')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.items.map((u) => (
                <TableRow key={u.id} data-user={u.email}>
                  <TableCell>{u.displayName}</TableCell>
                  <TableCell>{u.email}</TableCell>
                  <TableCell>{t(`users.roles.${u.role}`)}</TableCell>
                  <TableCell>
                    {u.licenses.length ? (
                      <span className={styles.badges}>
                        {u.licenses.map((id) => (
                          <Badge
                            key={id}
                            appearance="tint"
                            color="informative"
                            shape="rounded"
                            className={styles.badge}
                          >
                            {productName(id)}
                          </Badge>
                        ))}
                      </span>
                    ) : (
                      <Text className={styles.muted}>{t('users.noLicense')}</Text>
                    )}
                  </TableCell>
                  <TableCell>
                    <span className={styles.actions}>
                      <EditUserDialog
                        user={u}
                        onSaved={(saved) => setNotice(t('userEdit.saved', { name: saved.displayName }))}
                      />
                      <DeleteUserDialog user={u} productName={productName} onDeleted={setNotice} />
                    </span>
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

function AddUserDialog({ onCreated }: { onCreated: (user: UserView) => void }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('user');
  const [password, setPassword] = useState('');
  const create = useMutation({
    mutationFn: (body: CreateUserBody) => call(api.POST('/api/users', { body })),
    onSuccess: (user) => {
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      setOpen(false);
      onCreated(user);
    },
  });
  return (
    <Dialog
      open={open}
      onOpenChange={(_, d) => {
        setOpen(d.open);
        if (d.open) {
          setDisplayName('');
          setEmail('');
          setRole('user');
          setPassword('');
          create.reset();
        }
      }}
    >
      <DialogTrigger disableButtonEnhancement>
        <Button appearance="primary" icon={<PersonAdd20Regular />}>
          {t('users.add')}
        </Button>
      </DialogTrigger>
      <DialogSurface>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate({ displayName, email, role, ...(password ? { password } : {}) });
          }}
        >
          <DialogBody>
            <DialogTitle>{t('users.add')}</DialogTitle>
            <DialogContent className={styles.form}>
              <Field label={t('users.displayName')} required>
                <Input value={displayName} onChange={(_, d) => setDisplayName(d.value)} />
              </Field>
              <Field label={t('users.email')} required>
                <Input type="email" value={email} onChange={(_, d) => setEmail(d.value)} />
              </Field>
              <Field label={t('users.role')}>
                <Dropdown
                  value={t(`users.roles.${role}`)}
                  selectedOptions={[role]}
                  onOptionSelect={(_, d) => d.optionValue && setRole(d.optionValue as Role)}
                >
                  {roles.map((r) => (
                    <Option key={r} value={r}>
                      {t(`users.roles.${r}`)}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
              <Field label={t('users.password')} hint={t('users.passwordHint')}>
                <Input
                  type="password"
                  autoComplete="new-password"
                  value={password}
                  onChange={(_, d) => setPassword(d.value)}
                />
              </Field>
              {create.error && <ErrorBar error={create.error} />}
            </DialogContent>
            <DialogActions>
              <DialogTrigger disableButtonEnhancement>
                <Button>{t('app.cancel')}</Button>
              </DialogTrigger>
              <Button
                appearance="primary"
                type="submit"
                disabled={create.isPending || !displayName.trim() || !email.trim()}
              >
                {t('users.create')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

function RoleDropdown({ role, onChange }: { role: Role; onChange: (role: Role) => void }) {
  const { t } = useTranslation();
  return (
    <Dropdown
      value={t(`users.roles.${role}`)}
      selectedOptions={[role]}
      onOptionSelect={(_, d) => d.optionValue && onChange(d.optionValue as Role)}
    >
      {roles.map((r) => (
        <Option key={r} value={r}>
          {t(`users.roles.${r}`)}
        </Option>
      ))}
    </Dropdown>
  );
}

function EditUserDialog({ user, onSaved }: { user: UserView; onSaved: (user: UserView) => void }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [displayName, setDisplayName] = useState(user.displayName);
  const [role, setRole] = useState<Role>(user.role as Role);
  const save = useMutation({
    mutationFn: (body: UpdateUserBody) =>
      call(api.PATCH('/api/users/{id}', { params: { path: { id: user.id } }, body })),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      void queryClient.invalidateQueries({ queryKey: keys.me });
      setOpen(false);
      onSaved(saved);
    },
  });
  const changed = displayName.trim() !== user.displayName || role !== user.role;
  return (
    <Dialog
      open={open}
      onOpenChange={(_, d) => {
        setOpen(d.open);
        if (d.open) {
          setDisplayName(user.displayName);
          setRole(user.role as Role);
          save.reset();
        }
      }}
    >
      <DialogTrigger disableButtonEnhancement>
        <Button size="small" aria-label={t('userEdit.editOf', { name: user.displayName })}>
          {t('userEdit.edit')}
        </Button>
      </DialogTrigger>
      <DialogSurface>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate({
              ...(displayName.trim() !== user.displayName ? { displayName: displayName.trim() } : {}),
              ...(role !== user.role ? { role } : {}),
            });
          }}
        >
          <DialogBody>
            <DialogTitle>{t('userEdit.editTitle', { name: user.displayName })}</DialogTitle>
            <DialogContent className={styles.form}>
              <Text className={styles.muted}>{user.email}</Text>
              <Field label={t('users.displayName')} required>
                <Input value={displayName} onChange={(_, d) => setDisplayName(d.value)} />
              </Field>
              <Field label={t('users.role')}>
                <RoleDropdown role={role} onChange={setRole} />
              </Field>
              {save.error && <ErrorBar error={save.error} />}
            </DialogContent>
            <DialogActions>
              <DialogTrigger disableButtonEnhancement>
                <Button>{t('app.cancel')}</Button>
              </DialogTrigger>
              <Button
                appearance="primary"
                type="submit"
                disabled={save.isPending || !displayName.trim() || !changed}
              >
                {t('userEdit.save')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

function DeleteUserDialog({
  user,
  productName,
  onDeleted,
}: {
  user: UserView;
  productName: (id: string) => string;
  onDeleted: (notice: string) => void;
}) {
  const styles = useStyles();
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const remove = useMutation({
    mutationFn: () => call(api.DELETE('/api/users/{id}', { params: { path: { id: user.id } } })),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      void queryClient.invalidateQueries({ queryKey: keys.licenses });
      void queryClient.invalidateQueries({ queryKey: ['subscriptions'] });
      setOpen(false);
      const names = result.releasedLicenses.map(productName).join(', ');
      onDeleted(
        names
          ? t('userEdit.deletedLicenses', { name: user.displayName, names })
          : t('userEdit.deleted', { name: user.displayName }),
      );
    },
  });
  const names = user.licenses.map(productName).join(', ');
  return (
    <Dialog
      open={open}
      onOpenChange={(_, d) => {
        setOpen(d.open);
        if (d.open) remove.reset();
      }}
    >
      <DialogTrigger disableButtonEnhancement>
        <Button size="small" aria-label={t('userEdit.deleteOf', { name: user.displayName })}>
          {t('userEdit.delete')}
        </Button>
      </DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('userEdit.deleteTitle', { name: user.displayName })}</DialogTitle>
          <DialogContent className={styles.form}>
            <Text>{t('userEdit.deleteBody')}</Text>
            <Text>
              {user.licenses.length
                ? t('userEdit.deleteLicenses', { count: user.licenses.length, names })
                : t('userEdit.deleteNoLicense')}
            </Text>
            {remove.error && <ErrorBar error={remove.error} />}
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button>{t('app.cancel')}</Button>
            </DialogTrigger>
            <Button appearance="primary" onClick={() => remove.mutate()} disabled={remove.isPending}>
              {t('userEdit.delete')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** Users › Import: a CSV file (or pasted text) sent as text/csv; the server reports each row. */
function ImportUsersDialog() {
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
