import { ArcadiaError } from '../errors.js';

/** A shared file Arcadia will not fetch or read; `reason` is said to the uploader. */
export class FileRefusedError extends ArcadiaError {
  constructor(
    readonly fileId: string,
    readonly reason: string,
  ) {
    super('slack_file_refused', `file ${fileId} refused: ${reason}`, { fileId });
  }
}
