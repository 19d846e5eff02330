import { describe, expect, it } from 'vitest';
import {
  accountFlag,
  keyValuePairs,
  kindList,
  optionalKind,
  parsePeriod,
  words,
  zodArgument,
} from '../src/arguments.js';
import { UnknownKindError, UsageError } from '../src/errors.js';
import { RESOURCE_KINDS, SYNC_KINDS } from '../src/sync/kinds/index.js';
import { sync } from '../commands/sync.js';
import { provision } from '../commands/provision.js';
import { resolveKinds } from '../src/cli/sync.js';

/** What a parser made of its input, or the refusal it threw, for comparing two front ends. */
function outcome<T>(run: () => T): { value: T } | { refused: string } {
  try {
    return { value: run() };
  } catch (err) {
    if (err instanceof UnknownKindError || err instanceof UsageError) return { refused: err.sentence };
    throw err;
  }
}

/** The same for a /cloud schema: its value, or the refusal it answers with. */
function slashOutcome<T>(
  result: { success: true; data: T } | { success: false; error: { issues: { message: string }[] } },
) {
  return result.success ? { value: result.data } : { refused: result.error.issues.map((i) => i.message).join(' ') };
}

describe('the argument module', () => {
  it('takes kinds by plural, alias and any case, each once, and all for every kind', () => {
    expect(kindList(['Droplets', 'lb', 'droplet'], SYNC_KINDS)).toEqual(['droplet', 'load_balancer']);
    expect(kindList([], SYNC_KINDS)).toEqual([...SYNC_KINDS]);
    expect(kindList(['volume', 'ALL'], SYNC_KINDS)).toEqual([...SYNC_KINDS]);
    expect(optionalKind(['volumes'], RESOURCE_KINDS)).toBe('volume');
    expect(optionalKind([], RESOURCE_KINDS)).toBeUndefined();
  });

  it('refuses unknown kinds all at once, naming them, with a suggestion for one near miss', () => {
    const one = outcome(() => kindList(['dropplet'], SYNC_KINDS));
    expect(one).toEqual({
      refused: expect.stringMatching(/^Unknown kind "dropplet"; did you mean "droplet"\? Kinds: .*, or all\.$/),
    });
    const two = outcome(() => kindList(['gizmo', 'widget', 'droplet'], SYNC_KINDS));
    expect(two).toEqual({ refused: expect.stringMatching(/^Unknown kinds "gizmo", "widget"\. Kinds: /) });
  });

  it('reads key=value pairs, periods and --account, refusing what it cannot use in a sentence', () => {
    expect(keyValuePairs(['domain=example.com', 'note=a=b'])).toEqual({ domain: 'example.com', note: 'a=b' });
    expect(outcome(() => keyValuePairs(['=x']))).toEqual({ refused: 'Parameters are key=value; "=x" is not.' });
    expect(parsePeriod('2025-06', 'never')).toBe('2025-06');
    expect(outcome(() => parsePeriod('June', 'Write YYYY-MM.'))).toEqual({ refused: 'Write YYYY-MM.' });
    expect(accountFlag('droplet --account=Staging')).toEqual({ account: 'staging', rest: 'droplet ' });
    expect(outcome(() => accountFlag('droplet --account'))).toEqual({
      refused: 'Say which DO team after --account, e.g. --account staging.',
    });
    expect(words('  a  b ')).toEqual(['a', 'b']);
  });

  it('adapts a parser to zod, the refusal as its issue', () => {
    const schema = zodArgument((text) => kindList(words(text), SYNC_KINDS));
    expect(schema.parse('volumes')).toEqual(['volume']);
    expect({ refused: schema.safeParse('gizmo').error?.issues[0]?.message }).toEqual(
      outcome(() => kindList(['gizmo'], SYNC_KINDS)),
    );
  });
});

describe('/cloud and the command line read the same arguments alike', () => {
  const kindInputs = [
    ['droplets'],
    ['lb', 'db'],
    ['all'],
    [],
    ['k8s', 'Volume'],
    ['gizmo'],
    ['dropplet'],
    ['droplet', 'gizmo', 'widget'],
  ];

  it.each(kindInputs)('sync %s', (...asked: string[]) => {
    const slash = slashOutcome(sync.schema.safeParse(asked.join(' ')));
    const cli = outcome(() => resolveKinds(asked));
    expect('value' in slash ? { value: (slash.value as { value: unknown }).value } : slash).toEqual(cli);
  });

  it('provision parameters', () => {
    const slash = slashOutcome(provision.schema.safeParse('web-stack acme domain=example.com size=s-1vcpu-1gb'));
    expect(slash).toEqual({
      value: {
        account: undefined,
        value: {
          blueprint: 'web-stack',
          tenant: 'acme',
          params: keyValuePairs(['domain=example.com', 'size=s-1vcpu-1gb']),
        },
      },
    });
    expect(slashOutcome(provision.schema.safeParse('web-stack acme domain'))).toEqual(
      outcome(() => keyValuePairs(['domain'])),
    );
  });
});
