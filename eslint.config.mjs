import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noClockInCore = {
  selector: "NewExpression[callee.name='Date'][arguments.length=0], CallExpression[callee.object.name='Date'][callee.property.name='now']",
  message: 'The core reads time from the Clock port, never from the system.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'src/adapters/grpc/generated/**', '.demo/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/domain/**/*.ts', 'src/application/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', noClockInCore],
      'no-restricted-globals': ['error', { name: 'process', message: 'The core has no process: pass what it needs through a port.' }, { name: 'setTimeout', message: 'The core has no timers: the scheduling adapter owns time.' }, { name: 'setInterval', message: 'The core has no timers: the scheduling adapter owns time.' }],
    },
  },
  {
    files: ['scripts/**/*.js', '*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
