import { readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseDocument, isMap } from 'yaml';
import { z } from 'zod';
import { BlueprintError, BlueprintParamError } from './errors.js';
import { referencedKinds, STEP_KINDS, stepKind, type PlannedStep } from './steps/index.js';

export type { PlannedStep };

const param = z
  .object({
    required: z.boolean().default(false),
    default: z.string().optional(),
    allowed: z.array(z.string()).min(1).optional(),
    pattern: z.string().optional(),
    /** The value must be one of these DNS domains or a subdomain of one (`example.com` allows `shop.example.com`). */
    allowed_domains: z
      .array(
        z
          .string()
          .regex(/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/, 'must be lowercase domain names, e.g. example.com'),
      )
      .min(1)
      .optional(),
    description: z.string().optional(),
  })
  .strict();

/**
 * Each resource kind a blueprint may create: one per registered step kind, whose `kind` picks it and
 * whose `schema` is its shape. Typed as the registry's PlannedStep union (zod cannot infer a union
 * built from a list at run time).
 */
const resource = z.discriminatedUnion(
  'kind',
  STEP_KINDS.map((k) => k.schema) as unknown as [z.ZodObject<{ kind: z.ZodLiteral<string> }>],
) as unknown as z.ZodType<PlannedStep>;

const blueprintSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]+$/),
    description: z.string().default(''),
    params: z
      .record(z.string().regex(/^[a-z_][a-z0-9_]*$/, 'parameter names are lowercase letters, digits and _'), param)
      .default({}),
    resources: z.array(resource).min(1),
  })
  .strict();

export type Blueprint = z.infer<typeof blueprintSchema> & { file: string };

/**
 * Variables every blueprint may use besides its own parameters, filled from the runtime config
 * (not from the request): `${tenant_tag_prefix}` is ARCADIA_TENANT_TAG_PREFIX, so a stack is tagged
 * the way billing reads tenants.
 */
export const BUILTIN_VARIABLES = {
  tenant_tag_prefix: 'the configured ARCADIA_TENANT_TAG_PREFIX',
} as const;
export type BlueprintBuiltins = Record<keyof typeof BUILTIN_VARIABLES, string>;

const isBuiltin = (name: string): name is keyof BlueprintBuiltins => Object.hasOwn(BUILTIN_VARIABLES, name);

/** Parses and checks one blueprint's text; every problem names the file and the path inside it. */
export function parseBlueprint(text: string, file: string): Blueprint {
  const doc = parseDocument(text);
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    throw new BlueprintError(
      file,
      e.linePos ? `line ${e.linePos[0].line}` : '',
      `not valid YAML: ${e.message.split('\n')[0]}`,
    );
  }
  if (!isMap(doc.contents))
    throw new BlueprintError(file, '', 'must be a YAML mapping with name, params and resources');
  const parsed = blueprintSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BlueprintError(file, pathText(issue.path), issue.message);
  }
  const bp = parsed.data;
  // A parameter named like a built-in would leave `${name}` meaning two things.
  for (const name of Object.keys(bp.params)) {
    if (isBuiltin(name))
      throw new BlueprintError(
        file,
        `params.${name}`,
        `"${name}" is a built-in variable (${BUILTIN_VARIABLES[name]}); name the parameter differently`,
      );
  }
  const seen = new Map<string, PlannedStep['kind']>();
  bp.resources.forEach((r, i) => {
    const at = (field?: string) => `resources[${i}]${field ? `.${field}` : ''}`;
    if (seen.has(r.id)) throw new BlueprintError(file, at('id'), `duplicate resource id "${r.id}"`);
    for (const [field, targets] of Object.entries(stepKind(r.kind).references)) {
      const kinds = referencedKinds(targets);
      const value = (r as Record<string, unknown>)[field];
      for (const ref of Array.isArray(value) ? (value as string[]) : [value as string]) {
        const kind = seen.get(ref);
        if (!kind) throw new BlueprintError(file, at(field), `"${ref}" is not an earlier resource's id`);
        if (!kinds.includes(kind))
          throw new BlueprintError(file, at(field), `"${ref}" is a ${kind}; expected ${kinds.join(' or ')}`);
      }
    }
    if (r.when !== undefined && !(r.when in bp.params))
      throw new BlueprintError(file, at('when'), `"${r.when}" is not a parameter`);
    for (const [field, value] of Object.entries(r)) {
      for (const text of typeof value === 'string'
        ? [value]
        : Array.isArray(value)
          ? value.filter((v): v is string => typeof v === 'string')
          : []) {
        for (const [, name] of text.matchAll(/\$\{([^}]*)\}/g)) {
          if (!(name! in bp.params) && !isBuiltin(name!))
            throw new BlueprintError(
              file,
              at(field),
              `\${${name}} is not a parameter or a built-in variable (${Object.keys(BUILTIN_VARIABLES).join(', ')})`,
            );
        }
      }
    }
    seen.set(r.id, r.kind);
  });
  for (const [name, p] of Object.entries(bp.params)) {
    if (p.pattern) {
      try {
        new RegExp(p.pattern);
      } catch {
        throw new BlueprintError(file, `params.${name}.pattern`, 'is not a valid regular expression');
      }
    }
    if (p.required && p.default !== undefined)
      throw new BlueprintError(file, `params.${name}`, 'a required parameter cannot have a default');
  }
  return { ...bp, file };
}

