import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const TAGSMITH = fileURLToPath(new URL('../../bin/tagsmith', import.meta.url));

export interface CliResult { code: number | null; stdout: string; stderr: string }

/** Runs the real CLI as a separate process, exactly as a user would (no TTY: no progress bar). */
export function tagsmith(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(TAGSMITH, [...args], { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
