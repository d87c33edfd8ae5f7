/**
 * Text made safe for a terminal or a one-line log: C0 controls (newlines and ESC included), DEL and C1
 * controls (U+0080–U+009F, CSI among them) become `\uXXXX` escapes. Everything else is kept as it is.
 */
export function escapeControls(text: string): string {
  let out = ''
  let from = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      out += `${text.slice(from, i)}\\u${c.toString(16).padStart(4, '0')}`
      from = i + 1
    }
  }
  return from === 0 ? text : out + text.slice(from)
}
