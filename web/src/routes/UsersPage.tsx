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
  tokens,
} from '@fluentui/react-components';
import { PersonAdd20Regular } from '@fluentui/react-icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { keys, useLicenses } from '../api/queries';
import type { CreateUserBody, UserView } from '../api/types';
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
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  muted: { color: tokens.colorNeutralForeground2 },
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
  const [created, setCreated] = useState<UserView | undefined>();

  return (
    <>
      <PageHeader title={t('users.title')} crumbs={[{ label: t('nav.users') }]} intro={t('users.intro')} />
      <div className={styles.bar}>
        <AddUserDialog onCreated={setCreated} />
        <SearchBox
          placeholder={t('users.search')}
          aria-label={t('users.search')}
          value={search}
          onChange={(_, d) => setSearch(d.value)}
        />
        {users.data && <Text className={styles.muted}>{t('users.count', { count: users.data.total })}</Text>}
      </div>
      {created && (
        <MessageBar intent="success" style={{ marginBottom: 12 }} role="status">
          <MessageBarBody>{t('users.created', { name: created.displayName })}</MessageBarBody>
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
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.items.map((u) => (
                <TableRow key={u.id}>
                  <TableCell>{u.displayName}</TableCell>
                  <TableCell>{u.email}</TableCell>
                  <TableCell>{t(`users.roles.${u.role}`)}</TableCell>
                  <TableCell>
                    {u.licenses.length ? (
                      <span className={styles.badges}>
                        {u.licenses.map((id) => (
                          <Badge key={id} appearance="tint" color="informative" shape="rounded">
                            {productName(id)}
                          </Badge>
                        ))}
                      </span>
                    ) : (
                      <Text className={styles.muted}>{t('users.noLicense')}</Text>
                    )}
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
