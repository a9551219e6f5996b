/**
 * The fan-out spinner (DESIGN.md s.4): while clusters are outstanding it says on stderr how many answered and which
 * are still waiting. It exists only when stderr is a terminal and `--quiet` is off, so pipes, CI logs and tests never
 * see it. ora loads lazily, only when the spinner will actually show.
 */
import type { OutStream } from '../io.js';

/** What the fan-out tells the spinner, and what the command does before printing. */
export interface Progress {
  /** A cluster answered or failed. */
  settled(clusterName: string): void;
  /** Removes the spinner for good (before the table is printed and before error lines). */
  stop(): void;
}

const NO_PROGRESS: Progress = { settled: () => undefined, stop: () => undefined };

/** The spinner text: `2/5 clusters answered, waiting for c, d, e`; long waiting lists end in `+N more`. */
export function progressText(total: number, waiting: readonly string[], maxNames = 3): string {
  const shown = waiting.slice(0, maxNames).join(', ');
  const more = waiting.length > maxNames ? ` +${waiting.length - maxNames} more` : '';
  return `${total - waiting.length}/${total} clusters answered, waiting for ${shown}${more}`;
}

/** Starts the spinner for `clusterNames` on `stderr`, or returns a no-op when it must not show. */
export async function startProgress(stderr: OutStream, clusterNames: readonly string[], quiet: boolean): Promise<Progress> {
  // A terminal that reports no width (a pty of size 0, as `script` makes) would send ora's line arithmetic astray.
  if (quiet || !stderr.isTTY || !((stderr.columns ?? 0) > 0) || clusterNames.length === 0) return NO_PROGRESS;
  const { default: ora } = await import('ora');
  const waiting = [...clusterNames];
  const spinner = ora({
    text: progressText(clusterNames.length, waiting),
    stream: stderr as unknown as NodeJS.WritableStream,
    isEnabled: true,
    discardStdin: false,
  }).start();
  let stopped = false;
  return {
    settled(clusterName) {
      const i = waiting.indexOf(clusterName);
      if (i >= 0) waiting.splice(i, 1);
      if (!stopped && waiting.length > 0) spinner.text = progressText(clusterNames.length, waiting);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      spinner.stop();
    },
  };
}
