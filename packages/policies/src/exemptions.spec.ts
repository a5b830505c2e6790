import { loadSettings } from '@payments/config';
import { controlIdsOf, exemptionOf } from './exemptions';
import { environmentOfUrn, stackOfUrn } from './environment';

describe('controlIdsOf', () => {
  it('reads one or several control IDs before the colon', () => {
    expect(controlIdsOf('S3.5: every bucket ...')).toEqual(['S3.5']);
    expect(controlIdsOf('S3.1/S3.8: every bucket ...')).toEqual(['S3.1', 'S3.8']);
    expect(controlIdsOf('DESIGN-6: every name ...')).toEqual(['DESIGN-6']);
    expect(controlIdsOf('Every bucket has S3.5')).toEqual([]);
  });
});

describe('exemptionOf', () => {
  const exemptions = [
    { control: 'APIGateway.4', reason: 'WAF in prod only' },
    { control: 'S3.1', reason: 'account block' },
  ];

  it('gives the reason when every control of the policy is exempted', () => {
    expect(exemptionOf('APIGateway.4: WAF ...', exemptions)).toBe('WAF in prod only');
    expect(exemptionOf('S3.1/S3.8: block ...', [...exemptions, { control: 'S3.8', reason: 'same' }])).toBe(
      'account block; same',
    );
  });

  it('gives nothing when a control of the policy is not exempted', () => {
    expect(exemptionOf('S3.1/S3.8: block ...', exemptions)).toBeUndefined();
    expect(exemptionOf('RDS.7: ...', exemptions)).toBeUndefined();
  });

  it('never applies to design rules: config accepts only Security Hub control IDs', () => {
    expect(() => loadSettings('dev', { exemptions: [{ control: 'DESIGN-1', reason: 'no' }] })).toThrow(
      'exemptions[0].control: wrong format (got "DESIGN-1"; allowed a Security Hub control ID',
    );
  });
});

describe('environmentOfUrn', () => {
  it('reads the environment from the stack part of a URN', () => {
    expect(environmentOfUrn('urn:pulumi:prod::payments-api::aws:s3/bucket:Bucket::b')).toBe('prod');
    expect(
      environmentOfUrn('urn:pulumi:org/payments-api/staging::payments-api::aws:s3/bucket:Bucket::b'),
    ).toBe('staging');
    expect(environmentOfUrn('urn:pulumi:dev-alice::payments-api::aws:s3/bucket:Bucket::b')).toBeUndefined();
    expect(stackOfUrn('not-a-urn')).toBeUndefined();
  });
});
