// The audit relay's CloudWatch metrics, for the api stack's alarm: plain data, no driver or SDK loaded.

/** Namespace of the relay's metrics (embedded metric format), one dimension: FunctionName. */
export const RELAY_METRICS_NAMESPACE = 'Payments/AuditOutbox';

export const RELAY_METRICS = {
  /** Age in seconds of the oldest audit record still in the outbox after a run (0 when empty). */
  oldestAge: 'OldestAgeSeconds',
  /** Records still in the outbox after a run. */
  pending: 'Pending',
  /** Puts that failed during the run. */
  failed: 'FailedPuts',
} as const;
