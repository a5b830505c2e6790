export * from './context';
export * from './pulumi-config';
export * from './read-upstream';
