import { Button, Text } from '@fluentui/react-components';
import { PersonAdd20Regular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { keys } from '../../api/queries';
import type { CreateUserBody, UpdateUserBody, UserView } from '../../api/types';
import { unplaced } from '../../api/problems';
import { ConfirmDialog, FormDialog } from '../../components/ActionDialog';

import { newUser, UserFields, userFields, type Role, type UserDraft } from './UserFields';

export function AddUserDialog({ onCreated }: { onCreated: (user: UserView) => void }) {
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
      error={unplaced(create.error, userFields)}
      onSubmit={() => create.mutate({ displayName, email, role, ...(password ? { password } : {}) })}
      submitLabel={t('users.create')}
      submitDisabled={create.isPending || !displayName.trim() || !email.trim()}
    >
      <UserFields value={draft} onChange={setDraft} error={create.error} />
    </FormDialog>
  );
}

export function EditUserDialog({ user, onSaved }: { user: UserView; onSaved: (user: UserView) => void }) {
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
      error={unplaced(save.error, userFields)}
      onSubmit={() =>
        save.mutate({
          ...(displayName.trim() !== user.displayName ? { displayName: displayName.trim() } : {}),
          ...(role !== user.role ? { role } : {}),
        })
      }
      submitLabel={t('userEdit.save')}
      submitDisabled={save.isPending || !displayName.trim() || !changed}
    >
      <UserFields value={draft} onChange={setDraft} email={user.email} error={save.error} />
    </FormDialog>
  );
}

export function DeleteUserDialog({
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
