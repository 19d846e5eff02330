import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { SECRET_SETTINGS, SETTING_NAMES } from '../../src/config.js';
import { repoPath } from '../../src/repo-path.js';

type Schema = Record<string, unknown>;
type Env = { key: string; value?: string; type?: string };
type Component = { name: string; run_command?: string; envs?: Env[]; health_check?: { http_path?: string } };
type AppSpec = {
  services: (Component & { http_port?: number })[];
  workers: Component[];
  databases: { name: string }[];
};

const vendored = JSON.parse(
  readFileSync(repoPath('test/fixtures/digitalocean/app-spec.schema.json'), 'utf8'),
) as Schema;

/**
 * The AppSpec schema closed: OpenAPI leaves its objects open, so a misspelled key (`run_comand`) would
 * pass and be ignored. Every object that names its properties takes no others; the models an `allOf`
 * combines stay open themselves and are closed, together, where they are combined.
 */
function closed(schema: Schema): Schema {
  const combined = new Set<string>();
  const markCombined = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(markCombined);
    if (!node || typeof node !== 'object') return;
    const n = node as Schema;
    for (const member of (n.allOf as Schema[] | undefined) ?? [])
      if (typeof member.$ref === 'string') combined.add(member.$ref.replace('#/$defs/', ''));
    Object.values(n).forEach(markCombined);
  };
  markCombined(schema);
  const defs = schema.$defs as Record<string, Schema>;
  const hasProperties = (n: Schema): boolean =>
    'properties' in n ||
    (typeof n.$ref === 'string' && hasProperties(defs[n.$ref.replace('#/$defs/', '')] ?? {})) ||
    ((n.allOf as Schema[] | undefined) ?? []).some(hasProperties);
  const close = (node: unknown, open: boolean): unknown => {
    if (Array.isArray(node)) return node.map((n) => close(n, false));
    if (!node || typeof node !== 'object') return node;
    const n = node as Schema;
    const out: Schema = {};
    for (const [key, value] of Object.entries(n)) {
      if (key === '$defs')
        out[key] = Object.fromEntries(
          Object.entries(value as Record<string, Schema>).map(([name, d]) => [name, close(d, combined.has(name))]),
        );
      else if (key === 'allOf') out[key] = (value as Schema[]).map((m) => close(m, true));
      else out[key] = close(value, false);
    }
    if (!open && n.additionalProperties === undefined && ('properties' in n || ('allOf' in n && hasProperties(n))))
      out.unevaluatedProperties = false;
    return out;
  };
  return close(schema, false) as Schema;
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
// The schema's only formats are OpenAPI's (int32, int64, uint32, boolean), which JSON Schema does not
// define; the type and bounds carry the check.
for (const format of ['int32', 'int64', 'uint32', 'boolean']) ajv.addFormat(format, true);
const validate = ajv.compile(closed(vendored));

const specText = readFileSync(repoPath('.do/app.yaml'), 'utf8');
const spec = () => parse(specText) as AppSpec & Record<string, unknown>;

function errors(value: unknown): string[] {
  return validate(value)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}

describe('.do/app.yaml', () => {
  it("is a valid AppSpec by DigitalOcean's schema", () => {
    expect(errors(spec())).toEqual([]);
  });

  it('is refused with a misspelled key, at the top or in a component', () => {
    const top = { ...spec(), worker: [] };
    expect(errors(top).join('\n')).toMatch(/must NOT have unevaluated properties.*"worker"/);
    const inService = spec();
    const { run_command, ...service } = inService.services[0]!;
    inService.services[0] = { ...service, run_comand: run_command } as Component;
    expect(errors(inService).join('\n')).toMatch(/\/services\/0 .*"run_comand"/);
    const inHealthCheck = spec();
    inHealthCheck.services[0]!.health_check = { http_pth: '/healthz' } as { http_path?: string };
    expect(errors(inHealthCheck).join('\n')).toMatch(/health_check .*"http_pth"/);
  });

  it('is refused without a required field or with a value the schema does not allow', () => {
    const { name: _name, ...nameless } = spec();
    expect(errors(nameless).join('\n')).toMatch(/must have required property 'name'/);
    const badEngine = spec();
    (badEngine.databases[0] as Record<string, unknown>).engine = 'REDIS_CLUSTER';
    expect(errors(badEngine).join('\n')).toMatch(/\/databases\/0\/engine must be equal to one of the allowed values/);
    const badSecret = spec();
    badSecret.workers[0]!.envs = [{ key: 'SLACK_BOT_TOKEN', type: 'SECRETS' }];
    expect(errors(badSecret).join('\n')).toMatch(/\/workers\/0\/envs\/0\/type/);
  });

  it('runs `arcadia start` as the HTTP service, checked on /healthz, and `arcadia worker` as the worker', () => {
    const { services, workers } = spec();
    expect(services).toHaveLength(1);
    expect(services[0]).toMatchObject({ run_command: 'arcadia start', health_check: { http_path: '/healthz' } });
    expect(services[0]!.http_port).toBeGreaterThan(0);
    expect(workers.map((w) => w.run_command)).toEqual(['arcadia worker']);
  });

  it("names only Arcadia's settings, binds the databases, and keeps every secret a SECRET with no value", () => {
    const { services, workers, databases } = spec();
    const dbNames = new Set(databases.map((d) => d.name));
    for (const component of [...services, ...workers]) {
      const envs = component.envs ?? [];
      const keys = envs.map((e) => e.key);
      expect(keys.filter((k) => !(SETTING_NAMES as readonly string[]).includes(k))).toEqual([]);
      expect(keys).toEqual(
        expect.arrayContaining(['MONGODB_URI', 'REDIS_URL', 'DIGITALOCEAN_TOKEN', 'SLACK_BOT_TOKEN']),
      );
      for (const env of envs) {
        // Set in the control panel, encrypted by App Platform: never a value in the repository.
        if ((SECRET_SETTINGS as readonly string[]).includes(env.key)) {
          expect(env, env.key).toMatchObject({ type: 'SECRET' });
          expect(env.value, env.key).toBeUndefined();
        }
        // A bindable variable names a database component of this spec.
        for (const [, db] of (env.value ?? '').matchAll(/\$\{([a-z0-9-]+)\.DATABASE_URL\}/g))
          expect(dbNames, `${env.key} binds ${db}`).toContain(db);
      }
      const bound = (key: string) => envs.find((e) => e.key === key)?.value;
      expect(bound('MONGODB_URI')).toMatch(/^\$\{[a-z0-9-]+\.DATABASE_URL\}$/);
      expect(bound('REDIS_URL')).toMatch(/^\$\{[a-z0-9-]+\.DATABASE_URL\}$/);
    }
  });
});

describe('.env.example', () => {
  it("names only Arcadia's settings", () => {
    const keys = readFileSync(repoPath('.env.example'), 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => line.split('=')[0]!);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((k) => !(SETTING_NAMES as readonly string[]).includes(k))).toEqual([]);
  });
});
