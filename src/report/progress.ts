/**
 * A one-line progress bar on a terminal: bytes done of total, MB/s and time left.
 *
 * It redraws at most a few times a second and only on a TTY; on a pipe or file it writes
 * nothing, so logs stay clean.
 */
import type { WriteStream } from 'node:tty';

const WIDTH = 30;
const REDRAW_MS = 200;

/** A progress bar drawing on `out`; `update` is cheap to call often. */
export class ProgressBar {
  private readonly started = performance.now();
  private drawn = 0;
  private visible = false;

  constructor(private readonly out: NodeJS.WritableStream & Partial<Pick<WriteStream, 'columns'>>) {}

  /** Redraws if enough time has passed, or at the end. */
  update(done: number, total: number): void {
    const now = performance.now();
    if (now - this.drawn < REDRAW_MS && done < total) return;
    this.drawn = now;
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? done / 1e6 / seconds : 0;
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(fraction * WIDTH);
    const left = rate > 0 ? (total - done) / 1e6 / rate : 0;
    const line = `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ` +
      `${(done / 1e6).toFixed(0)}/${(total / 1e6).toFixed(0)} MB  ${rate.toFixed(1)} MB/s  ` +
      `ETA ${formatSeconds(left)}`;
    this.out.write(`\r${line.slice(0, (this.out.columns ?? 100) - 1)}\x1b[K`);
    this.visible = true;
  }

  /** Erases the bar so the summary starts on a clean line. */
  clear(): void {
    if (this.visible) this.out.write('\r\x1b[K');
    this.visible = false;
  }
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.ceil(s)}s`;
}
