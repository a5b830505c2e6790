export { applyRollback, processTerminal, type RollbackTerminal } from './apply';
export { CHECKOUT_PREFIX } from './checkout';
export { downstreamRefusal, pathsReadFromCheckout, planRollback, type RollbackPlan } from './plan';
export { runRollback } from './rollback';
export { TO_MISSING, commitOfVersion, parseTarget, type RollbackTarget } from './target';
