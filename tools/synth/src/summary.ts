import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BOOTSTRAP_DOMAIN, type Environment, type StackDomain } from '@payments/config';
import { deployOrder } from '@payments/contracts';
import {
  estimateEnvironment,
  formatAssumptions,
  formatMonthly,
  priceSourceLine,
  type CostEstimate,
} from '@payments/cost';
import { mandatoryViolations } from '@payments/policies';
import type { SynthDocument } from './document';

const costText = (cost: CostEstimate | null): string => (cost ? formatMonthly(cost) : 'not estimated');

function policyText(document: SynthDocument): string {
  if (document.policiesEvaluated === 0) return 'no policy evaluated';
  const mandatory = mandatoryViolations(document.policy).length;
  const advisory = document.policy.filter((p) => p.enforcementLevel === 'advisory' && !p.exemption).length;
  const exempt = document.policy.filter((p) => p.exemption).length;
  return `${document.policiesEvaluated} policies: ${mandatory} mandatory, ${advisory} advisory violation(s), ${exempt} exempted`;
}

/** `aws:ec2/subnet:Subnet` -> `ec2.Subnet`, `payments:network:Vpc` -> `network.Vpc`, for summaries. */
export function shortType(type: string): string {
  const [pkg, module = '', name = ''] = type.split(':');
  if (pkg === 'pulumi' && module === 'providers') return `provider.${name}`;
  return `${module.split('/')[0]}.${name}`;
}

/** Resource counts by short type, most frequent first: `12 ec2.Subnet`. */
export function countByType(document: SynthDocument): [string, number][] {
  const counts = new Map<string, number>();
  for (const r of document.resources) counts.set(shortType(r.type), (counts.get(shortType(r.type)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export function formatStackSummary(document: SynthDocument, file: string, workspaceRoot: string): string[] {
  const d = document.domain;
  const lines = [
    `[${d}] ${document.stack}: ${document.resources.length} resources -> ${relative(workspaceRoot, file)}`,
    `[${d}]   ${countByType(document)
      .map(([type, n]) => `${n} ${type}`)
      .join(', ')}`,
  ];
  for (const ref of document.references) lines.push(`[${d}]   reads ${ref.stack}: ${ref.outputs.join(', ')}`);
  for (const p of document.policy.filter((x) => x.enforcementLevel !== 'disabled')) {
    const tag = p.exemption ? `exempt (${p.exemption})` : p.enforcementLevel.toUpperCase();
    lines.push(`[${d}]   ${tag} ${p.policy}: ${p.message}${p.urn ? ` [${p.urn}]` : ''}`);
  }
  lines.push(`[${d}]   ${policyText(document)}; cost: ${costText(document.cost)}`);
  return lines;
}

export interface EnvironmentSummary {
  lines: string[];
  missing: StackDomain[];
  mandatoryViolations: number;
}

/** The total over every synthesized stack of one environment. */
export function summarizeEnvironment(workspaceRoot: string, env: Environment): EnvironmentSummary {
  const lines = [`synth ${env}: summary`];
  const missing: StackDomain[] = [];
  const documents: SynthDocument[] = [];
  for (const domain of deployOrder()) {
    const file = join(workspaceRoot, 'dist', 'synth', env, `${domain}.json`);
    if (!existsSync(file)) {
      missing.push(domain);
      lines.push(`  ${domain.padEnd(9)} not synthesized`);
      continue;
    }
    const document = JSON.parse(readFileSync(file, 'utf8')) as SynthDocument;
    documents.push(document);
    lines.push(
      `  ${domain.padEnd(9)} ${String(document.resources.length).padStart(4)} resources, ` +
        `${document.references.length} stack reference(s), ${policyText(document)}, cost ${costText(document.cost)}`,
    );
  }
  const resources = documents.reduce((n, d) => n + d.resources.length, 0);
  const mandatoryViolationCount = documents.reduce((n, d) => n + mandatoryViolations(d.policy).length, 0);
  const costed = documents.every((d) => d.cost !== null);
  const cost = costed
    ? costText(estimateEnvironment(Object.fromEntries(documents.map((d) => [d.domain, d.cost]))))
    : 'not estimated';
  lines.push(
    `  total     ${String(resources).padStart(4)} resources, ${mandatoryViolationCount} mandatory violation(s), cost ${cost}`,
  );
  // The bootstrap is one per account, run by an administrator: its own line, outside the platform's total (and the
  // dev budget, which is about the platform stacks).
  const bootstrapFile = join(workspaceRoot, 'dist', 'synth', env, `${BOOTSTRAP_DOMAIN}.json`);
  let bootstrapViolations = 0;
  if (existsSync(bootstrapFile)) {
    const document = JSON.parse(readFileSync(bootstrapFile, 'utf8')) as SynthDocument;
    bootstrapViolations = mandatoryViolations(document.policy).length;
    lines.push(
      `  ${BOOTSTRAP_DOMAIN.padEnd(9)} ${String(document.resources.length).padStart(4)} resources, ` +
        `${policyText(document)}, cost ${costText(document.cost)} (the account's state backend and CI roles: ` +
        'not in the total)',
    );
  } else {
    missing.push(BOOTSTRAP_DOMAIN);
    lines.push(`  ${BOOTSTRAP_DOMAIN.padEnd(9)} not synthesized`);
  }
  if (costed) {
    lines.push(
      `cost assumptions (${priceSourceLine()}):`,
      ...formatAssumptions(env).map((line) => `  ${line}`),
    );
  }
  return { lines, missing, mandatoryViolations: mandatoryViolationCount + bootstrapViolations };
}
