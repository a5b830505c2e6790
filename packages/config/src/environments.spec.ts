import { ConfigError } from './errors';
import { ENVIRONMENTS, isEnvironment, parseEnvironment } from './environments';

describe('environments', () => {
  it('accepts exactly dev, staging and prod', () => {
    expect(ENVIRONMENTS).toEqual(['dev', 'staging', 'prod']);
    expect(ENVIRONMENTS.every(isEnvironment)).toBe(true);
    expect(isEnvironment('Prod')).toBe(false);
  });

  it('rejects an unknown environment with a ConfigError naming the allowed ones', () => {
    expect(() => parseEnvironment('qa')).toThrow(ConfigError);
    expect(() => parseEnvironment('qa')).toThrow("got 'qa', expected one of dev, staging, prod");
    expect(() => parseEnvironment(undefined)).toThrow('got nothing');
  });
});
