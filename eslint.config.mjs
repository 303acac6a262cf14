// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/*
 * Besides the usual recommended rules, this file holds the project's import fences
 * (STYLE.md "Boundaries"). In flat config a later block replaces a rule's options instead of
 * merging them, so each folder's `@typescript-eslint/no-restricted-imports` lists all of its
 * patterns. The TypeScript variant is used for its `allowTypeImports`.
 */

const RELATIVE = '\\.{1,2}(/|$)';
const FOLDER = (names) => `(^|/)(${names.join('|')})(/|$)`;

/**
 * Bare specifiers workflow code may load into the Temporal sandbox. zod is admitted beside the
 * two Temporal packages: it is pure computation, and update validators run the domain's zod
 * schemas and must recognise a ZodError to turn it into a typed failure.
 */
const workflowPackages = {
  regex: `^(?!${RELATIVE}|@temporalio/(workflow|common)(/|$)|zod(/|$))`,
  // A type-only import is erased before bundling, so it cannot bring I/O into the sandbox.
  allowTypeImports: true,
  message:
    'workflows/ 只能导入 domain/、@temporalio/workflow、@temporalio/common、zod(其他仅限 import type)/ workflow code may import only domain/, @temporalio/workflow, @temporalio/common and zod (anything else as `import type`): no Node built-ins, no I/O.',
};

const noActivitiesInApi = {
  regex: FOLDER(['activities']),
  message: 'api/ 不导入 activities/ / api/ never imports activities/: it talks to workflows through the Temporal client.',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'web/dist/', 'tools/', 'data/', 'coverage/', 'screenshots/', 'scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests poke at loosely typed failure details and wire payloads; `any` there is a warning.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'warn' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', process: 'readonly', __dirname: 'readonly', console: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  // domain/ is the statute as code: pure, testable without any server. Only zod and itself.
  {
    files: ['domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(?!${RELATIVE}|zod(/|$))`,
              message:
                'domain/ 只导入 zod 与 domain/ 自身 / domain/ imports only zod and its own files: no Node built-ins, no @temporalio/*, no I/O.',
            },
            {
              regex: `${FOLDER(['workflows', 'activities', 'api', 'runtime', 'scripts', 'test'])}|(^|/)worker$`,
              message: 'domain/ 不依赖项目其他部分 / domain/ depends on nothing else in the project.',
            },
          ],
        },
      ],
      // "Time is passed in" (STYLE): callers hand `now` to the rules, so the same inputs always
      // give the same answer in tests, in workflows and in a replay.
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'domain/ 不读时钟,请传入 now / domain/ does not read the clock: take `now` as an argument.' },
        { object: 'Math', property: 'random', message: 'domain/ 必须确定 / domain/ must be deterministic.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'domain/ 不读时钟,请传入 now / `new Date()` reads the clock: take `now` as an argument.',
        },
      ],
      'no-restricted-globals': ['error', 'process', 'fetch', 'setTimeout', 'setInterval', 'setImmediate', 'crypto', 'require'],
    },
  },

  // workflows/ run in Temporal's deterministic sandbox. runtime/search-attributes.ts is the one
  // runtime file they share, so it lives under the same fence.
  {
    files: ['workflows/**/*.ts', 'runtime/search-attributes.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            workflowPackages,
            {
              regex: FOLDER(['activities']),
              allowTypeImports: true,
              message:
                'workflows/ 只能以 import type 引用 activities/ / workflows reference activities by `import type` only (proxyActivities<typeof …>).',
            },
            {
              regex: `${FOLDER(['api', 'scripts', 'test'])}|(^|/)worker$|(^|/)runtime/(?!search-attributes$)`,
              message: 'workflows/ 只依赖 domain/ 与 runtime/search-attributes / workflows depend on domain/ and runtime/search-attributes only.',
            },
          ],
        },
      ],
      // Date.now() and new Date() are allowed: the sandbox replaces them with the workflow clock,
      // which is how a workflow obtains the `now` it hands to domain/. Math.random is seeded and
      // deterministic too, but an id or a draw should say so explicitly: uuid4() from
      // @temporalio/workflow reads as what it is.
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: '请用 @temporalio/workflow 的 uuid4() / use uuid4() from @temporalio/workflow.' },
      ],
      // Not in the sandbox: using them fails only at run time, so catch them here.
      'no-restricted-globals': ['error', 'process', 'fetch', 'require', 'setImmediate', 'crypto'],
    },
  },

  // activities/ do the I/O; they never reach into workflow code.
  {
    files: ['activities/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `${FOLDER(['workflows', 'api'])}|(^|/)worker$`,
              message: 'activities/ 不导入 workflows/ 或 api/ / activities/ never import workflows/ or api/.',
            },
          ],
        },
      ],
    },
  },

  // api/ maps HTTP to Temporal via the client.
  {
    files: ['api/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: '@temporalio/worker', message: 'api/ 只用 @temporalio/client / api/ uses @temporalio/client only.' }], patterns: [noActivitiesInApi] },
      ],
    },
  },
);
