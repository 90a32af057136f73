import type { AppContext } from '../../app-context.js';

/**
 * One step of a workflow (the shape of Medusa's core-flows steps): an action, and the
 * compensation that undoes it if a later step fails. A compensation that moves money does not
 * call the gateway itself: it writes a durable job (the outbox) in a transaction.
 */
export interface Step<I, O> {
  name: string;
  action(ctx: AppContext, input: I): Promise<O>;
  compensate?(ctx: AppContext, input: I, output: O, error: unknown): Promise<void>;
}

/** A running workflow: which steps ran (in order), and their compensations, last first. */
export class WorkflowRun {
  readonly ran: string[] = [];
  readonly compensated: string[] = [];
  private readonly undo: { name: string; run: (error: unknown) => Promise<void> }[] = [];

  constructor(
    readonly ctx: AppContext,
    readonly name: string,
  ) {}

  async step<I, O>(step: Step<I, O>, input: I): Promise<O> {
    const output = await step.action(this.ctx, input);
    this.ran.push(step.name);
    const compensate = step.compensate;
    if (compensate)
      this.undo.push({ name: step.name, run: (error) => compensate(this.ctx, input, output, error) });
    return output;
  }

  /** Runs the compensations of the steps that ran, newest first. */
  async compensate(error: unknown): Promise<void> {
    for (let u = this.undo.pop(); u; u = this.undo.pop()) {
      await u.run(error);
      this.compensated.push(u.name);
    }
  }
}

/**
 * Runs a composition of steps; when one throws, the steps that already ran are compensated
 * (newest first) and the error goes on to the caller.
 */
export async function runWorkflow<T>(
  ctx: AppContext,
  name: string,
  body: (run: WorkflowRun) => Promise<T>,
  observe?: (run: WorkflowRun) => void,
): Promise<T> {
  const run = new WorkflowRun(ctx, name);
  try {
    return await body(run);
  } catch (error) {
    await run.compensate(error);
    throw error;
  } finally {
    observe?.(run);
  }
}
