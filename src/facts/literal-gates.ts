/**
 * Literal gates: "could this text match X?" for many X, answered from one pass per text.
 *
 * Rules and models skip most files on a cheap test before they parse or run a real regex:
 * a provider keyword, a secretlint candidate, a provider host, an env read. Each such test
 * used to be its own pass over every byte of every file, and a dozen of them cost more than
 * the parse. Here each test is declared as a gate: a list of alternatives, each a literal
 * that every match of the alternative contains, optionally with the regex the alternative
 * really is. One Aho–Corasick automaton over every declared literal reads a text once and
 * records which literals occur; a gate then answers from that record, and runs an
 * alternative's regex only on texts that hold its literal.
 *
 * A gate gives exactly the answer of its alternation (the literal is a necessary part of
 * each alternative), so moving a test onto a gate changes speed, not findings.
 */

export interface GateAlternative {
  /** ASCII text that every match of this alternative contains. */
  literal: string;
  /** The alternative itself, when the literal alone is not the whole test (no `g` or `y` flag). */
  pattern?: RegExp;
}

export interface GateOptions {
  /** Literals match in any ASCII case (`/…/i`). Patterns keep their own flags. */
  ignoreCase?: boolean;
}

interface Literal {
  text: string;
  ignoreCase: boolean;
}

const ALPHABET_BITS = 7;
const ALPHABET = 1 << ALPHABET_BITS;

const literals: Literal[] = [];
const literalIds = new Map<string, number>();
let automaton: Automaton | undefined;

function literalId(text: string, ignoreCase: boolean): number {
  if (text.length === 0 || !/^[\x20-\x7e]+$/.test(text)) throw new Error(`a gate literal must be printable ASCII: ${JSON.stringify(text)}`);
  const key = `${ignoreCase ? "i" : "s"}${text}`;
  let id = literalIds.get(key);
  if (id === undefined) {
    id = literals.length;
    literals.push({ text, ignoreCase });
    literalIds.set(key, id);
    automaton = undefined; // rebuilt, with this literal, on the next scan
  }
  return id;
}

export class LiteralGate {
  private readonly alternatives: { id: number; pattern?: RegExp }[];

  constructor(alternatives: readonly (string | GateAlternative)[], options: GateOptions = {}) {
    this.alternatives = alternatives.map((a) => {
      const alt = typeof a === "string" ? { literal: a } : a;
      if (alt.pattern && (alt.pattern.global || alt.pattern.sticky)) throw new Error(`a gate pattern keeps no state: ${alt.pattern}`);
      return { id: literalId(alt.literal, options.ignoreCase ?? false), pattern: alt.pattern };
    });
  }

  /** Does the text match one of the alternatives? */
  test(seen: LiteralsSeen): boolean {
    // A loop, not `some(…)`: a closure per question was most of what a scan's gates allocate.
    for (const a of this.alternatives) if (seen.has(a.id) && (!a.pattern || seen.matches(a.pattern))) return true;
    return false;
  }
}

/** Which declared literals one text holds: one pass, on the first question. */
export class LiteralsSeen {
  private seen?: Uint8Array;
  private builtFor?: Automaton;

  /** `text`: the text, or how to get it (a file's facts hand their getter: the text itself may be let go and read again). */
  constructor(private readonly source: string | (() => string)) {}

  get text(): string {
    return typeof this.source === "string" ? this.source : this.source();
  }

  /** Answers of the gates' confirming patterns, kept: asked again, a pattern is not run over the text again. */
  private patterns?: Map<RegExp, boolean>;

  /** Does the text match a gate's confirming pattern (run once per text)? */
  matches(pattern: RegExp): boolean {
    let answer = this.patterns?.get(pattern);
    if (answer === undefined) {
      answer = pattern.test(this.text);
      (this.patterns ??= new Map()).set(pattern, answer);
    }
    return answer;
  }

