import { ArcadiaError, ErrorCode } from '../errors.js';

/** A forecast asked for a project no synced project is (by id or name), or a name several share. */
export class ForecastProjectNotFoundError extends ArcadiaError {
  override readonly userError = true;
  override readonly permanent = true;
  constructor(
    readonly project: string,
    /** The ids of the projects sharing that name, when it is ambiguous. */
    readonly sharing: readonly string[] = [],
  ) {
    super(
      ErrorCode.ForecastProjectNotFound,
      sharing.length
        ? `Several projects are named "${project}" (${sharing.join(', ')}); name one by its id.`
        : `No synced project is named "${project}"; \`arcadia resources project\` lists them.`,
      { project, sharing },
    );
  }

  override get sentence(): string {
    return this.message;
  }
}
