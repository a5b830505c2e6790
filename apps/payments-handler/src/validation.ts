import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ApiError, type FieldProblem } from './http';

/** Largest accepted request body, in bytes after base64 decoding; a valid payment needs well under 1 KiB. */
export const MAX_BODY_BYTES = 8 * 1024;
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** Visible ASCII, 1 to 255 characters (a UUID is the usual choice). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
export const MERCHANT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const MAX_DESCRIPTION_LENGTH = 255;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A currency the API takes: its ISO 4217 minor-unit exponent and its largest single payment in minor units. */
export interface CurrencyLimit {
  exponent: number;
  maxMinor: number;
}

export interface Limits {
  /** By ISO 4217 code, in the order configured. */
  currencies: Readonly<Record<string, CurrencyLimit>>;
}

/** `1000000` minor units of a currency with exponent 2 as `10000.00`. */
export function formatMinor(minor: number, exponent: number): string {
  if (exponent === 0) return String(minor);
  const digits = String(minor).padStart(exponent + 1, '0');
  return `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** A validated `POST /payments` body. */
export interface CreatePaymentRequest {
  amount: number;
  currency: string;
  /**
   * The merchant the body names, if it names one. Optional and never trusted: the merchant is the token's, and a
   * body naming another one is refused (403). Kept so that clients that send it keep working, and so that a client
   * using another merchant's credentials by mistake is told rather than booking under the wrong merchant.
   */
  merchantId?: string;
  description: string | null;
}

export type Headers = Readonly<Record<string, string | undefined>> | null | undefined;
export type MultiValueHeaders = Readonly<Record<string, readonly string[] | undefined>> | null | undefined;

/** A header's values, whatever the case of its name. */
function headerValues(name: string, headers: Headers, multi: MultiValueHeaders): string[] {
  const lower = name.toLowerCase();
  const fromMulti = Object.entries(multi ?? {})
    .filter(([key]) => key.toLowerCase() === lower)
    .flatMap(([, values]) => values ?? []);
  if (fromMulti.length > 0) return fromMulti;
  return Object.entries(headers ?? {})
    .filter(([key, value]) => key.toLowerCase() === lower && value !== undefined)
    .map(([, value]) => value as string);
}

const invalid = (field: string, message: string, code = 'invalid_field'): ApiError =>
  new ApiError(400, code, message, field, [{ field, message }]);

/**
 * The key of a Structured Field String (RFC 8941 section 3.3.3, the form the IETF draft "The Idempotency-Key HTTP
 * Header Field" gives the header): `"` ... `"`, printable ASCII inside, `\"` and `\\` escaped. Undefined when `raw`
 * is not exactly one such string (parameters after it included).
 */
export function parseSfString(raw: string): string | undefined {
  if (!raw.startsWith('"')) return undefined;
  let value = '';
  for (let i = 1; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c === '\\') {
      const next = raw[i + 1];
      if (next !== '"' && next !== '\\') return undefined;
      value += next;
      i += 1;
    } else if (c === '"') {
      return i === raw.length - 1 ? value : undefined;
    } else if (c < ' ' || c > '~') {
      return undefined;
    } else {
      value += c;
    }
  }
  return undefined;
}

/** The key a String of the draft may hold: printable ASCII (spaces too, inside the quotes), 1 to 255 characters. */
const QUOTED_KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

/**
 * The request's Idempotency-Key: the draft's quoted form (`"8e03978e-..."`) or the bare one many clients send
 * (`8e03978e-...`); both name the same key, the string's value.
 */
export function parseIdempotencyKey(headers: Headers, multi: MultiValueHeaders): string {
  const values = headerValues(IDEMPOTENCY_KEY_HEADER, headers, multi);
  const field = IDEMPOTENCY_KEY_HEADER;
  if (values.length === 0 || values[0] === '') {
    throw invalid(field, `${field} header is required`, 'missing_header');
  }
  if (new Set(values).size > 1) throw invalid(field, `${field} header must be sent once`, 'invalid_header');
  // HTTP strips optional whitespace around a field value; API Gateway passes it as received.
  const raw = (values[0] as string).replace(/^[ \t]+|[ \t]+$/g, '');
  if (raw.startsWith('"')) {
    const key = parseSfString(raw);
    if (key === undefined || !QUOTED_KEY_PATTERN.test(key)) {
      throw invalid(
        field,
        `${field} must be a quoted string of 1 to 255 printable ASCII characters (\\" and \\\\ escaped), or a bare key`,
        'invalid_header',
      );
    }
    return key;
  }
  if (!IDEMPOTENCY_KEY_PATTERN.test(raw)) {
    throw invalid(field, `${field} must be 1 to 255 visible ASCII characters`, 'invalid_header');
  }
  return raw;
}

/** A present Content-Type must be JSON; an absent one is taken as JSON. */
export function checkContentType(headers: Headers, multi: MultiValueHeaders): void {
  const [value] = headerValues('Content-Type', headers, multi);
  if (value === undefined) return;
  const mediaType = value.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new ApiError(
      415,
      'unsupported_media_type',
      'Content-Type must be application/json',
      'Content-Type',
    );
  }
}

