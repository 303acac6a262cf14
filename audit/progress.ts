/**
 * A one-line progress bar on a terminal (redrawn in place), or a line every tenth of the way
 * when the output is a file or a pipe, so a log keeps a readable trace of a long bulk run.
 */
export interface ProgressBar {
  update(done: number, total: number, label?: string): void;
  stop(): void;
}

export function progressBar(out: NodeJS.WriteStream = process.stderr, width = 30): ProgressBar {
  let lastTenth = -1;
  let drawn = false;
  return {
    update(done, total, label = '') {
      const ratio = total === 0 ? 1 : Math.min(1, done / total);
      if (out.isTTY) {
        const filled = Math.round(ratio * width);
        out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${(ratio * 100).toFixed(0).padStart(3)}% ${label}`.slice(0, (out.columns ?? 120) - 1).padEnd(Math.min(out.columns ?? 120, 120) - 1));
        drawn = true;
        return;
      }
      const tenth = Math.floor(ratio * 10);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        out.write(`${done}/${total} (${(ratio * 100).toFixed(0)}%)\n`);
      }
    },
    stop() {
      if (drawn) out.write('\n');
    },
  };
}
