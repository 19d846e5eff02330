import { spawn, type ChildProcess } from 'node:child_process';
import { repoPath } from '../../src/repo-path.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the real CLI (TypeScript sources through tsx) as a child process. */
export function startCli(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', repoPath('src', 'cli.ts'), ...args], {
    cwd: repoPath(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs the CLI to completion and collects its output. */
export async function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  const child = startCli(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

/** A started CLI's output so far, appended as it arrives. */
export function collectOutput(child: ChildProcess): { stdout: string; stderr: string } {
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d: Buffer) => (output.stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output.stderr += d.toString()));
  return output;
}

/** Resolves once the child has logged `message` (pino JSON on stderr); rejects if it exits first. */
export function waitForLog(child: ChildProcess, output: { stderr: string }, message: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!output.stderr.includes(`"msg":"${message}"`)) return;
      child.stderr!.off('data', check);
      child.off('close', onClose);
      resolve();
    };
    const onClose = (code: number | null) => {
      child.stderr!.off('data', check);
      reject(new Error(`the CLI exited (${code}) before logging "${message}":\n${output.stderr}`));
    };
    // Registered after collectOutput's listener, so the chunk is already appended when this runs.
    child.stderr!.on('data', check);
    child.once('close', onClose);
    check();
  });
}
