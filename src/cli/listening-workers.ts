import type { Queue } from 'bullmq';

/**
 * Whether a worker (`arcadia worker`, or `arcadia start`'s) listens on `queue`: BullMQ's count of
 * the connections its workers hold. Every command that queues work asks it, to say when nothing will run.
 */
export async function workerListening(queue: Queue): Promise<boolean> {
  return (await queue.getWorkersCount()) > 0;
}

const pronoun = (what: string) => (what.startsWith('these ') ? 'them' : 'it');

/** What a command that queued work prints (on stderr) when no worker listens: `what` is "these syncs", "this saga". */
export function noWorkerLine(what: string, waitCommand: string): string {
  return `arcadia: no worker is listening, so nothing will run ${what} yet: start \`arcadia worker\` (or \`arcadia start\`), or run \`${waitCommand}\` to work ${pronoun(what)} here`;
}

/**
 * What `--wait` prints (on stderr) when a running worker takes the work rather than this process:
 * it runs with its own settings (its DO token among them), not the ones this command was given.
 */
export function workerTookLine(what: string): string {
  return `arcadia: a running worker took ${what} and ran ${pronoun(what)} with its own configuration (its DIGITALOCEAN_TOKEN and settings), not this shell's`;
}
