import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { testPassword } from './database';

/** Secrets Manager and S3 mocked for every client instance: the secret holds the test server's password. */
export function mockAws() {
  const secrets = mockClient(SecretsManagerClient);
  const s3 = mockClient(S3Client);
  const reset = (): void => {
    secrets.reset();
    s3.reset();
    secrets.on(GetSecretValueCommand).resolves({
      SecretString: JSON.stringify({ username: process.env.PGUSER, password: testPassword() }),
    });
    s3.on(PutObjectCommand).resolves({});
  };
  reset();
  return { secrets, s3, reset, restore: () => (secrets.restore(), s3.restore()) };
}
