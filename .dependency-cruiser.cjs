/**
 * The import rules of Arcadia's layers, checked by `npm run check:imports` (part of `npm run lint`).
 *
 * From the bottom up:
 *   foundation   src/errors.ts, src/config.ts, src/logger.ts, src/money.ts and other top-level src/*.ts
 *   client       src/digitalocean/            talks to DO; knows nothing of what Arcadia stores
 *   kinds        src/sync/kinds/              one spec per DO kind: pure, never touches the database
 *   models       models/                      one Mongoose schema per file
 *   domain       src/{sync,saga,billing,budget,invoice,waste,pricing,inventory,findings,routing,charts,anomaly,forecast}/
 *   queues       jobs/ except *-worker.ts     queue names, payloads, producers, job defaults, schedules
 *                src/outbox/                  the Slack outbox's queue side: its message, producer, pacing, kept list
 *                                             (no Slack client, no rendering: the CLI reads kept messages through it)
 *   front ends   src/slack/, commands/, src/cli/, jobs/*-worker.ts   render and compose; nothing below imports them
 *
 * A layer may import its own and the layers below it, never one above; and no file may reach itself
 * through its imports. Type-only imports are erased at build, so a loop through one is none at run
 * time: the Config type includes the settings registry items declare (a waste rule's threshold),
 * and items low in the graph (a kind spec) name that type.
 */
const DOMAIN =
  '^src/(sync|saga|billing|budget|invoice|waste|pricing|inventory|findings|routing|charts|anomaly|forecast)/';
// Pure field readers the kind specs share (no I/O).
const PURE_SYNC_HELPERS = '^src/sync/(normalize-helpers|image-fields|reserved-ip-fields|project-urn)\\.ts$';
const FRONT_ENDS = '^(src/slack/|src/cli/|src/cli\\.ts$|commands/|jobs/[^/]+-worker\\.ts$)';

module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'A module must not reach itself through its run-time imports.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'client-stays-low',
      severity: 'error',
      comment: 'The DO client knows only the foundation: no kinds, models, domain or front end.',
      from: { path: '^src/digitalocean/' },
      to: { path: ['^src/[^/]+/', '^models/', '^jobs/', '^commands/'], pathNot: '^src/digitalocean/' },
    },
    {
      name: 'kinds-are-pure',
      severity: 'error',
      comment: 'Kind specs never import models, the domain, queues or front ends; the engine hands them a store port.',
      from: { path: '^src/sync/kinds/' },
      to: {
        path: ['^models/', '^jobs/', '^src/outbox/', '^commands/', FRONT_ENDS, DOMAIN],
        pathNot: ['^src/sync/kinds/', '^src/sync/kind-spec\\.ts$', PURE_SYNC_HELPERS, '^src/pricing/price-list\\.ts$'],
      },
    },
    {
      name: 'models-below-domain',
      severity: 'error',
      comment: 'Schemas import only the foundation, the kind registry and each other.',
      from: { path: '^models/' },
      to: {
        path: ['^jobs/', '^src/outbox/', '^commands/', FRONT_ENDS, DOMAIN],
        pathNot: ['^src/sync/kinds/', '^src/sync/kind-spec\\.ts$'],
      },
    },
    {
      name: 'domain-below-front-ends',
      severity: 'error',
      comment: 'Domain code never imports Slack, the CLI, the slash commands or a worker.',
      from: { path: DOMAIN },
      to: { path: FRONT_ENDS },
    },
    {
      name: 'queues-below-front-ends',
      severity: 'error',
      comment: "Queues and producers (the Slack outbox's among them) never import a front end or a worker.",
      from: { path: '^(jobs/|src/outbox/)', pathNot: 'jobs/[^/]+-worker\\.ts$' },
      to: { path: FRONT_ENDS },
    },
    {
      name: 'front-ends-apart',
      severity: 'error',
      comment:
        "Slack and the CLI are two front ends over one application layer: neither imports the other's renderers.",
      from: { path: '^(src/slack/|commands/)' },
      to: { path: '^src/cli(/|\\.ts$)' },
    },
    {
      name: 'cli-not-slack',
      severity: 'error',
      comment: 'The CLI renders for a terminal; it reaches Slack only to start the app.',
      from: { path: '^src/cli/', pathNot: '^src/cli/(start|worker|with-runtime)\\.ts$' },
      to: { path: '^(src/slack/|commands/)' },
    },
    {
      name: 'product-not-testkit',
      severity: 'error',
      comment: 'Stand-ins and tests are not product.',
      from: { path: '^(src|commands|jobs|models)/' },
      to: { path: '^(testkit|test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js'],
    },
  },
};
