// A few SGR codes instead of a colour library: render/ decides colour from `options.color` alone
// (the CLI maps --no-color, NO_COLOR and TTY detection onto it), so no library may sniff the env.

export const SGR = {
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  red: '\x1b[31m',
  green: '\x1b[32m',
  yellow: '\x1b[33m',
  blue: '\x1b[34m',
  magenta: '\x1b[35m',
  cyan: '\x1b[36m',
  reset: '\x1b[0m',
} as const;
export type Style = Exclude<keyof typeof SGR, 'reset'>;

/** Wraps `text` in a style when colour is on; returns it unchanged otherwise. */
export function paint(text: string, style: Style | undefined, color: boolean): string {
  if (!color || style === undefined || text === '') return text;
  return `${SGR[style]}${text}${SGR.reset}`;
}
