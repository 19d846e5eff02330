import { z } from 'zod';
import { findMessage } from '../src/slack/blocks/index.js';
import { subcommand } from './subcommand.js';

export const schema = z
  .string()
  .trim()
  .min(1, 'Say what to look for: a name, an IP or an id.')
  .max(200, 'That is too long to be a name, IP or id (200 characters at most).')
  // Slack escapes mentions and links; a pasted IP or URL arrives as <...|label>.
  .transform((text) => text.replace(/^<[^|>]*\|([^>]+)>$/, '$1').replace(/^<([^>]+)>$/, '$1'));

export const find = subcommand({
  name: 'find',
  audience: 'everyone',
  expensive: true,
  schema,
  help: {
    usage: 'find <name | IP | id>',
    summary: 'Resources whose name contains the text, or whose IP or id is exactly it: key fields, project and status.',
    examples: ['/cloud find web-01', '/cloud find 203.0.113.10', '/cloud find 3164444'],
  },
  async handle({ args: term }, deps) {
    return findMessage({ term, matches: await deps.queries.find(term) });
  },
});
