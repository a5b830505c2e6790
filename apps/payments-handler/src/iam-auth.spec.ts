import { createIamTokenSource, sdkTokenSigner, TOKEN_REUSE_MS, type IamTokenConfig } from './iam-auth';

const endpoint: IamTokenConfig = {
  host: 'payments-dev-aurora.cluster-abc.us-east-1.rds.amazonaws.com',
  port: 5432,
  user: 'payments_app',
  region: 'us-east-1',
};

describe('the AWS SDK signer', () => {
  const saved = { ...process.env };
  beforeAll(() => {
    // Static example credentials (AWS's documentation's): signing is local, nothing is sent anywhere.
    process.env.AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
  });
  afterAll(() => {
    process.env = saved;
  });

  it('signs a 15-minute rds-db connect token for payments_app at the endpoint, as RDS expects it', async () => {
    const token = await sdkTokenSigner(endpoint);
    // `<host>:<port>/?Action=connect&DBUser=<user>&X-Amz-...`: the presigned URL without its scheme
    // (UsingWithRDS.IAMDBAuth.Connecting.html).
    expect(token.startsWith(`${endpoint.host}:5432/?`)).toBe(true);
    const query = new URLSearchParams(token.slice(token.indexOf('?') + 1));
    expect(query.get('Action')).toBe('connect');
    expect(query.get('DBUser')).toBe('payments_app');
    expect(query.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(query.get('X-Amz-Credential')).toMatch(
      /^AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\/rds-db\/aws4_request$/,
    );
    expect(query.get('X-Amz-Expires')).toBe('900');
    expect(query.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('createIamTokenSource', () => {
  function counting() {
    let n = 0;
    return {
      sign: async (config: IamTokenConfig) => `token-${(n += 1)}-for-${config.user}`,
      count: () => n,
    };
  }

  it('reuses one token for new connections while it has at least 5 of its 15 minutes left', async () => {
    const signer = counting();
    let now = 0;
    const source = createIamTokenSource(endpoint, signer.sign, () => now);
    const first = await Promise.all([source.password(), source.password()]);
    expect(first).toEqual(['token-1-for-payments_app', 'token-1-for-payments_app']);
    now = TOKEN_REUSE_MS - 1;
    expect(await source.password()).toBe('token-1-for-payments_app');
    now = TOKEN_REUSE_MS;
    expect(await source.password()).toBe('token-2-for-payments_app');
    expect(TOKEN_REUSE_MS).toBe(10 * 60_000);
    expect(source.fetches).toBe(2);
  });

  it('signs again after invalidate (the server refused the token) and after a failed signing', async () => {
    let fail = true;
    const signer = counting();
    const source = createIamTokenSource(endpoint, async (config) => {
      if (fail) {
        fail = false;
        throw new Error('no credentials');
      }
      return signer.sign(config);
    });
    await expect(source.password()).rejects.toThrow('no credentials');
    expect(await source.password()).toBe('token-1-for-payments_app');
    source.invalidate();
    expect(await source.password()).toBe('token-2-for-payments_app');
  });
});
