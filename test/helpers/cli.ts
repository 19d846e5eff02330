import { spawn, type ChildProcess } from 'node:child_process';
import { format } from 'node:util';
import { Command, CommanderError } from 'commander';
import mongoose from 'mongoose';
import { loadConfig } from '../../src/config.js';
import { connectDatabase } from '../../src/db.js';
import { createLogger, logger, setLogger } from '../../src/logger.js';
import { repoPath } from '../../src/repo-path.js';
import { action } from '../../src/cli/action.js';
import { registerAnomalyCommands } from '../../src/cli/anomaly-commands.js';
import { registerBillingCommands } from '../../src/cli/billing-commands.js';
import { registerForecastCommands } from '../../src/cli/forecast-commands.js';
import { registerInvoiceCommands } from '../../src/cli/invoice-commands.js';
import { registerOutboxCommands } from '../../src/cli/outbox-commands.js';
import { registerProvisionCommands } from '../../src/cli/provision-commands.js';
import { registerTenantCommands } from '../../src/cli/tenant-commands.js';
import { registerBudgetCommands } from '../../src/cli/budget-commands.js';
import { mongoUriFor } from './context.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts the real CLI (TypeScript sources through tsx) as a child process: for what only a process
 * shows (exit codes of start-up failures, signals, the log on stderr, the bin). A start costs seconds
 * of module loading; `runCliInProcess` runs the command groups without it.
 */
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

/** The command groups `buildProgram` (src/cli.ts) adds through their `register…Commands`, each with its config injected. */
const COMMAND_GROUPS = [
  registerInvoiceCommands,
  registerOutboxCommands,
  registerProvisionCommands,
  registerTenantCommands,
  registerBillingCommands,
  registerAnomalyCommands,
  registerBudgetCommands,
  registerForecastCommands,
];

/**
 * Runs `arcadia ARGS` for the command groups (invoice, outbox, provision/saga, tenant, billing, anomalies, budget, forecast) in this
 * process, as their own process would: config from `env` alone, output and exit code captured, the
 * one-off commands' log level (warn, or env's ARCADIA_LOG_LEVEL) with the log going to stderr.
 * Commands built in src/cli.ts itself (start, worker, sync, resources, waste) and the program's own
 * options are for `runCli`.
 *
 * A command opens and closes the process's mongoose connection, as it would in its own process:
 * a connection the test file holds is closed first and opened again after.
 */
export async function runCliInProcess(args: string[], env: Record<string, string>): Promise<CliResult> {
  const out = { stdout: '', stderr: '' };
  const program = new Command('arcadia')
    .exitOverride()
    .configureOutput({ writeOut: (s) => void (out.stdout += s), writeErr: (s) => void (out.stderr += s) });
  for (const register of COMMAND_GROUPS) register(program, action, () => loadConfig(env));

  const held =
    mongoose.connection.readyState === mongoose.ConnectionStates.connected ? mongoose.connection.name : undefined;
  if (held) await mongoose.disconnect();
  const saved = {
    log: console.log,
    error: console.error,
    write: process.stdout.write,
    exitCode: process.exitCode,
    logger: logger(),
  };
  console.log = (...a: unknown[]) => void (out.stdout += `${format(...a)}\n`);
  console.error = (...a: unknown[]) => void (out.stderr += `${format(...a)}\n`);
  process.stdout.write = ((chunk: string | Uint8Array) => (
    (out.stdout += chunk.toString()),
    true
  )) as typeof process.stdout.write;
  setLogger(createLogger(env.ARCADIA_LOG_LEVEL || 'warn', { write: (line: string) => void (out.stderr += line) }));
  process.exitCode = undefined;
  let code: number;
  try {
    await program.parseAsync(args, { from: 'user' });
    code = Number(process.exitCode ?? 0);
  } catch (err) {
    // Commander's own refusals (an unknown option, a missing argument), written to out.stderr already.
    if (!(err instanceof CommanderError)) throw err;
    code = err.exitCode;
  } finally {
    console.log = saved.log;
    console.error = saved.error;
    process.stdout.write = saved.write;
    process.exitCode = saved.exitCode;
    setLogger(saved.logger);
  }
  if (held && mongoose.connection.readyState !== mongoose.ConnectionStates.connected)
    await connectDatabase(mongoUriFor(held));
  return { code, ...out };
}
