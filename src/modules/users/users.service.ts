import { inOrJoinTransaction } from '../../db/transaction.js';
import type { User } from '../../db/schema.js';
import { AppError, msg } from '../../shared/app-error.js';
import { recordAudit, type Actor, type Executor } from '../audit/index.js';
import { licensesByUser, lockTenantLicenses, releaseUserLicenses } from '../licensing/index.js';
import { createUserRecord, findUserByEmail, hashPassword } from '../tenants/index.js';
import {
  deleteUserRow,
  findUser,
  findUsers,
  listUsers as listUserRows,
  lockGlobalAdmins,
  updateUserRow,
  deleteSessionsOfUser,
} from './users.repository.js';
import type { CreateUserInput, ListUsersQuery, UpdateUserInput, UserList, UserView } from './users.types.js';

export function toUserView(user: User, licenses: readonly string[]): UserView {
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    role: user.role,
    canSignIn: user.password_hash !== null,
    licenses: [...licenses].sort(),
    createdAt: user.created_at,
    updatedAt: user.updated_at,
  };
}

/** What the audit log keeps of a user: never the password hash. */
function auditView(view: UserView) {
  return { email: view.email, displayName: view.displayName, role: view.role, canSignIn: view.canSignIn };
}

export function userNotFound(userId: string): AppError {
  return new AppError('not_found', msg.userNotFoundId({ id: userId }), { hint: msg.listUsers() });
}

function emailTaken(email: string): AppError {
  return new AppError('user_email_taken', msg.emailTaken({ email }), {
    details: { email },
    field: 'body.email',
  });
}

/** The unique index on (tenant_id, lower(email)) lost a race with another request. */
export function isEmailConflict(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown } | null;
  return e?.code === '23505' && e.constraint === 'users_tenant_email';
}

function lastGlobalAdmin(what: 'demote' | 'delete'): AppError {
  return new AppError(
    'last_global_admin',
    what === 'delete' ? msg.lastGlobalAdminDelete() : msg.lastGlobalAdminRole(),
    { hint: msg.makeAnotherGlobalAdmin(), ...(what === 'delete' ? {} : { field: 'body.role' }) },
  );
}

/**
 * Creates one user and writes its audit entry, in the caller's transaction. Shared by the
 * POST route and the CSV import.
 */
export async function insertUserWithAudit(
  trx: Executor,
  input: { tenantId: string; user: CreateUserInput; now: Date; actor: Actor },
): Promise<UserView> {
  const { tenantId, user, now, actor } = input;
  let id: string;
  try {
    id = await createUserRecord(trx, {
      tenantId,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      password: user.password,
      now,
    });
  } catch (error) {
    if (isEmailConflict(error)) throw emailTaken(user.email);
    throw error;
  }
  const row = await findUser(trx, tenantId, id);
  if (!row) throw userNotFound(id);
  const view = toUserView(row, []);
  await recordAudit(trx, {
    tenantId,
    actor,
    action: 'user.created',
    entityType: 'user',
    entityId: id,
    after: auditView(view),
    at: now,
  });
  return view;
}

/**
 * Adds a user to the tenant (no license: assign them separately).
 *
 * @example
 * const user = await createUser(ctx.db, { tenantId, input: { email: 'ana@contoso.com', displayName: 'Ana', role: 'user' }, now, actor });
 */
export async function createUser(
  db: Executor,
  input: { tenantId: string; input: CreateUserInput; now: Date; actor: Actor },
): Promise<UserView> {
  try {
    return await inOrJoinTransaction(db, (trx) =>
      insertUserWithAudit(trx, {
        tenantId: input.tenantId,
        user: input.input,
        now: input.now,
        actor: input.actor,
      }),
    );
  } catch (error) {
    if (isEmailConflict(error)) throw emailTaken(input.input.email);
    throw error;
  }
}

/** A page of the tenant's users, each with the product ids of its licenses. */
export async function listUsers(db: Executor, tenantId: string, query: ListUsersQuery): Promise<UserList> {
  const { rows, total } = await listUserRows(db, {
    tenantId,
    search: query.search || undefined,
    role: query.role,
    hasLicenseFor: query.hasLicenseFor,
    limit: query.limit,
    offset: query.offset,
  });
  const licenses = await licensesByUser(
    db,
    tenantId,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => toUserView(r, licenses.get(r.id) ?? [])),
    total,
    limit: query.limit,
    offset: query.offset,
  };
}

/** One user of the tenant; a user of another tenant is not found, exactly like a missing one. */
export async function getUser(db: Executor, tenantId: string, userId: string): Promise<UserView> {
  const user = await findUser(db, tenantId, userId);
  if (!user) throw userNotFound(userId);
  const licenses = await licensesByUser(db, tenantId, [userId]);
  return toUserView(user, licenses.get(userId) ?? []);
}

