import { plural } from './format';

/** `[########------------]  40%` for done out of total (total 0 counts as complete). */
export function renderBar(done: number, total: number, width = 30): string {
  const ratio = total <= 0 ? 1 : Math.min(1, Math.max(0, done / total));
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}%`;
}

/**
 * Progress of work measured by what is still pending (sync-status `pending`): the largest
 * pending count seen is the total, so the bar starts empty and fills as pending falls (it
 * moves back if new changes arrive meanwhile, which is the truth).
 * On a terminal one line is redrawn in place; otherwise a line is written when the numbers change.
 */
export class PendingProgress {
  private total = 0;
  private lastLine = '';
  private drawn = false;

  constructor(
    private readonly write: (text: string) => void,
    private readonly tty: boolean,
    private readonly label: string,
  ) {}

  update(pending: number): void {
    this.total = Math.max(this.total, pending);
    const done = this.total - pending;
    const line = `${this.label} ${renderBar(done, this.total)}  ${plural(pending, 'change')} pending`;
    if (line === this.lastLine) return;
    this.lastLine = line;
    this.drawn = true;
    // \x1b[K clears what a longer previous line left behind.
    this.write(this.tty ? `\r${line}\x1b[K` : `${line}\n`);
  }

  /** Ends the bar's line (the terminal's cursor goes back to the start of a fresh line). */
  finish(): void {
    if (this.drawn && this.tty) this.write('\n');
    this.drawn = false;
  }
}
