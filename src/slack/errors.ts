import { ArcadiaError, ErrorCode } from '../errors.js';

/** A shared file Arcadia will not fetch or read; `reason` is said to the uploader. */
export class FileRefusedError extends ArcadiaError {
  override readonly userError = true;
  override readonly permanent = true;
  constructor(
    readonly fileId: string,
    readonly reason: string,
  ) {
    super(ErrorCode.SlackFileRefused, `file ${fileId} refused: ${reason}`, { fileId });
  }

  override get sentence(): string {
    return this.reason;
  }
}
