/**
 * Repeated statements run as named prepared statements (src/db/prepared.ts): what a user would
 * notice is only that nothing changes — the same answers — and that a schema change made by
 * another process under a running server (a rolling upgrade's migration adding a column) costs
 * at most one 503 with Retry-After per pooled connection, never a 500 and never a connection stuck failing.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStalePreparedStatement } from '../src/db/prepared.js';
import { isDatabaseUnavailable } from '../src/db/transaction.js';
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

  it('BILLING_CENTER_DB_PREPARED_STATEMENTS=false (a pooler that cannot keep them): nothing is prepared', async () => {
    const off = await startTestServer({ env: { BILLING_CENTER_DB_PREPARED_STATEMENTS: 'false' } });
    try {
      const names = await off.ctx.db.connection().execute(async (c) => {
        for (let i = 0; i < 3; i++)
          await c.selectFrom('tenants').select(['id', 'name']).where('id', '=', `ten_nothing_${i}`).execute();
        const { rows } = await sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM pg_prepared_statements`.execute(c);
        return rows[0]!.n;
      });
      expect(names).toBe(0);
      const tenant = await off.createTenant();
      expect((await off.request('GET', '/api/users', { token: tenant.token })).status).toBe(200);
    } finally {
      await off.close();
    }
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

  it('a prepared SELECT * made stale by another connection fails once on its connection, then is prepared afresh', async () => {
    const db = server.ctx.db;
    await db.connection().execute(async (c) => {
      const read = () => c.selectFrom('catalog_versions').selectAll().where('id', '>', 0).limit(1).execute();
      await read();
      await read();
      await sql`ALTER TABLE catalog_versions ADD COLUMN stale_probe text`.execute(db);
      try {
        const error = await read().then(
          () => null,
          (e: unknown) => e,
        );
        expect(isStalePreparedStatement(error)).toBe(true);
        expect(isDatabaseUnavailable(error)).toBe(true); // answered 503 with Retry-After
        const rows = await read();
        expect(Object.keys(rows[0]!)).toContain('stale_probe');
      } finally {
        await sql`ALTER TABLE catalog_versions DROP COLUMN stale_probe`.execute(db);
      }
    });
  });

  it('a connection cut between two statements of a transaction: no crash, that transaction fails as unavailable, the pool goes on', async () => {
    const db = server.ctx.db;
    const error = await db
      .transaction()
      .execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx);
        // Cut from another connection while this one is checked out and idle (as PostgreSQL
        // does to every connection when it restarts); the client hears it with no query running.
        await sql`SELECT pg_terminate_backend(${rows[0]!.pid})`.execute(db);
        await new Promise((r) => setTimeout(r, 200));
        await sql`SELECT 1`.execute(trx);
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(isDatabaseUnavailable(error)).toBe(true);
    const again = await sql<{ one: number }>`SELECT 1 AS one`.execute(db);
    expect(again.rows[0]!.one).toBe(1);
  });

  it('a column added by another process under the server: 503 at most once per pooled connection, then the same answers', async () => {
    const tenant = await server.createTenant();
    const list = () =>
      server.request<{ items: { email: string }[] }>('GET', '/api/users', { token: tenant.token });
    // Warm every pooled connection with the users list (SELECT users.* …, prepared).
    let warm: Awaited<ReturnType<typeof list>>[] = [];
    for (let round = 0; round < 4; round++) {
      warm = await Promise.all(Array.from({ length: 10 }, () => list()));
      for (const r of warm) expect(r.status).toBe(200);
    }
    const before = warm[0]!.body.items.map((u) => u.email);

    await sql`ALTER TABLE users ADD COLUMN nickname_from_upgrade text`.execute(server.ctx.db);
    try {
      // Rounds of parallel requests until one round is all answered: a connection fails at most
      // once (then prepares afresh), so at most as many 503s as pooled connections (5).
      const statuses: number[] = [];
      let last: Awaited<ReturnType<typeof list>>[] = [];
      for (let round = 0; round < 10; round++) {
        last = await Promise.all(Array.from({ length: 10 }, () => list()));
        for (const r of last) {
          statuses.push(r.status);
          if (r.status === 503) {
            expect(r.contentType).toContain('application/problem+json');
            expect((r.body as unknown as { code: string }).code).toBe('service_unavailable');
            expect(r.headers.get('retry-after')).toBeTruthy();
          }
        }
        if (last.every((r) => r.status === 200)) break;
      }
      expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
      // The stale statements were met (the warm connections held them prepared), and survived.
      expect(statuses).toContain(503);
      expect(statuses.filter((s) => s === 503).length).toBeLessThanOrEqual(5);
      for (const r of last) {
        expect(r.status).toBe(200);
        expect(r.body.items.map((u) => u.email)).toEqual(before);
      }
    } finally {
      await sql`ALTER TABLE users DROP COLUMN nickname_from_upgrade`.execute(server.ctx.db);
    }
  });
});
