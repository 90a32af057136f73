/**
 * Repeated statements run as named prepared statements (src/db/prepared.ts): what a user would
 * notice is only that nothing changes — the same answers — and that a schema change made by
 * another process under a running server (a rolling upgrade's migration adding a column) costs
 * at most a 503 with Retry-After per connection, never a 500 and never a connection stuck failing.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('prepared statements', () => {
  it('prepares a statement seen twice on a connection, and never a parameterless or DDL text', async () => {
    const names = await server.ctx.db.connection().execute(async (c) => {
      for (let i = 0; i < 3; i++)
        await c.selectFrom('tenants').select(['id', 'name']).where('id', '=', `ten_nothing_${i}`).execute();
      // Parameterless: may hold several statements, so it must stay on the simple protocol.
      await sql`SELECT 1 AS one; SELECT 2 AS two`.execute(c);
      const { rows } = await sql<{ statement: string }>`
        SELECT statement FROM pg_prepared_statements WHERE NOT from_sql`.execute(c);
      return rows.map((r) => r.statement);
    });
    expect(names.filter((s) => s.includes('"tenants"') && s.includes('"name"'))).toHaveLength(1);
    expect(names.some((s) => s.includes('SELECT 1 AS one'))).toBe(false);
  });

  it('a BEGIN held until the first statement still opens the transaction that statement runs in', async () => {
    const db = server.ctx.db;
    const heldLocks = () =>
      sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND objid = 424242`;
    // First statement without parameters (sent with BEGIN in one message): the transaction-level
    // lock it takes is still held by the next statement, so BEGIN came first.
    const inside = await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(424242)`.execute(trx);
      return (await heldLocks().execute(trx)).rows[0]!.n;
    });
    expect(inside).toBe(1);
    // First statement with parameters: BEGIN goes first on its own; a rollback undoes the write.
    const name = `Rolled back ${Date.now()}`;
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.updateTable('tenants').set({ name }).where('id', 'like', 'ten_%').execute();
        await sql`SELECT pg_advisory_xact_lock(424242)`.execute(trx);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await db.selectFrom('tenants').select('id').where('name', '=', name).execute()).toEqual([]);
    // A failing first statement travelling with BEGIN leaves the connection usable.
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`SELECT 1 / 0`.execute(trx);
      }),
    ).rejects.toThrow(/division by zero/);
    // An empty transaction, and the lock released at every end.
    await db.transaction().execute(async () => {});
    const after = await db.connection().execute(async (c) => (await heldLocks().execute(c)).rows[0]!.n);
    expect(after).toBe(0);
  });

  it('a column added by another process under the server: 503 at most once per connection, then the same answers', async () => {
    const tenant = await server.createTenant();
    const list = () =>
      server.request<{ items: { email: string }[] }>('GET', '/api/users', { token: tenant.token });
    // Warm every pooled connection with the users list (SELECT users.* …, prepared).
    const warm = await Promise.all(Array.from({ length: 10 }, () => list()));
    for (const r of warm) expect(r.status).toBe(200);
    const before = warm[0]!.body.items.map((u) => u.email);

    await sql`ALTER TABLE users ADD COLUMN nickname_from_upgrade text`.execute(server.ctx.db);
    try {
      const statuses: number[] = [];
      let answer: Awaited<ReturnType<typeof list>> | undefined;
      // Each connection fails at most once per stale statement; the pool has 5 connections.
      for (let i = 0; i < 30 && answer === undefined; i++) {
        const r = await list();
        statuses.push(r.status);
        if (r.status === 503) {
          expect(r.contentType).toContain('application/problem+json');
          expect((r.body as unknown as { code: string }).code).toBe('service_unavailable');
          expect(r.headers.get('retry-after')).toBeTruthy();
        } else answer = r;
      }
      expect(statuses).not.toContain(500);
      // The stale statement was met (the warm connections held it prepared), and survived.
      expect(statuses[0]).toBe(503);
      expect(statuses.filter((s) => s === 503).length).toBeLessThanOrEqual(10);
      expect(answer?.status).toBe(200);
      expect(answer!.body.items.map((u) => u.email)).toEqual(before);
      // Every connection answers again, in parallel too.
      const after = await Promise.all(Array.from({ length: 10 }, () => list()));
      const late = after.filter((r) => r.status !== 200).map((r) => r.status);
      expect(late.every((s) => s === 503)).toBe(true);
      const again = await Promise.all(Array.from({ length: 10 }, () => list()));
      for (const r of again) expect(r.status).toBe(200);
    } finally {
      await sql`ALTER TABLE users DROP COLUMN nickname_from_upgrade`.execute(server.ctx.db);
    }
  });
});
