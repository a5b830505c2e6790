import { auditKey } from './audit';

describe('auditKey', () => {
  it('partitions by the UTC date of the payment, zero-padded', () => {
    expect(auditKey('p-1', new Date('2025-03-04T23:59:59.999Z'))).toBe(
      'audit/yyyy=2025/mm=03/dd=04/p-1.json',
    );
    expect(auditKey('p-2', new Date('2025-12-31T23:30:00-02:00'))).toBe(
      'audit/yyyy=2026/mm=01/dd=01/p-2.json',
    );
  });
});
