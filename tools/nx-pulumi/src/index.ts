export { createNodesV2, EXECUTORS, PULUMI_TARGETS, type PulumiTarget } from './plugin';
