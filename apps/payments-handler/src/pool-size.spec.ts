import { PAYMENTS_CONNECTIONS_PER_ENDPOINT } from '@payments/config';
import { PAYMENTS_POOL_MAX } from './handler';

// The api stack reserves payments concurrency from what the database absorbs, counting
// PAYMENTS_CONNECTIONS_PER_ENDPOINT per container and endpoint (packages/config). The handler's pool is the truth:
// a larger pool with the same reservation would open more connections than the database was sized for.
describe('the payments pool', () => {
  it('opens exactly as many connections per endpoint as the concurrency bound counts', () => {
    expect(PAYMENTS_POOL_MAX).toBe(PAYMENTS_CONNECTIONS_PER_ENDPOINT);
  });
});
