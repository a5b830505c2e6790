import type { ExecutorContext } from '@nx/devkit';

/** The ExecutorContext Nx passes when it runs a target of `projectName` rooted at `projectRoot`. */
export function executorContext(
  workspaceRoot: string,
  projectName: string,
  projectRoot: string,
): ExecutorContext {
  return {
    root: workspaceRoot,
    cwd: workspaceRoot,
    isVerbose: false,
    projectName,
    projectsConfigurations: { version: 2, projects: { [projectName]: { root: projectRoot } } },
    nxJsonConfiguration: {},
    projectGraph: { nodes: {}, dependencies: {} },
  };
}
