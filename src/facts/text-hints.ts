/**
 * Cheap text hints several rules ask of every file ("does it read an env var?"): each is
 * one pass over the text, done at most once per file and shared by every rule that asks.
 */

export const TEXT_HINTS = {
  /** Reads an env var in any of the shapes bundlers and runtimes use (`process.env`, `import.meta.env`, `$env/…`, `env.X`). */
  readsEnv: /process\.env|import\.meta\.env|\$env\/|useRuntimeConfig|\benv\s*[.[]/,
} as const;

export type TextHint = keyof typeof TEXT_HINTS;

/** Remembers, per file, which hints its text holds. */
export class TextHints {
  private readonly known = new Map<TextHint, boolean>();

  constructor(private readonly text: string) {}

  has(hint: TextHint): boolean {
    let found = this.known.get(hint);
    if (found === undefined) {
      found = TEXT_HINTS[hint].test(this.text);
      this.known.set(hint, found);
    }
    return found;
  }
}
