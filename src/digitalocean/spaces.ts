import { ArcadiaError, ErrorCode, errorMessage } from '../errors.js';

export interface SpacesBucket {
  name: string;
  createdAt: string | null;
}

export interface SpacesCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A Spaces (S3 API) request failed. Carries the region and endpoint, never the keys. */
export class SpacesApiError extends ArcadiaError {
  constructor(region: string, endpoint: string, reason: string, cause?: unknown) {
    super(
      ErrorCode.SpacesApi,
      `Spaces ListBuckets in ${region} (${endpoint}) failed: ${reason}`,
      { region, endpoint },
      { cause },
    );
  }
}

/** DO's regional Spaces endpoint, or the configured override (a stand-in, or a proxy). */
export function spacesEndpoint(region: string, override?: string): string {
  return override ?? `https://${region}.digitaloceanspaces.com`;
}

/**
 * ListBuckets on one region's endpoint, following continuation tokens. The region goes into the
 * SigV4 credential scope, which is how Spaces (and the stand-in) know which region is asked.
 */
export async function listSpacesBuckets(
  region: string,
  credentials: SpacesCredentials,
  endpointOverride?: string,
): Promise<{ buckets: SpacesBucket[]; requests: number }> {
  const endpoint = spacesEndpoint(region, endpointOverride);
  // Under Node 20 the SDK warns, once a process, that its releases from January 2027 will need Node 22:
  // nothing an operator of Arcadia (engines: Node 20) can act on, in the middle of a command's output.
  // The SDK's documented switch (aws/aws-sdk-js-v3#7983); an operator's own setting stands.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // The SDK takes a tenth of a second to load: only a Spaces sync pays for it, not every command
  // whose imports reach the kind registry (the configuration's among them).
  const { ListBucketsCommand, S3Client, S3ServiceException } = await import('@aws-sdk/client-s3');
  const s3 = new S3Client({
    region,
    endpoint,
    credentials,
    // ListBuckets names no bucket, so this only matters for a plain-host override such as the stand-in.
    forcePathStyle: endpointOverride !== undefined,
    maxAttempts: 3,
  });
  const buckets: SpacesBucket[] = [];
  let requests = 0;
  try {
    let token: string | undefined;
    do {
      requests += 1;
      const out = await s3.send(new ListBucketsCommand(token ? { ContinuationToken: token } : {}));
      for (const b of out.Buckets ?? []) {
        if (b.Name) buckets.push({ name: b.Name, createdAt: b.CreationDate ? b.CreationDate.toISOString() : null });
      }
      token = out.ContinuationToken || undefined;
    } while (token);
  } catch (err) {
    const reason =
      err instanceof S3ServiceException
        ? `${err.name} (HTTP ${err.$metadata.httpStatusCode ?? '?'})`
        : errorMessage(err);
    throw new SpacesApiError(region, endpoint, reason, err);
  } finally {
    s3.destroy();
  }
  return { buckets, requests };
}
