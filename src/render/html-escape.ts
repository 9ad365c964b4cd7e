// Outside text (symbols, names, accounts, notes, file names) in HTML or SVG: cleaned of control and
// escape sequences like every other format, then escaped, so `<script>` in a note prints as text.
import { sanitizeText } from './sanitize.js';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Sanitized text, safe as element content and inside a quoted attribute value. */
export function escapeHtml(text: string | null | undefined): string {
  return sanitizeText(text).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
