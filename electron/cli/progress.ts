import type { Progress } from '../core/dataset/dataset.ts';

export type ProgressSink = ((p: Progress) => void) & { stop(): void };

/**
 * A progress bar on stderr, only when stderr is a terminal: pipes and CI logs stay clean, and stdout
 * stays machine-readable for --json. One bar is reused across phases (reading, writing...).
 */
export async function progressBar(enabled = Boolean(process.stderr.isTTY)): Promise<ProgressSink> {
  if (!enabled) return Object.assign(() => {}, { stop() {} });
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: ' {phase} [{bar}] {value}/{total} | {eta_formatted} left', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let phase = '';
  let started = false;
  const update = (p: Progress) => {
    if (!started || p.phase !== phase) {
      if (started) bar.stop();
      bar.start(p.total, p.done, { phase: p.phase });
      phase = p.phase;
      started = true;
    } else {
      bar.update(p.done, { phase: p.phase });
    }
  };
  return Object.assign(update, { stop: () => started && bar.stop() });
}
