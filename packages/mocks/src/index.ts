export * from './fixtures';
export {
  accountOfRole,
  authorize,
  conditionHolds,
  decide,
  denyingStatements,
  principalMatches,
  resourceMatches,
  statementApplies,
  type AccessRequest as IamAccessRequest,
  type Decision as IamDecision,
  type Principal as IamPrincipal,
  type PolicyDocument as IamPolicyDocument,
  type Request as IamRequest,
  type Statement as IamStatement,
} from './iam';
export * from './mocks';
export * from './run-stack';
export {
  PULUMI_VERSION_WRITTEN_FOR,
  STACK_REFERENCE_READERS,
  recordStackReferenceReads,
  type Registration,
} from './pulumi-internals';