/** The request body as text, at most MAX_BODY_BYTES. */
export function decodeBody(body: string | null | undefined, isBase64Encoded: boolean): string {
  if (body === null || body === undefined || body === '')
    throw invalid('body', 'body is required', 'invalid_body');
  const bytes = isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  if (bytes.length > MAX_BODY_BYTES) {
    throw new ApiError(413, 'payload_too_large', `body must be at most ${MAX_BODY_BYTES} bytes`, 'body');
  }
  return isBase64Encoded ? bytes.toString('utf8') : body;
}

/** Luhn check of a digit string. */
function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Whether free text holds something shaped like a card number (PAN): a run of 13 to 19 digits, optionally
 * grouped by single spaces or dashes, starting 2-6 and passing the Luhn check. Card data must never be stored.
 */
export function containsCardNumber(text: string): boolean {
  for (const match of text.matchAll(/\d(?:[ -]?\d)*/g)) {
    const digits = match[0].replace(/[ -]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && /^[2-6]/.test(digits) && luhn(digits)) return true;
  }
  return false;
}

function createPaymentSchema(limits: Limits) {
  const requiredOr = (field: string, message: string) => (issue: { input?: unknown }) =>
    issue.input === undefined ? `${field} is required` : message;
  const amountMessage = 'amount must be a positive integer number of minor units';
  const codes = Object.keys(limits.currencies);
  return z
    .strictObject({
      amount: z
        .number({ error: requiredOr('amount', amountMessage) })
        .int({ error: amountMessage })
        .positive({ error: amountMessage }),
      currency: z
        .string({ error: requiredOr('currency', 'currency must be a string') })
        .refine((code) => Object.hasOwn(limits.currencies, code), {
          error: `currency must be one of ${codes.join(', ')}`,
        }),
      merchantId: z
        .string({ error: 'merchantId must be a string' })
        .regex(MERCHANT_ID_PATTERN, {
          error: "merchantId must be 1 to 64 letters, digits, '_' or '-', starting with a letter or digit",
        })
        .optional(),
      description: z
        .string({ error: 'description must be a string or null' })
        .max(MAX_DESCRIPTION_LENGTH, {
          error: `description must be at most ${MAX_DESCRIPTION_LENGTH} characters`,
        })
        // eslint-disable-next-line no-control-regex
        .refine((text) => !/[\u0000-\u001f\u007f]/.test(text), {
          error: 'description must not contain control characters',
        })
        .refine((text) => !containsCardNumber(text), { error: 'description must not contain card data' })
        .nullish(),
    })
    .superRefine((body, ctx) => {
      // The limit is the currency's own, in its minor units (ISO 4217 exponent).
      const limit = Object.hasOwn(limits.currencies, body.currency)
        ? limits.currencies[body.currency]
        : undefined;
      if (limit && body.amount > limit.maxMinor) {
        ctx.addIssue({
          code: 'custom',
          path: ['amount'],
          message:
            `amount must be at most ${limit.maxMinor} minor units of ${body.currency} ` +
            `(${formatMinor(limit.maxMinor, limit.exponent)} ${body.currency})`,
        });
      }
    });
}

function problems(error: z.ZodError): FieldProblem[] {
  return error.issues.flatMap((issue): FieldProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: key, message: `${key} is not a known field` }));
    }
    return [{ field: issue.path.map(String).join('.') || 'body', message: issue.message }];
  });
}

/** Validates a `POST /payments` body (already size-checked text); throws a 400 ApiError naming the field. */
export function parseCreatePayment(text: string, limits: Limits): CreatePaymentRequest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalid('body', 'body must be valid JSON', 'invalid_json');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalid('body', 'body must be a JSON object', 'invalid_body');
  }
  const result = createPaymentSchema(limits).safeParse(json);
  if (!result.success) {
    const details = problems(result.error);
    const first = details[0] as FieldProblem;
    const missing = result.error.issues[0]?.code === 'invalid_type' && first.message.endsWith('is required');
    throw new ApiError(400, missing ? 'missing_field' : 'invalid_field', first.message, first.field, details);
  }
  const { amount, currency, merchantId, description } = result.data;
  return {
    amount,
    currency,
    ...(merchantId === undefined ? {} : { merchantId }),
    description: description ?? null,
  };
}

/** 403 when the body names a merchant other than the token's: nothing is written for another merchant. */
export function checkMerchant(request: CreatePaymentRequest, merchantId: string): void {
  if (request.merchantId === undefined || request.merchantId === merchantId) return;
  throw new ApiError(
    403,
    'merchant_mismatch',
    "merchantId names another merchant than the token's client; leave it out or send your own",
    'merchantId',
  );
}

/** `GET /payments/{id}`: a UUID. */
export function parsePaymentId(raw: string | undefined): string {
  if (raw === undefined || !UUID_PATTERN.test(raw)) throw invalid('id', 'id must be a payment id (a UUID)');
  return raw.toLowerCase();
}

/**
 * Digest of what a payment request asks for, independent of JSON formatting and key order and of whether the body
 * names its merchant: the same key with the same digest is a retry, with another digest a conflict. `merchantId`
 * is the token's (the hash covers the same fields, in the same order, as before tokens).
 */
export function requestHash(request: CreatePaymentRequest, merchantId: string): string {
  const canonical = JSON.stringify([request.amount, request.currency, merchantId, request.description]);
  return createHash('sha256').update(canonical).digest('hex');
}
