export * from './context';
export * from './customer-managed-key';
export * from './key-policy';
export * from './pulumi-config';
export * from './read-upstream';
