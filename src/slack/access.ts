import type { Config } from '../config.js';

/** Who may run a subcommand or click a button. */
export type Audience = 'everyone' | 'admin' | 'finance';

/** Who may do what, from the ARCADIA_* allowlists. Each check returns null when allowed, else the reason to show. */
export class AccessPolicy {
  private readonly admins: Set<string>;
  private readonly finance: Set<string>;
  private readonly channels: Set<string>;

  constructor(
    private readonly config: Pick<
      Config,
      'ARCADIA_ADMIN_USERS' | 'ARCADIA_FINANCE_USERS' | 'ARCADIA_ALLOWED_CHANNELS' | 'ARCADIA_FINANCE_CHANNEL'
    >,
  ) {
    this.admins = new Set(config.ARCADIA_ADMIN_USERS);
    this.finance = new Set(config.ARCADIA_FINANCE_USERS);
    this.channels = new Set(config.ARCADIA_ALLOWED_CHANNELS);
  }

  isAdmin(userId: string): boolean {
    return this.admins.has(userId);
  }

  isFinance(userId: string): boolean {
    return this.finance.has(userId);
  }

  /** `/cloud` answers in the allowed channels (and the finance channel); anywhere when no allowlist is set. */
  commandChannel(channelId: string): string | null {
    if (this.channels.size === 0 || this.channels.has(channelId) || channelId === this.config.ARCADIA_FINANCE_CHANNEL)
      return null;
    return `/cloud is not enabled in this channel. Use it in ${[...this.channels].map((c) => `<#${c}>`).join(', ')}.`;
  }

  /** A subcommand's audience: `admin` (sync) or `finance` (invoice). */
  mayRun(audience: Audience, userId: string, subcommand: string): string | null {
    if (audience === 'admin' && !this.isAdmin(userId))
      return `Only Arcadia admins may run \`${subcommand}\` (ARCADIA_ADMIN_USERS). Ask an admin to run it.`;
    if (audience === 'finance' && !this.isFinance(userId))
      return `Only finance users may see invoices (ARCADIA_FINANCE_USERS). Ask finance for the summary.`;
    return null;
  }

  /**
   * Whether `userId` may run `/cloud <name>` in `channelId`: the channel's rule, then the
   * subcommand's audience. The slash command and the Home tab's buttons both ask this, so a
   * button never runs what the command would refuse, and a refusal reads the same.
   */
  mayRunIn(subcommand: { name: string; audience: Audience }, userId: string, channelId: string): string | null {
    return this.commandChannel(channelId) ?? this.mayRun(subcommand.audience, userId, subcommand.name);
  }

  /**
   * A button (see src/slack/actions/): `audience` is who may click it, several meaning any of them
   * (`['admin', 'finance']`); `does` says what clicking it would do, e.g. "approve provisioning".
   */
  mayClick(audience: Audience | readonly Audience[], userId: string, does: string): string | null {
    const allowed = typeof audience === 'string' ? [audience] : audience;
    if (
      allowed.includes('everyone') ||
      (allowed.includes('admin') && this.isAdmin(userId)) ||
      (allowed.includes('finance') && this.isFinance(userId))
    )
      return null;
    const who = [
      allowed.includes('admin') ? 'Arcadia admins (ARCADIA_ADMIN_USERS)' : '',
      allowed.includes('finance') ? 'finance users (ARCADIA_FINANCE_USERS)' : '',
    ]
      .filter(Boolean)
      .join(' and ');
    return `Only ${who} may ${does}; nothing was changed. Ask one of them to click it.`;
  }

  /** Whether `userId` may press a button of `audience` (what `mayClick` lets through), for `forViewer`. */
  canPress(userId: string): (audience: Audience | readonly Audience[]) => boolean {
    return (audience) => this.mayClick(audience, userId, '') === null;
  }

  /** Invoice uploads: only from finance users, only in the finance channel. */
  mayUpload(userId: string, channelId: string): string | null {
    const channel = this.config.ARCADIA_FINANCE_CHANNEL;
    if (!channel) return 'invoice uploads are not enabled (ARCADIA_FINANCE_CHANNEL is not set)';
    if (channelId !== channel) return `invoices are only taken in <#${channel}>`;
    if (!this.isFinance(userId)) return 'only finance users (ARCADIA_FINANCE_USERS) may upload invoices';
    return null;
  }
}
