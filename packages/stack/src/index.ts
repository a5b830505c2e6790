export * from './context';
export * from './customer-managed-key';
export * from './key-policy';
export * from './pulumi-config';
export * from './read-upstream';
export * from './bucket-controls';
export * from './bucket-policy';
