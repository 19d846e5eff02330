import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { DoClient } from '../digitalocean/client.js';
import { DoApiError, errorMessage } from '../errors.js';
import { sagaOutcomes } from '../metrics.js';
import { Saga, type SagaDoc, type SagaStep } from '../../models/saga.js';
import { Resource, resourceKey } from '../../models/resource.js';
import type { PlannedStep } from './blueprint.js';
import { DoActionError, MissingDependencyError, SagaNotFoundError } from './errors.js';
import { stepUrn } from './resource-urn.js';
import type { StepContext, StepOutput } from './step-kind.js';
import { stepKind } from './steps/index.js';

export type StepEvent = 'done' | 'failed' | 'compensated' | 'compensation_failed' | 'removed' | 'left_alone';

/** Who hears about a saga's progress (Slack threads, alerts, inventory syncs). */
export interface SagaObserver {
  onStep?(saga: SagaDoc, step: SagaStep, event: StepEvent): Promise<void>;
  onFinish?(saga: SagaDoc): Promise<void>;
}

export interface SagaEngineDeps {
  client: DoClient;
  config: Pick<
    Config,
    | 'ARCADIA_PROVISION_STEP_ATTEMPTS'
    | 'ARCADIA_PROVISION_RETRY_DELAY_MS'
    | 'ARCADIA_PROVISION_ACTION_POLL_MS'
    | 'ARCADIA_PROVISION_ACTION_TIMEOUT_MS'
  >;
  log: Logger;
  observer?: SagaObserver;
}

export const sagaTag = (sagaId: string) => `arcadia-saga:${sagaId}`;
/** Blueprint resource ids are lowercase letters, digits and `_`, all allowed in a DO tag. */
export const stepTag = (sagaId: string, stepName: string) => `${sagaTag(sagaId)}:${stepName}`;

/** 429s, 5xx and lost connections are worth another try; a 4xx or a DO action that errored is not. */
export function isTransient(err: unknown): boolean {
  return err instanceof DoApiError && (err.status === 0 || err.status === 429 || err.status >= 500);
}

/**
 * Drives one saga from its stored state: forward through the steps while `running`, backward through
 * the completed ones while `compensating` or `deprovisioning`. Every change is written before the next
 * call to DO, so a worker killed anywhere leaves a state another worker resumes from; each step's `do`
 * first looks for what an interrupted try made, so resuming never duplicates a resource.
 */
export async function runSaga(sagaId: string, deps: SagaEngineDeps): Promise<SagaDoc> {
  const saga = await Saga.findOne({ sagaId }).lean<SagaDoc>();
  if (!saga) throw new SagaNotFoundError(sagaId);
  // Every line this run logs names its saga, whichever job or process drives it.
  const run = new SagaRun(saga, { ...deps, log: deps.log.child({ sagaId }) });
  if (saga.status === 'running') await run.forward();
  if (saga.status === 'compensating' || saga.status === 'deprovisioning') await run.backward();
  return saga;
}

class SagaRun {
  constructor(
    private readonly saga: SagaDoc,
    private readonly deps: SagaEngineDeps,
  ) {}

  async forward(): Promise<void> {
    const { saga } = this;
    for (const step of saga.steps) {
      if (step.status === 'done') continue;
      step.status = 'running';
      step.startedAt ??= new Date();
      await this.save();
      try {
        const output = await this.withRetries(() => stepKind(step.kind).do(this.context(step)));
        Object.assign(step, {
          status: 'done',
          output,
          providerId: output.providerId,
          finishedAt: new Date(),
          error: null,
        });
        await this.save();
        await this.notify(step, 'done');
      } catch (err) {
        Object.assign(step, { status: 'failed', error: errorMessage(err), finishedAt: new Date() });
        saga.status = 'compensating';
        saga.error = `${step.name} (${step.kind}) failed: ${errorMessage(err)}`;
        await this.save();
        this.deps.log.warn(
          { sagaId: saga.sagaId, step: step.name, err: errorMessage(err) },
          'saga step failed; compensating',
        );
        await this.notify(step, 'failed');
        return this.backward();
      }
    }
    saga.status = 'succeeded';
    saga.finishedAt = new Date();
    await this.save();
    this.deps.log.info({ sagaId: saga.sagaId }, 'saga succeeded');
    sagaOutcomes.inc({ outcome: saga.status });
    await this.deps.observer?.onFinish?.(saga);
  }

  /**
   * Undoes, last first, every step that did (or may have done) something, except what is no longer
   * the saga's: that is left alone and listed with why. Ends compensated/deprovisioned, or failed
   * when an undo failed.
   */
  async backward(): Promise<void> {
    const { saga } = this;
    const deprovisioning = saga.status === 'deprovisioning';
    for (const step of [...saga.steps].reverse()) {
      if (step.status !== 'done' && step.status !== 'failed' && step.status !== 'running') continue;
      const kind = stepKind(step.kind);
      try {
        const ctx = this.context(step);
        // A step that failed or was cut short may still have made something: look for it.
        const output =
          step.status === 'done'
            ? (step.output as StepOutput)
            : await this.withRetries(() => kind.find(ctx).catch(nothingIfMissing));
        const why = output && (await this.withRetries(async () => (await kind.disowned?.(ctx, output)) ?? null));
        if (output && why) {
          await this.leaveAlone(step, output, why);
          continue;
        }
        if (output) await this.withRetries(() => kind.undo(ctx, output));
        if (output && kind.makes) await this.recordRemoved(kind.makes, output.providerId);
        step.status = deprovisioning ? 'removed' : 'compensated';
        step.finishedAt = new Date();
        await this.save();
        await this.notify(step, step.status);
      } catch (err) {
        step.status = 'compensation_failed';
        step.error = errorMessage(err);
        const providerId = step.providerId ?? (step.output as StepOutput | null)?.providerId ?? '(unknown)';
        saga.leftovers.push({
          step: step.name,
          kind: step.kind,
          providerId,
          what: `${kind.describe(step.spec as PlannedStep)}: ${errorMessage(err)}`,
        });
        await this.save();
        this.deps.log.error(
          { sagaId: saga.sagaId, step: step.name, providerId, err: errorMessage(err) },
          'saga compensation failed; left for cleanup',
        );
        await this.notify(step, 'compensation_failed');
      }
    }
    // What was left alone is no longer the saga's to remove: only a failed undo fails the saga.
    saga.status = saga.steps.some((s) => s.status === 'compensation_failed')
      ? 'failed'
      : deprovisioning
        ? 'deprovisioned'
        : 'compensated';
    saga.finishedAt = new Date();
    await this.save();
    sagaOutcomes.inc({ outcome: saga.status });
    await this.deps.observer?.onFinish?.(saga);
  }

