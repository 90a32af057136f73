import { Dropdown, Field, Input, Option, Text } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';

import { problemAt } from '../../api/problems';

import { useUserStyles as useStyles } from './styles';

export const roles = ['user', 'license_admin', 'billing_admin', 'global_admin'] as const;
export type Role = (typeof roles)[number];

/** The fields a user form shows problems beside. */
export const userFields = ['displayName', 'email', 'role', 'password'] as const;

export interface UserDraft {
  displayName: string;
  email: string;
  role: Role;
  password: string;
}

/**
 * The fields of a user: display name and role, with email and password when adding one; when
 * editing, `email` is the user's, shown as text above the fields.
 */
export function UserFields({
  value,
  onChange,
  email,
  error,
}: {
  value: UserDraft;
  onChange: (update: (value: UserDraft) => UserDraft) => void;
  email?: string;
  /** The last refusal: a problem about one of these fields is shown beside it. */
  error?: unknown;
}) {
  const styles = useStyles();
  const { t } = useTranslation();
  const set = <K extends keyof UserDraft>(key: K, next: UserDraft[K]) =>
    onChange((v) => ({ ...v, [key]: next }));
  const adding = email === undefined;
  const field = (name: keyof UserDraft) => {
    const message = problemAt(error, name);
    return message ? { validationMessage: message, validationState: 'error' as const } : {};
  };
  return (
    <>
      {!adding && <Text className={styles.muted}>{email}</Text>}
      <Field label={t('users.displayName')} required {...field('displayName')}>
        <Input value={value.displayName} onChange={(_, d) => set('displayName', d.value)} />
      </Field>
      {adding && (
        <Field label={t('users.email')} required {...field('email')}>
          <Input type="email" value={value.email} onChange={(_, d) => set('email', d.value)} />
        </Field>
      )}
      <Field label={t('users.role')} {...field('role')}>
        <RoleDropdown role={value.role} onChange={(role) => set('role', role)} />
      </Field>
      {adding && (
        <Field label={t('users.password')} hint={t('users.passwordHint')} {...field('password')}>
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

export const newUser: UserDraft = { displayName: '', email: '', role: 'user', password: '' };

export function RoleDropdown({ role, onChange }: { role: Role; onChange: (role: Role) => void }) {
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
