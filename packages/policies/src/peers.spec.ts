import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENVIRONMENTS, loadSettings } from '@payments/config';
import { controlIdsOf } from './exemptions';
import { PEER_RULES, PEERS } from './peers';
import { policies } from './policies';
import { peerTable, statusCells, unpadded, withPeerTable } from './readme/peer-table';

const README = join(__dirname, '..', 'README.md');

describe('the peer rules', () => {
  it('map every rule to policies of the pack that exist', () => {
    const names = new Set(policies.map((p) => p.name));
    const missing = PEER_RULES.flatMap((rule) =>
      'policies' in rule.status
        ? rule.status.policies.filter((name) => !names.has(name)).map((name) => `${rule.id} -> ${name}`)
        : [],
    );
    expect(missing).toEqual([]);
  });

  it('list each rule of a peer once, with ids as the peer writes them', () => {
    const keys = PEER_RULES.map((r) => `${r.peer} ${r.id}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    const shapes: Record<(typeof PEERS)[number], RegExp> = {
      'Security Hub': /^[A-Za-z0-9]+\.\d+$/,
      'cdk-nag AwsSolutions': /^AwsSolutions-[A-Z0-9]+$/,
      'cdk-nag NIST 800-53 rev 5': /^NIST\.800\.53\.R5-[A-Za-z0-9]+$/,
      'cdk-nag PCI DSS 3.2.1': /^PCI\.DSS\.321-[A-Za-z0-9]+$/,
      Checkov: /^CKV2?_AWS_\d+$/,
    };
    for (const rule of PEER_RULES) expect(rule.id).toMatch(shapes[rule.peer]);
    expect(new Set(PEER_RULES.map((r) => r.peer))).toEqual(new Set(PEERS));
  });

  it('give every exemption a reason and the environments it covers, and every non-applicable rule a reason', () => {
    for (const { id, status } of PEER_RULES) {
      if ('exempt' in status) {
        expect([id, status.exempt.reason.trim().length]).toEqual([id, expect.any(Number)]);
        expect(status.exempt.reason.length).toBeGreaterThan(20);
        expect(status.exempt.environments.length).toBeGreaterThan(0);
        for (const env of status.exempt.environments) expect(ENVIRONMENTS).toContain(env);
      }
      if ('notApplicable' in status) expect(status.notApplicable.length).toBeGreaterThan(20);
    }
  });

  it('answer for every control a policy of the pack cites, and every policy but the DESIGN rules answers a peer rule', () => {
    const mapped = new Set(PEER_RULES.flatMap((r) => ('policies' in r.status ? r.status.policies : [])));
    const unmapped = policies
      .filter((p) => !controlIdsOf(p.description).every((c) => c.startsWith('DESIGN-')))
      .filter((p) => !mapped.has(p.name))
      .map((p) => p.name);
    expect(unmapped).toEqual([]);
    const listed = new Set(PEER_RULES.map((r) => r.id));
    const cited = policies
      .flatMap((p) => controlIdsOf(p.description))
      .filter((c) => !c.startsWith('DESIGN-'))
      .filter((c) => !listed.has(c));
    expect(cited).toEqual([]);
  });

  it('show a config exemption with its reason and environments (APIGateway.4 outside prod)', () => {
    const rule = PEER_RULES.find((r) => r.id === 'APIGateway.4');
    if (!rule) throw new Error('APIGateway.4 is not in the table');
    const reason = loadSettings('dev').exemptions.find((e) => e.control === 'APIGateway.4')?.reason;
    expect(statusCells(rule, policies)).toEqual([
      'enforced, exempt in some environments',
      `\`apigateway-stage-waf\`; exempt in dev, staging (config): ${reason}`,
    ]);
    // With no exemption anywhere, the same rule reads as plainly enforced.
    expect(statusCells(rule, policies, () => [])).toEqual(['enforced', '`apigateway-stage-waf`']);
  });

  it('are the table the README shows (regenerate it with `npm run readme -w packages/policies`)', () => {
    const readme = readFileSync(README, 'utf8');
    expect(unpadded(readme)).toEqual(unpadded(withPeerTable(readme, peerTable(policies))));
  });

  it('make a stale README fail: a peer rule changed in code is not what the README shows', () => {
    const readme = readFileSync(README, 'utf8');
    const stale = readme.replace('| `APIGateway.2`', '| `APIGateway.2-renamed`');
    expect(unpadded(stale)).not.toEqual(unpadded(withPeerTable(stale, peerTable(policies))));
    expect(() => withPeerTable('# no markers', 'x')).toThrow(/peer-table:start/);
  });
});
