import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.nx/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "NewExpression[callee.object.object.name='aws'][callee.object.property.name='s3'][callee.property.name=/V2$/]",
          message:
            'Deprecated @pulumi/aws *V2 S3 resources are not allowed; use the v7 resource without the V2 suffix.',
        },
      ],
    },
  },
);
