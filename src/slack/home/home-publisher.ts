import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { webApi } from '@slack/bolt';
import type { DoClient } from '../../digitalocean/client.js';
import type { AccountClients } from '../../digitalocean/account-clients.js';
import { errorMessage } from '../../errors.js';
import type { AccessPolicy } from '../access.js';
import { claimOnce } from '../../claim-once.js';
import { homeInput } from './home-data.js';
import { homeView } from './home-view.js';
import { forViewer } from '../blocks/viewer.js';
import { homeViewer } from './home-viewer.js';

export interface HomePublisherDeps {
  client: webApi.WebClient;
  /** The DO teams' clients (or one client): the spend shown is every team's. */
  doClient: DoClient | AccountClients | undefined;
  /** Who sees spend and which buttons: the slash command's rules (src/slack/home/home-viewer.ts). */
  access: AccessPolicy;
  redis: Redis;
  prefix: string;
  log: Logger;
  now?: () => Date;
  /** Refreshes after syncs at most this often: a full sync finishes a dozen kinds within seconds. @defaultValue 60000 */
  refreshIntervalMs?: number;
  /** Users refreshed per round, most recent visitors first: views.publish is a Tier 4 method (100+ a minute). @defaultValue 90 */
  maxUsersPerRefresh?: number;
}

const VISITOR_DAYS = 30;

/**
 * Publishes the Home tab: to a user when they open it, and after syncs to everyone who opened it in
 * the last 30 days, at most once a minute across all instances (a Redis claim), so a full sync's
 * dozen runs cost one round of views.publish.
 */
export class HomePublisher {
  private readonly visitors: string;
  constructor(private readonly deps: HomePublisherDeps) {
    this.visitors = `${deps.prefix}:slack:home:visitors`;
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** app_home_opened: remember the visitor, publish their tab (once per 5 s per user: Slack sends the event on every tab switch). */
  async opened(userId: string): Promise<boolean> {
    const now = this.now();
    await this.deps.redis.zadd(this.visitors, now.getTime(), userId);
    if (!(await claimOnce(this.deps.redis, `${this.deps.prefix}:slack:home:opened:${userId}`, 5))) return false;
    await this.publish([userId], now);
    return true;
  }

  /** After a sync: every recent visitor's tab, unless a refresh ran within the interval. Returns the users published to. */
  async refresh(): Promise<string[]> {
    const intervalS = Math.max(1, Math.round((this.deps.refreshIntervalMs ?? 60_000) / 1000));
    if (!(await claimOnce(this.deps.redis, `${this.deps.prefix}:slack:home:refresh`, intervalS))) return [];
    const now = this.now();
    await this.deps.redis.zremrangebyscore(this.visitors, 0, now.getTime() - VISITOR_DAYS * 86_400_000);
    const users = await this.deps.redis.zrevrange(this.visitors, 0, (this.deps.maxUsersPerRefresh ?? 90) - 1);
    if (users.length) await this.publish(users, now);
    return users;
  }

  /** Each user their own view of one read: spend only for finance users (and DO asked only when one is among them). */
  private async publish(users: string[], now: Date): Promise<void> {
    const viewers = users.map((user) => ({ user, viewer: homeViewer(this.deps.access, user) }));
    const input = await homeInput(this.deps.doClient, now, { billing: viewers.some((v) => v.viewer.finance) });
    for (const { user, viewer } of viewers) {
      try {
        const view = homeView(input, viewer);
        // Their own tab: only the buttons they may press.
        const blocks = forViewer(view.blocks, this.deps.access.canPress(user));
        await this.deps.client.views.publish({ user_id: user, view: { ...view, blocks } });
      } catch (err) {
        this.deps.log.warn({ user, err: errorMessage(err) }, 'could not publish the Home tab');
      }
    }
  }
}
