import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { App } from '@slack/bolt';
import { registerListeners, type SlackAppDeps } from '../../src/slack/app.js';
import { SUBCOMMANDS } from '../../commands/index.js';
import { repoPath } from '../../src/repo-path.js';
import { silentLog, testConfig, isolation } from '../helpers/context.js';

const manifest = readFileSync(repoPath('manifest.yml'), 'utf8');

/** The items of a YAML block list under `key:` (the manifest uses only plain block lists). */
function listUnder(key: string): string[] {
  const lines = manifest.split('\n');
  const start = lines.findIndex((l) => l.trim() === `${key}:`);
  if (start < 0) return [];
  const indent = lines[start]!.search(/\S/);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (line.search(/\S/) <= indent) break;
    const item = /^\s*- (?:command: )?(.+)$/.exec(line);
    if (item && line.search(/\S/) === indent + 2) items.push(item[1]!.trim());
  }
  return items;
}

function scalar(key: string): string | undefined {
  return new RegExp(`^\\s*${key}: (.+)$`, 'm').exec(manifest)?.[1]?.replace(/^"|"$/g, '');
}

/** What the app registers, recorded through Bolt's own registration calls. */
function registered(): { commands: string[]; events: string[]; interactive: boolean } {
  const seen = { commands: [] as string[], events: [] as string[], interactive: false };
  const recorder = {
    use: () => undefined,
    error: () => undefined,
    command: (name: string) => void seen.commands.push(name),
    event: (name: string) => void seen.events.push(name),
    message: () => void seen.events.push('message'),
    action: () => void (seen.interactive = true),
    view: () => void (seen.interactive = true),
    shortcut: () => void (seen.interactive = true),
    options: () => void (seen.interactive = true),
  };
  const config = testConfig(isolation(), { ARCADIA_FINANCE_CHANNEL: 'CFIN' });
  registerListeners(recorder as unknown as App, { config, log: silentLog } as SlackAppDeps);
  return seen;
}

/** Bot events each Events API type needs: a finance channel may be public or private. */
const EVENT_SUBSCRIPTIONS: Record<string, string[]> = { message: ['message.channels', 'message.groups'] };
const EVENT_SCOPES: Record<string, string | null> = {
  'message.channels': 'channels:history',
  'message.groups': 'groups:history',
  file_shared: 'files:read',
  app_home_opened: null,
};
/**
 * Web API use: posting (chat.postMessage/postEphemeral), reading uploads (files.info, url_private_download), uploading CSVs (filesUploadV2),
 * opening the asker's DM for a command's CSV (conversations.open); views.publish needs no scope.
 */
const API_SCOPES = ['chat:write', 'files:read', 'files:write', 'im:write'];

describe('manifest.yml', () => {
  const code = registered();

  it('declares exactly the slash commands the code handles, with every subcommand in the usage hint', () => {
    expect(listUnder('slash_commands')).toEqual(code.commands);
    const hint = scalar('usage_hint') ?? '';
    for (const sub of SUBCOMMANDS) expect(hint).toContain(sub.name);
  });

  it('subscribes to exactly the events the code listens to', () => {
    const wanted = code.events.flatMap((e) => EVENT_SUBSCRIPTIONS[e] ?? [e]);
    expect(listUnder('bot_events').sort()).toEqual([...new Set(wanted)].sort());
  });

  it('asks for least-privilege bot scopes: what the commands, events and API calls need, nothing more', () => {
    for (const e of listUnder('bot_events')) expect(EVENT_SCOPES, `scope of ${e}`).toHaveProperty([e]);
    const needed = new Set([
      ...(code.commands.length ? ['commands'] : []),
      ...listUnder('bot_events').flatMap((e) => EVENT_SCOPES[e] ?? []),
      ...API_SCOPES,
    ]);
    expect(listUnder('bot').sort()).toEqual([...needed].sort());
  });

  it('has interactivity only if the code handles it, and is consistent about Socket Mode', () => {
    expect(manifest.includes('interactivity:')).toBe(code.interactive);
    if (code.interactive) {
      // Buttons post to the same endpoint as commands and events.
      const block = /^ {2}interactivity:\n((?: {4}.+\n)+)/m.exec(manifest)?.[1] ?? '';
      expect(block).toMatch(/^ {4}is_enabled: true$/m);
      expect(block).toMatch(/^ {4}request_url: \S+\/slack\/events$/m);
    }
    expect(scalar('socket_mode_enabled')).toBe('false');
    // HTTP mode: every Request URL ends at the one endpoint the receiver serves.
    for (const url of manifest.match(/(?:url|request_url): (\S+)/g) ?? []) expect(url).toMatch(/\/slack\/events$/);
    expect(scalar('name')).toBe('arcadia');
  });

  it('has the Home tab on exactly when the code publishes it on app_home_opened', () => {
    expect(/home_tab_enabled: true/.test(manifest)).toBe(code.events.includes('app_home_opened'));
  });

  it('ships a Socket Mode variant: the same app, socket_mode_enabled and no Request URLs', () => {
    const socket = readFileSync(repoPath('manifest.socket-mode.yml'), 'utf8');
    const body = (text: string) =>
      text
        .split('\n')
        .filter((l) => !l.startsWith('#') && !/^\s*(url|request_url): /.test(l) && !/socket_mode_enabled/.test(l));
    expect(body(socket)).toEqual(body(manifest));
    expect(socket).toMatch(/^\s*socket_mode_enabled: true$/m);
    expect(socket).not.toMatch(/url: /);
  });
});
