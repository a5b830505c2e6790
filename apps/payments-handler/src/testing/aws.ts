import { PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
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

/**
 * An S3 bucket in memory behind the mocked client, with S3's conditional write: a PutObject with
 * `If-None-Match: *` on a key that exists fails with 412 PreconditionFailed and stores nothing
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html). `failing` makes every put fail
 * as S3 does when it is down (503 SlowDown / 500 InternalError).
 */
export function fakeBucket(s3: ReturnType<typeof mockAws>['s3']) {
  const objects = new Map<string, string>();
  const state = { failing: false, beforeStore: undefined as undefined | ((key: string) => Promise<void>) };
  s3.on(PutObjectCommand).callsFake(async (input: { Key: string; Body: string; IfNoneMatch?: string }) => {
    if (state.failing) {
      throw new S3ServiceException({
        name: 'InternalError',
        $fault: 'server',
        $metadata: { httpStatusCode: 500 },
        message: 'We encountered an internal error. Please try again.',
      });
    }
    if (input.IfNoneMatch === '*' && objects.has(input.Key)) {
      throw new S3ServiceException({
        name: 'PreconditionFailed',
        $fault: 'client',
        $metadata: { httpStatusCode: 412 },
        message: 'At least one of the pre-conditions you specified did not hold',
      });
    }
    objects.set(input.Key, input.Body);
    await state.beforeStore?.(input.Key);
    return { ETag: '"etag"' };
  });
  return { objects, state };
}
