import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/**
 * Who may import whom, by the `type:*` tag in each project's package.json (`nx.tags`). Packages are the shared
 * code: they depend on packages only, never on a stack, an app or a tool, not even in a test. A stack may use the
 * app it deploys (infra/api reads the payments handler's migrations digest and AWS actions). Tools may use other
 * tools (nx-pulumi runs synth, rollback runs both). tools/ci/src/boundaries.spec.ts proves each rule fails.
 */
const DEP_CONSTRAINTS = [
  { sourceTag: 'type:package', onlyDependOnLibsWithTags: ['type:package'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:package'] },
  { sourceTag: 'type:stack', onlyDependOnLibsWithTags: ['type:package', 'type:app'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:package', 'type:tool'] },
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.nx/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { '@nx': nx },
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
      '@nx/enforce-module-boundaries': [
        'error',
        { allow: [], enforceBuildableLibDependency: false, depConstraints: DEP_CONSTRAINTS },
      ],
      // A package is used through its entry (package.json `main`/`types`), never through its files.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@payments/[^/]+/src(/|$)',
              message:
                "Import the package's entry ('@payments/<name>'); if it lacks what you need, export it there.",
            },
          ],
        },
      ],
    },
  },
);
