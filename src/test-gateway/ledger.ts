import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * The test gateway's durable memory: an append-only file of JSON lines, each written and
 * fsync'ed before the HTTP answer that depends on it leaves, replayed in order at start. A line is either an
 * object snapshot (the newest one of an id wins) or a stored idempotent response. A crash
 * can leave a torn last line; it is dropped on replay because its request was never answered.
 */
export type LedgerEntry =
  | { t: 'object'; object: { id: string; object: string } & Record<string, unknown> }
  | { t: 'idempotency'; scope: string; fingerprint: string; status: number; body: unknown };

export class Ledger {
  private fd: number | null = null;
  readonly file: string;

  constructor(dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, 'ledger.jsonl');
  }

  /** Every complete entry written so far, in order. */
  replay(): LedgerEntry[] {
    if (!fs.existsSync(this.file)) return [];
    const text = fs.readFileSync(this.file, 'utf8');
    const entries: LedgerEntry[] = [];
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (!line) continue;
      try {
        entries.push(JSON.parse(line) as LedgerEntry);
      } catch (error) {
        if (i < lines.length - 1)
          throw new Error(`${this.file}: line ${i + 1} is not JSON`, { cause: error });
      }
    }
    // Cut a torn tail so the next append starts on a fresh line.
    if (text.length && !text.endsWith('\n')) {
      fs.truncateSync(this.file, text.lastIndexOf('\n') + 1);
    }
    return entries;
  }

  /**
   * Queues entries for the next write and resolves once they are on disk. Entries queued while
   * a write is in progress share the following write and fsync (group commit), so concurrent
   * requests do not wait for one fsync each; none is answered before its entries are durable.
   */
  append(entries: LedgerEntry[]): Promise<void> {
    if (entries.length) this.buffer.push(entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
    if (!this.buffer.length) return this.durable;
    if (!this.next) {
      this.next = this.writing.then(() => this.flush());
      this.durable = this.next;
    }
    return this.next;
  }

  /** Resolves once everything appended so far is on disk. */
  flushed(): Promise<void> {
    return this.durable;
  }

  private buffer: string[] = [];
  /** The write that will take the buffered entries, once the one in progress is done. */
  private next: Promise<void> | null = null;
  private writing: Promise<void> = Promise.resolve();
  private durable: Promise<void> = Promise.resolve();

  private async flush(): Promise<void> {
    this.next = null;
    const data = this.buffer.join('');
    this.buffer = [];
    this.fd ??= fs.openSync(this.file, 'a');
    const fd = this.fd;
    this.writing = (async () => {
      await write(fd, data);
      await fsync(fd);
    })();
    try {
      await this.writing;
    } finally {
      this.writing = Promise.resolve();
    }
  }

  async close(): Promise<void> {
    await this.durable.catch(() => {});
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}

const write = promisify((fd: number, data: string, cb: (e: NodeJS.ErrnoException | null) => void) =>
  fs.write(fd, data, (error) => cb(error)),
);
const fsync = promisify(fs.fsync);