  /**
   * Notes on the stored resource (when the inventory has it) that this saga deleted it, so its going
   * stale at the next sync reads as the teardown it is, not as something gone missing.
   */
  private async recordRemoved(kind: string, providerId: string): Promise<void> {
    await Resource.updateOne(
      { _id: resourceKey(kind, providerId, this.saga.account) },
      { $set: { removedBySaga: this.saga.sagaId, removedAt: new Date() } },
    );
  }

  private async leaveAlone(step: SagaStep, output: StepOutput, why: string): Promise<void> {
    const { saga } = this;
    step.status = 'left_alone';
    step.finishedAt = new Date();
    saga.leftovers.push({ step: step.name, kind: step.kind, providerId: output.providerId, what: why });
    await this.save();
    this.deps.log.warn(
      { sagaId: saga.sagaId, step: step.name, providerId: output.providerId, why },
      'saga resource is no longer its own; left alone',
    );
    await this.notify(step, 'left_alone');
  }

  private context(step: SagaStep): StepContext {
    const { saga, deps } = this;
    const earlier = (name: string) => {
      const found = saga.steps.find((s) => s.name === name);
      if (!found?.output) throw new Error(`step ${name} has no output yet`);
      return found;
    };
    return {
      client: deps.client,
      sagaId: saga.sagaId,
      sagaTag: sagaTag(saga.sagaId),
      stepTag: stepTag(saga.sagaId, step.name),
      heldByAnotherStep: (id) => saga.steps.some((s) => s !== step && s.kind === step.kind && s.providerId === id),
      spec: step.spec as PlannedStep,
      saved: (step.output as StepOutput | null) ?? null,
      checkpoint: async (output) => {
        step.output = output;
        step.providerId = output.providerId;
        await this.save();
      },
      output: (name) => earlier(name).output as StepOutput,
      urnOf: (name) => {
        const s = earlier(name);
        return stepUrn(stepKind(s.kind), s.output as StepOutput);
      },
      stillOurs: async (name) => {
        const s = earlier(name);
        return !(await stepKind(s.kind).disowned?.(this.context(s), s.output as StepOutput));
      },
      waitForAction: (id) => this.waitForAction(id),
      waitUntil: (done, what) => this.waitUntil(done, what),
    };
  }

  private async waitForAction(id: number): Promise<void> {
    const started = Date.now();
    for (;;) {
      const { action } = await this.deps.client.get<{ action: { status: string } }>(`/v2/actions/${id}`);
      if (action.status === 'completed') return;
      if (action.status === 'errored') throw new DoActionError(id, 'errored');
      if (Date.now() - started > this.deps.config.ARCADIA_PROVISION_ACTION_TIMEOUT_MS)
        throw new DoActionError(id, 'still in progress past ARCADIA_PROVISION_ACTION_TIMEOUT_MS');
      await sleep(this.deps.config.ARCADIA_PROVISION_ACTION_POLL_MS);
    }
  }

  private async waitUntil(done: () => Promise<boolean>, what: string): Promise<void> {
    const started = Date.now();
    while (!(await done())) {
      if (Date.now() - started > this.deps.config.ARCADIA_PROVISION_ACTION_TIMEOUT_MS)
        throw new DoActionError(0, `timed out waiting for ${what}`);
      await sleep(this.deps.config.ARCADIA_PROVISION_ACTION_POLL_MS);
    }
  }

  private async withRetries<T>(call: () => Promise<T>): Promise<T> {
    const attempts = this.deps.config.ARCADIA_PROVISION_STEP_ATTEMPTS;
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        if (!isTransient(err) || attempt >= attempts) throw err;
        this.deps.log.warn({ sagaId: this.saga.sagaId, attempt, err: errorMessage(err) }, 'saga call failed; retrying');
        await sleep(this.deps.config.ARCADIA_PROVISION_RETRY_DELAY_MS * 2 ** (attempt - 1));
      }
    }
  }

  private async notify(step: SagaStep, event: StepEvent): Promise<void> {
    await this.deps.observer
      ?.onStep?.(this.saga, step, event)
      ?.catch((err: unknown) => this.deps.log.error({ err: errorMessage(err) }, 'saga observer failed'));
  }

  private async save(): Promise<void> {
    const { saga } = this;
    saga.updatedAt = new Date();
    await Saga.updateOne(
      { sagaId: saga.sagaId },
      {
        $set: {
          status: saga.status,
          steps: saga.steps,
          error: saga.error,
          leftovers: saga.leftovers,
          updatedAt: saga.updatedAt,
          finishedAt: saga.finishedAt,
        },
      },
    );
  }
}

function nothingIfMissing(err: unknown): null {
  if (err instanceof MissingDependencyError) return null;
  throw err;
}
