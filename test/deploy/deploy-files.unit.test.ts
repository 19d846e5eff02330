import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { DEFAULTS } from '../../src/config.js';
import { repoPath } from '../../src/repo-path.js';
import { dockerStages } from '../helpers/dockerfile.js';

type ComposeService = {
  build?: string;
  image?: string;
  command?: string[];
  env_file?: string;
  volumes?: string[];
  healthcheck?: { test: string[] };
  environment?: Record<string, string>;
};
const compose = parse(readFileSync(repoPath('compose.yaml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};
const stages = dockerStages();
const run = stages[stages.length - 1]!;

describe('Dockerfile', () => {
  it('builds with every dependency and runs with the production ones only, as an unprivileged user on Node 20 slim', () => {
    expect(stages.map((s) => s.image)).toEqual(['node:20-slim', 'node:20-slim', 'node:20-slim']);
    const build = stages.find((s) => s.name === 'build')!;
    expect(build.runs).toEqual(['npm ci --no-audit --no-fund', 'npm run build']);
    const deps = stages.find((s) => s.name === 'deps')!;
    expect(deps.runs).toEqual(['npm ci --omit=dev --no-audit --no-fund']);
    // The image that runs takes node_modules from the production install, never the build's.
    expect(run.copies.find((c) => c.sources.includes('/app/node_modules'))?.from).toBe('deps');
    expect(run.copies.find((c) => c.sources.includes('/app/dist'))?.from).toBe('build');
    expect(run.user).toBe('node');
    expect(run.cmd).toEqual(['arcadia', 'start']);
  });

  it('names only paths that exist, and the build stage copies everything the build compiles', () => {
    const fromContext = stages.flatMap((s) => s.copies.filter((c) => !c.from).flatMap((c) => c.sources));
    expect(fromContext.filter((p) => !existsSync(repoPath(p)))).toEqual([]);
    const build = stages.find((s) => s.name === 'build')!;
    const copied = build.copies.flatMap((c) => c.sources);
    const { include } = JSON.parse(readFileSync(repoPath('tsconfig.build.json'), 'utf8')) as { include: string[] };
    expect(include.filter((dir) => !copied.includes(dir))).toEqual([]);
    expect(copied).toContain('tsconfig.json');
  });

  it('carries the files the process reads at run time: package.json, the bin, the blueprints', () => {
    const runFiles = run.copies.filter((c) => !c.from).flatMap((c) => c.sources);
    expect(runFiles).toEqual(expect.arrayContaining(['package.json', 'bin', DEFAULTS.ARCADIA_BLUEPRINTS_DIR]));
    const { bin } = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { bin: { arcadia: string } };
    expect(run.runs).toContain(`ln -s /app/${bin.arcadia} /usr/local/bin/arcadia`);
  });

  it('is built from a context that leaves out secrets and what the build makes itself', () => {
    const ignored = readFileSync(repoPath('.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.env', '.git', 'node_modules', 'dist']));
  });
});

describe('compose.yaml', () => {
  it('runs the receiver and a worker from the image, on the official Redis and MongoDB images', () => {
    const { receiver, worker, redis, mongo } = compose.services;
    expect(receiver).toMatchObject({ build: '.', command: ['arcadia', 'start'], env_file: '.env' });
    expect(worker).toMatchObject({ build: '.', command: ['arcadia', 'worker'], env_file: '.env' });
    expect(redis!.image).toMatch(/^redis:\d+$/);
    expect(mongo!.image).toMatch(/^mongo:\d+$/);
    // The build context holds the Dockerfile; the env file is the operator's copy of .env.example.
    expect(existsSync(repoPath(receiver!.build!, 'Dockerfile'))).toBe(true);
    expect(existsSync(repoPath('.env.example'))).toBe(true);
  });

  it('keeps the data in named volumes, Redis with an append-only file, MongoDB as a replica set it initiates', () => {
    const { redis, mongo, receiver, worker } = compose.services;
    const volumes = [...redis!.volumes!, ...mongo!.volumes!].map((v) => v.split(':')[0]!);
    expect(volumes.filter((v) => !(v in compose.volumes))).toEqual([]);
    expect(redis!.command).toEqual(expect.arrayContaining(['--appendonly', 'yes']));
    expect(mongo!.command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
    expect(mongo!.healthcheck!.test.join(' ')).toContain("rs.initiate({ _id: 'rs0'");
    for (const service of [receiver!, worker!]) expect(service.environment!.MONGODB_URI).toContain('replicaSet=rs0');
  });

  it('checks the receiver on /healthz at PORT and the worker on /healthz at ARCADIA_HEALTH_PORT', () => {
    const { receiver, worker } = compose.services;
    expect(receiver!.healthcheck!.test.join(' ')).toContain(`127.0.0.1:${receiver!.environment!.PORT}/healthz`);
    expect(worker!.healthcheck!.test.join(' ')).toContain(
      `127.0.0.1:${worker!.environment!.ARCADIA_HEALTH_PORT}/healthz`,
    );
  });
});

describe('.do/app.yaml', () => {
  it('builds its components from the Dockerfile in the repository', () => {
    const spec = parse(readFileSync(repoPath('.do/app.yaml'), 'utf8')) as Record<string, { dockerfile_path: string }[]>;
    for (const c of [...spec.services!, ...spec.workers!]) expect(existsSync(repoPath(c.dockerfile_path))).toBe(true);
  });
});
