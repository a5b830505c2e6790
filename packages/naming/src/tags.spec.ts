import { DATA_CLASSIFICATION, standardTags, STANDARD_TAG_KEYS } from './tags';

describe('standardTags', () => {
  it('returns exactly the six standard keys', () => {
    const tags = standardTags({ env: 'staging', domain: 'network', costCenter: 'cc-42' });
    expect(Object.keys(tags).sort()).toEqual([...STANDARD_TAG_KEYS].sort());
    expect(tags).toEqual({
      Project: 'payments',
      Environment: 'staging',
      Domain: 'network',
      ManagedBy: 'pulumi',
      CostCenter: 'cc-42',
      DataClassification: 'internal',
    });
  });

  it.each(Object.entries(DATA_CLASSIFICATION))('classifies the %s domain as %s', (domain, cls) => {
    expect(standardTags({ env: 'dev', domain: domain as 'api', costCenter: 'cc' }).DataClassification).toBe(
      cls,
    );
  });

  it('classifies network internal, storage confidential, database, identity, api and bootstrap restricted', () => {
    expect(DATA_CLASSIFICATION).toEqual({
      network: 'internal',
      storage: 'confidential',
      database: 'restricted',
      identity: 'restricted',
      api: 'restricted',
      // The state of every stack and the keys to their secrets.
      bootstrap: 'restricted',
    });
  });

  it('refuses an unknown environment', () => {
    expect(() => standardTags({ env: 'test', domain: 'api', costCenter: 'cc' })).toThrow(
      /Unknown environment/,
    );
  });
});
