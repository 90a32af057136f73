import fs from 'node:fs';
import path from 'node:path';

/**
 * The test gateway's durable memory: an append-only file of JSON lines, each written and
 * fsync'ed before the HTTP answer leaves, replayed in order at start. A line is either an
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

  /** Appends entries as one write and returns only once they are on disk. */
  append(entries: LedgerEntry[]): void {
    if (!entries.length) return;
    this.fd ??= fs.openSync(this.file, 'a');
    fs.writeSync(this.fd, entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
    fs.fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}
