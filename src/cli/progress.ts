/**
 * Progress of long CLI work, on stderr so stdout stays clean for results and pipes.
 *
 * On a terminal it draws one line that redraws itself (a bar when the total is known, a
 * spinner with the elapsed time when it is not). Anywhere else (CI logs, files) it prints a
 * plain counter line now and then, because carriage returns turn a log into noise.
 *
 * @example
 * const progress = startProgress('Importing users', { total: rows.length });
 * for (const chunk of chunks) { await work(chunk); progress.advance(chunk.length); }
 * progress.finish('Imported 250 users');
 */
export interface Progress {
  /** Sets how many units are done. */
  update(done: number): void;
  /** Adds units to what is done. */
  advance(units?: number): void;
  /** Ends the line with a final message (or the last count). */
  finish(message?: string): void;
  /** Ends the line after a failure, without pretending the work is complete. */
  fail(): void;
}

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): boolean;
}

const spinnerFrames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const redrawEveryMs = 80;
const plainLineEveryMs = 2_000;

export function startProgress(
  label: string,
  options: { total?: number; stream?: ProgressStream; now?: () => number } = {},
): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const total = options.total !== undefined && options.total > 0 ? options.total : undefined;
  const interactive = stream.isTTY === true;
  const startedAt = now();
  let done = 0;
  let lastDrawAt = 0;
  let lastPlainPercent = -1;
  let frame = 0;
  let ended = false;
  // A spinner must move even while one long await gives no update.
  const timer = interactive && total === undefined ? setInterval(() => draw(true), redrawEveryMs) : undefined;
  timer?.unref();

  function elapsed(): string {
    return `${((now() - startedAt) / 1000).toFixed(1)}s`;
  }

  function interactiveLine(): string {
    if (total === undefined) {
      frame = (frame + 1) % spinnerFrames.length;
      const count = done > 0 ? ` ${done}` : '';
      return `${spinnerFrames[frame]} ${label}…${count} ${elapsed()}`;
    }
    const ratio = Math.min(1, done / total);
    const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - label.length - 40));
    const filled = Math.round(ratio * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    return `${label} ${bar} ${String(Math.floor(ratio * 100)).padStart(3)}% ${done}/${total} ${elapsed()}`;
  }

  function draw(force = false): void {
    if (ended) return;
    const t = now();
    if (interactive) {
      if (!force && t - lastDrawAt < redrawEveryMs && done !== total) return;
      lastDrawAt = t;
      stream.write(`\r\x1b[2K${interactiveLine()}`);
      return;
    }
    // Plain output: a line at each tenth of the work, or every few seconds without a total.
    if (total !== undefined) {
      const percent = Math.floor((Math.min(done, total) / total) * 10) * 10;
      if (percent === lastPlainPercent || percent === 100) return;
      lastPlainPercent = percent;
      stream.write(`${label}: ${done}/${total} (${percent}%)\n`);
    } else if (force || t - lastDrawAt >= plainLineEveryMs) {
      lastDrawAt = t;
      stream.write(`${label}…${done > 0 ? ` ${done}` : ''}\n`);
    }
  }

  function end(message: string): void {
    if (ended) return;
    ended = true;
    if (timer) clearInterval(timer);
    stream.write(interactive ? `\r\x1b[2K${message}\n` : `${message}\n`);
  }

  draw(true);
  return {
    update(value) {
      done = Math.max(0, value);
      draw();
    },
    advance(units = 1) {
      done += units;
      draw();
    },
    finish(message) {
      const count = total !== undefined ? ` ${done}/${total}` : done > 0 ? ` ${done}` : '';
      end(message ?? `${label}: done${count} in ${elapsed()}`);
    },
    fail() {
      const count = total !== undefined ? ` after ${done}/${total}` : '';
      end(`${label}: stopped${count} (${elapsed()})`);
    },
  };
}
