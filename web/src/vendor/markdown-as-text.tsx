import type { ReactNode } from 'react';

/**
 * Stands in for markdown-to-jsx (vite.config.ts aliases `markdown-to-jsx/react` here): the forms'
 * renderer (rjsf) imports it for descriptions and help written in Markdown, which only a uiSchema
 * with `ui:enableMarkdownInDescription` or `enableMarkdownInHelp` turns on, and ActionForm's never
 * does; its own messages about a schema it cannot draw read as plain text. That saves every page
 * with a form 27 KB of gzipped JavaScript (bench/web-bundle.ts).
 */
export function Markdown({ children }: { children?: ReactNode }) {
  return <>{children}</>;
}

export default Markdown;