/** Views of several users at once (unknown ids are left out). */
export async function getUsers(
  db: Executor,
  tenantId: string,
  userIds: readonly string[],
): Promise<UserView[]> {
  const rows = await findUsers(db, tenantId, userIds);
  const licenses = await licensesByUser(
    db,
    tenantId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toUserView(r, licenses.get(r.id) ?? []));
}

/**
 * Changes a user's email, display name, role or password. The last Global admin of a tenant
 * keeps that role (`last_global_admin`).
 */
export async function updateUser(
  db: Executor,
  input: {
    tenantId: string;
    userId: string;
    patch: UpdateUserInput;
    now: Date;
    actor: Actor;
    /** The caller's own session, kept when they change their own password. */
    keepSessionId?: string | null;
  },
): Promise<UserView> {
  const { tenantId, userId, patch, now, actor } = input;
  try {
    return await inOrJoinTransaction(db, async (trx) => {
      if (patch.role !== undefined && patch.role !== 'global_admin') {
        const admins = await lockGlobalAdmins(trx, tenantId);
        if (admins.length === 1 && admins[0] === userId) throw lastGlobalAdmin('demote');
      }
      const user = await findUser(trx, tenantId, userId);
      if (!user) throw userNotFound(userId);
      if (patch.email !== undefined && patch.email.toLowerCase() !== user.email.toLowerCase()) {
        const other = await findUserByEmail(trx, tenantId, patch.email);
        if (other && other.id !== userId) throw emailTaken(patch.email);
      }
      const licenses = (await licensesByUser(trx, tenantId, [userId])).get(userId) ?? [];
      const before = toUserView(user, licenses);
      const changes: Parameters<typeof updateUserRow>[3] = { updated_at: now };
      if (patch.email !== undefined && patch.email !== user.email) changes.email = patch.email;
      if (patch.displayName !== undefined && patch.displayName !== user.display_name) {
        changes.display_name = patch.displayName;
      }
      if (patch.role !== undefined && patch.role !== user.role) changes.role = patch.role;
      if (patch.password !== undefined) changes.password_hash = await hashPassword(patch.password);
      if (Object.keys(changes).length === 1) return before;
      const updated = await updateUserRow(trx, tenantId, userId, changes);
      // A new password ends the sessions opened with the old one (someone may have learnt it).
      if (changes.password_hash !== undefined)
        await deleteSessionsOfUser(trx, tenantId, userId, input.keepSessionId ?? null);
      const after = toUserView(updated, licenses);
      await recordAudit(trx, {
        tenantId,
        actor,
        action: changes.role !== undefined ? 'user.role_changed' : 'user.updated',
        entityType: 'user',
        entityId: userId,
        before: auditView(before),
        after: { ...auditView(after), ...(patch.password !== undefined ? { passwordChanged: true } : {}) },
        at: now,
      });
      return after;
    });
  } catch (error) {
    if (isEmailConflict(error) && patch.email) throw emailTaken(patch.email);
    throw error;
  }
}

/**
 * Deletes a user: its licenses go back to the pool (each unassignment audited), its sessions
 * and API tokens go with it. The last Global admin cannot be deleted.
 */
export async function deleteUser(
  db: Executor,
  input: { tenantId: string; userId: string; now: Date; actor: Actor },
): Promise<{ user: UserView; releasedLicenses: string[] }> {
  const { tenantId, userId, now, actor } = input;
  return inOrJoinTransaction(db, async (trx) => {
    // The license lock first, as every license change takes it first: no lock-order deadlock.
    await lockTenantLicenses(trx, tenantId);
    const user = await findUser(trx, tenantId, userId);
    if (!user) throw userNotFound(userId);
    if (user.role === 'global_admin') {
      const admins = await lockGlobalAdmins(trx, tenantId);
      if (admins.length === 1 && admins[0] === userId) throw lastGlobalAdmin('delete');
    }
    const licenses = (await licensesByUser(trx, tenantId, [userId])).get(userId) ?? [];
    const view = toUserView(user, licenses);
    const releasedLicenses = await releaseUserLicenses(trx, { tenantId, userId, now, actor });
    await deleteUserRow(trx, tenantId, userId);
    await recordAudit(trx, {
      tenantId,
      actor,
      action: 'user.deleted',
      entityType: 'user',
      entityId: userId,
      before: { ...auditView(view), licenses: view.licenses },
      at: now,
    });
    return { user: view, releasedLicenses };
  });
}
