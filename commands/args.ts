import { z } from 'zod';

/** Argument text → words; Slack sends everything after `/cloud <sub>` as one string. */
function words(text: string): string[] {
  return text.trim().split(/\s+/).filter(Boolean);
}

/** No argument or one kind from `kinds`. */
export function optionalKind<K extends string>(kinds: readonly K[]) {
  return z.string().transform((text, ctx): K | undefined => {
    const [kind, ...extra] = words(text.toLowerCase()) as K[];
    if (extra.length) ctx.addIssue({ code: 'custom', message: `Expected at most one kind, got "${text.trim()}".` });
    else if (kind && !kinds.includes(kind)) ctx.addIssue({ code: 'custom', message: `Unknown kind "${kind}". Kinds: ${kinds.join(', ')}.` });
    return kind;
  });
}

/** `all`, nothing (= all) or one or more kinds from `kinds`. */
export function kindList<K extends string>(kinds: readonly K[]) {
  return z.string().transform((text, ctx): K[] => {
    const asked = words(text.toLowerCase()) as K[];
    if (asked.length === 0 || (asked as string[]).includes('all')) return [...kinds];
    const unknown = asked.filter((k) => !kinds.includes(k));
    if (unknown.length) ctx.addIssue({ code: 'custom', message: `Unknown kind${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}. Kinds: ${kinds.join(', ')}, or all.` });
    return [...new Set(asked)];
  });
}

/**
 * `--account NAME` (or `--account=NAME`) anywhere in the text, for commands about one DO team of
 * several; the rest of the text goes to `inner`. Whether the team exists is the handler's to check
 * (it knows the configuration).
 */
export function withAccount<T>(inner: z.ZodType<T, string>) {
  return z.string().transform((text, ctx): { account: string | undefined; value: T } => {
    const m = /(?:^|\s)--account(?:=|\s+|$)(\S*)/.exec(text);
    if (m && !m[1]) {
      ctx.addIssue({ code: 'custom', message: 'Say which DO team after --account, e.g. --account staging.' });
      return z.NEVER;
    }
    const rest = m ? text.replace(m[0], ' ') : text;
    const parsed = inner.safeParse(rest);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
      return z.NEVER;
    }
    return { account: m?.[1]?.toLowerCase(), value: parsed.data };
  });
}
