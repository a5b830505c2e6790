import { upstreamFixtures } from './fixtures';
import { merchantClientEntry, parseMerchantClients } from './merchants';
import { ContractError } from './references';

describe('merchantClients', () => {
  it('round-trips the identity stack entries into an app client -> merchant map', () => {
    const entries = [
      merchantClientEntry('acme-shop', '4example5client6id7abcdef12'),
      merchantClientEntry('globex', '1q2w3e4r5t6y7u8i9o0p1a2s3d'),
    ];
    expect(entries[0]).toBe('acme-shop=4example5client6id7abcdef12');
    expect(parseMerchantClients(entries)).toEqual({
      '4example5client6id7abcdef12': 'acme-shop',
      '1q2w3e4r5t6y7u8i9o0p1a2s3d': 'globex',
    });
    expect(parseMerchantClients([])).toEqual({});
  });

  it.each([
    ['acme-shop', 'merchantClients entry "acme-shop" is not \'<merchantId>=<clientId>\''],
    ['Acme=abc', 'merchantClients entry "Acme=abc" is not \'<merchantId>=<clientId>\''],
    ['acme=a=b', 'merchantClients entry "acme=a=b" is not \'<merchantId>=<clientId>\''],
    ['acme=', 'merchantClients entry "acme=" is not \'<merchantId>=<clientId>\''],
  ])('refuses the malformed entry %j', (entry, message) => {
    expect(() => parseMerchantClients([entry])).toThrow(ContractError);
    expect(() => parseMerchantClients([entry])).toThrow(message);
  });

  it('refuses a client or a merchant listed twice: a token must map to exactly one merchant', () => {
    expect(() => parseMerchantClients(['a=client1', 'b=client1'])).toThrow('the app client client1 twice');
    expect(() => parseMerchantClients(['a=client1', 'a=client2'])).toThrow('the merchant a twice');
  });

  it("gives the api stack's unit tests entries in the real format", () => {
    const identity = upstreamFixtures('api', 'dev', 'organization')['organization/payments-identity/dev']!;
    expect(Object.values(parseMerchantClients(identity.merchantClients as string[]))).toEqual([
      'acme-shop',
      'globex',
    ]);
  });
});
