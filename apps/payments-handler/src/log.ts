import { types } from 'node:util';

/**
 * Structured JSON logs, one object per line. Fields are scalars only, so a request body, a header map or a
 * secret object cannot be logged by accident: callers name each value they log.
 */

export type LogValue = string | number | boolean | null | undefined;
export type LogFields = Readonly<Record<string, LogValue>>;
export type LogLevel = 'info' | 'warn' | 'error';

/** Where log lines go: stdout on Lambda (its JSON log format passes JSON lines through unchanged). */
export type LogSink = (line: string) => void;

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. the request id). */
  child(fields: LogFields): Logger;
}

export const stdoutSink: LogSink = (line) => {
  process.stdout.write(`${line}\n`);
};

const MAX_MESSAGE_LENGTH = 300;

export function createLogger(sink: LogSink = stdoutSink, base: LogFields = {}): Logger {
  const write = (level: LogLevel, msg: string, fields: LogFields = {}): void => {
    sink(JSON.stringify({ timestamp: new Date().toISOString(), level, msg, ...base, ...fields }));
  };
  return {
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
    child: (fields) => createLogger(sink, { ...base, ...fields }),
  };
}

/** `instanceof Error` that also holds for errors made in another realm (Node's own, under a test VM). */
export function isError(value: unknown): value is Error {
  return value instanceof Error || types.isNativeError(value);
}

/** An error's message, or the value as text. */
export function messageOf(value: unknown): string {
  return isError(value) ? value.message : String(value);
}

/**
 * What is logged of an error: its class, its code (PostgreSQL SQLSTATE, AWS error name) and a bounded
 * message. Never `detail` (PostgreSQL puts row values there) and never the object itself.
 */
export function errorFields(error: unknown): LogFields {
  if (!isError(error)) return { errorName: typeof error };
  const code = (error as { code?: unknown }).code;
  return {
    errorName: error.name,
    errorCode: typeof code === 'string' ? code : undefined,
    errorMessage: error.message.slice(0, MAX_MESSAGE_LENGTH),
  };
}
