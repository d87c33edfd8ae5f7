/** Every run of `min` or more characters of `secret` (its windows) found in `text`; empty when none is. */
export function windowsIn(text: string, secret: string, min = 4): string[] {
  const found = new Set<string>()
  // A longer window holds a shorter one: windows of exactly `min` find every leak of `min` or more.
  for (let i = 0; i + min <= secret.length; i++) {
    const window = secret.slice(i, i + min)
    if (text.includes(window)) found.add(window)
  }
  return [...found]
}
