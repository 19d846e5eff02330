import { FileRefusedError } from './errors.js';
import { onSlackOrigin } from './web-client.js';

export interface DownloadLimits {
  /** Origins (scheme, host and port) the bot token may be sent to: see slackFileOrigins. */
  allowedOrigins: readonly string[];
  maxBytes: number;
}

/**
 * Refuses a URL that is not on an allowed origin: checked before any request carries the token, so
 * the token never goes to another host, nor in clear text to Slack's (http://files.slack.com).
 */
export function checkFileUrl(fileId: string, raw: string | undefined, allowedOrigins: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(raw ?? '');
  } catch {
    throw new FileRefusedError(fileId, 'the file has no download URL');
  }
  if (!onSlackOrigin(url, allowedOrigins)) {
    throw new FileRefusedError(fileId, `its download URL is not on Slack's file host (${allowedOrigins.join(' or ')})`);
  }
  return url;
}

/**
 * Downloads a Slack-hosted file with the bot token. Redirects are refused (they could lead the token
 * elsewhere), as are HTML answers (Slack's login page when the token lacks access) and anything
 * over the size limit, counted as the bytes arrive rather than trusted from a header.
 */
export async function downloadSlackFile(
  fileId: string,
  rawUrl: string | undefined,
  token: string,
  limits: DownloadLimits,
): Promise<Buffer> {
  const url = checkFileUrl(fileId, rawUrl, limits.allowedOrigins);
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, redirect: 'manual' });
  if (res.status !== 200) throw new FileRefusedError(fileId, `Slack answered HTTP ${res.status} for the download`);
  if ((res.headers.get('content-type') ?? '').startsWith('text/html'))
    throw new FileRefusedError(fileId, 'Slack sent a web page instead of the file (is the bot missing files:read?)');
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > limits.maxBytes)
    throw new FileRefusedError(fileId, `the file is ${declared} bytes; the limit is ${limits.maxBytes}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body ?? []) {
    size += (chunk as Uint8Array).length;
    if (size > limits.maxBytes)
      throw new FileRefusedError(fileId, `the file is over the ${limits.maxBytes}-byte limit`);
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}
