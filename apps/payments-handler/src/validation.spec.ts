import {
  formatMinor,
  checkMerchant,
  containsCardNumber,
  parseCreatePayment,
  parseIdempotencyKey,
  requestHash,
} from './validation';

const limits = {
  currencies: {
    EUR: { exponent: 2, maxMinor: 1_000_000 },
    GBP: { exponent: 2, maxMinor: 1_000_000 },
    USD: { exponent: 2, maxMinor: 1_000_000 },
  },
};

describe('containsCardNumber', () => {
  it.each(['4111111111111111', 'pay 4111 1111 1111 1111 now', '5500-0000-0000-0004', '378282246310005'])(
    'finds the card number in %j',
    (text) => expect(containsCardNumber(text)).toBe(true),
  );

  it.each([
    'Order 1001',
    '4111111111111112',
    'invoice 2024-01-15',
    '1234567890123456789012',
    '9111111111111111',
  ])('finds none in %j', (text) => expect(containsCardNumber(text)).toBe(false));
});

describe('parseIdempotencyKey', () => {
  it('takes the one value of the header, whatever its case', () => {
    expect(parseIdempotencyKey({ 'IDEMPOTENCY-KEY': 'abc' }, null)).toBe('abc');
  });

  it('rejects two different values and keys with spaces', () => {
    expect(() => parseIdempotencyKey(null, { 'Idempotency-Key': ['a', 'b'] })).toThrow('sent once');
    expect(() => parseIdempotencyKey({ 'Idempotency-Key': 'a b' }, null)).toThrow('visible ASCII');
  });

  const key = (value: string) => parseIdempotencyKey({ 'Idempotency-Key': value }, null);

  it("takes the draft's Structured Field String and the bare form as the same key", () => {
    expect(key('"8e03978e-40d5-43e8-bc93-6894a57f9324"')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(key('"k"')).toBe(key('k'));
    // Optional whitespace around the value is not part of it.
    expect(key(' "k"\t')).toBe('k');
    // Escapes (RFC 8941 3.3.3): \" and \\ only; spaces are allowed inside the quotes.
    expect(key('"a\\"b\\\\c"')).toBe('a"b\\c');
    expect(key('"order 1001"')).toBe('order 1001');
  });

  it.each([
    ['an unterminated string', '"abc'],
    ['an escape of another character', '"a\\nb"'],
    ['anything after the string (parameters)', '"abc";v=1'],
    ['an empty string', '""'],
    ['a non-ASCII character', '"caf\u00e9"'],
    ['more than 255 characters', `"${'x'.repeat(256)}"`],
  ])('rejects %s, naming the header', (_what, value) => {
    expect(() => key(value)).toThrow(/Idempotency-Key must be a quoted string/);
  });
});

describe('requestHash', () => {
  it('is the same for the same request and differs when any field or the merchant differs', () => {
    const request = parseCreatePayment('{"amount":1,"currency":"EUR","merchantId":"m"}', limits);
    expect(request).toEqual({ amount: 1, currency: 'EUR', merchantId: 'm', description: null });
    const same = parseCreatePayment(
      '{"merchantId":"m","description":null,"currency":"EUR","amount":1.0}',
      limits,
    );
    expect(requestHash(same, 'm')).toBe(requestHash(request, 'm'));
    for (const change of [{ amount: 2 }, { currency: 'GBP' }, { description: '' }]) {
      expect(requestHash({ ...request, ...change }, 'm')).not.toBe(requestHash(request, 'm'));
    }
    expect(requestHash(request, 'n')).not.toBe(requestHash(request, 'm'));
  });

  it("ignores whether the body names its merchant: the token's merchant is hashed", () => {
    const named = parseCreatePayment('{"amount":1,"currency":"EUR","merchantId":"m"}', limits);
    const unnamed = parseCreatePayment('{"amount":1,"currency":"EUR"}', limits);
    expect(unnamed).toEqual({ amount: 1, currency: 'EUR', description: null });
    expect(requestHash(unnamed, 'm')).toBe(requestHash(named, 'm'));
  });
});

describe('checkMerchant', () => {
  const request = (merchantId?: string) => ({
    amount: 1,
    currency: 'EUR',
    description: null,
    ...(merchantId === undefined ? {} : { merchantId }),
  });

  it("accepts a body that names no merchant or the token's own", () => {
    expect(() => checkMerchant(request(), 'acme-shop')).not.toThrow();
    expect(() => checkMerchant(request('acme-shop'), 'acme-shop')).not.toThrow();
  });

  it('refuses with 403 a body that names another merchant', () => {
    expect(() => checkMerchant(request('globex'), 'acme-shop')).toThrow(
      expect.objectContaining({ status: 403, code: 'merchant_mismatch', field: 'merchantId' }),
    );
  });
});

describe('formatMinor', () => {
  it('shows minor units in the currency with its exponent', () => {
    expect(formatMinor(1_000_000, 2)).toBe('10000.00');
    expect(formatMinor(5, 2)).toBe('0.05');
    expect(formatMinor(1_500_000, 0)).toBe('1500000');
    expect(formatMinor(3_000_000, 3)).toBe('3000.000');
  });
});
