// @ts-check
import { readFileSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

/**
 * Import boundaries between the top-level folders; see README "Layout". `server/shared/` is the
 * one exception: pure, dependency-free code (fingerprint format, CSP) that every part runs.
 */
const onlyTypesFrom = (...folders) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      patterns: folders.map((folder) => ({
        regex: folder === 'server' ? '(^|/)server(/(?!shared/)|$)' : `(^|/)${folder}(/|$)`,
        allowTypeImports: true,
        message: `Import only types from ${folder}/ here (import type ...).`,
      })),
    },
  ],
});

const never = (...folders) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: folders.map((folder) => ({
        group: [`**/${folder}/**`, `**/${folder}`],
        message: `Code here must not depend on ${folder}/.`,
      })),
    },
  ],
});

/**
 * zod's `z` (named or default export) is a namespace object that holds every locale: a bundler
 * keeps all of them (~300 KB in the CLI's bundle). `import * as z` lets it keep only what is used.
 */
const zodMessage = "Write import * as z from 'zod' (its `z` export brings every locale along).";
const zodNamespace = [
  {
    selector:
      "ImportDeclaration[source.value=/^zod(\\W|$)/][importKind='value'] > :matches(ImportSpecifier[imported.name='z'][importKind='value'], ImportDefaultSpecifier)",
    message: zodMessage,
  },
  {
    selector:
      'ExportNamedDeclaration[source.value=/^zod(\\W|$)/] > ExportSpecifier[local.name=/^(z|default)$/]',
    message: zodMessage,
  },
];

const ISOLATED = JSON.parse(readFileSync('test/isolated-files.json', 'utf8'));
const sharedTestFiles = {
  selector:
    "CallExpression[callee.object.name='vi'][callee.property.name=/^(mock|doMock|unmock|useFakeTimers|setSystemTime|stubEnv|stubGlobal|spyOn)$/]",
  message:
    'This file shares its module cache with others (vitest.config.ts): list it in test/isolated-files.json to mock, fake timers or stub.',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      eqeqeq: ['error', 'always'],
    },
  },
  // Tests read untyped wire answers; `any` there keeps assertions short.
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['server/**/*.ts'], rules: never('main', 'renderer', 'test', 'bench') },
  {
    files: ['server/**/*.ts', 'main/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...zodNamespace] },
  },
  // Test files share one module cache per worker (vitest.config.ts): only the isolated ones may
  // replace modules, fake timers or stub globals, which would leak into the files after them.
  {
    files: ['test/**/*.ts'],
    // fake-electron.ts: the Electron stand-in that only the isolated test/main files import.
    ignores: [...ISOLATED, 'test/main/fake-electron.ts'],
    rules: { 'no-restricted-syntax': ['error', ...zodNamespace, sharedTestFiles] },
  },
  // A types.ts file holds types only: runtime helpers there pull imports in and make cycles (the
  // cycle check is test/server/import-cycles.test.ts).
  {
    files: ['server/**/types.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            ':matches(Program, ExportNamedDeclaration, ExportDefaultDeclaration) > :matches(FunctionDeclaration, VariableDeclaration, ClassDeclaration, TSEnumDeclaration)',
          message: 'types.ts holds types only; give runtime code a file named for what it does.',
        },
        ...zodNamespace,
      ],
    },
  },
  // server/shared/ runs in the browser and in Electron too: nothing of node or the server.
  {
    files: ['server/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['*', '!./*'], message: 'server/shared/ imports nothing.' }] },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...onlyTypesFrom('server', 'main'),
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  // main/ wires Electron; it runs the server as a separate process, so it needs its types only.
  {
    files: ['main/**/*.ts'],
    rules: { ...onlyTypesFrom('renderer', 'server'), ...never('test', 'bench') },
  },
);
