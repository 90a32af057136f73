import {
  Badge,
  MessageBar,
  MessageBarBody,
  SearchBox,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { keys, useLicenses } from '../../api/queries';
import { QueryState } from '../../components/Feedback';
import { PageHeader } from '../../components/PageHeader';
import { useProductName } from '../../routes/LicensesPage';

import { AddUserDialog, DeleteUserDialog, EditUserDialog } from './UserDialogs';
import { ImportUsersDialog } from './ImportUsersDialog';
import { useUserStyles as useStyles } from './styles';

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