  has(id: number): boolean {
    const current = (automaton ??= new Automaton(literals));
    if (this.builtFor !== current) {
      this.seen = current.scan(this.text);
      this.builtFor = current;
    }
    return this.seen![id] === 1;
  }
}

/**
 * The automaton over every literal, in folded ASCII case. A case-sensitive literal is
 * confirmed where it ends (one `startsWith`); characters outside ASCII move to the root.
 */
class Automaton {
  private readonly delta: Uint16Array | Uint32Array;
  /** Literals ending at a state: `outputs[outputStart[s] .. outputStart[s + 1])`. */
  private readonly outputStart: Uint32Array;
  /** 1 where some literal ends at the state: one load per character, in the hot loop. */
  private readonly endsHere: Uint8Array;
  private readonly outputs: Uint32Array;
  private readonly literals: readonly Literal[];

  constructor(all: readonly Literal[]) {
    this.literals = all.slice();
    const gotoTable: Int32Array[] = [new Int32Array(ALPHABET).fill(-1)];
    const ends: number[][] = [[]];
    this.literals.forEach((literal, id) => {
      let state = 0;
      for (let i = 0; i < literal.text.length; i++) {
        const c = fold(literal.text.charCodeAt(i));
        if (gotoTable[state]![c] === -1) {
          gotoTable[state]![c] = gotoTable.length;
          gotoTable.push(new Int32Array(ALPHABET).fill(-1));
          ends.push([]);
        }
        state = gotoTable[state]![c]!;
      }
      ends[state]!.push(id);
    });
    // Breadth first: each state's failure link and its outputs, plus those its failure state ends.
    const failure = new Int32Array(gotoTable.length);
    const queue: number[] = [];
    for (let c = 0; c < ALPHABET; c++) {
      const next = gotoTable[0]![c]!;
      if (next === -1) gotoTable[0]![c] = 0;
      else queue.push(next);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      for (let c = 0; c < ALPHABET; c++) {
        const next = gotoTable[state]![c]!;
        if (next === -1) {
          gotoTable[state]![c] = gotoTable[failure[state]!]![c]!;
        } else {
          failure[next] = gotoTable[failure[state]!]![c]!;
          ends[next] = ends[next]!.concat(ends[failure[next]!]!);
          queue.push(next);
        }
      }
    }
    const states = gotoTable.length;
    this.delta = states <= 0xffff ? new Uint16Array(states << ALPHABET_BITS) : new Uint32Array(states << ALPHABET_BITS);
    for (let s = 0; s < states; s++) {
      for (let c = 0; c < ALPHABET; c++) this.delta[(s << ALPHABET_BITS) | c] = gotoTable[s]![fold(c)]!;
    }
    this.outputStart = new Uint32Array(states + 1);
    const flat: number[] = [];
    for (let s = 0; s < states; s++) {
      this.outputStart[s] = flat.length;
      flat.push(...ends[s]!);
    }
    this.outputStart[states] = flat.length;
    this.endsHere = new Uint8Array(states);
    for (let s = 0; s < states; s++) this.endsHere[s] = ends[s]!.length > 0 ? 1 : 0;
    this.outputs = Uint32Array.from(flat);
  }

  scan(text: string): Uint8Array {
    const seen = new Uint8Array(this.literals.length);
    const { delta, endsHere } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      state = delta[(state << ALPHABET_BITS) | (c < ALPHABET ? c : 0)]!;
      if (endsHere[state] === 1) this.record(text, i, state, seen);
    }
    return seen;
  }

  private record(text: string, end: number, state: number, seen: Uint8Array): void {
    for (let k = this.outputStart[state]!; k < this.outputStart[state + 1]!; k++) {
      const id = this.outputs[k]!;
      if (seen[id] === 1) continue;
      const literal = this.literals[id]!;
      if (literal.ignoreCase || text.startsWith(literal.text, end + 1 - literal.text.length)) seen[id] = 1;
    }
  }
}

function fold(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}
