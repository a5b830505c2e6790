import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { createPasswordSource, parseDatabaseSecret } from './secrets';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-abc-AbCdEf';
const secrets = mockClient(SecretsManagerClient);

afterAll(() => secrets.restore());
beforeEach(() => secrets.reset());

describe('createPasswordSource', () => {
  it('fetches once for concurrent first callers and caches the password', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: '{"username":"dbadmin","password":"pw"}' });
    const source = createPasswordSource(new SecretsManagerClient({}), ARN);
    expect(await Promise.all([source.password(), source.password(), source.password()])).toEqual([
      'pw',
      'pw',
      'pw',
    ]);
    expect(await source.password()).toBe('pw');
    expect(secrets.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input)).toEqual([
      { SecretId: ARN },
    ]);
  });

  it('fetches again after invalidate, and after a failed fetch', async () => {
    secrets
      .on(GetSecretValueCommand)
      .rejectsOnce(new Error('throttled'))
      .resolvesOnce({ SecretString: '{"password":"old"}' })
      .resolves({ SecretString: '{"password":"new"}' });
    const source = createPasswordSource(new SecretsManagerClient({}), ARN);
    await expect(source.password()).rejects.toThrow('throttled');
    expect(await source.password()).toBe('old');
    source.invalidate();
    expect(await source.password()).toBe('new');
    expect(source.fetches).toBe(3);
  });
});

describe('parseDatabaseSecret', () => {
  it('names the secret but never quotes it when it is unusable', () => {
    expect(() => parseDatabaseSecret(ARN, 'hunter2')).toThrow(`secret ${ARN} is not JSON`);
    expect(() => parseDatabaseSecret(ARN, '{"pass":"hunter2"}')).toThrow('has no "password" field');
    expect(() => parseDatabaseSecret(ARN, undefined)).toThrow('has no SecretString');
    try {
      parseDatabaseSecret(ARN, 'hunter2');
    } catch (error) {
      expect(String(error)).not.toContain('hunter2');
    }
  });
});
