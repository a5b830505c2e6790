/**
 * One invocation's time, from `context.getRemainingTimeInMillis()`: every wait of a request (connecting, each
 * statement, the idempotency wait, the audit put, a retry's pause) is cut to what is left, so the function answers
 * with its own 503 and Retry-After before Lambda's timeout, instead of API Gateway's 5xx after it.
 */
export interface Budget {
  /** Date.now() by which the handler must have its answer ready (the invocation's end less the margin). */
  readonly deadline: number;
  /** Milliseconds left before the deadline (never negative). */
  remaining(now?: number): number;
  /**
   * How long the next wait may be: `capMs`, cut to what is left after keeping `reserveMs` for what follows it;
   * 0 when nothing is left (the caller then gives up instead of starting the wait).
   */
  slice(capMs: number, reserveMs?: number): number;
}

/**
 * Kept back from the invocation's remaining time: returning the response and writing the request's log line, so
 * the answer leaves before Lambda's timeout.
 */
export const ANSWER_MARGIN_MS = 300;

export function createBudget(remainingMs: number, now: number = Date.now()): Budget {
  const deadline = now + remainingMs - ANSWER_MARGIN_MS;
  const remaining = (at: number = Date.now()): number => Math.max(0, deadline - at);
  return {
    deadline,
    remaining,
    slice: (capMs, reserveMs = 0) => Math.max(0, Math.min(capMs, remaining() - reserveMs)),
  };
}

/** The request ran out of its time before a wait could start: it answers 503 with Retry-After. */
export class BudgetExhaustedError extends Error {
  override readonly name = 'BudgetExhaustedError';
  constructor(readonly waitingFor: string) {
    super(`no time left in the invocation for ${waitingFor}`);
  }
}

/**
 * `work` bounded by `ms`: rejects with `onTimeout()` when it has not settled by then. `abandon` receives the
 * result that arrives too late, to release it (a pooled connection).
 */
export async function within<T>(
  work: Promise<T>,
  ms: number,
  onTimeout: () => Error,
  abandon?: (late: T) => void,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(onTimeout());
    }, ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
    if (timedOut && abandon) work.then(abandon, () => undefined);
    else if (timedOut) work.catch(() => undefined);
  }
}
