import { expect } from 'vitest';
import { LIMITS, type SlackMessage } from '../../src/slack/index.js';

/** Every Block Kit limit these messages could run into, buttons and selects included. */
export function expectWithinBlockKitLimits(message: Pick<SlackMessage, 'blocks'> & { text: string }): void {
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
  for (const block of message.blocks) {
    if (block.block_id) expect(block.block_id.length).toBeLessThanOrEqual(LIMITS.blockId);
    if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(LIMITS.headerText);
    if (block.type === 'section') {
      if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
      expect((block.fields ?? []).length).toBeLessThanOrEqual(LIMITS.sectionFields);
    }
    if (block.type === 'context') expect(block.elements.length).toBeLessThanOrEqual(LIMITS.contextElements);
    if (block.type === 'actions') {
      expect(block.elements.length).toBeLessThanOrEqual(LIMITS.actionsElements);
      for (const el of block.elements) {
        expect((el.action_id ?? '').length).toBeLessThanOrEqual(LIMITS.actionId);
        if (el.type === 'button') {
          expect(el.text.text.length).toBeLessThanOrEqual(LIMITS.buttonText);
          expect((el.value ?? '').length).toBeLessThanOrEqual(LIMITS.actionValue);
          expect((el.url ?? '').length).toBeLessThanOrEqual(LIMITS.url);
        }
      }
    }
  }
}
