import { forecastScopeWords, zodArgument } from '../src/arguments.js';
import { forecastView } from '../src/forecast/forecast-service.js';
import { forecastMessage, forecastOverviewMessage } from '../src/slack/blocks/forecast.js';
import { billingNotice } from './billing-notice.js';
import { subcommand } from './subcommand.js';

export const schema = zodArgument(forecastScopeWords);

export const forecast = subcommand({
  name: 'forecast',
  audience: 'finance',
  expensive: true,
  schema,
  help: {
    usage: 'forecast [TENANT | --project P | --account A]',
    summary:
      "Where this month lands: month to date plus what runs now until the month's end. Every team and tenant, or one tenant's, project's or team's by resource and product.",
    examples: ['/cloud forecast', '/cloud forecast acme', '/cloud forecast --project web-api'],
  },
  async handle({ args }, deps) {
    try {
      const view = await forecastView(args, deps.config, deps.now());
      return args ? forecastMessage(view.forecasts[0]!) : forecastOverviewMessage(view.forecasts);
    } catch (err) {
      return billingNotice(err, deps.config);
    }
  },
});
