import { describe, expect, it } from 'vitest';
import { ErrorCode, explainError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { FileRefusedError } from '../../src/slack/errors.js';

describe('FileRefusedError', () => {
  it("tells the uploader the reason alone, and logs the file's id with its code", () => {
    const err = new FileRefusedError('F0123', 'the file is larger than 48 MiB');
    expect(err.sentence).toBe('the file is larger than 48 MiB');
    expect(err.message).toBe('file F0123 refused: the file is larger than 48 MiB');
    expect(err).toMatchObject({
      code: ErrorCode.SlackFileRefused,
      context: { fileId: 'F0123' },
      fileId: 'F0123',
      name: 'FileRefusedError',
    });
  });

  it('is permanent: fetching the same file again would be refused the same way', () => {
    expect(new FileRefusedError('F1', 'not a file').permanent).toBe(true);
  });

  it('is explained to people by its reason, not by a generic sentence', () => {
    const lines: string[] = [];
    const log = createLogger('info', { write: (line: string) => void lines.push(line) });
    const { sentence } = explainError(
      new FileRefusedError('F9', 'only CSV and JSON invoices are read'),
      log,
      'The upload failed',
    );
    expect(sentence).toMatch(/^only CSV and JSON invoices are read/);
    expect(sentence).not.toContain('The upload failed');
  });
});
