// Markdown to safe HTML.
import DOMPurify from 'dompurify';
import { marked } from 'marked';

/** Renders Markdown to HTML with scripts, handlers and unsafe links removed; links open outside the app. */
export function renderMarkdown(source: string): string {
  if (!source.trim()) return '';
  const html = marked.parse(source, { async: false, gfm: true, breaks: true }) as string;
  const clean = DOMPurify.sanitize(html, { USE_PROFILES: { html: true } });
  return clean.replace(/<a /g, '<a target="_blank" rel="noopener noreferrer" ');
}
