/**
 * Cluster data reaches a terminal only through here: text outputs show ESC, the other C0 and C1 controls and DEL
 * escaped (`\x1b`), so a hostile object name cannot move the cursor, retitle the window or hide rows (DESIGN.md s.5).
 */

// C0 (0x00-0x1f), DEL (0x7f) and C1 (0x80-0x9f).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Returns `text` with every control character replaced by a visible `\xNN` escape. */
export function escapeControls(text: string): string {
  // Fast path: tables call this for every cell, and almost no cell holds a control character.
  let clean = true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
      clean = false;
      break;
    }
  }
  if (clean) return text;
  return text.replace(CONTROL, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

// What JSON.stringify leaves raw although a terminal would act on it: DEL and C1 (0x7f-0x9f).
const JSON_RAW_CONTROL = /[\u007f-\u009f]/g;

/**
 * `json` (output of JSON.stringify) with DEL and C1 controls escaped as `\u0080`...: JSON.stringify escapes C0 but
 * leaves these raw, and some terminals act on C1. Those characters can only occur inside JSON strings, so the
 * replacement keeps the document valid and equal.
 */
export function escapeJsonControls(json: string): string {
  return json.replace(JSON_RAW_CONTROL, (ch) => `\\u00${ch.charCodeAt(0).toString(16)}`);
}

/**
 * `yaml` (output of the yaml package) with DEL and C1 controls escaped as `\x80`...: the yaml package puts such
 * strings in double quotes but leaves those characters raw, and `\xNN` is a valid double-quoted escape.
 */
export function escapeYamlControls(yaml: string): string {
  return yaml.replace(JSON_RAW_CONTROL, (ch) => `\\x${ch.charCodeAt(0).toString(16)}`);
}
