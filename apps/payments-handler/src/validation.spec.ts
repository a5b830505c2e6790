import { containsCardNumber, parseCreatePayment, parseIdempotencyKey, requestHash } from './validation';

const limits = { maxAmountMinor: 1_000_000, currencies: ['EUR', 'GBP', 'USD'] };

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
});

describe('requestHash', () => {
  it('is the same for the same request and differs when any field differs', () => {
    const request = parseCreatePayment('{"amount":1,"currency":"EUR","merchantId":"m"}', limits);
    expect(request).toEqual({ amount: 1, currency: 'EUR', merchantId: 'm', description: null });
    const same = parseCreatePayment(
      '{"merchantId":"m","description":null,"currency":"EUR","amount":1.0}',
      limits,
    );
    expect(requestHash(same)).toBe(requestHash(request));
    for (const change of [{ amount: 2 }, { currency: 'GBP' }, { merchantId: 'n' }, { description: '' }]) {
      expect(requestHash({ ...request, ...change })).not.toBe(requestHash(request));
    }
  });
});
