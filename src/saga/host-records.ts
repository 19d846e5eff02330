import type { DoClient } from '../digitalocean/client.js';
import { isNotFound } from '../errors.js';
import { MissingDependencyError } from './errors.js';

/** The record types that answer for a hostname: another A record beside one of these shares its traffic. */
const HOST_TYPES = ['A', 'AAAA', 'CNAME'];

export interface HostRecord {
  id: number;
  type: string;
  data: string;
}

/** `www` in `example.com` is `www.example.com`; `@` is the domain itself, as DO writes the apex. */
export function recordFqdn(name: string, domain: string): string {
  return name === '@' ? domain : `${name}.${domain}`;
}

/** The A, AAAA and CNAME records of a name in a DO domain (DO's `name` filter takes the fully qualified name). */
export async function hostRecords(client: DoClient, domain: string, name: string): Promise<HostRecord[]> {
  const found: HostRecord[] = [];
  try {
    for await (const page of client.pages<HostRecord>(
      `/v2/domains/${encodeURIComponent(domain)}/records`,
      'domain_records',
      { name: recordFqdn(name, domain) },
    )) {
      found.push(...page.items.filter((r) => HOST_TYPES.includes(r.type)));
    }
  } catch (err) {
    if (isNotFound(err)) throw new MissingDependencyError('domain', domain);
    throw err;
  }
  return found;
}
