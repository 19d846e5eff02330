/**
 * Resolves once `condition` holds, checking it again every few milliseconds: a wait on a condition,
 * never on a time. Throws, naming `what`, when it still fails after `limitMs` (a hung test reports
 * what it waited for instead of running into the test timeout).
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  limitMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
