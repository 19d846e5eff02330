import { z } from 'zod';
import { MissingDependencyError } from '../errors.js';
import { ignoreNotFound, stepSchema, type StepKind, type StepContext } from '../step-kind.js';
import { consoleUrl } from '../../inventory/console-url.js';

const schema = stepSchema('project_assignment', { project: z.string(), resources: z.array(z.string()).min(1) });
type Spec = z.output<typeof schema>;
interface RawProject {
  id: string;
  name: string;
  is_default: boolean;
}

async function projects(ctx: StepContext<Spec>): Promise<RawProject[]> {
  const all: RawProject[] = [];
  for await (const page of ctx.client.pages<RawProject>('/v2/projects', 'projects')) all.push(...page.items);
  return all;
}

function urns(ctx: StepContext<Spec>): string[] {
  return ctx.spec.resources.map((name) => ctx.urnOf(name));
}

/** The URNs still in the project (none once it is deleted): a resource moved elsewhere since is not moved back. */
async function stillIn(ctx: StepContext<Spec>, projectId: string): Promise<Set<string>> {
  const inside = new Set<string>();
  await ignoreNotFound(
    (async () => {
      for await (const page of ctx.client.pages<{ urn: string }>(`/v2/projects/${projectId}/resources`, 'resources'))
        for (const r of page.items) inside.add(r.urn);
    })(),
  );
  return inside;
}

/**
 * The saga's resources moved into an existing project. DO has no "unassign": every resource is in
 * exactly one project, so undoing moves them back to the default project (where DO put them): only
 * those still in the project and still the saga's.
 */
export const projectAssignmentStep: StepKind<Spec> = {
  kind: 'project_assignment',
  schema,
  // Any earlier resource DO keeps in projects: each has a project URN (see urns()).
  references: { resources: 'in_projects' },
  inventoryKinds: ['project'],
  // Projects are free.
  quote: () => null,
  describe: (s) => `${s.resources.join(', ')} assigned to project ${s.project}`,
  async find(ctx) {
    const project = (await projects(ctx)).find((p) => p.name === ctx.spec.project);
    return project ? { providerId: project.id, urns: urns(ctx) } : null;
  },
  async do(ctx) {
    const project = (await projects(ctx)).find((p) => p.name === ctx.spec.project);
    if (!project) throw new MissingDependencyError('project', ctx.spec.project);
    const list = urns(ctx);
    await ctx.client.send('POST', `/v2/projects/${project.id}/resources`, { resources: list });
    return { providerId: project.id, urns: list };
  },
  async undo(ctx, output) {
    const fallback = (await projects(ctx)).find((p) => p.is_default);
    if (!fallback || fallback.id === output.providerId) return;
    const inside = await stillIn(ctx, output.providerId);
    const back: string[] = [];
    // The URNs are in the order of the spec's resources (see urns()).
    for (const [i, urn] of (output.urns as string[]).entries())
      if (inside.has(urn) && (await ctx.stillOurs(ctx.spec.resources[i]!))) back.push(urn);
    if (back.length) await ctx.client.send('POST', `/v2/projects/${fallback.id}/resources`, { resources: back });
  },
  consoleUrl: (o) => consoleUrl({ kind: 'project', providerId: o.providerId }),
};