function pathText(path: PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    '',
  );
}

/** Loads `<dir>/<name>.yml` (or `.yaml`). */
export async function loadBlueprint(dir: string, name: string): Promise<Blueprint> {
  if (!/^[a-z0-9-]+$/.test(name))
    throw new BlueprintError(name, '', 'blueprint names are lowercase letters, digits and -');
  for (const ext of ['.yml', '.yaml']) {
    const file = join(dir, `${name}${ext}`);
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined) return parseBlueprint(text, file);
  }
  const known = await listBlueprints(dir);
  throw new BlueprintError(
    join(dir, `${name}.yml`),
    '',
    `no such blueprint${known.length ? ` (known: ${known.join(', ')})` : ''}`,
  );
}

export async function listBlueprints(dir: string): Promise<string[]> {
  const files = await readdir(dir).catch(() => [] as string[]);
  return files
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => basename(f).replace(/\.ya?ml$/, ''))
    .sort();
}

/** Whether `value` names one of `domains` or a subdomain of one; DNS names are case-insensitive and may end in a dot. */
function inDomains(value: string, domains: string[]): boolean {
  const name = value.toLowerCase().replace(/\.$/, '');
  return domains.some((d) => name === d || name.endsWith(`.${d}`));
}

/**
 * Fills in the parameters (defaults, required, allowed values, patterns) and the built-in variables,
 * and drops resources whose `when` parameter is empty. The filled-in steps are what a saga stores and
 * runs, so a later change of config never alters a saga already planned.
 */
export function planSteps(
  bp: Blueprint,
  given: Record<string, string>,
  builtins: BlueprintBuiltins,
): { params: Record<string, string>; steps: PlannedStep[] } {
  const problems: string[] = [];
  for (const name of Object.keys(given))
    if (!(name in bp.params))
      problems.push(`unknown parameter "${name}" (known: ${Object.keys(bp.params).join(', ')})`);
  const params: Record<string, string> = {};
  for (const [name, p] of Object.entries(bp.params)) {
    const value = given[name] ?? p.default;
    if (value === undefined || value === '') {
      if (p.required) problems.push(`parameter "${name}" is required${p.description ? ` (${p.description})` : ''}`);
      continue;
    }
    if (p.allowed && !p.allowed.includes(value)) problems.push(`"${name}" must be one of ${p.allowed.join(', ')}`);
    else if (p.pattern && !new RegExp(p.pattern).test(value)) problems.push(`"${name}" must match ${p.pattern}`);
    else if (p.allowed_domains && !inDomains(value, p.allowed_domains))
      problems.push(
        `"${name}" must be ${p.allowed_domains.join(' or ')}, or a subdomain of ${p.allowed_domains.length > 1 ? 'one' : 'it'}`,
      );
    params[name] = value;
  }
  if (problems.length) throw new BlueprintParamError(bp.name, problems);
  const vars: Record<string, string> = { ...builtins, ...params };
  const fill = (v: unknown): unknown =>
    typeof v === 'string'
      ? v.replace(/\$\{([^}]*)\}/g, (_, n: string) => vars[n] ?? '')
      : Array.isArray(v)
        ? v.map(fill)
        : v;
  const steps = bp.resources
    .filter((r) => r.when === undefined || params[r.when] !== undefined)
    .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, fill(v)])) as PlannedStep);
  // A reference to a list of resources (a project's) only names those still in the plan.
  const kept = new Set(steps.map((s) => s.id));
  for (const s of steps) {
    const fields = s as unknown as Record<string, unknown>;
    for (const field of Object.keys(stepKind(s.kind).references)) {
      const value = fields[field];
      if (Array.isArray(value)) fields[field] = value.filter((r: string) => kept.has(r));
    }
  }
  return { params, steps };
}
