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
import { ConfirmDialog, FormDialog } from '../components/ActionDialog';
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

interface UserDraft {
  displayName: string;
  email: string;
  role: Role;
  password: string;
}

/**
 * The fields of a user: display name and role, with email and password when adding one; when
 * editing, `email` is the user's, shown as text above the fields.
 */
function UserFields({
  value,
  onChange,
  email,
}: {
  value: UserDraft;
  onChange: (update: (value: UserDraft) => UserDraft) => void;
  email?: string;
}) {
  const styles = useStyles();
  const { t } = useTranslation();
  const set = <K extends keyof UserDraft>(key: K, next: UserDraft[K]) =>
    onChange((v) => ({ ...v, [key]: next }));
  const adding = email === undefined;
  return (
    <>
      {!adding && <Text className={styles.muted}>{email}</Text>}
      <Field label={t('users.displayName')} required>
        <Input value={value.displayName} onChange={(_, d) => set('displayName', d.value)} />
      </Field>
      {adding && (
        <Field label={t('users.email')} required>
          <Input type="email" value={value.email} onChange={(_, d) => set('email', d.value)} />
        </Field>
      )}
      <Field label={t('users.role')}>
        <RoleDropdown role={value.role} onChange={(role) => set('role', role)} />
      </Field>
      {adding && (
        <Field label={t('users.password')} hint={t('users.passwordHint')}>
          <Input
            type="password"
            autoComplete="new-password"
            value={value.password}
            onChange={(_, d) => set('password', d.value)}
          />
        </Field>
      )}
    </>
  );
}

const newUser: UserDraft = { displayName: '', email: '', role: 'user', password: '' };

function AddUserDialog({ onCreated }: { onCreated: (user: UserView) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<UserDraft>(newUser);
  const create = useMutation({
    mutationFn: (body: CreateUserBody) => call(api.POST('/api/users', { body })),
    onSuccess: (user) => {
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      setOpen(false);
      onCreated(user);
    },
  });
  const { displayName, email, role, password } = draft;
  return (
    <FormDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          setDraft(newUser);
          create.reset();
        }
      }}
      trigger={
        <Button appearance="primary" icon={<PersonAdd20Regular />}>
          {t('users.add')}
        </Button>
      }
      title={t('users.add')}
      stacked
      error={create.error}
      onSubmit={() => create.mutate({ displayName, email, role, ...(password ? { password } : {}) })}
      submitLabel={t('users.create')}
      submitDisabled={create.isPending || !displayName.trim() || !email.trim()}
    >
      <UserFields value={draft} onChange={setDraft} />
    </FormDialog>
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
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const current = (): UserDraft => ({ ...newUser, displayName: user.displayName, role: user.role as Role });
  const [draft, setDraft] = useState<UserDraft>(current);
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
  const { displayName, role } = draft;
  const changed = displayName.trim() !== user.displayName || role !== user.role;
  return (
    <FormDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          setDraft(current());
          save.reset();
        }
      }}
      trigger={
        <Button size="small" aria-label={t('userEdit.editOf', { name: user.displayName })}>
          {t('userEdit.edit')}
        </Button>
      }
      title={t('userEdit.editTitle', { name: user.displayName })}
      stacked
      error={save.error}
      onSubmit={() =>
        save.mutate({
          ...(displayName.trim() !== user.displayName ? { displayName: displayName.trim() } : {}),
          ...(role !== user.role ? { role } : {}),
        })
      }
      submitLabel={t('userEdit.save')}
      submitDisabled={save.isPending || !displayName.trim() || !changed}
    >
      <UserFields value={draft} onChange={setDraft} email={user.email} />
    </FormDialog>
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
    <ConfirmDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) remove.reset();
      }}
      trigger={
        <Button size="small" aria-label={t('userEdit.deleteOf', { name: user.displayName })}>
          {t('userEdit.delete')}
        </Button>
      }
      title={t('userEdit.deleteTitle', { name: user.displayName })}
      stacked
      error={remove.error}
      confirmLabel={t('userEdit.delete')}
      onConfirm={() => remove.mutate()}
      pending={remove.isPending}
    >
      <Text>{t('userEdit.deleteBody')}</Text>
      <Text>
        {user.licenses.length
          ? t('userEdit.deleteLicenses', { count: user.licenses.length, names })
          : t('userEdit.deleteNoLicense')}
      </Text>
    </ConfirmDialog>
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
