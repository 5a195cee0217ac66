import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['build/', 'dist/', 'node_modules/', 'coverage/', '**/*.js', '**/*.mjs', 'test/fixtures/', 'test/consumers/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Typed rules on the library: floating promises, unsafe any, and the like (the type-aware half of the preset).
    files: ['lib/**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    // Tests walk synthesized manifests, whose shape is Kubernetes JSON rather than a TypeScript type.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
