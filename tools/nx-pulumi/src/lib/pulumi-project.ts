import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { STACK_DOMAINS, type StackDomain } from '@payments/config';
import { pulumiProjectName } from '@payments/naming';
import { NxPulumiError } from './errors';

export interface PulumiProject {
  /** The `name` in Pulumi.yaml, e.g. `payments-network`. */
  name: string;
  domain: StackDomain;
  /** `backend.url`, which the CLI prefers to the login (v3.248.0 pkg/workspace/creds.go). */
  backendUrl?: string;
}

/**
 * Reads `<projectRoot>/Pulumi.yaml` and maps its project name to the domain whose contract it implements.
 * A Pulumi project that is not a declared domain is an error: its deploy order would be unknown.
 */
export function readPulumiProject(workspaceRoot: string, projectRoot: string): PulumiProject {
  const file = join(projectRoot, 'Pulumi.yaml');
  let name: unknown;
  let backendUrl: unknown;
  try {
    const parsed = parse(readFileSync(join(workspaceRoot, file), 'utf8')) as {
      name?: unknown;
      backend?: { url?: unknown };
    } | null;
    name = parsed?.name;
    backendUrl = parsed?.backend?.url;
  } catch (error) {
    throw new NxPulumiError(`${file} cannot be read: ${(error as Error).message.split('\n')[0]}`);
  }
  const domain = STACK_DOMAINS.find((d) => pulumiProjectName(d) === name);
  if (typeof name !== 'string' || !domain) {
    throw new NxPulumiError(
      `${file} names the Pulumi project ${JSON.stringify(name)}, expected one of ` +
        `${STACK_DOMAINS.map(pulumiProjectName).join(', ')}; a new stack needs its domain in DOMAINS ` +
        `(packages/config) and its upstreams in CONTRACTS (packages/contracts).`,
    );
  }
  return typeof backendUrl === 'string' && backendUrl !== ''
    ? { name, domain, backendUrl }
    : { name, domain };
}
