/**
 * Cluster data reaches a terminal only through here: text outputs show ESC, the other C0 and C1 controls and DEL
 * escaped (`\x1b`), so a hostile object name cannot move the cursor, retitle the window or hide rows (DESIGN.md s.5).
 */

// C0 (0x00-0x1f), DEL (0x7f) and C1 (0x80-0x9f).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Returns `text` with every control character replaced by a visible `\xNN` escape. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
