import { readFileSync } from 'node:fs';
import { repoPath } from '../../src/repo-path.js';

/** One `COPY` of a Dockerfile stage: from the build context, or from an earlier stage (`--from=`). */
export interface DockerCopy {
  from?: string;
  sources: string[];
  destination: string;
}

export interface DockerStage {
  name?: string;
  image: string;
  copies: DockerCopy[];
  runs: string[];
  cmd?: string[];
  user?: string;
}

/**
 * The stages of the repository's Dockerfile, read as Docker reads the instructions the deploy tests
 * look at (FROM, COPY, RUN, CMD, USER; one per line, `#` comments skipped). The tests derive the
 * file set the image runs from it, so the image and the tests cannot drift apart.
 */
export function dockerStages(path = repoPath('Dockerfile')): DockerStage[] {
  const stages: DockerStage[] = [];
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [instruction, ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    const stage = stages[stages.length - 1];
    switch (instruction!.toUpperCase()) {
      case 'FROM': {
        const [image, as, name] = rest;
        stages.push({ image: image!, name: as?.toUpperCase() === 'AS' ? name : undefined, copies: [], runs: [] });
        break;
      }
      case 'COPY': {
        const from = rest.find((a) => a.startsWith('--from='))?.slice('--from='.length);
        const paths = rest.filter((a) => !a.startsWith('--'));
        stage!.copies.push({ from, sources: paths.slice(0, -1), destination: paths[paths.length - 1]! });
        break;
      }
      case 'RUN':
        stage!.runs.push(args);
        break;
      case 'CMD':
        stage!.cmd = JSON.parse(args) as string[];
        break;
      case 'USER':
        stage!.user = args;
        break;
    }
  }
  return stages;
}
