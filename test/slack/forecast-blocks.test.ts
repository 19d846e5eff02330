import { describe, expect, it } from 'vitest';
import { buildForecasts } from '../../src/forecast/build-forecasts.js';
import { LIMITS } from '../../src/slack/blocks/limits.js';
import type { SlackMessage } from '../../src/slack/blocks/message.js';
import { forecastMessage, forecastOverviewMessage } from '../../src/slack/blocks/forecast.js';
import { input } from '../forecast/forecast-fixture.js';

const all = buildForecasts(input());
const acme = all.find((f) => f.scope.kind === 'tenant' && f.label === 'acme')!;
const overview = [
  ...all.filter((f) => f.scope.kind === 'account'),
  ...all.filter((f) => f.scope.kind === 'tenant').sort((a, b) => b.totalCents - a.totalCents),
];

const KINDS: Record<string, SlackMessage> = {
  'forecast-tenant': forecastMessage(acme),
  'forecast-overview': forecastOverviewMessage(overview),
};

describe('forecast Block Kit builders', () => {
  for (const [kind, message] of Object.entries(KINDS)) {
    it(`${kind}: matches its golden file and stays within Block Kit limits`, async () => {
      expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
      await expect(`${JSON.stringify(message, null, 2)}\n`).toMatchFileSnapshot(`./golden/${kind}.json`);
    });
  }

  it('leads with the forecast dollar figure, then how it is made up', () => {
    const lead = (KINDS['forecast-tenant']!.blocks[1] as { text: { text: string } }).text.text;
    expect(lead).toBe('*$26.21* by month end for *acme*: $7.84 so far + $18.37 for the 21 days left, at $0.84 a day.');
    expect(KINDS['forecast-tenant']!.text).toBe('Forecast acme 2026-03: $26.21 by month end ($7.84 so far)');
    const overviewText = JSON.stringify(KINDS['forecast-overview']!.blocks);
    expect(overviewText).toContain('*$36.81* by month end for *DO team default*');
    expect(overviewText).toContain('1. *acme* $26.21 · $7.84 so far');
    expect(overviewText).toContain('2. *beta* $10.60 · $0.76 so far');
  });
});
