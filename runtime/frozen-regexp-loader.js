/**
 * Webpack loader for zod inside the workflow bundle (runtime/workflow-bundle.ts).
 *
 * zod is preloaded: shared by every workflow and deep-frozen by the SDK, regular expressions
 * included. Before each `test`, zod resets `pattern.lastIndex = 0`, and assigning to a frozen
 * regexp throws in strict code, even the same value. `lastIndex` only matters to global or
 * sticky regexps, which zod's patterns are not: the reset is kept for those and skipped for
 * the rest, so zod behaves exactly as before.
 */
module.exports = function frozenRegexpLoader(source) {
  return source.replace(/([\w$.]+)\.lastIndex\s*=\s*0;/g, 'if ($1.global || $1.sticky) $1.lastIndex = 0;');
};
